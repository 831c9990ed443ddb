"""Submissions: find them, read them (never run them), and build each one's graded copy.

A learner's notebook is not run as it is. Its *graded copy* is the instructor's notebook (the
released learner's version, so the setup is the instructor's) with the learner's answer cells
put in, and each check cell replaced by a cell that hands the answer out of the kernel as plain
data (`answers.save`); the checks themselves run later, outside the kernel. Answer cells are found
by their metadata (`{"shared_future": {"question": "q1", "role": "answer"}}`), or, when a learner's
tool lost it, as the last code cell that assigns `q1 = ...`. So editing a check cell, breaking
the setup or adding cells changes nothing: code outside the answer cells is not graded. The
learner's score card uses the same copy, and `learner_warnings` tells the learner when their work
relies on a cell the grader will not run.
"""
from __future__ import annotations

import ast
import builtins
import copy
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import exercises, release

MAX_BYTES = 50_000_000  # a notebook larger than this is not an exercise submission


class NotANotebook(ValueError):
    """A file in the submissions folder that cannot be graded as a notebook; the message says why."""


@dataclass(frozen=True)
class Exercise:
    """What grading needs to know about one exercise: its notebook, points, written questions and rubrics."""

    number: str
    notebook: nbformat.NotebookNode  # the learner's version: instructor's setup and checks, stub answers
    points: dict[str, int]
    written: tuple[str, ...] = ()
    rubrics: dict | None = None

    @classmethod
    def load(cls, number: str | int) -> Exercise:
        """Exercise `number` from its solution notebook and its `checks/exNN.py`, which must agree.

        In a student edition, which has no solutions, from the released learner's version it carries.
        """
        try:
            solution = exercises.solution_path(number)
            notebook = release.learner_notebook(nbformat.read(solution, as_version=4), solution.name)
        except exercises.UnknownExercise:
            if not exercises.RELEASED_DIR.is_dir():
                raise
            solution = exercises.released_path(number)
            notebook = nbformat.read(solution, as_version=4)
        points = dict(exercises.checks_module(solution.name[:2]).QUESTIONS)
        if exercises.question_points(notebook) != points:
            raise ValueError(f"{solution.name} and checks/ex{solution.name[:2]}.py disagree on the questions "
                             f"or their points: {exercises.question_points(notebook)} vs {points}")
        written = tuple(exercises.tag(c)["question"] for c in notebook.cells
                        if exercises.role(c) == "check" and exercises.tag(c).get("kind") == "written")
        return cls(solution.name[:2], notebook, points, written, exercises.notebook_rubrics(notebook))

    def max_points(self, qid: str) -> int:
        """A question's points: its check's, or for a written question the sum of its rubric's criteria."""
        if qid in self.written and self.rubrics and qid in self.rubrics:
            return sum(criterion["points"] for criterion in self.rubrics[qid])
        return self.points[qid]


def find_submissions(folder: Path) -> dict[str, Path]:
    """Student → file for every file whose name contains ".ipynb" (any case; "x.ipynb.txt" too).

    The student is the name up to ".ipynb"; where two files give the same student, the full file
    names are used instead, so no submission hides another.
    """
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith(".") and ".ipynb" in p.name.lower())
    stems = [p.name[: p.name.lower().index(".ipynb")] or p.name for p in files]
    return {(stem if stems.count(stem) == 1 else p.name): p for stem, p in zip(stems, files)}


