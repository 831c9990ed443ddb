"""What the instructor decides, and the gradebook table it makes with what grading found.

A rubric mark is stored per criterion, with who marked and when, and the hash of the response
it was given for ("" when imported from a CSV folder, which kept no responses): when a re-grade
brings a different response, the mark stays and the gradebook says "response changed since
marked" until the instructor marks it again or confirms it (`confirm`). Marking may be partial; the table says "3 of 4 criteria marked". An override
replaces a question's points, with the reason. `rubric.csv` is only an import and export format
for those who mark in a spreadsheet (`sheet`, `import_sheet`): empty points mean "not marked".
"""
from __future__ import annotations

import json
import sqlite3

import pandas as pd

from . import gradebook
from .checking import words
from .gradebook import MarkError, now, sha256, transaction

SHEET_COLUMNS = ["student", "question", "criterion", "points"]
CHANGED = "response changed since marked"


def missing(response: str | None) -> bool:
    return not response or response.strip() in ("", "...")


def _criteria(db: sqlite3.Connection, number: str, qid: str) -> dict[str, int]:
    return dict(db.execute("SELECT criterion, max_points FROM criteria WHERE exercise = ? AND question = ? ORDER BY position",
                           (number, qid)))


def response(db: sqlite3.Connection, number: str, student: str, qid: str) -> str | None:
    """The student's current response to `qid`; MarkError if the student has no graded submission."""
    row = db.execute("SELECT r.response FROM submissions s LEFT JOIN results r ON r.submission = s.submission AND r.question = ? "
                     "WHERE s.exercise = ? AND s.student = ?", (qid, number, student)).fetchone()
    if row is None:
        raise MarkError(f"no graded submission of exercise {number} from {student!r}")
    return row[0]


def mark(db: sqlite3.Connection, number: str, student: str, qid: str, points: dict[str, int], marker: str) -> None:
    """Store rubric marks for some (or all) of `qid`'s criteria; the others stay as they were."""
    criteria = _criteria(db, number, qid)
    if not criteria:
        raise MarkError(f"exercise {number} has no written question {qid!r} with a rubric")
    text = response(db, number, student, qid)
    for criterion, value in points.items():
        if criterion not in criteria:
            raise MarkError(f"{qid} has no criterion {criterion!r} (its criteria: {', '.join(criteria)})")
        if not 0 <= value <= criteria[criterion]:
            raise MarkError(f"{qid} {criterion}: points must be a whole number from 0 to {criteria[criterion]}, not {value}")
    with transaction(db):
        db.executemany("INSERT INTO marks VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET points = excluded.points, "
                       "marker = excluded.marker, marked_at = excluded.marked_at, response_sha256 = excluded.response_sha256",
                       [(number, student, qid, c, v, marker, now(), sha256(text or "")) for c, v in points.items()])


def confirm(db: sqlite3.Connection, number: str, student: str, qid: str, marker: str) -> int:
    """Keep the marks as they are for the current response (clears "response changed since marked"); how many."""
    text = response(db, number, student, qid)
    with transaction(db):
        return db.execute("UPDATE marks SET response_sha256 = ?, marker = ?, marked_at = ? WHERE exercise = ? AND student = ? "
                          "AND question = ?", (sha256(text or ""), marker, now(), number, student, qid)).rowcount


def override(db: sqlite3.Connection, number: str, student: str, qid: str, points: int, reason: str, who: str) -> None:
    """Give `qid` these points whatever grading or marking says, with the reason (shown in the feedback)."""
    row = db.execute("SELECT max_points FROM questions WHERE exercise = ? AND question = ?", (number, qid)).fetchone()
    if row is None:
        raise MarkError(f"exercise {number} has no question {qid!r}")
    if not 0 <= points <= row[0] or not reason.strip():
        raise MarkError(f"an override needs points from 0 to {row[0]} and a reason")
    response(db, number, student, qid)
    with transaction(db):
        db.execute("INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET points = excluded.points, "
                   "reason = excluded.reason, who = excluded.who, at = excluded.at", (number, student, qid, points, reason, who, now()))


