"""The learner's command grades as the instructor does: same graded copy, same checks, one line per question, a total."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest
from test_grading import solution, with_cells

from shared_future import exercises, grading
from shared_future.grading import plugin


def half_right() -> nbformat.NotebookNode:
    """Exercise 01 with Q4 and Q6 wrong, Q3 relying on a cell the grader does not run, and Q3 tagged twice."""
    notebook = with_cells(solution(), "answer", {
        "q3": "q3 = (longest_row['doc_id'], longest_row['para_no'])",
        "q4": "fig, ax = plt.subplots()\nax.bar(['I', 'II', 'III'], [1, 2, 3])\nq4 = ax",
        "q6": 'q6 = {"author": "Wang Yi", "outlet": "Qiushi", "evidence": "Xi Jinping"}',
    })
    where = next(i for i, c in enumerate(notebook.cells) if exercises.role(c) == "answer" and exercises.tag(c)["question"] == "q3")
    scratch = nbformat.v4.new_code_cell("longest_row = paragraphs.loc[paragraphs['words'].idxmax()]")
    duplicate = copy.deepcopy(notebook.cells[where])
    duplicate.source, duplicate.id = "q3 = ('he_yin_2025', 7)", "my-copy"
    notebook.cells[where:where] = [scratch, duplicate]
    return notebook


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learner")
    path = folder / exercises.learner_path(exercises.solution_path("01")).name
    nbformat.write(half_right(), path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", path.name, "-p", "no:cacheprovider",
                          "--color=no", f"--junitxml={folder / 'report.xml'}"],
                         cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    instructor = grading.grade_one(grading.Exercise.load("01"), "me", path, grading.Settings(timeout=120, sandboxed=not grading.sandbox.problem()))
    return run, ET.parse(folder / "report.xml"), instructor


def test_one_item_per_question_with_the_instructors_verdict(card):
    run, report, instructor = card
    cases = {case.get("name"): case for case in report.iter("testcase")}
    assert list(cases) == [q.upper() for q in instructor.results]
    for qid, (passed, message) in instructor.results.items():
        failure = cases[qid.upper()].find("failure")
        assert (failure is None) == passed and (passed or failure.text == message)
    assert run.returncode == 1


def test_the_report_ends_with_a_score_card_and_hides_cell_frames(card):
    run, _, instructor = card
    out = run.stdout
    assert "Cell 2" not in out and "Traceback" not in out and "Input:" not in out
    card_lines = out[out.index("score card"):].splitlines()
    assert any(line.split()[:3] == ["Q1", "2/2", "passed"] for line in card_lines)
    assert any(line.split()[:3] == ["Q4", "0/2", "failed"] and "the chart has no title" in line for line in card_lines)
    assert any(line.split()[:3] == ["Q9", "-/6", "submitted"] for line in card_lines)
    earned = sum(points for qid, points in grading.Exercise.load("01").points.items() if instructor.results[qid][0])
    assert f"Total: {earned}/21 (+ up to 6 rubric points from your instructor)" in out
    assert earned == 21 - 2 - 2 - 3  # Q3, Q4 and Q6 lost


def test_warnings_name_what_the_grade_will_not_see(card):
    out = card[0].stdout
    assert "warning: Q3: 2 cells are marked as its answer cell; only the last one is graded" in out
    assert "warning: Q3: the answer uses `longest_row`, which is defined only in code cell" in out
    assert card[2].results["q3"] == (False, "Q3: the answer cell raised NameError: name 'longest_row' is not defined")


def test_only_exercise_notebooks_get_the_score_card(tmp_path):
    (tmp_path / "01_notes.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    (tmp_path / "x.ipynb").write_text(nbformat.writes(half_right()))
    assert plugin.exercise_number(tmp_path / "01_notes.ipynb") is None
    assert plugin.exercise_number(tmp_path / "x.ipynb") is None
    (tmp_path / "03_mine.ipynb").write_text(nbformat.writes(half_right()))
    assert plugin.exercise_number(tmp_path / "03_mine.ipynb") == "03"


def test_a_learners_copy_under_the_exercises_old_name_still_gets_the_score_card(tmp_path):
    """Exercises were renamed NN_<topic>_exercise.ipynb; a copy a learner kept under the old name
    (NN_<topic>.ipynb, the notebook's name) is graded as before."""
    for name in ("01_the_documents.ipynb", "01_the_documents_exercise.ipynb"):
        (tmp_path / name).write_text(nbformat.writes(half_right()))
        assert plugin.exercise_number(tmp_path / name) == "01", name


def test_each_message_once_and_the_run_ends_with_the_card_and_a_next_step(card):
    out, instructor = card[0].stdout, card[2]
    for qid, (passed, message) in instructor.results.items():
        if not passed:
            assert out.count(message.removeprefix(f"{qid.upper()}: ")) == 1, qid
    assert "FAILURES" not in out and "short test summary" not in out
    last = out.rstrip().splitlines()
    assert last[-2].startswith("Total: ") and last[-1].startswith("Next: correct Q3, Q4, Q6")
    assert " failed" not in last[-1] and "passed" not in last[-1]
