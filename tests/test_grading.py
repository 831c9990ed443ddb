"""Grading a folder: right, wrong, unanswered, crashing, looping, corrupt and cheating submissions
each get the gradebook rows they deserve, in parallel, and no submission is touched."""
from __future__ import annotations

import copy
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from shared_future import exercises, grade, grading

NOT_ANSWERED = "not answered yet — replace `...` with your answer."
TIMEOUT = 20  # seconds per cell: a loop costs this much; a busy shared machine needs the margin


def solution() -> nbformat.NotebookNode:
    return nbformat.read(exercises.solution_path("01"), as_version=4)


def learner() -> nbformat.NotebookNode:
    return nbformat.read(exercises.learner_path(exercises.solution_path("01")), as_version=4)


def with_cells(notebook: nbformat.NotebookNode, role: str, sources: dict[str | None, str]) -> nbformat.NotebookNode:
    """A copy of `notebook` whose `role` cells (by question id; None for setup) get new sources."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        qid = exercises.tag(cell).get("question")
        if exercises.role(cell) == role and qid in sources:
            cell.source = sources[qid]
    return notebook


def without_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """As if a tool had dropped every cell's metadata: answers can only be found by `qN = `."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        cell.metadata = {}
    return notebook


WRONG = {
    "q1": 'q1 = {"I": 1, "II": 2, "III": 3}',
    "q2": 'q2 = paragraphs["words"].max()',
    "q3": 'q3 = ("he_yin_2025", 1)',
    "q4": "fig, ax = plt.subplots()\nax.bar(['I', 'II', 'III'], [1, 2, 3])\nq4 = ax",
    "q5": 'q5 = "It provides China’s answer."',
    "q6": 'q6 = {"author": "Wang Yi"}',
    "q7": 'q7 = ["B"] * 5',
    "q8": 'q8 = ["D", "D", "D"]',
    "q9": 'q9 = "Too short to be a response."',
    "q10": 'q10 = ["C", "C", "C"]',
}


def submissions() -> dict[str, bytes]:
    """File name → content: 6 notebooks that run, 2 files that only pretend to be notebooks."""
    notebooks = {
        "right": solution(),
        "wrong": with_cells(learner(), "answer", WRONG),
        "unanswered": learner(),
        "crash": without_metadata(with_cells(with_cells(solution(), "answer", {"q2": "q2 = 1 / 0"}),
                                             "setup", {None: "raise RuntimeError('my own setup')"})),
        "loop": with_cells(solution(), "answer", {"q3": "while True:\n    pass"}),
        "cheat": with_cells(with_cells(learner(), "check", {q: "pass" for q in WRONG}), "answer", {"q1": WRONG["q1"]}),
    }
    files = {f"{name}.ipynb": nbformat.writes(nb).encode() for name, nb in notebooks.items()}
    files["corrupt.ipynb"] = b"\x00 not { json"
    files["notes.ipynb"] = json.dumps({"title": "my notes", "items": [1, 2]}).encode()
    return files


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the folder once (2 at a time, short cell time limit); keep the digests from before."""
    folder = tmp_path_factory.mktemp("submissions")
    for name, content in submissions().items():
        (folder / name).write_bytes(content)
    before = digests(folder)
    exercise = grading.Exercise.load("01")
    results = grading.grade_folder(exercise, folder, grading.Settings(timeout=TIMEOUT, sandboxed=not grading.sandbox.problem()), jobs=2)
    out = tmp_path_factory.mktemp("out")
    book, scores, rates = grading.write_reports(exercise, results, out)
    return {"folder": folder, "before": before, "results": results, "book": book, "scores": scores, "out": out}


def rows(graded, student: str) -> dict[str, tuple[bool, str]]:
    book = graded["book"][graded["book"]["student"] == student]
    return {row.question: (row.passed, row.message) for row in book.itertuples()}


def errors(graded) -> dict[str, str]:
    return dict(zip(graded["scores"]["student"], graded["scores"]["error"]))


def test_right_submission_gets_every_point(graded):
    assert all(passed for passed, _ in rows(graded, "right").values())
    scores = graded["scores"].set_index("student")
    assert scores.loc["right", "score"] == 21 and scores.loc["right", "max"] == 27, "q9's 6 rubric points wait for the instructor"


def test_each_submission_is_graded_with_its_own_variant(graded):
    """The name typed in the first cell seeds the understanding questions' draws; no name, the file name."""
    variants = {result.student: result.variant for result in graded["results"]}
    assert variants["right"] == "solution" and variants["unanswered"] == "unanswered"


