"""Calibration exemplars: three responses to each written question, marked criterion by criterion.

An instructor who marks written responses with a rubric needs to see what a 6-of-6, a 4-of-6 and
a 1-of-6 response look like before marking 300 of them. `instructors/exemplars/NN_<topic>.md` holds,
for exercise NN's written question, one strong, one adequate and one weak response, written for
calibration by the course's authors (no real student's work), each with its marks and a sentence
on why each criterion got them. They are read from the course checkout, never from the package:
the package is installed in student environments too, and the student edition leaves
`instructors/` out, so there `available()` is false and every page says so plainly.

The file layout (one file per exercise; `read` refuses anything else, naming file and exemplar):

    # Calibration exemplars · Exercise 01 · Q9
    (free text: says the responses were written for calibration)
    ## Strong                      (then ## Adequate, ## Weak)
    > the response, a paragraph a line (paragraphs separated by a line ">"; lines a paragraph is wrapped
      into are joined, but a quote kept on one line stays traceable by the kit's provenance test)
    | criterion | points | why |
    |---|---|---|
    | c1 | 2 | one sentence on why |
    | **total** | **6** | |
    **Deliberate misquote:** "a paraphrase the response passes off as a quote"   (optional lines)

Curly quotes “ ” in a response are quotes of the texts, word for word (the tests check it); a
misquote is in straight quotes, as a student types them, so that every curly quote of the
instructors' pages stays traceable to the texts.

`page()` is the instructors' site page showing them all; the marking page shows a question's
three beside its rubric (`grading.rubric`), and `grading.overlap` flags a response copied from one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import data, exercises, wordcount

FOLDER = data.ROOT / "instructors" / "exemplars"
LEVELS = ("strong", "adequate", "weak")
ABSENT = ("Calibration exemplars are not available here: this copy of the course has no "
          "`instructors/exemplars/` folder (the student edition leaves the instructors' material out).")
TITLE_RE = re.compile(r"^# Calibration exemplars · Exercise (\d\d) · (Q\d+)\s*$")
MISQUOTE = "**Deliberate misquote:**"


class ExemplarError(ValueError):
    """An exemplar file that does not follow the layout; the message names the file and the exemplar."""


@dataclass(frozen=True)
class Mark:
    """The points one criterion got, and the sentence that says why."""

    criterion: str
    points: int
    why: str


@dataclass(frozen=True)
class Exemplar:
    """One calibration response (`level`: strong, adequate or weak) to a written question, with its marks.

    `misquotes` are the passages it deliberately passes off as quotes of the texts (a typical error a
    weak response makes, for the marker to catch).
    """

    exercise: str
    question: str
    level: str
    response: str
    marks: tuple[Mark, ...]
    total: int
    misquotes: tuple[str, ...] = ()

    def label(self, criteria: list[dict]) -> str:
        """"Strong: 6 of 6 points (212 words)", out of the total of the rubric's `criteria`."""
        top = sum(c["points"] for c in criteria)
        return f"{self.level.capitalize()}: {self.total} of {top} points ({wordcount.length(self.response)})"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _exemplar(where: str, number: str, qid: str, level: str, body: str) -> Exemplar:
    """One `## Level` section of a file, as an Exemplar; ExemplarError naming `where` and the level."""
    def fail(problem: str) -> ExemplarError:
        return ExemplarError(f"{where}, exemplar {level!r}: {problem}")

    if level not in LEVELS:
        raise fail(f"the heading must be one of {', '.join(l.capitalize() for l in LEVELS)}")
    quoted, marks, total, misquotes = [], [], None, []
    for line in body.splitlines():
        cells = _cells(line) if line.startswith("|") else []
        if line.startswith(">"):
            quoted.append(line[1:].removeprefix(" "))
        elif cells and (cells[0] == "criterion" or set("".join(cells)) <= set("-: ")):
            continue  # the table's header and separator rows
        elif cells and len(cells) != 3:
            raise fail(f"a table row needs 3 cells (criterion, points, why), not {len(cells)}: {line.strip()}")
        elif cells and not cells[1].strip("*").isdigit():
            raise fail(f"points must be a whole number, not {cells[1]!r} (row {cells[0]})")
        elif cells and cells[0].strip("*") == "total":
            total = int(cells[1].strip("*"))
        elif cells:
            if not cells[2]:
                raise fail(f"criterion {cells[0]} needs a sentence on why it got its points")
            marks.append(Mark(cells[0], int(cells[1]), cells[2]))
        elif line.startswith(MISQUOTE):
            misquotes.append(line.removeprefix(MISQUOTE).strip().strip('"'))
        elif line.strip():
            raise fail(f"a line that is neither the response ('>'), a table row ('|') nor a {MISQUOTE}: {line.strip()}")
    # the file's line wraps are layout: a paragraph is one line, paragraphs are separated by a blank line
    response = "\n\n".join(" ".join(p.split()) for p in "\n".join(quoted).split("\n\n") if p.strip())
    if not response:
        raise fail("no response: write it as a blockquote (every line starting with '>')")
    if not marks or total is None:
        raise fail("no marks table: a row per criterion (| c1 | 2 | why |) and a | **total** | **N** | | row")
    return Exemplar(number, qid.lower(), level, response, tuple(marks), total, tuple(misquotes))


