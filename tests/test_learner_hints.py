"""A check cell run before its answer cell says "run the answer cell above first", not a NameError traceback."""
import nbformat
from nbclient import NotebookClient

from shared_future import learner_hints


def test_only_a_missing_answer_name_gets_the_hint():
    assert "run the answer cell above first" in learner_hints.hint_for(NameError("x", name="q3"))
    assert learner_hints.hint_for(NameError("x", name="longest_row")) is None
    assert learner_hints.hint_for(KeyError("q3")) is None


def test_in_a_kernel_the_check_cell_prints_the_hint_and_other_errors_keep_their_traceback():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from shared_future.checks import ex01 as check"),
        nbformat.v4.new_code_cell("check.q1(q1)"),
        nbformat.v4.new_code_cell("undefined_thing"),
        nbformat.v4.new_code_cell("q4 = q2 * 2"),  # an answer cell: its error stays an error
    ])
    NotebookClient(notebook, allow_errors=True, kernel_name="python3", timeout=120).execute()
    hint, other = notebook.cells[1].outputs, notebook.cells[2].outputs
    assert [o.get("text", "") for o in hint] == [learner_hints.hint_for(NameError("", name="q1")) + "\n"]
    assert other[0]["output_type"] == "error" and other[0]["ename"] == "NameError"
    assert notebook.cells[3].outputs[0]["output_type"] == "error"
