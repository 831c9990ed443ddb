"""The model answer sheet of the understanding questions: a page for instructors that goes through
every item of every pool, and every option of the "pick every one" questions, with why it is right.

Why the answers are not in this module: the package is installed in every learner's environment,
so a text shipped with it would put the answer key in learners' hands. The whys live in
`instructors/model_answers.csv` of the course checkout, which the student edition leaves out; this
module reads them from there, and says plainly where it looked when the folder is absent.

The sheet has one row per answer, columns `question,item,right,why`:

- a pooled question ("03.q7"): `item` is the pool item's `Item.ref()`, `right` its letter;
- a "pick every one" question ("03.q8", whose options are the exercise's `Q8_OPTIONS`): `item` is
  an option's letter, `right` is "yes" if it is one of the right picks and "no" if not.

Why a sheet and not a key: the keys are the checks' own (several are computed from the tables at
each check), so the page shows the key as the check computes it, and flags a row of the sheet that
no longer agrees with it: a corrected table or key then asks for a corrected why.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from . import data, exercises
from .checks import CheckError
from .checks.pools import Pool

SHEET = Path("instructors") / "model_answers.csv"
COLUMNS = ["question", "item", "right", "why"]
PICKED = {"yes": True, "no": False}
NO_ROW = "*(No row in the model answer sheet yet.)*"


class SheetError(ValueError):
    """The sheet is missing or malformed: the message names the file, the line and the column."""


@dataclass(frozen=True)
class Answer:
    """One row of the sheet, with the line it starts on (for messages that send the reader to it)."""

    question: str
    item: str
    right: str
    why: str
    line: int


@dataclass(frozen=True)
class Question:
    """An understanding question of an exercise: drawn from a `pool`, or a pick among `options`."""

    number: str
    qid: str
    check: Callable[[Any], None]
    pool: Pool | None = None
    options: dict[str, str] | None = None

    @property
    def key(self) -> str:
        """The sheet's name for the question: "03.q7"."""
        return f"{self.number}.{self.qid}"


def sheet_path(root: Path | None = None) -> Path:
    """Where the sheet is: in the course checkout this package belongs to, or under `root`."""
    return (root or data.ROOT) / SHEET


def load(path: Path | None = None) -> dict[tuple[str, str], Answer]:
    """The sheet's rows by (question, item); a malformed sheet raises `SheetError` saying where."""
    path = path or sheet_path()
    if not path.is_file():
        raise SheetError(f"There is no model answer sheet at {path}. It lives in the instructors/ folder of the "
                         "course's own checkout (a clone of the repository), which the student edition leaves out.")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != COLUMNS:
            raise SheetError(f"{path}, line 1: the header is {','.join(header or [])!r}; it must be {','.join(COLUMNS)!r}")
        answers: dict[tuple[str, str], Answer] = {}
        start = reader.line_num + 1
        for row in reader:
            answer = _answer(path, row, start)
            earlier = answers.get((answer.question, answer.item))
            if earlier:
                raise SheetError(f"{path}, line {start}: the row repeats line {earlier.line} "
                                 f"({answer.question}, {answer.item!r})")
            answers[(answer.question, answer.item)] = answer
            start = reader.line_num + 1
    return answers


def _answer(path: Path, row: list[str], line: int) -> Answer:
    if len(row) != len(COLUMNS):
        raise SheetError(f"{path}, line {line}: {len(row)} fields where there must be {len(COLUMNS)} "
                         f"({', '.join(COLUMNS)}); a field with a comma needs double quotes around it")
    for column, value in zip(COLUMNS, row):
        if not value.strip():
            raise SheetError(f"{path}, line {line}, column '{column}': the field is empty")
    if not re.fullmatch(r"\d\d\.q\d+", row[0]):
        raise SheetError(f"{path}, line {line}, column 'question': {row[0]!r} is not a question id such as '03.q7'")
    return Answer(*row, line=line)


def questions() -> list[Question]:
    """Every understanding question with a sheet of its own, in exercise and question order."""
    found = []
    for number in exercises.numbers():
        module = exercises.checks_module(number)
        for qid in module.QUESTIONS:
            check = getattr(module, qid)
            options = getattr(module, f"{qid.upper()}_OPTIONS", None)
            if hasattr(check, "pool"):
                found.append(Question(number, qid, check, pool=check.pool))
            elif options is not None:
                found.append(Question(number, qid, check, options=dict(options)))
    return found


