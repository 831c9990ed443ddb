"""A `gradebook-NN/` folder of CSVs from before the database, imported once, its rubric marks kept.

Its `gradebook.csv` gives each student's results; its `rubric.csv` the marks (rows left empty
stay unmarked). The CSVs kept no submission file, hash or response text, so an imported
submission is stored under the course version "imported": the next `grade` run on the
submissions folder grades it again and brings its response, and the imported marks, whose
response is unknown, stay as they are without a "response changed" flag. A student the
database already holds is left as it is: importing twice changes nothing.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from . import gradebook, marking
from .pipeline import Graded
from .report import read_book

IMPORTED = "imported"


def import_folder(db: sqlite3.Connection, exercise, folder: Path, marker: str) -> tuple[int, int]:
    """(students imported, marks imported) from `folder/gradebook.csv` and `folder/rubric.csv`."""
    book = read_book(folder)
    gradebook.register(db, exercise)
    known = {s for (s,) in db.execute("SELECT student FROM submissions WHERE exercise = ?", (exercise.number,))}
    new = [student for student in dict.fromkeys(book["student"]) if student not in known]
    if not new:
        return 0, 0
    run = gradebook.start_run(db, exercise.number, IMPORTED, {"imported_from": str(folder.resolve())})
    for student in new:
        rows = book[book["student"] == student]
        results = {row.question: (str(row.passed) == "True", str(row.message)) for row in rows.itertuples()
                   if row.question in exercise.points}
        graded = Graded(student, results, error=str(rows["error"].iloc[0]))
        gradebook.record(db, run, exercise, IMPORTED, graded, "", IMPORTED, gradebook.now())
    count = 0
    if (folder / "rubric.csv").is_file():
        sheet = pd.read_csv(folder / "rubric.csv", keep_default_na=False, dtype=str)
        count = marking.import_sheet(db, exercise.number, sheet[sheet["student"].isin(new)].reset_index(drop=True), marker)
        with gradebook.transaction(db):
            db.executemany("UPDATE marks SET response_sha256 = '' WHERE exercise = ? AND student = ?",
                           [(exercise.number, student) for student in new])
    gradebook.finish_run(db, run)
    return len(new), count
