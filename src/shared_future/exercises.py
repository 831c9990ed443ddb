"""Where the exercise notebooks live, and how their cells say what they are.

An exercise has one source, `exercises/solutions/NN_<topic>.ipynb`. Its cells carry
`{"shared_future": {"question": "q1", "role": "answer"}}` in their metadata (roles: `setup`,
`answer`, `check`; a check also carries its `points`), so that the release command can find
the solutions to hide and the grader can put a learner's answers into the instructor's notebook,
whatever the learner did to the rest of it. Release and grading both read these rules from here.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import nbformat

from .data import ROOT

EXERCISES_DIR = ROOT / "exercises"
SOLUTIONS_DIR = EXERCISES_DIR / "solutions"
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


def learner_path(solution: Path) -> Path:
    """Where the learner's version of a solution notebook goes: `exercises/NN_<topic>.ipynb`."""
    return solution.parent.parent / solution.name


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
    """"setup", "answer", "check", or "" for a cell the course does not mark."""
    return tag(cell).get("role", "") if cell.get("cell_type") == "code" else ""


def question_points(notebook: nbformat.NotebookNode) -> dict[str, int]:
    """Question id → points, as the notebook's check cells declare them, in notebook order."""
    return {tag(cell)["question"]: tag(cell)["points"] for cell in notebook.cells if role(cell) == "check"}
