"""README's commands work as written: each block marked `<!-- tested: NAME -->` runs here.

The two setup commands are what CI (.ci/run) runs; the others are run in the environment the
tests run in, with `python` and `pytest` meaning this interpreter.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared_future import exercises
from shared_future.grading import ANSI_RE

ROOT = Path(__file__).resolve().parents[1]
BLOCK_RE = re.compile(r"<!-- tested: (\w+) -->\n```\n(.*?)```", re.S)


def readme_blocks() -> dict[str, list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {name: body.strip().splitlines() for name, body in BLOCK_RE.findall(readme)}


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    words = command.split()
    pytest = [sys.executable, "-m", "pytest"]  # `.venv/bin/pytest` is this environment's pytest
    program = {"python": [sys.executable], "pytest": pytest, ".venv/bin/pytest": pytest}[words[0]]
    return subprocess.run(program + words[1:], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_readme_marks_its_commands():
    assert set(readme_blocks()) == {"learner", "release", "build", "grade"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker in ("run-command", "test-command"):
        assert f"<!-- {marker} -->" in readme and f"<!-- /{marker} -->" in readme


@pytest.mark.parametrize("name", ["release", "build"])
def test_maintenance_commands_report_nothing_stale(name):
    for command in readme_blocks()[name]:
        result = run(command, ROOT)
        assert result.returncode == 0, result.stdout + result.stderr


def test_learner_command_grades_an_unanswered_exercise():
    (command,) = readme_blocks()["learner"]
    result = run(command, ROOT)
    assert result.returncode == 1, "an unanswered exercise must fail"
    assert "not answered yet" in result.stdout
    assert not ANSI_RE.search(result.stdout), "the report must be plain text"


def test_instructor_command_writes_a_gradebook(tmp_path):
    (command,) = readme_blocks()["grade"]
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    solution = exercises.solution_path("01")
    shutil.copy(solution, submissions / "ada.ipynb")
    shutil.copy(exercises.learner_path(solution), submissions / "ben.ipynb")
    result = run(command, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    book = (tmp_path / "gradebook-01" / "gradebook.csv").read_text()
    assert "ada," in book and "ben," in book
    assert (tmp_path / "gradebook-01" / "pass_rates.png").exists()
