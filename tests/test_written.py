"""Written responses: the rubric a solution notebook carries (`exercises.rubrics`), and the
learner's check, which says whether a response is there and long enough, never what it is worth."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from shared_future import exercises
from shared_future.checks import CheckError, written

CRITERIA = [{"id": "c1", "criterion": "Attributes each framing to its author", "points": 2},
            {"id": "c2", "criterion": "Cites two passages", "points": 1},
            {"id": "c3", "criterion": "Weighs one perspective", "points": 3}]


def rubric_cell(qid: str, criteria: list[dict], table: bool = True) -> nbformat.NotebookNode:
    shown = exercises.rubric_table(criteria) if table else "(a table)"
    return new_markdown_cell(f"### Rubric for {qid.upper()}\n\n{shown}",
                             metadata={"shared_future": {"question": qid, "role": "rubric", "criteria": criteria}})


def solutions_with(*cells) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_code_cell("import x", metadata={"shared_future": {"role": "setup"}}), *cells])


@pytest.fixture
def solutions_dir(tmp_path):
    folder = tmp_path / "solutions"
    folder.mkdir()
    return folder


def test_rubrics_reads_each_written_question_from_the_solution_notebook(solutions_dir):
    other = [{"id": "c1", "criterion": "Orders the milestones", "points": 4}]
    nbformat.write(solutions_with(rubric_cell("q7", CRITERIA), new_markdown_cell("## Q8"), rubric_cell("q8", other)),
                   solutions_dir / "03_topic.ipynb")
    assert exercises.rubrics("3", solutions_dir) == {"q7": CRITERIA, "q8": other}
    assert exercises.rubrics(3, solutions_dir)["q7"] is not CRITERIA  # a copy: a caller cannot edit the notebook


def test_an_exercise_without_written_questions_has_no_rubrics(solutions_dir):
    nbformat.write(solutions_with(new_markdown_cell("## Q1")), solutions_dir / "01_topic.ipynb")
    assert exercises.rubrics("01", solutions_dir) == {}
    with pytest.raises(exercises.UnknownExercise, match="There is no exercise '02'; the exercises are: 01"):
        exercises.rubrics("02", solutions_dir)


@pytest.mark.parametrize(("criteria", "reason"), [
    ([], "non-empty list"),
    ([{"id": "c1", "criterion": "x"}], "exactly the keys"),
    ([{"id": "c1", "criterion": "x", "points": 0}], "whole number of points"),
    ([{"id": "c1", "criterion": "x", "points": 1.5}], "whole number of points"),
    ([{"id": "c1", "criterion": "x", "points": 1}, {"id": "c1", "criterion": "y", "points": 1}], "share an id"),
])
def test_unusable_rubrics_are_refused_with_the_question_named(criteria, reason):
    with pytest.raises(exercises.RubricError, match=f"^q7: .*{reason}"):
        exercises.notebook_rubrics(solutions_with(rubric_cell("q7", criteria, table=False)))


def test_two_rubrics_for_one_question_are_refused():
    with pytest.raises(exercises.RubricError, match="of its own"):
        exercises.notebook_rubrics(solutions_with(rubric_cell("q7", CRITERIA), rubric_cell("q7", CRITERIA)))


def test_rubric_table_shows_every_criterion_and_the_total():
    table = exercises.rubric_table(CRITERIA).split("\n")
    assert table[2:] == ["| c1 | Attributes each framing to its author | 2 |", "| c2 | Cites two passages | 1 |",
                         "| c3 | Weighs one perspective | 3 |", "| | **total** | **6** |"]


def test_a_markdown_cell_without_the_rubric_role_is_not_a_rubric():
    cell = new_markdown_cell("x", metadata={"shared_future": {"question": "q7"}})
    assert not exercises.is_rubric(cell)
    assert not exercises.is_rubric(new_code_cell("x", metadata={"shared_future": {"question": "q7", "role": "rubric"}}))


# --- the learner's check --------------------------------------------------------------------------

def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_written_check_is_worth_nothing_and_reports_the_length(capsys):
    registry: dict[str, int] = {}
    q7 = written(registry, "q7")
    assert registry == {"q7": 0} and q7.__name__ == "q7"
    q7(words(150))
    q7(f"  {words(250)}\n")
    assert capsys.readouterr().out.split("\n")[:2] == [
        "Q7: submitted (150 words). Your instructor marks it with the rubric above.",
        "Q7: submitted (250 words). Your instructor marks it with the rubric above."]


@pytest.mark.parametrize(("answer", "message"), [
    (..., "Q7: not answered yet"),
    ("...", "Q7: not answered yet"),
    ('   ', "Q7: not answered yet"),
    (None, "Q7: not answered yet"),
    (149, "Q7: expects text (a string between triple quotes), got a number."),
    (["a", "b"], "Q7: expects text (a string between triple quotes), got a list of 2 items."),
    (words(149), "Q7: is 149 words long; write 150 to 250. Hint: the rubric above says what a full response covers."),
    (words(251), "Q7: is 251 words long; write 150 to 250."),
    ("one", "Q7: is 1 word long;"),
])
def test_written_check_fails_a_missing_or_badly_sized_response(answer, message):
    with pytest.raises(CheckError) as caught:
        written({}, "q7")(answer)
    assert str(caught.value).startswith(message)


def test_written_bounds_can_be_set_per_question():
    written({}, "q2", bounds=(3, 5))(words(4))
    with pytest.raises(CheckError, match="write 3 to 5"):
        written({}, "q2", bounds=(3, 5))(words(6))
