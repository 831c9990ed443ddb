"""The course's gradebook: an instructor's marks survive re-grading, a late submission is added without
re-running the others, a changed response is flagged, two graders do not collide, a read-only or full
gradebook is refused with the reason, and an old CSV folder is imported with its marks."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from shared_future import exercises, grade, grading
from shared_future.grading import gradebook
from shared_future.grading.pipeline import Graded

FAST = ["--jobs", "1", "--timeout", "20"]
DEADLINE = dt.datetime(2026, 1, 10, 23, 59, tzinfo=dt.timezone.utc)
MARKS = {"c1": 2, "c2": 1, "c3": 1, "c4": 1}  # the ada: 2, 1, 1, 1


def notebook(kind: str, response: str | None = None) -> str:
    """The solution or the learner's version of exercise 01, with `response` as the written answer if given."""
    path = exercises.solution_path("01")
    nb = nbformat.read(path if kind == "solution" else exercises.learner_path(path), as_version=4)
    if response is not None:
        for cell in nb.cells:
            if exercises.role(cell) == "answer" and exercises.tag(cell).get("question") == "q9":
                cell.source = f"q9 = {response!r}"
    return nbformat.writes(nb)


def submit(folder: Path, student: str, content: str, when: dt.datetime) -> None:
    (folder / f"{student}.ipynb").write_text(content, encoding="utf-8")
    os.utime(folder / f"{student}.ipynb", (when.timestamp(), when.timestamp()))


def table(path: Path, index="student") -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False).set_index(index)


def runs_of(db_path: Path) -> dict[str, tuple[int, str]]:
    with gradebook.connect(db_path) as db:
        return {s: (r, at) for s, r, at in db.execute("SELECT student, run, graded_at FROM submissions")}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """ada (solution) and ben (learner's version) graded on time; the gradebook beside the submissions."""
    root = tmp_path_factory.mktemp("course")
    folder = root / "submissions"
    folder.mkdir()
    submit(folder, "ada", notebook("solution"), DEADLINE - dt.timedelta(days=1))
    submit(folder, "ben", notebook("learner"), DEADLINE - dt.timedelta(hours=2))
    return root, folder


def run_grade(root: Path, folder: Path, *extra: str) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        return grade.main([str(folder), "--exercise", "01", "--deadline", DEADLINE.isoformat(), *FAST, *extra])


