"""What each exercise grades: its opening cell states the points of each kind, computed from the cells'
metadata; each has at least two understanding questions and one written response with a rubric of
3-4 criteria that the learner sees; each lettered question lists in its prompt the options its check uses;
and each understanding question names the concepts it tests (the per-concept class report reads them)."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from shared_future import data, exercises

SOLUTIONS = [exercises.solution_path(number) for number in exercises.numbers()]


def by_name(path):
    return path.name


def check_cell(qid: str, points: int, kind: str | None) -> nbformat.NotebookNode:
    tag = {"question": qid, "role": "check", "points": points} | ({"kind": kind} if kind else {})
    return new_code_cell(f"check.{qid}({qid})", metadata={"shared_future": tag})


def rubric_cell(qid: str, points: list[int]) -> nbformat.NotebookNode:
    criteria = [{"id": f"c{i}", "criterion": "x", "points": p} for i, p in enumerate(points, 1)]
    return new_markdown_cell("rubric", metadata={"shared_future": {"question": qid, "role": "rubric", "criteria": criteria}})


def test_points_balance_counts_checks_by_kind_and_written_questions_by_their_rubric():
    notebook = new_notebook(cells=[check_cell("q1", 2, "pandas"), check_cell("q2", 3, "understanding"),
                                   check_cell("q3", 1, "pandas"), rubric_cell("q4", [2, 2, 1]),
                                   check_cell("q4", 0, "written")])
    assert exercises.points_balance(notebook) == {"pandas": 3, "understanding": 3, "written": 5}
    assert exercises.balance_sentence({"pandas": 3, "understanding": 3, "written": 5}) == (
        "There are 11 points in all: 3 for pandas and charts, 3 for understanding the concepts and 5 for the "
        "written response (marked by your instructor with its rubric).")
    assert exercises.balance_sentence({"pandas": 4, "understanding": 0, "written": 0}) == \
        "There are 4 points in all: 4 for pandas and charts."


def test_points_balance_refuses_a_check_without_a_kind_or_a_written_question_without_a_rubric():
    with pytest.raises(ValueError, match="q1: a check cell's `kind` is one of pandas, understanding, written"):
        exercises.points_balance(new_notebook(cells=[check_cell("q1", 2, None)]))
    with pytest.raises(exercises.RubricError, match="q2: a written question needs a rubric cell"):
        exercises.points_balance(new_notebook(cells=[check_cell("q2", 0, "written")]))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=by_name)
def test_opening_cell_states_the_balance_the_metadata_gives(solution):
    notebook = nbformat.read(solution, as_version=4)
    balance = exercises.points_balance(notebook)
    stated = " ".join(notebook.cells[0].source.split())
    assert exercises.balance_sentence(balance) in stated
    assert balance["understanding"] >= 6 and balance["written"] >= 3


@pytest.mark.parametrize("solution", SOLUTIONS, ids=by_name)
def test_each_exercise_has_two_understanding_questions_and_one_written_response_with_its_rubric(solution):
    notebook = nbformat.read(solution, as_version=4)
    checks = {exercises.tag(c)["question"]: exercises.tag(c) for c in notebook.cells if exercises.role(c) == "check"}
    kinds = [tag["kind"] for tag in checks.values()]
    assert kinds.count("understanding") >= 2 and kinds.count("written") == 1
    rubrics = exercises.rubrics(solution.name[:2])
    written = [qid for qid, tag in checks.items() if tag["kind"] == "written"]
    assert list(rubrics) == written and all(checks[qid]["points"] == 0 for qid in written)
    for cell_index, cell in enumerate(notebook.cells):
        if exercises.is_rubric(cell):
            qid = exercises.tag(cell)["question"]
            assert 3 <= len(rubrics[qid]) <= 4
            assert cell.source.endswith(exercises.rubric_table(rubrics[qid])), "the rubric shown is the rubric marked"
            answer = notebook.cells[cell_index + 1]
            assert exercises.role(answer) == "answer" and exercises.tag(answer) == {"question": qid, "role": "answer",
                                                                                     "kind": "written"}
    learner = nbformat.read(exercises.learner_path(solution), as_version=4)
    assert exercises.notebook_rubrics(learner) == rubrics  # release keeps the rubric for the learner


def lettered_questions():
    for number in exercises.numbers():
        module = exercises.checks_module(number)
        for name in dir(module):
            if name.endswith("_OPTIONS") and name[0] == "Q":
                yield pytest.param(number, name.split("_")[0].lower(), getattr(module, name), id=f"ex{number}-{name}")


@pytest.mark.parametrize(("number", "qid", "options"), list(lettered_questions()))
def test_prompt_lists_every_option_its_check_uses(number, qid, options):
    cells = nbformat.read(exercises.solution_path(number), as_version=4).cells
    prompt = next(c.source for c in cells if c.get("id") == f"{qid}-prompt")
    for key, text in options.items():
        assert f"- **{key}**: " in prompt and text in prompt, (key, text)


def understanding_checks():
    for solution in SOLUTIONS:
        for cell in nbformat.read(solution, as_version=4).cells:
            tag = exercises.tag(cell)
            if exercises.role(cell) == "check" and tag.get("kind") == "understanding":
                yield pytest.param(tag, id=f"ex{solution.name[:2]}-{tag['question']}")


@pytest.mark.parametrize("tag", list(understanding_checks()))
def test_every_understanding_question_names_the_concepts_it_tests(tag):
    concepts = tag.get("concepts")
    assert isinstance(concepts, list) and concepts, "an understanding check cell needs `concepts`: [concept ids]"
    assert len(set(concepts)) == len(concepts), "a concept named twice"
    unknown = set(concepts) - set(data.load("concepts")["concept_id"])
    assert not unknown, f"not in data/concepts.csv: {sorted(unknown)}"