def refs(question: Question) -> list[str]:
    """The sheet's item names for one question: its pool items' refs, or its option letters."""
    return [item.ref() for item in question.pool.items] if question.pool else list(question.options)


def picks(question: Question, answers: dict[tuple[str, str], Answer]) -> list[str]:
    """The options the sheet marks as right picks of a "pick every one" question."""
    rows = [answers.get((question.key, letter)) for letter in question.options]
    return [row.item for row in rows if row and PICKED.get(row.right) is True]


def accepts(question: Question, letters: list[str]) -> bool:
    """Whether the question's check takes `letters` as the right picks (its own confirmation is not shown)."""
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            question.check(letters)
        except CheckError:
            return False
    return True


def _heading(qid: str, cells: list) -> str:
    """The question's title as its prompt gives it ("Q7 (3 points, understanding): ..." → "Q7: ...")."""
    prompt = next((c.source for c in cells if c.get("id") == f"{qid}-prompt"), f"## {qid.upper()}")
    title = prompt.splitlines()[0].lstrip("#").strip()
    return re.sub(r"^(Q\d+) \([^)]*\)", r"\1", title)


def _pool_lines(question: Question, answers: dict[tuple[str, str], Answer]) -> list[str]:
    pool = question.pool
    lines = ["Options:", ""] + [f"- **{key}**: {option}" for key, option in pool.options.items()]
    lines += ["", f"Each learner is shown {pool.shown} of the pool's {len(pool.items)} items; all of them follow.", ""]
    for number, item in enumerate(pool.items, 1):
        answer, key = answers.get((question.key, item.ref())), item.key()
        lines.append(f"{number}. {item.text()}  \n   **{key}** ({pool.options[key]}). {answer.why if answer else NO_ROW}")
        if answer and answer.right != key:
            lines.append(f"   *The sheet (line {answer.line}) says {answer.right}, the check now says {key}: "
                         "update the row.*")
    return lines


def _choice_lines(question: Question, answers: dict[tuple[str, str], Answer]) -> list[str]:
    right = picks(question, answers)
    lines = [f"The right picks: **{', '.join(right) or 'none'}**.", ""]
    for letter, option in question.options.items():
        answer = answers.get((question.key, letter))
        verdict = ("a right pick" if PICKED.get(answer.right) else "not a right pick") if answer else "not marked"
        lines.append(f"- **{letter}**: {option}  \n  *{verdict}.* {answer.why if answer else NO_ROW}")
    if not accepts(question, right):
        lines += ["", "*The check no longer accepts these picks: update the sheet's rows.*"]
    return lines


def page(path: Path | None = None) -> str:
    """The Markdown of the instructors' model answer page (raises `SheetError` if the sheet is absent)."""
    answers = load(path)
    parts = ["# Model answers to the understanding questions", "",
             "For instructors, to go through an exercise in class: for each understanding question, every item "
             "of its pool (each learner sees only a few of them), its right option, and why, from the texts and "
             "the dataset; and, for the questions that ask for every right pick, each option and why it is one or "
             "not. The keys are the "
             "checks' own; the whys come from `instructors/model_answers.csv`, which never goes into the "
             "student edition.", ""]
    by_number: dict[str, list[Question]] = {}
    for question in questions():
        by_number.setdefault(question.number, []).append(question)
    for number, asked in by_number.items():
        cells = nbformat.read(exercises.solution_path(number), as_version=4).cells
        parts += [f"## {cells[0].source.splitlines()[0].lstrip('#').strip()}", ""]
        for question in asked:
            parts += [f"### {_heading(question.qid, cells)}", ""]
            parts += _pool_lines(question, answers) if question.pool else _choice_lines(question, answers)
            parts.append("")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the model answer page (Markdown) of the understanding questions.")
    parser.add_argument("--out", type=Path, help="the file to write (default: print it)")
    args = parser.parse_args(argv)
    try:
        text = page()
    except SheetError as err:
        parser.exit(1, f"{err}\n")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