def parse_points(items: list[str]) -> dict[str, int]:
    """["c1=2", "c2=1"] → {"c1": 2, "c2": 1}; MarkError naming the item that is not `criterion=points`."""
    parsed = {}
    for item in items:
        criterion, _, value = item.partition("=")
        if not criterion or not value.strip().isdigit():
            raise MarkError(f"{item!r} is not criterion=points (for example c1=2)")
        parsed[criterion.strip()] = int(value)
    return parsed


def marks_of(db: sqlite3.Connection, number: str) -> dict[tuple[str, str], dict[str, tuple[int, str]]]:
    found: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
    for student, qid, criterion, points, digest in db.execute(
            "SELECT student, question, criterion, points, response_sha256 FROM marks WHERE exercise = ?", (number,)):
        found.setdefault((student, qid), {})[criterion] = (points, digest)
    return found


def written_state(text: str | None, criteria: dict[str, int], given: dict[str, tuple[int, str]]) -> dict:
    """Points, criteria marked, and whether the response changed since it was marked, for one written answer."""
    if missing(text) and not given:
        return {"points": 0, "marked": len(criteria), "changed": False}
    return {"points": sum(p for p, _ in given.values()), "marked": len(set(given) & set(criteria)),
            "changed": any(digest and digest != sha256(text or "") for _, digest in given.values())}