def read_submission(path: Path) -> nbformat.NotebookNode:
    """The submission as a v4 notebook, or NotANotebook saying what it is instead."""
    if path.stat().st_size > MAX_BYTES:
        raise NotANotebook(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        content = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise NotANotebook("not a notebook: the file is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as err:
        reason = f"{err.msg} at line {err.lineno}" if isinstance(err, json.JSONDecodeError) else "nested too deeply"
        raise NotANotebook(f"not a notebook: the file is not JSON ({reason})") from None
    if not isinstance(content, dict) or not ("cells" in content or "worksheets" in content):
        raise NotANotebook("not a notebook: the file is JSON but has no notebook cells")
    try:
        with warnings.catch_warnings():  # nbformat's notes on duplicate cell ids and the like are not the learner's problem
            warnings.simplefilter("ignore")
            return nbformat.reads(json.dumps(content), as_version=4)
    except Exception as err:  # nbformat raises many kinds; each means "not a notebook it can read"
        raise NotANotebook(f"not a notebook: nbformat cannot read it ({type(err).__name__})") from None


def _code(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.get("cell_type") == "code" and isinstance(cell.get("source"), str)]


def _assigns(source: str, qid: str) -> bool:
    return re.search(rf"^{qid}\s*=(?!=)", source, re.M) is not None


def submitted_answers(submission: nbformat.NotebookNode, qids: list[str]) -> dict[str, str]:
    """Question id → the source of the learner's answer cell (the last one, as "Run all" would leave it)."""
    code = _code(submission)
    answers = {exercises.tag(c)["question"]: c.source for c in code
               if exercises.role(c) == "answer" and exercises.tag(c).get("question") in qids}
    for qid in set(qids) - set(answers):
        assigning = [c for c in code if exercises.role(c) != "check" and _assigns(c.source, qid)]
        if assigning:
            answers[qid] = assigning[-1].source
    return answers


def save_source(qid: str, folder: str) -> str:
    """The cell that takes a check cell's place in the graded copy: it hands `qid` out as plain data."""
    return f'__import__("shared_future.grading.answers", fromlist=["save"]).save({qid!r}, globals(), {folder!r})'


def graded_copy(exercise: Exercise, submission: nbformat.NotebookNode, answers_dir: str) -> nbformat.NotebookNode:
    """The instructor's notebook with the learner's answers in its answer cells, and check cells that save them."""
    notebook = copy.deepcopy(exercise.notebook)
    answers = submitted_answers(submission, list(exercise.points))
    for cell in notebook.cells:
        qid = exercises.tag(cell).get("question")
        if exercises.role(cell) == "answer" and qid in answers:
            cell.source = answers[qid]
        elif exercises.role(cell) == "check":
            cell.source = save_source(qid, answers_dir)
    return notebook


# --- what a learner should be told before grading ------------------------------------------------

def _nodes(source: str) -> list[ast.AST]:
    """Every node of a cell's code; none for code that does not parse (the run will say why)."""
    try:
        return list(ast.walk(ast.parse(source)))
    except SyntaxError:
        return []


def _defined(source: str) -> set[str]:
    """Names a cell defines (assignments, imports, functions, classes, loop and `with` targets)."""
    names = set()
    for node in _nodes(source):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _used(source: str) -> set[str]:
    return {node.id for node in _nodes(source) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def learner_warnings(exercise: Exercise, submission: nbformat.NotebookNode) -> list[str]:
    """What in the learner's notebook the grade will not see: duplicated question tags, names from other cells."""
    qids = list(exercise.points)
    code = _code(submission)
    warnings = []
    for qid in qids:
        tagged = [n for n, c in enumerate(code) if exercises.role(c) == "answer" and exercises.tag(c).get("question") == qid]
        if len(tagged) > 1:
            warnings.append(f"{qid.upper()}: {len(tagged)} cells are marked as its answer cell; only the last one is graded "
                            f"(code cell {tagged[-1] + 1}, as Run All would leave `{qid}`)")
    answers = submitted_answers(submission, qids)
    graded_sources = [c.source for c in _code(exercise.notebook) if exercises.role(c) == "setup"] + list(answers.values())
    known = set(dir(builtins)) | {name for source in graded_sources for name in _defined(source)}
    elsewhere: dict[str, int] = {}
    for number, cell in enumerate(code):
        if cell.source not in answers.values() and exercises.role(cell) not in ("setup", "check"):
            for name in _defined(cell.source) - known:
                elsewhere.setdefault(name, number + 1)
    for qid, source in answers.items():
        for name in sorted(_used(source) & set(elsewhere)):
            warnings.append(f"{qid.upper()}: the answer uses `{name}`, which is defined only in code cell "
                            f"{elsewhere[name]}, outside the answer cells; grading does not run that cell, so move it into the answer")
    return warnings