def test_marks_survive_a_late_submission_and_a_regrade(course, capsys):
    """The issue's scenario: grade, mark ada 2, 1, 1, 1 (26/27), a late submission arrives, grade again."""
    root, folder = course
    assert run_grade(root, folder) == 0
    err = capsys.readouterr().err
    assert "[1/2] " in err and "[2/2] " in err, "a line per student when the output is not a terminal"
    first = runs_of(root / "gradebook.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert grade.main(["mark", "--exercise", "01", "ada", "q9", *(f"{c}={p}" for c, p in MARKS.items())]) == 0
    assert table(root / "gradebook-01" / "summary.csv").loc["ada", "score"] == 21 + sum(MARKS.values())
    late = DEADLINE + dt.timedelta(days=1, hours=3)
    submit(folder, "cy", notebook("learner"), late)
    assert run_grade(root, folder) == 0
    printed = capsys.readouterr().out
    assert "1 submissions graded" in printed and "2 unchanged and kept" in printed
    after = runs_of(root / "gradebook.db")
    assert {s: after[s] for s in first} == first, "untouched submissions are not graded again"
    assert after["cy"][0] > first["ada"][0]
    summary = table(root / "gradebook-01" / "summary.csv")
    assert summary.loc["ada", "score"] == 21 + sum(MARKS.values()) and summary.loc["ada", "marking"] == "all criteria marked"
    assert summary.loc["cy", "late_days"] == 2 and summary.loc["ada", "late_days"] == 0
    sheet = pd.read_csv(root / "gradebook-01" / "rubric.csv", keep_default_na=False, dtype=str)
    assert dict(sheet[sheet["student"] == "ada"][["criterion", "points"]].values) == {c: str(p) for c, p in MARKS.items()}
    assert "after the deadline" in (root / "gradebook-01" / "feedback" / "cy.html").read_text()


def test_a_response_changed_after_marking_keeps_its_mark_and_is_flagged(course, capsys):
    root, folder = course
    if not (root / "gradebook.db").exists():
        pytest.skip("needs the scenario's gradebook")
    before = runs_of(root / "gradebook.db")
    submit(folder, "ada", notebook("solution", "Wang Yi writes, as foreign minister, " * 10), DEADLINE - dt.timedelta(hours=1))
    assert run_grade(root, folder) == 0
    after = runs_of(root / "gradebook.db")
    assert after["ada"] != before["ada"] and {s: after[s] for s in ("ben", "cy")} == {s: before[s] for s in ("ben", "cy")}
    summary = table(root / "gradebook-01" / "summary.csv")
    assert summary.loc["ada", "score"] == 21 + sum(MARKS.values()), "the mark is kept"
    assert summary.loc["ada", "flags"] == "response changed since marked (Q9)"
    book = pd.read_csv(root / "gradebook-01" / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ada", "q9"), "message"].endswith("; response changed since marked")
    assert "response changed since marked" in (root / "gradebook-01" / "responses-q9.html").read_text()
    assert "ada: response changed since marked (Q9)" in capsys.readouterr().out
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert grade.main(["mark", "--exercise", "01", "ada", "q9"]) == 0  # the instructor confirms the marks
    assert table(root / "gradebook-01" / "summary.csv").loc["ada", "flags"] == ""


def test_regrade_names_the_students_to_grade_again(course, capsys):
    root, folder = course
    if not (root / "gradebook.db").exists():
        pytest.skip("needs the scenario's gradebook")
    before = runs_of(root / "gradebook.db")
    assert run_grade(root, folder, "--regrade", "ben") == 0
    after = runs_of(root / "gradebook.db")
    assert after["ben"] != before["ben"] and {s: after[s] for s in ("ada", "cy")} == {s: before[s] for s in ("ada", "cy")}
    assert table(root / "gradebook-01" / "summary.csv").loc["ada", "score"] == 21 + sum(MARKS.values())


def grader(root: Path, folder: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "shared_future.grade", str(folder), "--exercise", "01", *FAST, *extra],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_graders_at_once_grade_each_submission_once(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    submit(folder, "ben", notebook("learner"), DEADLINE)
    for name in ("x", "y", "z"):
        (folder / f"{name}.ipynb").write_text("not a notebook")
    first = grader(tmp_path, folder)
    second = grader(tmp_path, folder)
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    assert sum("another grader is running on" in err for _, err in outputs) == 1, outputs
    with gradebook.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT count(*), count(DISTINCT run) FROM submissions").fetchone() == (4, 1)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (4 * 10,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sum("4 submissions graded" in out for out, _ in outputs) == 1
    assert sum("0 submissions graded" in out for out, _ in outputs) == 1


def stored(tmp_path: Path) -> tuple[Path, object]:
    """A gradebook with one graded student and a mark, as a class in progress would have."""
    exercise = grading.Exercise.load("01")
    path = tmp_path / "gradebook.db"
    db = gradebook.connect(path)
    version = gradebook.register(db, exercise)
    run = gradebook.start_run(db, "01", version, {})
    graded = Graded("ada", {q: (True, "") for q in exercise.points}, responses={"q9": "Wang Yi writes."})
    gradebook.record(db, run, exercise, version, graded, "ada.ipynb", "x", gradebook.now())
    grading.marking.mark(db, "01", "ada", "q9", {"c1": 2}, "me")
    return path, db


def test_a_full_disk_is_an_error_that_loses_nothing(tmp_path):
    path, db = stored(tmp_path)
    exercise = grading.Exercise.load("01")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: as on a full disk
    big = Graded("ben", {q: (False, "x" * 200_000) for q in exercise.points})
    with pytest.raises(gradebook.GradebookError, match="is full: free some space and run the same command again"):
        with gradebook.errors(path):
            gradebook.record(db, 1, exercise, "v", big, "ben.ipynb", "y", gradebook.now())
    db.close()
    with gradebook.connect(path) as again:
        assert again.execute("SELECT student FROM submissions").fetchall() == [("ada",)]
        assert again.execute("SELECT criterion, points FROM marks").fetchall() == [("c1", 2)]


def test_a_read_only_gradebook_is_refused_and_keeps_its_marks(tmp_path, monkeypatch, capsys):
    path, db = stored(tmp_path)
    db.close()
    connect = gradebook.connect

    def read_only(where):
        db = connect(where)
        db.execute("PRAGMA query_only = ON")  # root ignores file permissions; SQLite's own read-only switch
        return db

    monkeypatch.setattr(gradebook, "connect", read_only)
    monkeypatch.chdir(tmp_path)
    assert grade.main(["mark", "--exercise", "01", "ada", "q9", "c2=1"]) == grade.REFUSED
    assert "is read-only: make it writable" in capsys.readouterr().err
    monkeypatch.undo()
    with gradebook.connect(path) as again:
        assert again.execute("SELECT criterion, points FROM marks").fetchall() == [("c1", 2)]


def test_an_old_csv_folder_is_imported_once_with_its_rubric_marks(tmp_path, capsys):
    """A gradebook-01/ folder as grading wrote it before the database: gradebook.csv and a filled rubric.csv."""
    exercise = grading.Exercise.load("01")
    old = tmp_path / "gradebook-01-old"
    old.mkdir()
    rows = [{"student": s, "question": q, "kind": "written" if q == "q9" else "auto", "points": p if ok and q != "q9" else 0,
             "max_points": exercise.max_points(q), "passed": ok, "status": "", "words": "", "message": "", "error": ""}
            for s, ok in (("ann", True), ("bob", False)) for q, p in exercise.points.items()]
    pd.DataFrame(rows).to_csv(old / "gradebook.csv", index=False)
    criteria = [c["id"] for c in exercise.rubrics["q9"]]
    pd.DataFrame([{"student": s, "question": "q9", "criterion": c, "points": MARKS[c] if s == "ann" else ""}
                  for s in ("ann", "bob") for c in criteria]).to_csv(old / "rubric.csv", index=False)
    command = ["import", "--exercise", "01", "--db", str(tmp_path / "gradebook.db"), "--out", str(tmp_path / "out"), str(old)]
    assert grade.main(command) == 0
    assert f"imported 2 students and {len(MARKS)} rubric marks" in capsys.readouterr().out
    summary = table(tmp_path / "out" / "summary.csv")
    auto = sum(p for q, p in exercise.points.items() if q != "q9")
    assert summary.loc["ann", "score"] == auto + sum(MARKS.values()) and summary.loc["bob", "score"] == 0
    assert grade.main(command) == 0
    assert "imported 0 students and 0 rubric marks" in capsys.readouterr().out
    # the next grade run brings the real submission: the imported mark stays, not flagged
    folder = tmp_path / "submissions"
    folder.mkdir()
    submit(folder, "ann", notebook("solution"), DEADLINE)
    assert grade.main([str(folder), "--exercise", "01", "--db", str(tmp_path / "gradebook.db"), "--out", str(tmp_path / "out"), *FAST]) == 0
    summary = table(tmp_path / "out" / "summary.csv")
    assert summary.loc["ann", "score"] == 21 + sum(MARKS.values()) and summary.loc["ann", "flags"] == ""


def test_sigterm_stores_what_is_being_graded_and_says_how_to_resume(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    submit(folder, "ada", notebook("solution"), DEADLINE)
    submit(folder, "ben", notebook("learner"), DEADLINE)
    first = grader(tmp_path, folder)
    while first.poll() is None and not (tmp_path / "gradebook.db.lock").exists():
        time.sleep(0.02)
    time.sleep(0.5)
    first.send_signal(signal.SIGTERM)
    _, err = first.communicate(timeout=300)
    if first.returncode == 0:
        pytest.skip("the grader finished before the signal arrived (a fast machine)")
    assert first.returncode == grade.STOPPED and "run the same command again to grade the rest" in err, err
    with gradebook.connect(tmp_path / "gradebook.db") as db:
        done = db.execute("SELECT count(*) FROM submissions").fetchone()[0]
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 10 * done
    out, err = grader(tmp_path, folder).communicate(timeout=300)
    assert f"{2 - done} submissions graded" in out, out + err
