"""The course's gradebook: one SQLite file that holds what grading learns and what the instructor decides.

Why a database and not the CSVs: an auto-grade run that rewrote `rubric.csv` wiped an
instructor's marks (the bug Runestone, Source Academy and Autolab all had). Here grading writes
only `submissions` and `results`; rubric `marks` and `overrides` are written only by the
instructor and no grading code touches them. Every CSV, page, chart and LMS file is written from
this file (`pipeline.export`), so they can always be rebuilt.

- Kill-safe: each graded submission is stored in one transaction (its row and all its results, or
  nothing), in WAL mode, so a grader killed at any moment leaves a consistent file and the next run
  grades only what is not stored yet (`pending`).
- One grader at a time: `grader_lock` holds an OS lock on `gradebook.db.lock`, which the OS drops when
  the process dies, however it dies; a second grader says it waits, then waits.
- A read-only file or a full disk raises `GradebookError` with what to do; what is stored stays.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat

from .. import data, exercises

SCHEMA = """
CREATE TABLE IF NOT EXISTS students (student TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS exercises (
    exercise TEXT PRIMARY KEY, course_version TEXT NOT NULL, deadline TEXT);
CREATE TABLE IF NOT EXISTS questions (
    exercise TEXT NOT NULL REFERENCES exercises, question TEXT NOT NULL, position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('auto', 'written')), max_points INTEGER NOT NULL,
    concepts TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (exercise, question));
CREATE TABLE IF NOT EXISTS criteria (
    exercise TEXT NOT NULL, question TEXT NOT NULL, criterion TEXT NOT NULL, position INTEGER NOT NULL,
    max_points INTEGER NOT NULL, PRIMARY KEY (exercise, question, criterion),
    FOREIGN KEY (exercise, question) REFERENCES questions);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY, exercise TEXT NOT NULL REFERENCES exercises, course_version TEXT NOT NULL,
    settings TEXT NOT NULL, started TEXT NOT NULL, finished TEXT);
CREATE TABLE IF NOT EXISTS submissions (
    submission INTEGER PRIMARY KEY, exercise TEXT NOT NULL REFERENCES exercises,
    student TEXT NOT NULL REFERENCES students, file TEXT NOT NULL, sha256 TEXT NOT NULL, received TEXT NOT NULL,
    run INTEGER NOT NULL REFERENCES runs, course_version TEXT NOT NULL, graded_at TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '', variant TEXT NOT NULL DEFAULT '', warnings TEXT NOT NULL DEFAULT '[]',
    UNIQUE (exercise, student));
CREATE TABLE IF NOT EXISTS results (
    submission INTEGER NOT NULL REFERENCES submissions ON DELETE CASCADE, question TEXT NOT NULL,
    passed INTEGER NOT NULL, points INTEGER NOT NULL, message TEXT NOT NULL, response TEXT,
    PRIMARY KEY (submission, question));
CREATE TABLE IF NOT EXISTS marks (
    exercise TEXT NOT NULL, student TEXT NOT NULL REFERENCES students, question TEXT NOT NULL,
    criterion TEXT NOT NULL, points INTEGER NOT NULL CHECK (points >= 0), marker TEXT NOT NULL,
    marked_at TEXT NOT NULL, response_sha256 TEXT NOT NULL, PRIMARY KEY (exercise, student, question, criterion),
    FOREIGN KEY (exercise, question, criterion) REFERENCES criteria);
CREATE TABLE IF NOT EXISTS overrides (
    exercise TEXT NOT NULL, student TEXT NOT NULL REFERENCES students, question TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points >= 0), reason TEXT NOT NULL CHECK (reason <> ''), who TEXT NOT NULL,
    at TEXT NOT NULL, PRIMARY KEY (exercise, student, question), FOREIGN KEY (exercise, question) REFERENCES questions);
"""
NAME = "gradebook.db"


class GradebookError(RuntimeError):
    """The gradebook cannot be read or written; the message says why and what to do. Nothing stored is lost."""


class MarkError(ValueError):
    """A mark or an override that does not fit the exercise, the student or the rubric."""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def default_path(submissions: Path) -> Path:
    """Beside the submissions folder, never inside it: `SUBMISSIONS/../gradebook.db`."""
    return submissions.resolve().parent / NAME


def _explain(err: sqlite3.Error, path: Path | str) -> GradebookError:
    text = str(err).lower()
    if "readonly" in text or "read-only" in text:
        return GradebookError(f"the gradebook {path} is read-only: make it writable (or give --db another file); nothing stored was lost")
    if "full" in text:
        return GradebookError(f"the disk holding the gradebook {path} is full: free some space and run the same command again; "
                              "every submission stored so far is kept")
    if "locked" in text or "busy" in text:
        return GradebookError(f"the gradebook {path} stayed locked by another process: try again when it is done")
    return GradebookError(f"the gradebook {path} cannot be used: {err}")


@contextlib.contextmanager
def errors(path: Path | str) -> Iterator[None]:
    """Turn SQLite's errors into a `GradebookError` that names the file and what to do."""
    try:
        yield
    except sqlite3.Error as err:
        raise _explain(err, path) from err


