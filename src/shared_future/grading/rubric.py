"""Written responses: one page per question to read them, a CSV to mark them, and its merge into the gradebook.

A written response is not graded by code. Grading records it as `submitted` (or `missing`) with
its word count; `write_marking` then writes, for each written question, `responses-qN.html` (the
rubric, then every student's response, escaped, with a flag on any response mostly pasted from the
texts, the prompt or the rubric, or copied from another, its passages highlighted: `overlap`) and one `rubric.csv` for the whole exercise with a
row per student, question and criterion: `student, question, criterion, points`, points empty
(0 where the response is missing). The instructor fills in the points and runs

    python -m shared_future.grading.rubric gradebook-01 --exercise 01

which checks every row (known student, question and criterion, whole points between 0 and the
criterion's maximum, nothing left empty) and writes the rubric points into `gradebook.csv`, so that
a student's score is the auto-graded points plus the rubric points; summary, exports and feedback
are written again from it. Merging twice gives the same gradebook.
"""
from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

import pandas as pd

from .. import exercises, wordcount
from . import overlap
from .report import read_book, write_book

RUBRIC_COLUMNS = ["student", "question", "criterion", "points"]


class RubricSheetError(ValueError):
    """A filled rubric sheet that cannot be merged; the message names the rows and why."""


def responses_html(number: str, qid: str, criteria: list[dict], responses: dict[str, str | None],
                   sources: dict[str, str] | None = None) -> str:
    """Every student's response to `qid`, after its rubric, for reading and marking; with `sources` (name → text),
    a response mostly pasted from them or copied from another is flagged, the passages highlighted (`overlap`)."""
    rubric = "".join(f"<li><b>{html.escape(c['id'])}</b> ({c['points']} points): {html.escape(c['criterion'])}</li>"
                     for c in criteria)
    found = overlap.flags(responses, sources or {})
    entries = []
    for student, response in responses.items():
        notes = "".join(f'<p class="flag">Flag (no effect on points): {html.escape(str(f))}.</p>' for f in found[student])
        text = (f"<p>({wordcount.length(response)})</p>{notes}<blockquote>{overlap.marked_html(response, found[student])}</blockquote>"
                if response else "<p><em>no response</em></p>")
        entries.append(f"<h2>{html.escape(student)}</h2>{text}")
    title = f"Exercise {html.escape(number)}, {qid.upper()}: written responses"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
            "blockquote{border-left:3px solid #888;margin-left:0;padding-left:1em}mark.source{background:#ffe08a}"
            "mark.copy{background:#f4b6c2}.flag{color:#8a1c00}</style></head><body>"
            f"<h1>{title}</h1><h2>Rubric</h2><ul>{rubric}</ul>\n" + "\n".join(entries) + "\n</body></html>\n")


def write_marking(exercise, graded: list, out: Path) -> None:
    """`responses-qN.html` per written question and the `rubric.csv` to fill in (nothing if there are none)."""
    if not exercise.written:
        return
    rows = []
    for qid in exercise.written:
        criteria = exercise.rubrics[qid]
        responses = {g.student: g.responses.get(qid) for g in graded}
        page = responses_html(exercise.number, qid, criteria, responses, overlap.course_sources(exercise, qid))
        (out / f"responses-{qid}.html").write_text(page, encoding="utf-8")
        for student, response in responses.items():
            missing = not response or response.strip() in ("", "...")
            rows += [{"student": student, "question": qid, "criterion": c["id"], "points": 0 if missing else ""}
                     for c in criteria]
    pd.DataFrame(rows, columns=RUBRIC_COLUMNS).to_csv(out / "rubric.csv", index=False)


def _rubric_points(sheet: pd.DataFrame, rubrics: dict[str, list[dict]], students: set[str]) -> pd.Series:
    """(student, question) → rubric points, after checking every row of the filled sheet."""
    if list(sheet.columns) != RUBRIC_COLUMNS:
        raise RubricSheetError(f"the sheet's columns must be {', '.join(RUBRIC_COLUMNS)}; it has {', '.join(sheet.columns)}")
    maximum = {(qid, c["id"]): c["points"] for qid, criteria in rubrics.items() for c in criteria}
    problems = []
    for number, row in enumerate(sheet.itertuples(index=False), start=2):
        where = f"row {number} ({row.student}, {row.question}, {row.criterion})"
        top = maximum.get((row.question, row.criterion))
        if row.student not in students:
            problems.append(f"{where}: no such student in the gradebook")
        elif top is None:
            problems.append(f"{where}: no such question and criterion in the rubric")
        elif not str(row.points).strip().isdigit() or not 0 <= int(row.points) <= top:
            problems.append(f"{where}: points must be a whole number from 0 to {top}, not {row.points!r}")
    expected = {(s, q, c) for s in students for q, c in maximum}
    given = list(zip(sheet["student"], sheet["question"], sheet["criterion"]))
    if len(set(given)) != len(given):
        problems.append("some (student, question, criterion) rows appear twice")
    if expected - set(given):
        problems.append(f"{len(expected - set(given))} (student, question, criterion) rows are missing")
    if problems:
        raise RubricSheetError("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return sheet.assign(points=sheet["points"].astype(int)).groupby(["student", "question"])["points"].sum()


def merge(number: str, folder: Path) -> pd.DataFrame:
    """Merge `folder/rubric.csv` into `folder/gradebook.csv` (and everything written from it); returns the gradebook."""
    book = read_book(folder)
    sheet = pd.read_csv(folder / "rubric.csv", keep_default_na=False, dtype=str)
    points = _rubric_points(sheet, exercises.rubrics(number), set(book["student"]))
    written = book["kind"] == "written"
    keys = list(zip(book.loc[written, "student"], book.loc[written, "question"]))
    book.loc[written, "points"] = [int(points.get(key, 0)) for key in keys]
    book.loc[written, "message"] = [f"{q.upper()}: {points.get((s, q), 0)} of {m} rubric points"
                                    + ("" if status == "submitted" else " (no response)")
                                    for (s, q), m, status in zip(keys, book.loc[written, "max_points"], book.loc[written, "status"])]
    write_book(number, book, folder)
    return book


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared_future.grading.rubric",
                                     description="Merge the filled rubric.csv of a gradebook folder into its gradebook.")
    parser.add_argument("folder", type=Path, help="the gradebook folder, e.g. gradebook-01")
    parser.add_argument("--exercise", required=True, help="exercise number, e.g. 01")
    args = parser.parse_args(argv)
    number = str(args.exercise).zfill(2)
    if not (args.folder / "rubric.csv").is_file() or not (args.folder / "gradebook.csv").is_file():
        print(f"error: {args.folder} needs gradebook.csv and a filled rubric.csv (grading writes both)", file=sys.stderr)
        return 2
    try:
        book = merge(number, args.folder)
    except (RubricSheetError, exercises.UnknownExercise) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    totals = book.groupby("student", sort=False)["points"].sum()
    print(f"merged rubric points into {args.folder / 'gradebook.csv'}; {len(totals)} students, mean score {totals.mean():.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