def test_wrong_answers_fail_with_their_hints(graded):
    results = rows(graded, "wrong")
    assert not any(passed for passed, _ in results.values())
    assert all(message.startswith(f"{q.upper()}: ") and " Hint: " in message for q, (_, message) in results.items())
    assert "too high" in results["q2"][1] and "has no key 'outlet'" in results["q6"][1]


def test_unanswered_and_cheating_submissions_fail_every_check(graded):
    """Editing the check cells to `pass` changes nothing: the instructor's check cells are run."""
    unanswered, cheat = rows(graded, "unanswered"), rows(graded, "cheat")
    assert unanswered == {q: (False, f"{q.upper()}: {NOT_ANSWERED}") for q in WRONG}
    assert cheat.pop("q1")[1].startswith("Q1: the value for 'I' is wrong")
    assert cheat == {q: r for q, r in unanswered.items() if q != "q1"}


def test_crashing_answer_and_lost_metadata(graded):
    """Answers are found by `qN =` when metadata is lost; the learner's own setup is not run."""
    results = rows(graded, "crash")
    assert results.pop("q2") == (False, "Q2: the answer cell raised ZeroDivisionError: division by zero")
    assert all(passed for passed, _ in results.values())
    assert errors(graded)["crash"] == ""


def test_looping_answer_is_stopped_and_recorded(graded):
    results = rows(graded, "loop")
    assert results["q3"] == (False, f"Q3: the answer cell ran past the {TIMEOUT} s time limit and was stopped (an endless loop?)")
    assert results["q1"][0] and results["q2"][0]
    assert all(passed for q, (passed, _) in results.items() if q > "q3"), "a check that passes after a time-out still counts"
    assert errors(graded)["loop"] == f"Q3's answer cell ran past the {TIMEOUT} s time limit and was stopped"


def test_files_that_are_not_notebooks_are_recorded(graded):
    assert errors(graded)["corrupt"].startswith("not a notebook: the file is not")
    assert errors(graded)["notes"] == "not a notebook: the file is JSON but has no notebook cells"
    for student in ("corrupt", "notes"):
        assert not any(passed for passed, _ in rows(graded, student).values())
        assert all(errors(graded)[student] in message for _, message in rows(graded, student).values())


def test_submissions_are_graded_in_parallel_and_never_touched(graded):
    assert digests(graded["folder"]) == graded["before"]
    spans = sorted((g.started, g.finished) for g in graded["results"] if g.finished - g.started > 1)
    assert any(later_start < earlier_end for (_, earlier_end), (later_start, _) in zip(spans, spans[1:]))


def test_reports(graded):
    book = pd.read_csv(graded["out"] / "gradebook.csv", keep_default_na=False)
    assert list(book.columns) == ["student", "question", "kind", "points", "max_points", "passed", "status", "words", "message", "error"]
    assert len(book) == 8 * 10 and set(book["student"]) == {Path(n).stem for n in submissions()}
    assert "\x1b" not in book.to_csv() and "#x1B" not in book.to_csv()
    summary = pd.read_csv(graded["out"] / "summary.csv", keep_default_na=False)
    assert list(summary.columns[:3]) == ["student", "score", "max"] and set(summary["max"]) == {27}
    assert (graded["out"] / "pass_rates.png").read_bytes()[:4] == b"\x89PNG"
    canvas = pd.read_csv(graded["out"] / "canvas.csv", keep_default_na=False).set_index("SIS Login ID")
    moodle = pd.read_csv(graded["out"] / "moodle.csv", keep_default_na=False).set_index("Username")
    assert list(canvas.columns) == ["Student", "ID", "SIS User ID", "Section", "Exercise 01"]
    assert canvas.loc["right", "Exercise 01"] == moodle.loc["right", "Exercise 01"] == 21
    assert canvas.loc["wrong", "Exercise 01"] == moodle.loc["wrong", "Exercise 01"] == 0