def book(db: sqlite3.Connection, number: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gradebook: a row per student and question, as `report.COLUMNS`; students: a row per student with their
    marking progress, flags, late days, variant and warnings), from the results, marks and overrides."""
    from .report import COLUMNS

    deadline = (db.execute("SELECT deadline FROM exercises WHERE exercise = ?", (number,)).fetchone() or [None])[0]
    marks, rows, students = marks_of(db, number), [], []
    overrides = {(s, q): (p, r) for s, q, p, r in db.execute(
        "SELECT student, question, points, reason FROM overrides WHERE exercise = ?", (number,))}
    criteria = {qid: _criteria(db, number, qid) for (qid,) in db.execute(
        "SELECT question FROM questions WHERE exercise = ? AND kind = 'written'", (number,))}
    query = ("SELECT s.student, s.error, s.received, s.variant, s.warnings, r.question, q.kind, q.max_points, r.passed, "
             "r.points, r.message, r.response FROM submissions s JOIN results r ON r.submission = s.submission "
             "JOIN questions q ON q.exercise = s.exercise AND q.question = r.question WHERE s.exercise = ? "
             "ORDER BY s.student, q.position")
    progress: dict[str, list] = {}
    for student, error, received, variant, warnings, qid, kind, top, passed, points, message, text in db.execute(query, (number,)):
        label, count = qid.upper(), words(text) if text is not None else None
        if kind == "written":
            state = written_state(text, criteria[qid], marks.get((student, qid), {}))
            status, points = ("missing" if missing(text) else "submitted"), state["points"]
            total = len(criteria[qid])
            if not marks.get((student, qid)):  # the check's message (too short, not answered) or what is left to do
                if status == "submitted" and passed:
                    message = f"{label}: submitted ({count} words); to be marked with the rubric (0 of {total} criteria marked)"
            elif state["marked"] < total:
                message = f"{label}: {points} of {top} rubric points so far ({state['marked']} of {total} criteria marked)"
            else:
                message = f"{label}: {points} of {top} rubric points"
            if state["changed"]:
                message += f"; {CHANGED}"
            tally = progress.setdefault(student, [0, 0, []])
            tally[0] += state["marked"]
            tally[1] += total
            if state["changed"]:
                tally[2].append(label)
        else:
            status = "passed" if passed else "failed"
        if (student, qid) in overrides:
            points, reason = overrides[(student, qid)]
            message = f"{label}: {points} of {top} points (instructor's override: {reason})"
        rows.append({"student": student, "question": qid, "kind": kind, "points": points, "max_points": top,
                     "passed": bool(passed), "status": status, "words": "" if count is None or kind != "written" else count,
                     "message": message, "error": error})
        if not students or students[-1]["student"] != student:
            students.append({"student": student, "received": received, "late_days": gradebook.late_days(received, deadline),
                             "variant": variant, "warnings": "; ".join(json.loads(warnings))})
    for entry in students:
        done, total, changed = progress.get(entry["student"], [0, 0, []])
        entry["marking"] = "" if not total else ("all criteria marked" if done == total else f"{done} of {total} criteria marked")
        entry["flags"] = f"{CHANGED} ({', '.join(changed)})" if changed else ""
    return pd.DataFrame(rows, columns=COLUMNS), pd.DataFrame(
        students, columns=["student", "marking", "flags", "late_days", "received", "variant", "warnings"])


def sheet(db: sqlite3.Connection, number: str) -> pd.DataFrame:
    """`rubric.csv`: a row per student, written question and criterion; the stored points, "" where not marked, 0 for
    a missing response."""
    marks, rows = marks_of(db, number), []
    for student, qid, text in db.execute(
            "SELECT s.student, r.question, r.response FROM submissions s JOIN results r ON r.submission = s.submission "
            "JOIN questions q ON q.exercise = s.exercise AND q.question = r.question WHERE s.exercise = ? AND q.kind = 'written' "
            "ORDER BY s.student, q.position", (number,)):
        given = marks.get((student, qid), {})
        for criterion in _criteria(db, number, qid):
            points = given[criterion][0] if criterion in given else (0 if missing(text) else "")
            rows.append({"student": student, "question": qid, "criterion": criterion, "points": points})
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def import_sheet(db: sqlite3.Connection, number: str, table: pd.DataFrame, marker: str) -> int:
    """Store the points of a filled `rubric.csv` (rows left empty stay unmarked); how many marks changed.

    Every row is checked first; one bad row stores nothing and the error names the rows and why.
    """
    if list(table.columns) != SHEET_COLUMNS:
        raise MarkError(f"the sheet's columns must be {', '.join(SHEET_COLUMNS)}; it has {', '.join(table.columns)}")
    students = {s for (s,) in db.execute("SELECT student FROM submissions WHERE exercise = ?", (number,))}
    maximum = {(q, c): p for q, c, p in db.execute("SELECT question, criterion, max_points FROM criteria WHERE exercise = ?", (number,))}
    problems, given = [], {}
    for row_number, row in enumerate(table.astype(str).itertuples(index=False), start=2):
        where = f"row {row_number} ({row.student}, {row.question}, {row.criterion})"
        top = maximum.get((row.question, row.criterion))
        if row.student not in students:
            problems.append(f"{where}: no such student in the gradebook")
        elif top is None:
            problems.append(f"{where}: no such question and criterion in the rubric")
        elif row.points.strip() and (not row.points.strip().isdigit() or not 0 <= int(row.points) <= top):
            problems.append(f"{where}: points must be a whole number from 0 to {top}, not {row.points!r}")
        elif (row.student, row.question, row.criterion) in given:
            problems.append(f"{where}: this row appears twice")
        given[(row.student, row.question, row.criterion)] = row.points.strip()
    if problems:
        raise MarkError("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    stored = {(r.student, r.question, r.criterion): str(r.points) for r in sheet(db, number).itertuples()}  # as exported
    changed = {key: int(value) for key, value in given.items() if value and stored.get(key) != value}
    by_answer: dict[tuple[str, str], dict[str, int]] = {}
    for (student, qid, criterion), value in changed.items():
        by_answer.setdefault((student, qid), {})[criterion] = value
    for (student, qid), points in by_answer.items():
        mark(db, number, student, qid, points, marker)
    return len(changed)
