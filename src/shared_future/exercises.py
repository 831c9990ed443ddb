"""Where the exercise notebooks live, and how their cells say what they are.

An exercise has one source, `exercises/solutions/NN_<topic>.ipynb`. Its cells carry
`{"shared_future": {"question": "q1", "role": "answer"}}` in their metadata (roles: `setup`,
`answer`, `check`; a check also carries its `points` and its `kind`), so that the release command
can find the solutions to hide and the grader can put a learner's answers into the instructor's
notebook, whatever the learner did to the rest of it. Release and grading both read these rules
from here.

Written responses
-----------------
A written question (`"kind": "written"` on its answer and check cells) is marked by the
instructor, not by code: its check cell is worth 0 points and only says whether the response is
there and long enough. Its points are in its *rubric*, a markdown cell of the solution notebook
with metadata ``{"shared_future": {"question": "q7", "role": "rubric", "criteria": [{"id": "c1",
"criterion": "...", "points": 2}, ...]}}`` whose text shows the same criteria (`rubric_table`).
Release keeps the rubric in the learner's version, so learners see how they are marked;
`rubrics(number)` gives the instructor's grader each question's criteria.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import nbformat

from .data import ROOT

EXERCISES_DIR = ROOT / "exercises"
SOLUTIONS_DIR = EXERCISES_DIR / "solutions"
# The student edition has no solutions. It carries instead each exercise's released learner's version
# here, inside the package, where a learner does not edit it: the learner's score card then grades
# with the instructor's setup and checks, as the class grader does (`python -m shared_future.student`).
RELEASED_DIR = Path(__file__).parent / "released"
METADATA_KEY = "shared_future"


class UnknownExercise(ValueError):
    """An exercise number with no solution notebook: the message lists the ones there are."""


def numbers(solutions_dir: Path = SOLUTIONS_DIR) -> list[str]:
    """The exercise numbers that have a solution notebook, "01", "02", ..."""
    return sorted(path.name[:2] for path in solutions_dir.glob("[0-9][0-9]_*.ipynb"))


def solution_path(number: str | int, solutions_dir: Path = SOLUTIONS_DIR) -> Path:
    """The solution notebook of exercise `number` (1, "1" and "01" all name exercise 01)."""
    number = str(number).zfill(2)
    found = sorted(solutions_dir.glob(f"{number}_*.ipynb"))
    if len(found) != 1:
        known = ", ".join(numbers(solutions_dir)) or "none"
        raise UnknownExercise(f"There is no exercise {number!r}; the exercises are: {known}.")
    return found[0]


def released_path(number: str | int) -> Path:
    """The pristine learner's version of exercise `number` that a student edition carries."""
    return solution_path(number, RELEASED_DIR)


LEARNER_SUFFIX = "_exercise"


def learner_path(solution: Path) -> Path:
    """Where the learner's version of a solution notebook goes: `exercises/NN_<topic>_exercise.ipynb`.

    Not the notebook's own name, `NN_<topic>.ipynb`: JupyterLab titles a tab with the file name only
    (it has no setting to show the folder), so the exercise and its notebook, open side by side,
    would be two tabs of the same name."""
    return solution.parent.parent / f"{solution.stem}{LEARNER_SUFFIX}{solution.suffix}"


def checks_module(number: str | int) -> ModuleType:
    """`shared_future.checks.exNN`, whose `QUESTIONS` gives each question's points."""
    name = f"shared_future.checks.ex{str(number).zfill(2)}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        raise UnknownExercise(f"Exercise {str(number).zfill(2)} has no checks yet (no module {name}).") from None


def tag(cell: nbformat.NotebookNode) -> dict:
    """The cell's course metadata, e.g. {"question": "q1", "role": "answer"}; {} when it has none."""
    value = cell.get("metadata", {}).get(METADATA_KEY, {})
    return value if isinstance(value, dict) else {}


def role(cell: nbformat.NotebookNode) -> str:
    """"setup", "answer", "check", or "" for a code cell the course does not mark (and for markdown)."""
    return tag(cell).get("role", "") if cell.get("cell_type") == "code" else ""


def is_rubric(cell: nbformat.NotebookNode) -> bool:
    """Whether the cell is a written question's rubric (a markdown cell with `"role": "rubric"`)."""
    return cell.get("cell_type") == "markdown" and tag(cell).get("role") == "rubric"