def connect(path: Path | str) -> sqlite3.Connection:
    """The gradebook at `path` (created if new): WAL, foreign keys on, waiting up to 30 s for a busy writer."""
    with errors(path):
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.executescript(SCHEMA)
    return db


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All of the block's writes, or none of them (a kill in between leaves none)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextlib.contextmanager
def grader_lock(path: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the one-grader lock on `path`; if another grader holds it, `say` so and wait for it."""
    with open(path.with_name(path.name + ".lock"), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            say(f"another grader is running on {path} (process {holder}); waiting for it to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def sha256(content: bytes | str) -> str:
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()


def course_version(exercise) -> str:
    """What decides a grade besides the submission: the exercise's notebook, its checks, the dataset."""
    digest = hashlib.sha256(nbformat.writes(exercise.notebook).encode())
    digest.update(Path(exercises.checks_module(exercise.number).__file__).read_bytes())
    for table in sorted(data.DATA_DIR.glob("*.csv")):
        digest.update(table.read_bytes())
    return digest.hexdigest()[:16]


def question_concepts(exercise) -> dict[str, list[str]]:
    """Question → the concept ids its check cell's metadata names (`"concepts": [...]`); [] where none."""
    found: dict[str, list[str]] = {}
    for cell in exercise.notebook.cells:
        tag = exercises.tag(cell)
        if exercises.role(cell) == "check" and isinstance(tag.get("concepts"), list):
            found[tag["question"]] = [str(c) for c in tag["concepts"]]
    return found


def register(db: sqlite3.Connection, exercise) -> str:
    """Store the exercise, its questions and rubric criteria (added or updated, never removed); its course version."""
    version = course_version(exercise)
    concepts = question_concepts(exercise)
    with transaction(db):
        db.execute("INSERT INTO exercises VALUES (?, ?, NULL) ON CONFLICT (exercise) DO UPDATE SET "
                   "course_version = excluded.course_version", (exercise.number, version))
        for position, qid in enumerate(exercise.points):
            db.execute("INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (exercise, question) DO UPDATE SET "
                       "position = excluded.position, kind = excluded.kind, max_points = excluded.max_points, "
                       "concepts = excluded.concepts",
                       (exercise.number, qid, position, "written" if qid in exercise.written else "auto",
                        exercise.max_points(qid), json.dumps(concepts.get(qid, []))))
        for qid in exercise.written:
            for position, criterion in enumerate((exercise.rubrics or {}).get(qid, [])):
                db.execute("INSERT INTO criteria VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                           "position = excluded.position, max_points = excluded.max_points",
                           (exercise.number, qid, criterion["id"], position, criterion["points"]))
    return version


def start_run(db: sqlite3.Connection, number: str, version: str, settings: dict) -> int:
    with transaction(db):
        return db.execute("INSERT INTO runs (exercise, course_version, settings, started) VALUES (?, ?, ?, ?) RETURNING run",
                          (number, version, json.dumps(settings, sort_keys=True), now())).fetchone()[0]


def finish_run(db: sqlite3.Connection, run: int) -> None:
    with transaction(db):
        db.execute("UPDATE runs SET finished = ? WHERE run = ?", (now(), run))


def received(path: Path) -> str:
    """When the file arrived, as far as the folder knows: its modification time, in UTC."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")


def pending(db: sqlite3.Connection, number: str, version: str, files: dict[str, Path], regrade: tuple[str, ...] = (),
            everything: bool = False) -> dict[str, tuple[Path, str]]:
    """Student → (file, content hash) of each submission to grade: new, changed, graded under another course
    version, named in `regrade`, or all of them with `everything`."""
    stored = {student: (sha, graded_version) for student, sha, graded_version in db.execute(
        "SELECT student, sha256, course_version FROM submissions WHERE exercise = ?", (number,))}
    todo = {}
    for student, path in files.items():
        digest = sha256(path.read_bytes())
        if everything or student in regrade or stored.get(student) != (digest, version):
            todo[student] = (path, digest)
    return todo


def record(db: sqlite3.Connection, run: int, exercise, version: str, graded, file: str, digest: str, received_at: str) -> None:
    """Store one graded submission and all its results in one transaction, replacing its earlier results.

    Marks and overrides live in their own tables, keyed by student: nothing here touches them.
    """
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO students VALUES (?)", (graded.student,))
        (submission,) = db.execute(
            "INSERT INTO submissions (exercise, student, file, sha256, received, run, course_version, graded_at, error, "
            "variant, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (exercise, student) DO UPDATE SET "
            "file = excluded.file, sha256 = excluded.sha256, received = excluded.received, run = excluded.run, "
            "course_version = excluded.course_version, graded_at = excluded.graded_at, error = excluded.error, "
            "variant = excluded.variant, warnings = excluded.warnings RETURNING submission",
            (exercise.number, graded.student, file, digest, received_at, run, version, now(), graded.error,
             graded.variant, json.dumps(graded.warnings))).fetchone()
        db.execute("DELETE FROM results WHERE submission = ?", (submission,))
        db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", [
            (submission, qid, int(passed), 0 if qid in exercise.written or not passed else exercise.points[qid], message,
             graded.responses.get(qid)) for qid, (passed, message) in graded.results.items()])


def late_days(received_at: str, deadline: str | None) -> int:
    """Whole days (started) after the deadline; 0 when on time or when no deadline is set."""
    if not deadline:
        return 0
    late = dt.datetime.fromisoformat(received_at) - dt.datetime.fromisoformat(deadline)
    return max(0, math.ceil(late.total_seconds() / 86400))


def set_deadline(db: sqlite3.Connection, number: str, deadline: str) -> None:
    parsed = dt.datetime.fromisoformat(deadline)
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # the instructor's local time
    with transaction(db):
        db.execute("UPDATE exercises SET deadline = ? WHERE exercise = ?", (parsed.isoformat(), number))
