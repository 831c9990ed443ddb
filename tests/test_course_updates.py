"""Work that survives a course update: the instructor fixes notebook 02 and publishes a new student
edition while three students have their copies; each clicks the class link again (nbgitpuller's
pull, the code the hub's `git-pull` page runs) and nothing of theirs is lost.

- ada changed the same notebook: she rewrote the cell the instructor fixed and added a cell of notes;
- bob changed another notebook (03);
- cy changed nothing.

nbgitpuller commits the student's changes and merges the new edition with git's `-Xours`: where the
student and the instructor changed the same lines the student's version stays, every other change of
the instructor's arrives. The test reads what each student then has, as JupyterLab would open it.
"""
from __future__ import annotations

import nbformat
import pytest

from shared_future import student

NOTEBOOK = "notebooks/02_community_with_a_shared_future.ipynb"
OTHER = "notebooks/03_diplomacy_and_partnerships.ipynb"


def _markdown_cells(nb) -> list[int]:
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


@pytest.fixture
def published(tmp_path):
    """The student edition in the instructor's published repository, as the class link fetches it."""
    repo = tmp_path / "published"
    student.write_folder(repo)
    for args in (["init", "-q", "-b", "student"], ["add", "-A"], ["commit", "-q", "-m", "edition 1"]):
        student._git(*args, env=student.AUTHOR, repo=repo)
    return repo


def pull(repo, home):
    from nbgitpuller.pull import GitPuller

    copy = home / "shared-future-notebooks"
    for _line in GitPuller(f"file://{repo}", str(copy), branch="student").pull():
        pass
    return copy


def test_an_update_reaches_every_student_and_keeps_their_work(published, tmp_path):
    copies = {name: pull(published, tmp_path / name) for name in ("ada", "bob", "cy")}
    nb = nbformat.read(published / NOTEBOOK, as_version=4)
    shared_cell, other_cell = _markdown_cells(nb)[1], _markdown_cells(nb)[-1]

    # the students work
    ada = nbformat.read(copies["ada"] / NOTEBOOK, as_version=4)
    ada.cells[shared_cell].source = "My own summary of this section, in my words."
    ada.cells.append(nbformat.v4.new_markdown_cell("My notes for the seminar."))
    nbformat.write(ada, copies["ada"] / NOTEBOOK)
    bob = nbformat.read(copies["bob"] / OTHER, as_version=4)
    bob.cells.append(nbformat.v4.new_code_cell("bob_answer = 42"))
    nbformat.write(bob, copies["bob"] / OTHER)

    # the instructor fixes two cells of notebook 02 and publishes the new edition
    fixed = {shared_cell: nb.cells[shared_cell].source + "\n\nCorrection: paragraph numbers follow the text.",
             other_cell: nb.cells[other_cell].source + "\n\nCorrection: see notebook 03 next."}
    for index, source in fixed.items():
        nb.cells[index].source = source
    nbformat.write(nb, published / NOTEBOOK)
    student._git("commit", "-q", "-am", "edition 2: fix notebook 02", env=student.AUTHOR, repo=published)

    seen = {}
    for name, copy in copies.items():
        pull(published, tmp_path / name)
        notebooks = {path: nbformat.read(copy / path, as_version=4) for path in (NOTEBOOK, OTHER)}
        for opened in notebooks.values():
            nbformat.validate(opened)  # JupyterLab opens it: the merge left valid notebooks
        seen[name] = notebooks
        assert not list(copy.rglob("*__20*")), "nothing renamed aside"

    ada = seen["ada"][NOTEBOOK]
    assert ada.cells[shared_cell].source == "My own summary of this section, in my words.", "her rewrite stays"
    assert ada.cells[other_cell].source == fixed[other_cell], "the fix she did not touch arrives"
    assert ada.cells[-1].source == "My notes for the seminar.", "her added cell stays"
    for name in ("bob", "cy"):
        assert [seen[name][NOTEBOOK].cells[i].source for i in fixed] == list(fixed.values()), name
    assert seen["bob"][OTHER].cells[-1].source == "bob_answer = 42", "bob's work in another notebook stays"
    assert seen["cy"][OTHER] == nbformat.read(published / OTHER, as_version=4), "cy has the edition as published"