def question_points(notebook: nbformat.NotebookNode) -> dict[str, int]:
    """Question id → points, as the notebook's check cells declare them, in notebook order."""
    return {tag(cell)["question"]: tag(cell)["points"] for cell in notebook.cells if role(cell) == "check"}


class RubricError(ValueError):
    """A rubric cell whose criteria cannot be used for marking; the message names the question and why."""


def _criteria(cell: nbformat.NotebookNode) -> list[dict]:
    """A rubric cell's criteria, each {"id", "criterion", "points"}, checked so that marking can rely on them."""
    qid = tag(cell).get("question", "?")
    criteria = tag(cell).get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise RubricError(f"{qid}: a rubric needs a non-empty list of `criteria`")
    for criterion in criteria:
        if not isinstance(criterion, dict) or set(criterion) != {"id", "criterion", "points"}:
            raise RubricError(f"{qid}: each criterion has exactly the keys `id`, `criterion` and `points`")
        if not isinstance(criterion["points"], int) or isinstance(criterion["points"], bool) or criterion["points"] < 1:
            raise RubricError(f"{qid}: criterion {criterion['id']!r} needs a whole number of points, 1 or more")
    ids = [criterion["id"] for criterion in criteria]
    if len(set(ids)) != len(ids):
        raise RubricError(f"{qid}: two criteria share an id")
    return [dict(criterion) for criterion in criteria]


def notebook_rubrics(notebook: nbformat.NotebookNode) -> dict[str, list[dict]]:
    """Question id → its rubric's criteria, for every rubric cell of `notebook`, in notebook order."""
    found: dict[str, list[dict]] = {}
    for cell in notebook.cells:
        if is_rubric(cell):
            qid = tag(cell).get("question")
            if not qid or qid in found:
                raise RubricError(f"a rubric cell needs a `question` id of its own (got {qid!r})")
            found[qid] = _criteria(cell)
    return found


def rubrics(number: str | int, solutions_dir: Path = SOLUTIONS_DIR) -> dict[str, list[dict]]:
    """Question id → list of criteria ({"id", "criterion", "points"}) of exercise `number`'s written questions.

    Read from the solution notebook, the exercise's one source, so that the instructor's grader
    marks with the rubric the learner was shown.
    """
    return notebook_rubrics(nbformat.read(solution_path(number, solutions_dir), as_version=4))


def rubric_table(criteria: list[dict]) -> str:
    """The rubric as the learner reads it: a markdown table of criteria and points, with the total.

    A rubric cell's text ends with this table, so the criteria shown and the criteria marked are
    the same (a test compares them).
    """
    rows = [f"| {c['id']} | {c['criterion']} | {c['points']} |" for c in criteria]
    total = sum(c["points"] for c in criteria)
    return "\n".join(["| | criterion | points |", "|---|---|---|", *rows, f"| | **total** | **{total}** |"])


# What a question grades, as its check cell's `kind` says: the balance an exercise's opening cell states.
KINDS = {"pandas": "pandas and charts", "understanding": "understanding the concepts",
         "written": "the written response (marked by your instructor with its rubric)"}


def points_balance(notebook: nbformat.NotebookNode) -> dict[str, int]:
    """Kind → points: auto-graded questions by their check cell's `kind`, written ones by their rubric's total.

    Every kind of `KINDS` is there, 0 when the exercise has none, so that the sentence stating the
    balance has the same shape in every exercise.
    """
    balance = dict.fromkeys(KINDS, 0)
    written = notebook_rubrics(notebook)
    for cell in notebook.cells:
        if role(cell) != "check":
            continue
        kind, qid = tag(cell).get("kind"), tag(cell)["question"]
        if kind not in KINDS:
            raise ValueError(f"{qid}: a check cell's `kind` is one of {', '.join(KINDS)}, not {kind!r}")
        if kind == "written":
            if qid not in written:
                raise RubricError(f"{qid}: a written question needs a rubric cell")
            balance[kind] += sum(criterion["points"] for criterion in written[qid])
        else:
            balance[kind] += tag(cell)["points"]
    return balance


def balance_sentence(balance: dict[str, int]) -> str:
    """The opening cell's statement of the points: "There are 20 points in all: 12 for pandas and charts, ..."."""
    parts = [f"{points} for {KINDS[kind]}" for kind, points in balance.items() if points]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"There are {sum(balance.values())} points in all: {listed}."
