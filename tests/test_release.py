"""The learner's versions: a fresh release byte for byte, with no solution in them, and under nbval
every check fails with "not answered yet" while the solution notebook passes."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from shared_future import exercises, release

SOLUTIONS = [exercises.solution_path(number) for number in exercises.numbers()]


def by_name(path):
    return path.name


def solution_lines(notebook: nbformat.NotebookNode) -> set[str]:
    """Every non-blank line written between the solution markers."""
    lines, inside = set(), False
    for cell in notebook.cells:
        for line in cell.source.split("\n"):
            if line.strip() in (release.BEGIN, release.END):
                inside = line.strip() == release.BEGIN
            elif inside and line.strip():
                lines.add(line.strip())
    return lines


@pytest.mark.parametrize("solution", SOLUTIONS, ids=by_name)
def test_committed_learner_version_equals_a_fresh_release(solution):
    assert exercises.learner_path(solution).read_bytes() == release.release_bytes(solution), \
        f"run `python -m shared_future.release {solution.name[:2]}`"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=by_name)
def test_learner_version_hides_every_solution_line(solution):
    source = nbformat.read(solution, as_version=4)
    learner = nbformat.read(exercises.learner_path(solution), as_version=4)
    hidden = solution_lines(source)
    assert hidden
    assert not hidden & {line.strip() for cell in learner.cells for line in cell.source.split("\n")}
    for theirs, ours in zip(learner.cells, source.cells, strict=True):
        assert theirs.metadata == ours.metadata
        if exercises.role(theirs) == "answer":
            assert theirs.source == f"{release.STUB}\n{exercises.tag(theirs)['question']} = ..."
        elif exercises.role(theirs) == "student":  # the solution's name seeds its key; the learner types theirs
            assert 'STUDENT = ""' in theirs.source.split("\n") and theirs.source == release.blank_name(ours.source)
        else:
            assert theirs.source == ours.source
        if theirs.cell_type == "code":
            assert theirs.outputs == [] and theirs.execution_count is None


@pytest.mark.parametrize("solution", SOLUTIONS, ids=by_name)
def test_solution_notebook_agrees_with_its_checks(solution):
    """The learner's name, then the setup; per question one answer cell (after a cell that shows the items of
    an understanding question drawn from a pool), then one check cell `check.qN(qN)`; the points match QUESTIONS."""
    notebook = nbformat.read(solution, as_version=4)
    module = exercises.checks_module(solution.name[:2])
    assert exercises.question_points(notebook) == module.QUESTIONS
    code = [c for c in notebook.cells if c.cell_type == "code"]
    roles = [(exercises.role(c), exercises.tag(c).get("question")) for c in code]
    pooled = [qid for qid in module.QUESTIONS if hasattr(getattr(module, qid), "pool")]
    expected = [("student", None), ("setup", None)] + [
        (role, qid) for qid in exercises.question_points(notebook)
        for role in (("", "answer", "check") if qid in pooled else ("answer", "check"))]
    assert [(role, None if role == "" else qid) for role, qid in roles] == [
        (role, None if role == "" else qid) for role, qid in expected]
    shows = [c.source for c in code if exercises.role(c) == ""]
    assert shows == [f"check.{qid}.show()" for qid in pooled]
    checks = [c.source for c in notebook.cells if exercises.role(c) == "check"]
    assert checks == [f"check.{qid}({qid})" for qid in exercises.question_points(notebook)]
    assert notebook.metadata.kernelspec.name == "python3" and (notebook.nbformat, notebook.nbformat_minor) == (4, 5)


def test_check_mode_writes_nothing_and_finds_stale_versions(tmp_path, capsys):
    before = {path: path.read_bytes() for path in exercises.EXERCISES_DIR.glob("*.ipynb")}
    assert release.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert {path: path.read_bytes() for path in exercises.EXERCISES_DIR.glob("*.ipynb")} == before

    solution = tmp_path / "exercises" / "solutions" / SOLUTIONS[0].name
    solution.parent.mkdir(parents=True)
    solution.write_bytes(SOLUTIONS[0].read_bytes())
    learner = tmp_path / "exercises" / f"{SOLUTIONS[0].stem}_exercise.ipynb"  # never the notebook's own name: tabs differ
    assert list(release.stale([solution])) == [learner]
    learner.write_bytes(release.stale([solution])[learner])
    assert release.stale([solution]) == {}
    learner.write_bytes(learner.read_bytes().replace(b"q1 = ...", b"q1 = 1"))
    assert list(release.stale([solution])) == [learner]


def test_stub_keeps_the_lines_around_the_markers_and_their_indentation():
    source = "# Q1\nif True:\n    ### BEGIN SOLUTION\n    q1 = 2\n    ### END SOLUTION\nprint(q1)"
    assert release.stub_answer(source, "q1", "here") == "# Q1\nif True:\n    # your answer here\n    q1 = ...\nprint(q1)"


def notebook_with(source: str, *, role: str = "answer", question: str | None = "q1") -> nbformat.NotebookNode:
    tag = {"role": role} | ({"question": question} if question else {})
    return new_notebook(cells=[new_code_cell("import x", id="setup", metadata={"shared_future": {"role": "setup"}}),
                               new_code_cell(source, id="answer", metadata={"shared_future": tag})])


@pytest.mark.parametrize(("notebook", "reason"), [
    (notebook_with("### BEGIN SOLUTION\nq1 = 1"), "is never closed"),
    (notebook_with("q1 = 1\n### END SOLUTION"), "without a `### BEGIN SOLUTION` before it"),
    (notebook_with("### BEGIN SOLUTION\n### BEGIN SOLUTION\nq1 = 1\n### END SOLUTION"), "a second `### BEGIN SOLUTION`"),
    (notebook_with("q1 = 1"), "must hold its solution between"),
    (notebook_with("### BEGIN SOLUTION\nq1 = 1\n### END SOLUTION", question=None), "needs a `question` id"),
    (notebook_with("### BEGIN SOLUTION\nq1 = 1\n### END SOLUTION", role="check"), "whose role is not `answer`"),
])
def test_unsafe_solution_notebooks_are_refused(notebook, reason):
    with pytest.raises(release.ReleaseError, match="^x.ipynb, cell 2: .*" + reason.replace("(", r"\(")):
        release.learner_notebook(notebook, "x.ipynb")


def test_cells_without_ids_get_stable_ones():
    notebook = notebook_with("### BEGIN SOLUTION\nq1 = 1\n### END SOLUTION")
    for cell in notebook.cells:
        del cell["id"]
    first = release.render(release.learner_notebook(notebook))
    assert first == release.render(release.learner_notebook(notebook)) and b'"id": "cell-1"' in first


def test_command_refuses_with_a_message_and_writes_nothing(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "exercises" / "solutions" / "01_broken.ipynb"
    broken.parent.mkdir(parents=True)
    nbformat.write(notebook_with("### BEGIN SOLUTION\nq1 = 1"), broken)
    monkeypatch.setattr(exercises, "solution_path", lambda number: broken)
    assert release.main(["01"]) == 1
    assert "refused: 01_broken.ipynb, cell 2: `### BEGIN SOLUTION` is never closed" in capsys.readouterr().err
    assert not exercises.learner_path(broken).exists()
    monkeypatch.undo()
    assert release.main(["99"]) == 2
    assert "There is no exercise '99'; the exercises are: 01" in capsys.readouterr().err


def test_under_nbval_every_learner_check_fails_unanswered_and_the_solution_passes(tmp_path):
    """The learner's own command, run on both notebooks: one item per question, graded as the
    instructor grades (the score-card plugin); the report is plain text (no ANSI codes)."""
    learners = [exercises.learner_path(s) for s in SOLUTIONS]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", *map(str, learners + SOLUTIONS), "-p", "no:cacheprovider",
         "-p", "no:randomly", "--color=no", f"--junitxml={tmp_path / 'report.xml'}"],
        cwd=exercises.ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert "\x1b" not in run.stdout and "#x1B" not in (tmp_path / "report.xml").read_text()
    cases = list(ET.parse(tmp_path / "report.xml").iter("testcase"))
    for learner, solution in zip(learners, SOLUTIONS):
        questions = [qid.upper() for qid in exercises.question_points(nbformat.read(learner, as_version=4))]
        mine = [case for case in cases if case.get("classname").endswith(learner.name) and ".solutions." not in case.get("classname")]
        assert [case.get("name") for case in mine] == questions
        for case in mine:
            assert case.find("failure").text == f"{case.get('name')}: not answered yet — replace `...` with your answer."
        theirs = [case for case in cases if ".solutions." in case.get("classname") and case.get("classname").endswith(solution.name)]
        assert theirs and all(len(case) == 0 for case in theirs), run.stdout[-3000:]


def test_every_notebook_holds_the_kernel_metadata_lab_writes_and_exercises_say_how_to_hand_in():
    import json

    for path in sorted((exercises.ROOT / "notebooks").glob("*.ipynb")) + sorted(exercises.ROOT.glob("exercises/*.ipynb")):
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        for key, value in release.KERNEL_METADATA.items():
            assert metadata[key] == value, f"{path.name}: {key} differs from what JupyterLab writes"
    for number in exercises.numbers():
        learner = nbformat.read(exercises.learner_path(exercises.solution_path(number)), as_version=4)
        assert "**Hand it in.**" in learner.cells[0].source and learner.cells[0].source.count("Hand it in") == 1


def test_exercises_holds_only_the_learners_versions_of_the_solutions():
    """No stray notebook beside them: a copy under an old name (NN_<topic>.ipynb, before the rename
    to NN_<topic>_exercise.ipynb) would be graded twice by `pytest --nbval-lax exercises/NN_*.ipynb`."""
    shown = sorted(path.name for path in exercises.EXERCISES_DIR.glob("*.ipynb"))
    assert shown == sorted(f"{path.stem}_exercise.ipynb" for path in SOLUTIONS)
