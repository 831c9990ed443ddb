"""The learner's score card: `pytest --nbval-lax exercises/NN_<topic>_exercise.ipynb` grades as the instructor does.

Installed with the course as a pytest plugin (entry point `pytest11`), it steps in only when nbval
is on and the notebook is an exercise (a file `NN_*.ipynb` with the course's question metadata).
Instead of nbval's item per cell, the notebook gets one item per question, Q1 ... Qn. Running
them grades the saved notebook with the instructor's own pipeline (`pipeline.grade_one`): the
same graded copy (your answer cells, the course's setup and checks), run by nbval in a kernel of
its own (in the sandbox where bubblewrap is installed), answers handed out as plain data and
checked outside the kernel. So the learner sees the grade the class gradebook will hold.

When the run grades only exercises, each question's message is printed once, on its line of the
score card: pytest's failure sections and short summary are left out (they repeated it twice),
and the score card comes after pytest's count of passed and failed items, which calls an
unanswered question a failure. The score card: one line per question with points, passed and the
message, warnings about work the grade will not see (a name defined outside the answer cells, two
cells claiming the same question), the total, e.g. `Total: 7/12`, and one line on what to do next.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

GRADED_KEY = pytest.StashKey[list]()


def _grading_on(config: pytest.Config) -> bool:
    return bool(config.getoption("nbval_lax", False) or config.getoption("nbval", False))


def exercise_number(path: Path) -> str | None:
    """"01" for an exercise notebook `01_*.ipynb` whose cells carry question metadata; None for any other file."""
    if not re.match(r"\d\d_", path.name):
        return None
    try:
        cells = json.loads(path.read_text(encoding="utf-8-sig")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return None
    tagged = any(isinstance(c, dict) and isinstance(c.get("metadata", {}).get("shared_future"), dict)
                 and c["metadata"]["shared_future"].get("role") == "check" for c in cells)
    return path.name[:2] if tagged else None


class QuestionFailed(AssertionError):
    """A question that did not pass; its message is the gradebook's one line."""


class ExerciseFile(pytest.File):
    """An exercise notebook: one item per question, all answered by one grading run."""

    def collect(self):
        from .submissions import Exercise

        self.exercise = Exercise.load(self.path.name[:2])
        self.graded = None
        for qid in self.exercise.points:
            yield QuestionItem.from_parent(self, name=qid.upper(), qid=qid)

    def grade(self):
        """Grade the saved notebook once, as the instructor's grader would; remember it for the score card."""
        if self.graded is None:
            import nbformat

            from . import pipeline, sandbox
            from .running import Settings
            from .submissions import learner_warnings, read_submission

            settings = Settings(timeout=int(self.config.getoption("nbval_cell_timeout", 120) or 120),
                                sandboxed=not sandbox.problem())
            # The learner's own run: on the hub, a notebook with no typed name is their login's variant.
            student = os.environ.get("JUPYTERHUB_USER") or self.path.stem
            self.graded = pipeline.grade_one(self.exercise, student, self.path, settings)
            try:
                self.warnings = learner_warnings(self.exercise, read_submission(self.path))
            except (ValueError, nbformat.ValidationError):
                self.warnings = []
            self.config.stash.setdefault(GRADED_KEY, []).append(self)
        return self.graded


class QuestionItem(pytest.Item):
    """One question of an exercise: passes when the course's check accepts the answer."""

    def __init__(self, *, qid: str, **kwargs):
        super().__init__(**kwargs)
        self.qid = qid

    def runtest(self) -> None:
        passed, message = self.parent.grade().results[self.qid]
        if not passed:
            raise QuestionFailed(message)

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, QuestionFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name} {self.name}"


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """Exercise notebooks under nbval: our question items replace nbval's cell items."""
    collected = yield
    if file_path.suffix != ".ipynb" or not _grading_on(parent.config) or exercise_number(file_path) is None:
        return collected
    kept = [node for node in collected if type(node).__module__ != "nbval.plugin"]
    return [*kept, ExerciseFile.from_parent(parent, path=file_path)]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """A run of exercises only: the score card says everything, so pytest's failure sections and
    short summary, which repeat each message, are left out. Other runs keep pytest's report."""
    if not items or not all(isinstance(item, QuestionItem) for item in items):
        return
    config.option.tbstyle = "no"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.reportchars = ""


def next_step(file: ExerciseFile) -> str:
    """One line on what to do next, from the questions still open."""
    from ..checks.core import NOT_ANSWERED

    results = file.graded.results
    unanswered = [q.upper() for q, (passed, message) in results.items() if not passed and NOT_ANSWERED in message]
    wrong = [q.upper() for q, (passed, message) in results.items() if not passed and NOT_ANSWERED not in message]
    if file.graded.error and not results:
        return "Next: fix what the note above says, save the notebook and run this command again."
    if wrong or unanswered:
        todo = " and ".join(part for part in (
            f"correct {', '.join(wrong)} (the hint is on its line)" if wrong else "",
            f"answer {', '.join(unanswered)}" if unanswered else "") if part)
        return f"Next: {todo}, run each check cell, save the notebook and run this command again."
    return (f"Next: every question is answered; save the notebook and hand in {file.path.name} "
            "as your instructor asked.")


def score_card(file: ExerciseFile) -> list[str]:
    """The lines of one exercise's score card: an unanswered question is "to do", not "failed"."""
    from ..checks.core import NOT_ANSWERED

    exercise, graded = file.exercise, file.graded
    lines = [f"Exercise {exercise.number}: {file.path.name}" + (f" (variant {graded.variant!r})" if graded.variant else "")]
    earned = possible = 0
    for qid, points in exercise.points.items():
        passed, message = graded.results[qid]
        detail = message.removeprefix(f"{qid.upper()}: ")
        if qid in exercise.written:
            rubric = exercise.max_points(qid)
            state = "submitted" if passed else "not yet"
            lines.append(f"  {qid.upper():<4} {'-':>2}/{rubric:<2} {state:<9} "
                         + (f"marked by your instructor with the rubric ({rubric} points)" if passed else detail))
            continue
        earned += points if passed else 0
        possible += points
        state = "passed" if passed else "to do" if NOT_ANSWERED in message else "failed"
        lines.append(f"  {qid.upper():<4} {points if passed else 0:>2}/{points:<2} {state:<9} {'' if passed else detail}".rstrip())
    if graded.error:
        lines.append(f"  note: {graded.error}")
    lines += [f"  warning: {warning}" for warning in file.warnings]
    rubric_points = sum(exercise.max_points(q) for q in exercise.written)
    lines.append(f"Total: {earned}/{possible}" + (f" (+ up to {rubric_points} rubric points from your instructor)" if rubric_points else ""))
    lines.append(next_step(file))
    return lines


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus):
    """The score cards last, after pytest's own summary (this wrapper is the outermost, so its
    second half runs after the terminal reporter's)."""
    result = yield
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        for file in session.config.stash.get(GRADED_KEY, []):
            reporter.write_sep("=", "score card")
            for line in score_card(file):
                reporter.write_line(line)
    return result
