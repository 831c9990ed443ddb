"""Write the learner's version of each exercise: `python -m shared_future.release [NN ...] [--check]`.

An exercise has one source, `exercises/solutions/NN_<topic>.ipynb`, whose answer cells hold the
solution between `### BEGIN SOLUTION` and `### END SOLUTION`. The learner's version
`exercises/NN_<topic>_exercise.ipynb` is generated from it, never edited by hand: each solution block
becomes the placeholder `qN = ...`, and outputs and execution counts are cleared. The output is
the same bytes on every run, so the learner's versions can be committed and a test can prove they
equal a fresh release; `--check` lists the stale ones and writes nothing.

A solution notebook whose markers are unbalanced, or an answer cell without markers, is refused:
either would publish a solution, or a cell with nothing for the learner to do.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

from . import exercises

# What JupyterLab writes into a notebook when its kernel starts: a notebook that already holds it
# opens without "unsaved changes". (The Python version is the course environment's; under another
# version Lab still rewrites `language_info`.)
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                      "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                      "pygments_lexer": "ipython3", "version": "3.11.7"},
}
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "# your answer here"


class ReleaseError(ValueError):
    """A solution notebook that cannot be released safely; the message says which cell and why."""


def stub_answer(source: str, qid: str, where: str) -> str:
    """The answer cell's source with each solution block replaced by `# your answer here` / `qN = ...`.

    Lines outside the markers (a comment, a `display(...)`) are kept, and the placeholder keeps
    the indentation of its `### BEGIN SOLUTION` line.
    """
    kept: list[str] = []
    inside = found = False
    for line in source.split("\n"):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ReleaseError(f"{where}: a second `{BEGIN}` before the `{END}` of the first")
            inside = found = True
            indent = line[: len(line) - len(line.lstrip())]
            kept += [indent + STUB, f"{indent}{qid} = ..."]
        elif marker == END:
            if not inside:
                raise ReleaseError(f"{where}: `{END}` without a `{BEGIN}` before it")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ReleaseError(f"{where}: `{BEGIN}` is never closed by `{END}`")
    if not found:
        raise ReleaseError(f"{where}: an answer cell must hold its solution between `{BEGIN}` and `{END}`")
    return "\n".join(kept)


def blank_name(source: str) -> str:
    """The first cell's `STUDENT = "..."` with the name left for the learner to type: the solution's name seeds its key."""
    return re.sub(r'^STUDENT = .*$', 'STUDENT = ""', source, flags=re.M)


def _has_marker(source: str) -> bool:
    return any(line.strip() in (BEGIN, END) for line in source.split("\n"))


def learner_notebook(solution: nbformat.NotebookNode, name: str = "solution") -> nbformat.NotebookNode:
    """The learner's version of a solution notebook: solutions stubbed, outputs cleared, and the
    kernel metadata JupyterLab writes.

    In a notebook format that has cell ids (4.5 and later), a cell without one gets one from its
    position, so that the result never depends on nbformat inventing random ids.
    """
    notebook = copy.deepcopy(solution)
    notebook.metadata.update(copy.deepcopy(KERNEL_METADATA))
    for index, cell in enumerate(notebook.cells):
        where = f"{name}, cell {index + 1}"
        if (notebook.nbformat, notebook.nbformat_minor) >= (4, 5):
            cell.setdefault("id", f"cell-{index}")
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if exercises.role(cell) == "answer":
            qid = exercises.tag(cell).get("question")
            if not qid:
                raise ReleaseError(f"{where}: an answer cell needs a `question` id in its metadata")
            cell.source = stub_answer(cell.source, qid, where)
        elif exercises.role(cell) == "student":
            cell.source = blank_name(cell.source)
        elif _has_marker(cell.source):
            raise ReleaseError(f"{where}: solution markers in a cell whose role is not `answer`")
    return notebook


def render(notebook: nbformat.NotebookNode) -> bytes:
    """A notebook as bytes, the way JupyterLab saves it (sorted keys, one-space indent, final newline)."""
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def release_bytes(solution: Path) -> bytes:
    """What the learner's version of `solution` should contain."""
    return render(learner_notebook(nbformat.read(solution, as_version=4), solution.name))


def stale(solutions: list[Path]) -> dict[Path, bytes]:
    """Learner's version → its fresh content, for each one that is missing or differs from a release."""
    fresh = {exercises.learner_path(s): release_bytes(s) for s in solutions}
    return {path: content for path, content in fresh.items() if not path.exists() or path.read_bytes() != content}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared_future.release", description=__doc__.split("\n")[0])
    parser.add_argument("numbers", nargs="*", help="exercise numbers, e.g. 01 03 (default: all)")
    parser.add_argument("--check", action="store_true", help="list stale learner's versions; write nothing")
    args = parser.parse_args(argv)
    try:
        outdated = stale([exercises.solution_path(n) for n in args.numbers or exercises.numbers()])
    except exercises.UnknownExercise as err:
        print(err, file=sys.stderr)
        return 2
    except ReleaseError as err:
        print(f"refused: {err}", file=sys.stderr)
        return 1
    for path, content in outdated.items():
        shown = path.relative_to(exercises.ROOT)
        if args.check:
            print(f"stale: {shown} (run `python -m shared_future.release {path.name[:2]}`)")
        else:
            path.write_bytes(content)
            print(f"wrote {shown}")
    if args.check:
        print(f"{len(outdated)} stale" if outdated else "all learner's versions are up to date")
        return 1 if outdated else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