def test_feedback_page_per_student(graded):
    pages = {p.stem: p.read_text() for p in (graded["out"] / "feedback").iterdir()}
    assert set(pages) == {Path(n).stem for n in submissions()}
    assert "Total: 21 / 27" in pages["right"] and "Total: 0 / 27" in pages["wrong"]
    assert "Q2: 3677 is too high" not in pages["right"] and "is too high" in pages["wrong"]
    assert "<script" not in pages["loop"]


# --- fast pieces: no kernel ---------------------------------------------------------------------

def test_submission_names(tmp_path):
    for name in ("ann.ipynb", "Bob.IPYNB", "cy.ipynb.txt", "cy.ipynb", ".hidden.ipynb", "readme.md"):
        (tmp_path / name).write_text("{}")
    assert grading.find_submissions(tmp_path) == {
        "Bob": tmp_path / "Bob.IPYNB", "ann": tmp_path / "ann.ipynb",
        "cy.ipynb": tmp_path / "cy.ipynb", "cy.ipynb.txt": tmp_path / "cy.ipynb.txt",
    }


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xff\xfe\x00", "not UTF-8"), (b"", "not JSON"), (b"[1, 2]", "has no notebook cells"),
    (b'{"cells": "nope", "nbformat": 4}', "nbformat cannot read it"),
])
def test_unreadable_submissions(tmp_path, content, reason):
    (tmp_path / "x.ipynb").write_bytes(content)
    with pytest.raises(grading.NotANotebook, match=reason):
        grading.read_submission(tmp_path / "x.ipynb")


def test_byte_order_mark_is_fine(tmp_path):
    (tmp_path / "x.ipynb").write_bytes(b"\xef\xbb\xbf" + nbformat.writes(learner()).encode())
    assert len(grading.read_submission(tmp_path / "x.ipynb").cells) == len(learner().cells)


def test_graded_copy_takes_only_the_answers():
    submission = with_cells(with_cells(learner(), "check", {"q1": "pass"}), "answer", {"q1": "q1 = 'mine'"})
    submission.cells.append(nbformat.v4.new_code_cell("q2 = 'scratch'\nq2 = 'last'"))
    copy_ = grading.graded_copy(grading.Exercise.load("01"), submission, "/answers")
    sources = {(exercises.role(c), exercises.tag(c).get("question")): c.source for c in copy_.cells if c.cell_type == "code"}
    assert sources["check", "q1"] == grading.submissions.save_source("q1", "/answers")
    assert "check." not in "".join(sources[key] for key in sources if key[0] == "check"), "no check runs in the kernel"
    assert sources["answer", "q1"] == "q1 = 'mine'"
    assert sources["answer", "q2"] == "# your answer here\nq2 = ..."  # metadata wins over a scratch cell
    # The learner's name cell, the setup, an answer and a check per question, and the cells that show a
    # pooled question's items (one key, as they have no question tag).
    assert len(sources) == 2 + 2 * 10 + 1 and "### BEGIN SOLUTION" not in str(sources)


def test_junit_report_is_read_without_colour_codes(tmp_path):
    report = tmp_path / "report.xml"
    ET.ElementTree(ET.fromstring(
        '<testsuites><testsuite>'
        '<testcase classname="g.ipynb" name="Cell 0"/>'
        '<testcase classname="g.ipynb" name="Cell 1"><failure message="m">#x1B[94mCell 1: Cell execution caused an exception'
        '\n\nInput:\n#x1B[0m1/0\n\n#x1B[94mTraceback:#x1B[0m\n\n#x1B[31mZeroDivisionError#x1B[39m: division by zero\n</failure></testcase>'
        '<testcase classname="g.ipynb" name="Cell 2"><skipped type="pytest.xfail" message="Previous cell timed out"/></testcase>'
        '</testsuite></testsuites>')).write(report)
    outcomes = grading.parse_junit(report)
    assert outcomes[0] == grading.Cell("passed")
    assert outcomes[1].line == "ZeroDivisionError: division by zero"
    assert outcomes[2].status == "xfailed"


