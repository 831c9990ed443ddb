"""Written responses to read and mark: one page per written question, written from the gradebook.

A written response is not graded by code. Grading stores it (with its word count, `submitted` or
`missing`); `write_marking` then writes, for each written question, `responses-qN.html`: the
rubric, then every student's response (escaped), what is marked so far ("3 of 4 criteria
marked"), "response changed since marked" where a re-grade brought a new text, any notes other
stages attach to a student (`notes`: HTML they built and escaped), a flag on any response mostly
pasted from the texts, the prompt, the rubric or a calibration exemplar, or copied from another, its
passages highlighted (`overlap`; flags never change points), and the command that marks it. Beside
the rubric, collapsed, are the question's calibration exemplars with their marks (`exemplars`), or a
line saying they are not available in this copy of the course. The command:

    python -m shared_future.grade mark --exercise 01 ada q9 c1=2 c2=1

and `rubric.csv`, the same marks as a sheet, for those who mark in a spreadsheet and import it
back (`python -m shared_future.grade import gradebook-01/rubric.csv --exercise 01`).
"""
from __future__ import annotations

import html
import shlex
import sqlite3
from pathlib import Path

from .. import exemplars, wordcount
from . import marking, overlap


def calibration_html(criteria: list[dict], found: list[exemplars.Exemplar] | None) -> str:
    """The question's calibration exemplars, each collapsed with its marks and why; `None`: not available here."""
    if found is None:
        return f"<p>{html.escape(exemplars.ABSENT.replace('`', ''))}</p>"
    if not found:
        return "<p>No calibration exemplars for this question yet.</p>"
    top = {c["id"]: c["points"] for c in criteria}
    items = []
    for exemplar in found:
        rows = "".join(f"<tr><td>{html.escape(m.criterion)}</td><td>{m.points} of {top.get(m.criterion, '?')}</td>"
                       f"<td>{html.escape(m.why)}</td></tr>" for m in exemplar.marks)
        misquoted = "".join(f'<p>Deliberate misquote (not in the texts): "{html.escape(q)}"</p>' for q in exemplar.misquotes)
        items.append(f'<details class="exemplar"><summary>{html.escape(exemplar.label(criteria))}</summary>'
                     f"<blockquote>{html.escape(exemplar.response).replace(chr(10), '<br>')}</blockquote>"
                     f"<table><tr><th>criterion</th><th>points</th><th>why</th></tr>{rows}</table>{misquoted}</details>")
    return ("<p>Written for calibration by the course's authors, not real students' work: mark one yourself, "
            "then open it to compare.</p>" + "".join(items))


def _entry(number: str, qid: str, student: str, response: str | None, state: str, note: str,
           found: list[overlap.Flag]) -> str:
    flagged = "".join(f'<p class="flag">Flag (no effect on points): {html.escape(str(f))}.</p>' for f in found)
    text = (f"<p>({wordcount.length(response)})</p>{flagged}<blockquote>{overlap.marked_html(response, found)}</blockquote>"
            if response else "<p><em>no response</em></p>")
    command = f"python -m shared_future.grade mark --exercise {number} {shlex.quote(student)} {qid} c1=..."
    return (f"<h2>{html.escape(student)}</h2>{note}{text}<p class=\"marks\">{html.escape(state)}</p>"
            f"<p><code>{html.escape(command)}</code></p>")


def responses_html(number: str, qid: str, criteria: list[dict], responses: dict[str, str | None],
                   marked: dict[str, str] | None = None, notes: dict[str, str] | None = None,
                   sources: dict[str, str] | None = None, calibration: list[exemplars.Exemplar] | None = None) -> str:
    """Every student's response to `qid`, after its rubric, for reading and marking.

    `marked`: student → what is marked so far (plain text); `notes`: student → HTML to show above the
    response (already escaped by whoever built it); `sources`: name → text, from which a response mostly pasted,
    or copied from another response, is flagged with the passages highlighted (`overlap.flags`); `calibration`: the
    question's exemplars (`exemplars.of`; None where this copy of the course has none).
    """
    marked, notes = marked or {}, notes or {}
    rubric = "".join(f"<li><b>{html.escape(c['id'])}</b> ({c['points']} point{'' if c['points'] == 1 else 's'}): {html.escape(c['criterion'])}</li>"
                     for c in criteria)
    found = overlap.flags(responses, sources or {})
    entries = [_entry(number, qid, student, response, marked.get(student, ""), notes.get(student, ""), found[student])
               for student, response in responses.items()]
    title = f"Exercise {html.escape(number)}, {qid.upper()}: written responses"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
            "blockquote{border-left:3px solid #888;margin-left:0;padding-left:1em}.marks{font-weight:bold}"
            "mark.source{background:#ffe08a}mark.copy{background:#f4b6c2}.flag{color:#8a1c00}"
            "details.exemplar{border:1px solid #ccc;padding:.3em .8em;margin:.5em 0}details.exemplar td{vertical-align:top}details.exemplar th{text-align:left}"
            "</style></head><body>"
            f"<h1>{title}</h1><h2>Rubric</h2><ul>{rubric}</ul>\n<h2>Calibration exemplars</h2>{calibration_html(criteria, calibration)}\n"
            + "\n".join(entries) + "\n</body></html>\n")


def marked_so_far(criteria: list[dict], given: dict[str, tuple[int, str]], response: str | None) -> str:
    """"2 of 4 criteria marked: c1=2 c2=1", "all 4 criteria marked: ...", with the changed-response flag."""
    state = marking.written_state(response, {c["id"]: c["points"] for c in criteria}, given)
    shown = " ".join(f"{c['id']}={given[c['id']][0]}" for c in criteria if c["id"] in given)
    if marking.missing(response) and not given:
        return "no response: 0 points"
    count = f"all {len(criteria)}" if state["marked"] == len(criteria) else f"{state['marked']} of {len(criteria)}"
    return f"{count} criteria marked" + (f": {shown}" if shown else "") + (f"; {marking.CHANGED}" if state["changed"] else "")


def write_marking(exercise, db: sqlite3.Connection, out: Path, notes: dict[str, dict[str, str]] | None = None) -> None:
    """`responses-qN.html` per written question and `rubric.csv` (nothing if there are none); `notes`: question →
    student → HTML to show with that response."""
    if not exercise.written:
        return
    marks = marking.marks_of(db, exercise.number)
    for qid in exercise.written:
        criteria = exercise.rubrics[qid]
        responses = {student: text for student, text in db.execute(
            "SELECT s.student, r.response FROM submissions s JOIN results r ON r.submission = s.submission "
            "WHERE s.exercise = ? AND r.question = ? ORDER BY s.student", (exercise.number, qid))}
        marked = {student: marked_so_far(criteria, marks.get((student, qid), {}), text) for student, text in responses.items()}
        page = responses_html(exercise.number, qid, criteria, responses, marked, (notes or {}).get(qid),
                              overlap.course_sources(exercise, qid), exemplars.of(exercise.number, qid))
        (out / f"responses-{qid}.html").write_text(page, encoding="utf-8")
    marking.sheet(db, exercise.number).to_csv(out / "rubric.csv", index=False)