def read(path: Path) -> list[Exemplar]:
    """The exemplars of one file, in file order; ExemplarError if it does not follow the layout."""
    title, _, rest = path.read_text(encoding="utf-8").partition("\n")
    heading = TITLE_RE.match(title)
    if not heading:
        raise ExemplarError(f"{path.name}: the first line must be '# Calibration exemplars · Exercise NN · QN', "
                            f"not {title!r}")
    number, qid = heading.groups()
    sections = re.split(r"^## (.+)$", rest, flags=re.M)[1:]
    found = [_exemplar(path.name, number, qid, level.strip().lower(), body)
             for level, body in zip(sections[::2], sections[1::2])]
    levels = [e.level for e in found]
    if not found or len(set(levels)) != len(levels):
        raise ExemplarError(f"{path.name}: needs one section per level ({', '.join(LEVELS)}), got {levels or 'none'}")
    return found


def available(folder: Path | None = None) -> bool:
    """Whether this copy of the course has the exemplars (the instructors' checkout, not a student edition)."""
    return (folder or FOLDER).is_dir()


def load(folder: Path | None = None) -> dict[tuple[str, str], list[Exemplar]]:
    """(exercise number, question id) → its exemplars, from every file of `folder`; {} where there is none."""
    folder = folder or FOLDER
    found: dict[tuple[str, str], list[Exemplar]] = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.md")) if folder.is_dir() else []:
        for exemplar in read(path):
            found.setdefault((exemplar.exercise, exemplar.question), []).append(exemplar)
    return found


def of(number: str, qid: str, folder: Path | None = None) -> list[Exemplar] | None:
    """The exemplars of exercise `number`'s question `qid`; None where the exemplars are not available."""
    return load(folder).get((str(number).zfill(2), qid.lower()), []) if available(folder) else None


def _section(number: str, qid: str, found: list[Exemplar]) -> str:
    """One question's part of the page: its rubric, then each exemplar with its marks out of each criterion's maximum."""
    rubric = exercises.rubrics(number).get(qid, [])
    top = {c["id"]: c["points"] for c in rubric}
    parts = [f"## Exercise {number} · {qid.upper()}\n", "| | criterion | points |\n|---|---|---|"]
    parts += [f"| {c['id']} | {c['criterion']} | {c['points']} |" for c in rubric]
    for exemplar in found:
        quoted = "\n".join(f"> {line}".rstrip() for line in exemplar.response.splitlines())
        rows = "\n".join(f"| {m.criterion} | {m.points} of {top.get(m.criterion, '?')} | {m.why} |" for m in exemplar.marks)
        parts.append(f"\n### {exemplar.label(rubric)}\n\n*Written for calibration, not a real student's work.*\n\n{quoted}\n\n"
                     f"| criterion | points | why |\n|---|---|---|\n{rows}\n| **total** | **{exemplar.total}** | |")
        parts += [f'\n{MISQUOTE} "{quote}" (not in the texts: a paraphrase passed off as a quote)'
                  for quote in exemplar.misquotes]
    return "\n".join(parts) + "\n"


def page(folder: Path | None = None) -> str:
    """The instructors' site page (Markdown): every exercise's exemplars with their marks, beside the rubric."""
    intro = ("# Rubric calibration: exemplar responses\n\n"
             "Every response on this page was written for calibration by the course's authors; none is a real "
             "student's work. For each exercise's written question there is a strong, an adequate and a weak "
             "response, each marked criterion by criterion with a sentence on why. Mark them yourself before "
             "reading the marks, then compare: where you differ, the sentence says how the criterion is applied.\n")
    if not available(folder):
        return intro + "\n" + ABSENT + "\n"
    found = load(folder)
    return intro + "".join(f"\n{_section(number, qid, items)}" for (number, qid), items in sorted(found.items()))