def test_a_failing_setup_is_the_submission_error():
    exercise = grading.Exercise.load("01")
    outcomes = {1: grading.Cell("failed", "Cell 1: Cell execution caused an exception\n\nTraceback:\n\nDataError: data/paragraphs.csv: the file is missing")}
    results, error = grading.interpret(exercise, exercise.notebook, outcomes, TIMEOUT)
    assert error == "the setup cell failed: DataError: data/paragraphs.csv: the file is missing"
    assert results["q1"] == (False, "Q1: the check did not run")


def test_a_lost_kernel_is_named_and_the_later_answers_are_still_checked(tmp_path):
    """Q2's answer cell lost the kernel; the fresh kernel's saved answers for the rest are checked as usual."""
    exercise = grading.Exercise.load("01")
    died = grading.Cell("failed", "Cell 4: KernelDied: the kernel died while the cell ran")  # after the name and the setup
    outcomes = {n: grading.Cell("passed") for n in range(14)} | {4: died}
    for qid, value in {"q1": {"I": 1}, "q3": ("wang_yi_2025", 1)}.items():
        grading.answers.save(qid, {qid: value}, str(tmp_path))
    results, error = grading.interpret(exercise, exercise.notebook, outcomes, 5, [4], tmp_path)
    assert error == "the kernel died in Q2's answer cell; the questions after it were graded in a fresh kernel"
    assert results["q2"] == (False, "Q2: the kernel died in Q2's answer cell; the remaining questions were graded in a fresh kernel")
    assert results["q1"][1].startswith("Q1: 2 of the expected sections are missing")
    assert results["q4"] == (False, "Q4: the answer cell did not define `q4`")


# --- the command ---------------------------------------------------------------------------------

def test_command_usage_errors(tmp_path, capsys):
    assert grade.main([str(tmp_path / "missing"), "--exercise", "01"]) == grade.USAGE_ERROR
    assert "is not a folder of submissions" in capsys.readouterr().err
    assert grade.main([str(tmp_path), "--exercise", "99"]) == grade.USAGE_ERROR
    assert "There is no exercise '99'" in capsys.readouterr().err
    assert grade.main([str(tmp_path), "--exercise", "01"]) == grade.USAGE_ERROR
    assert "holds no notebooks" in capsys.readouterr().err


def test_command_writes_the_gradebook_next_to_the_submissions_not_inside(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "zoe.ipynb").write_bytes(b"not json")
    monkeypatch.chdir(folder)
    assert grade.main([".", "--exercise", "1", "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "zoe: not a notebook: the file is not JSON" in printed and "Q1" in printed
    assert sorted(p.name for p in folder.iterdir()) == ["zoe.ipynb"]
    assert (tmp_path / "gradebook.db").is_file(), "the course's gradebook goes beside the submissions folder"
    assert sorted(p.name for p in (tmp_path / "gradebook-01").iterdir()) == [
        "canvas.csv", "concepts.csv", "concepts.html", "concepts.png", "feedback", "gradebook.csv", "moodle.csv",
        "pass_rates.png", "responses-q9.html", "rubric.csv", "summary.csv"]


def test_without_control_groups_the_reason_is_given(monkeypatch):
    monkeypatch.setattr(grading.cgroups, "_layout", lambda: {})
    grading.cgroups.problem.cache_clear()
    try:
        assert grading.cgroups.problem() == ("no control group for each submission (this system mounts no cgroup "
                                             "hierarchy with the pids and memory controllers)")
    finally:
        grading.cgroups.problem.cache_clear()


@pytest.mark.skipif(bool(grading.cgroups.problem()), reason=f"no control groups: {grading.cgroups.problem()}")
def test_a_group_that_cannot_be_made_whole_is_not_left_behind(monkeypatch, tmp_path):
    real = grading.cgroups._layout()
    first = next(iter(real))  # made for real, then the second controller fails
    monkeypatch.setattr(grading.cgroups, "_layout", lambda: {first: real[first], "memory": tmp_path / "absent"})
    before = {p.name for p in real[first].iterdir()}
    with pytest.raises(OSError):
        grading.cgroups.Group.create(processes=8, memory_mb=8)
    assert {p.name for p in real[first].iterdir()} == before
