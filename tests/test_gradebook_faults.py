"""Fault injection: the grader is killed with SIGKILL at 20 random moments while it grades a class; after
each kill the gradebook is consistent, nothing marked is lost, no submission is counted twice, and the
next run resumes and completes the class.

The class is small (2 notebooks, 3 files that are not notebooks, which are recorded at once, in an
order that leaves a window with 2 of 5 stored). The moments are drawn between the start of the
grader's run (its imports done, its lock taken: on a loaded machine that alone takes seconds) and
the end of a whole run, so that they fall on grading, storing and exporting. The grader runs in a process
of its own, in a session of its own, with its temporary folders under the test's, and without
per-submission control groups (which a killed grader, as root, would leave behind for the machine).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from shared_future import exercises, grade

SEED, KILLS = 19, 20
STUDENTS = {"ada", "bo", "cy", "di", "ed"}  # graded in this order: a notebook, a broken file, a notebook, two broken
LAUNCH = ("import sys; from shared_future.grading import cgroups; cgroups._layout = lambda: {}; "
          "from shared_future import grade; sys.exit(grade.main(sys.argv[1:]))")


def launch(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", LAUNCH, str(root / "submissions"), "--exercise", "01", "--jobs", "1",
                             "--timeout", "20", *extra], cwd=root, env={**os.environ, "TMPDIR": str(root / "tmp")},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def state(path: Path) -> dict:
    """What must never change or break, read as a fresh process would after the kill."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        students = [s for (s,) in db.execute("SELECT student FROM submissions")]
        assert len(students) == len(set(students)), "a submission counted twice"
        counts = dict(db.execute("SELECT s.student, count(r.question) FROM submissions s "
                                 "LEFT JOIN results r ON r.submission = s.submission GROUP BY s.submission"))
        assert set(counts.values()) <= {10}, f"a submission stored in part: {counts}"
        return {"students": set(students), "marks": db.execute("SELECT * FROM marks ORDER BY criterion").fetchall(),
                "overrides": db.execute("SELECT * FROM overrides").fetchall(),
                "runs": dict(db.execute("SELECT student, run FROM submissions")),
                "last_run": db.execute("SELECT max(run) FROM runs").fetchone()[0]}


def last_run(path: Path) -> int:
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT coalesce(max(run), 0) FROM runs").fetchone()[0]
    except sqlite3.OperationalError:  # the file is there, its tables not yet
        return 0


def run_begins(grader: subprocess.Popen, path: Path, last: int) -> float:
    """Wait until the grader has started its run (its imports done, the lock taken); the time it did."""
    while grader.poll() is None and last_run(path) == last:
        time.sleep(0.02)
    return time.monotonic()


def test_sigkill_at_random_moments_loses_nothing_and_the_next_run_completes(tmp_path, monkeypatch):
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "submissions"
    folder.mkdir()
    solution = exercises.solution_path("01")
    (folder / "ada.ipynb").write_text(nbformat.writes(nbformat.read(solution, as_version=4)))
    (folder / "cy.ipynb").write_text(nbformat.writes(nbformat.read(exercises.learner_path(solution), as_version=4)))
    (folder / "bo.ipynb").write_text("not json")
    (folder / "di.ipynb").write_text('{"cells": "nope", "nbformat": 4}')
    (folder / "ed.ipynb").write_bytes(b"\xff\xfe")
    db = tmp_path / "gradebook.db"

    first = launch(tmp_path)
    begun = run_begins(first, db, 0)
    out, err = first.communicate(timeout=600)
    full = time.monotonic() - begun  # from the run's start to the end of the export: where the moments fall
    assert "5 submissions graded" in out, out + err
    monkeypatch.chdir(tmp_path)
    assert grade.main(["mark", "--exercise", "01", "ada", "q9", "c1=2", "c2=1"]) == 0
    assert grade.main(["override", "--exercise", "01", "cy", "q1", "1", "--reason", "partly right"]) == 0
    before = state(db)

    rng = random.Random(SEED)
    outcomes = []
    for moment in (rng.uniform(0, full) for _ in range(KILLS)):
        last = state(db)["last_run"]
        grader = launch(tmp_path, "--all")
        run_begins(grader, db, last)
        time.sleep(moment)
        finished = grader.poll() is not None
        if not finished:
            os.killpg(grader.pid, signal.SIGKILL)
        grader.communicate()
        after = state(db)
        assert after["marks"] == before["marks"] and after["overrides"] == before["overrides"], "a mark was lost"
        assert after["students"] == STUDENTS
        stored = sum(run > last for run in after["runs"].values())
        what = ("finished first" if finished else "killed before its run began" if after["last_run"] == last
                else f"killed with {stored} of 5 stored")
        outcomes.append(f"{moment:5.2f} s into the run: {what}")
    print(f"\na run of the class {full:.1f} s; kills:\n" + "\n".join(outcomes))
    assert sum("killed" in line for line in outcomes) >= KILLS // 2, outcomes

    # a killed first run on a new gradebook resumes: the next run grades only what was not stored
    fresh = tmp_path / "fresh.db"
    grader = launch(tmp_path, "--db", str(fresh))
    run_begins(grader, fresh, 0)
    while grader.poll() is None and len(state(fresh)["students"]) < 1:
        time.sleep(0.02)
    os.killpg(grader.pid, signal.SIGKILL)
    grader.communicate()
    kept = state(fresh)
    assert 1 <= len(kept["students"]) < 5
    out, err = launch(tmp_path, "--db", str(fresh)).communicate(timeout=600)
    assert f"{5 - len(kept['students'])} submissions graded" in out, out + err
    assert "another grader" not in err, "the killed grader's lock is gone with it"
    final = state(fresh)
    assert final["students"] == STUDENTS
    assert {s: final["runs"][s] for s in kept["students"]} == kept["runs"], "what was stored is not graded again"
