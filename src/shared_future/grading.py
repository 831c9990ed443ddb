"""Grade a folder of exercise submissions with nbval, without ever touching the submissions.

Why it works this way:

- A learner's notebook is not run as it is. Each submission gets a *graded copy* in a temporary
  folder: the instructor's notebook (the released learner's version, so its setup and check cells
  are the instructor's) with the learner's answer cells put in. Answer cells are found by their
  metadata (`{"shared_future": {"question": "q1", "role": "answer"}}`), or, when a learner's
  tool lost the metadata, as the last code cell that assigns `q1 = ...`. So a learner who edits a
  check cell to `pass`, or breaks the setup, does not change the grade; code outside the answer
  cells is not graded.
- nbval runs the graded copy in lax mode (outputs are never compared; checks raise), in a pytest
  subprocess of its own with plugin autoloading off and a throwaway config, so neither the
  course's pytest settings nor stray plugins (random order!) change what is graded. Its JUnit
  report maps each check cell back to its question; the one-line `CheckError` message becomes
  the gradebook's message.
- A submission that is not JSON, not a notebook, loops past the cell time limit or kills its
  kernel is recorded with its reason and the run goes on. Submissions are graded in parallel
  (each is one subprocess and one kernel).

What nbval does that the gradebook has to account for: after a cell times out, nbval marks every
later cell "expected to fail". A later check that passes still counts (an unexpected pass), but
one that fails is reported without its message, so the gradebook says so instead of inventing one.
A kernel that dies (`os._exit`) is noticed only as a time-out that could not be interrupted.
"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd
from matplotlib.figure import Figure

from . import exercises, release
from .charts import PALETTE
from .data import DATA_DIR

ANSI_RE = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*[A-Za-z]")  # JUnit XML writes ESC as the text "#x1B"
MAX_BYTES = 50_000_000  # a notebook larger than this is not an exercise submission
KERNEL_ALLOWANCE = 120  # seconds for pytest, the kernel and the setup imports to start
CELL_ALLOWANCE = 10  # seconds per cell on top of the time limit (interrupting a kernel takes a while)


class NotANotebook(ValueError):
    """A file in the submissions folder that cannot be graded as a notebook; the message says why."""


@dataclass(frozen=True)
class Exercise:
    """What grading needs to know about one exercise: its notebook and the points per question."""

    number: str
    notebook: nbformat.NotebookNode  # the learner's version: instructor's setup and checks, stub answers
    points: dict[str, int]

    @classmethod
    def load(cls, number: str | int) -> Exercise:
        """Exercise `number` from its solution notebook and its `checks/exNN.py`, which must agree."""
        solution = exercises.solution_path(number)
        notebook = release.learner_notebook(nbformat.read(solution, as_version=4), solution.name)
        points = dict(exercises.checks_module(solution.name[:2]).QUESTIONS)
        if exercises.question_points(notebook) != points:
            raise ValueError(f"{solution.name} and checks/ex{solution.name[:2]}.py disagree on the questions "
                             f"or their points: {exercises.question_points(notebook)} vs {points}")
        return cls(solution.name[:2], notebook, points)


@dataclass(frozen=True)
class Cell:
    """How nbval reported one code cell: passed, failed, xfailed (after a time-out) or skipped."""

    status: str
    report: str = ""

    @property
    def timed_out(self) -> bool:
        return self.status == "failed" and "Timeout of" in self.report

    @property
    def hung(self) -> bool:
        """Timed out and could not be interrupted: nbval then stops the kernel (a kernel that died looks the same)."""
        return self.timed_out and "Failed to interrupt" in self.report

    @property
    def line(self) -> str:
        """The one line that says what went wrong: the exception's last line, or nbval's own reason."""
        lines = [line.strip() for line in self.report.splitlines() if line.strip()]
        if "Traceback:" in lines and lines[-1] != "Traceback:":
            return lines[-1]
        reason = next((line for line in lines if re.match(r"Cell \d+: ", line)), lines[0] if lines else "")
        return re.sub(r"^Cell \d+: ", "", reason)


@dataclass
class Graded:
    """One submission's result: per question (passed, message), and the reason if it broke."""

    student: str
    results: dict[str, tuple[bool, str]] = field(default_factory=dict)
    error: str = ""
    started: float = 0.0
    finished: float = 0.0


# --- reading submissions -------------------------------------------------------------------------

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
    except json.JSONDecodeError as err:
        raise NotANotebook(f"not a notebook: the file is not JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(content, dict) or not ("cells" in content or "worksheets" in content):
        raise NotANotebook("not a notebook: the file is JSON but has no notebook cells")
    try:
        return nbformat.reads(json.dumps(content), as_version=4)
    except Exception as err:  # nbformat raises many kinds; each means "not a notebook it can read"
        raise NotANotebook(f"not a notebook: nbformat cannot read it ({type(err).__name__})") from None


def submitted_answers(submission: nbformat.NotebookNode, qids: list[str]) -> dict[str, str]:
    """Question id → the source of the learner's answer cell (the last one, as "Run all" would leave it)."""
    code = [cell for cell in submission.cells
            if cell.get("cell_type") == "code" and isinstance(cell.get("source"), str)]
    answers = {exercises.tag(c)["question"]: c.source for c in code
               if exercises.role(c) == "answer" and exercises.tag(c).get("question") in qids}
    for qid in set(qids) - set(answers):
        assigning = [c for c in code if exercises.role(c) != "check" and re.search(rf"^{qid}\s*=(?!=)", c.source, re.M)]
        if assigning:
            answers[qid] = assigning[-1].source
    return answers


def graded_copy(exercise: Exercise, submission: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The instructor's notebook with the learner's answers in its answer cells; nothing else of theirs."""
    notebook = copy.deepcopy(exercise.notebook)
    answers = submitted_answers(submission, list(exercise.points))
    for cell in notebook.cells:
        if exercises.role(cell) == "answer" and exercises.tag(cell)["question"] in answers:
            cell.source = answers[exercises.tag(cell)["question"]]
    return notebook


# --- running nbval -------------------------------------------------------------------------------

def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells, in order: nbval names them "Cell 0", "Cell 1", ..."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def parse_junit(report: Path) -> dict[int, Cell]:
    """nbval's cell number → how it went, from pytest's JUnit XML, ANSI colour codes removed."""
    outcomes = {}
    for case in ET.parse(report).iter("testcase"):
        number = re.fullmatch(r"Cell (\d+)", case.get("name", ""))
        if not number:
            continue
        problem = next((case.find(tag) for tag in ("failure", "error") if case.find(tag) is not None), None)
        skipped = case.find("skipped")
        if problem is not None:
            cell = Cell("failed", ANSI_RE.sub("", problem.text or problem.get("message", "")))
        elif skipped is not None:
            cell = Cell("xfailed" if skipped.get("type") == "pytest.xfail" else "skipped", skipped.get("message", ""))
        else:
            cell = Cell("passed")
        outcomes[int(number.group(1))] = cell
    return outcomes


def _pytest_command(notebook: Path, workdir: Path, timeout: int) -> list[str]:
    return [
        sys.executable, "-m", "pytest", str(notebook),
        "-p", "nbval.plugin", "-p", "no:cacheprovider",
        "-c", str(workdir / "pytest.ini"), "--rootdir", str(workdir),
        "--nbval-lax", "--nbval-current-env", f"--nbval-cell-timeout={timeout}",
        f"--junitxml={workdir / 'report.xml'}", "--color=no", "-q",
    ]


def run_nbval(notebook: nbformat.NotebookNode, workdir: Path, timeout: int) -> tuple[dict[int, Cell], str]:
    """Run nbval on `notebook` inside `workdir`: (cell outcomes, "" or why the run itself failed).

    The notebook sits in `workdir/exercises/` next to a copy of `data/`, as in the course
    folder, so relative paths in answers behave as they did for the learner, and an answer that
    writes to `../data` changes a copy. The whole run has a budget on top of nbval's per-cell
    limit, for a kernel that even an interrupt cannot stop.
    """
    (workdir / "exercises").mkdir()
    shutil.copytree(DATA_DIR, workdir / "data", ignore=shutil.ignore_patterns("_*"))
    path = workdir / "exercises" / "graded.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    (workdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")} | {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    budget = KERNEL_ALLOWANCE + len(_code_cells(notebook)) * (timeout + CELL_ALLOWANCE)
    process = subprocess.Popen(_pytest_command(path, workdir, timeout), cwd=workdir, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=budget)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its kernel, in a session of its own, exits when its parent dies
        process.communicate()
        return {}, f"grading took longer than {budget} s and was stopped"
    report = workdir / "report.xml"
    outcomes = parse_junit(report) if report.exists() else {}
    if not outcomes:
        tail = " | ".join(ANSI_RE.sub("", output).strip().splitlines()[-3:])
        return {}, f"grading failed: pytest exited with code {process.returncode} ({tail})"
    return outcomes, ""


# --- from cell outcomes to questions -------------------------------------------------------------

def _cell_names(notebook: nbformat.NotebookNode) -> list[str]:
    """A name for each code cell, for messages: "the setup cell", "Q3's answer cell", "cell 7"."""
    names = []
    for number, cell in enumerate(_code_cells(notebook)):
        role, qid = exercises.role(cell), exercises.tag(cell).get("question", "")
        names.append(f"{qid.upper()}'s {role} cell" if qid else f"the {role} cell" if role else f"cell {number}")
    return names


def _run_error(notebook: nbformat.NotebookNode, outcomes: dict[int, Cell], timeout: int) -> str:
    """Why the run as a whole went wrong, if it did: a failed setup, or a cell past the time limit."""
    names = _cell_names(notebook)
    for number, cell in sorted(outcomes.items()):
        if cell.timed_out:
            outcome = "its kernel could not be interrupted (it crashed or hung)" if cell.hung else "was stopped"
            return f"{names[number]} ran past the {timeout} s time limit and {outcome}"
        if exercises.role(_code_cells(notebook)[number]) == "setup" and cell.status == "failed":
            return f"the setup cell failed: {cell.line}"
    return ""


def _question_message(qid: str, answer: Cell | None, check: Cell | None, timeout: int, hung: bool) -> str:
    """What the gradebook says about a question that did not pass (`hung`: an earlier cell stopped the kernel)."""
    if answer is not None and answer.timed_out:
        message = f"the answer cell ran past the {timeout} s time limit and was stopped (an endless loop?)"
    elif check is not None and check.status == "xfailed" and hung:
        message = "not checked: the kernel had stopped at an earlier cell that ran past the time limit"
    elif check is not None and check.status == "xfailed":
        message = "failed after an earlier cell timed out (nbval does not say why); fix that cell and grade again"
    elif answer is not None and answer.status == "failed":
        message = f"the answer cell raised {answer.line}"
    elif check is not None and check.status == "failed":
        message = check.line
    else:
        message = "the check did not run"
    prefix = f"{qid.upper()}: "
    return message if message.startswith(prefix) else prefix + message


def interpret(exercise: Exercise, notebook: nbformat.NotebookNode, outcomes: dict[int, Cell],
              timeout: int) -> tuple[dict[str, tuple[bool, str]], str]:
    """(question → (passed, message), error) from nbval's cell outcomes for a graded copy."""
    cells: dict[tuple[str, str], Cell | None] = {}
    for number, cell in enumerate(_code_cells(notebook)):
        if exercises.role(cell) in ("answer", "check"):
            cells[exercises.tag(cell)["question"], exercises.role(cell)] = outcomes.get(number)
    hung = any(cell.hung for cell in outcomes.values())
    results = {}
    for qid in exercise.points:
        check = cells.get((qid, "check"))
        passed = check is not None and check.status == "passed"
        message = "" if passed else _question_message(qid, cells.get((qid, "answer")), check, timeout, hung)
        results[qid] = (passed, message)
    return results, _run_error(notebook, outcomes, timeout)


# --- grading -------------------------------------------------------------------------------------

def grade_one(exercise: Exercise, student: str, path: Path, timeout: int) -> Graded:
    """Grade one submission in a temporary folder of its own; the submission itself is only read."""
    graded = Graded(student, started=time.monotonic())
    try:
        notebook = graded_copy(exercise, read_submission(path))
        with tempfile.TemporaryDirectory(prefix="shared-future-grade-") as workdir:
            outcomes, graded.error = run_nbval(notebook, Path(workdir), timeout)
        if outcomes:
            graded.results, graded.error = interpret(exercise, notebook, outcomes, timeout)
    except NotANotebook as err:
        graded.error = str(err)
    except Exception as err:  # one odd submission must not stop a class's grading; its row says what broke
        graded.error = f"grading failed: {type(err).__name__}: {err}"
    for qid in exercise.points:
        graded.results.setdefault(qid, (False, f"{qid.upper()}: not graded: {graded.error}"))
    graded.finished = time.monotonic()
    return graded


def grade_folder(exercise: Exercise, folder: Path, *, timeout: int, jobs: int) -> list[Graded]:
    """Every submission in `folder`, graded `jobs` at a time, in student order."""
    submissions = find_submissions(folder)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda item: grade_one(exercise, *item, timeout), submissions.items()))


# --- reports -------------------------------------------------------------------------------------

def gradebook(exercise: Exercise, graded: list[Graded]) -> pd.DataFrame:
    """One row per student and question: points earned, out of how many, passed, message, error."""
    rows = [
        {"student": g.student, "question": qid, "points": points if g.results[qid][0] else 0,
         "max_points": points, "passed": g.results[qid][0], "message": g.results[qid][1], "error": g.error}
        for g in graded for qid, points in exercise.points.items()
    ]
    return pd.DataFrame(rows, columns=["student", "question", "points", "max_points", "passed", "message", "error"])


def summary(book: pd.DataFrame) -> pd.DataFrame:
    """One row per student: score, the maximum, and the reason if the submission broke."""
    return (book.groupby("student", sort=False)
            .agg(score=("points", "sum"), max=("max_points", "sum"), error=("error", "first"))
            .reset_index())


def pass_rates(book: pd.DataFrame) -> pd.DataFrame:
    """One row per question: how many passed, out of how many, and the share in percent."""
    rates = book.groupby("question", sort=False).agg(points=("max_points", "first"), passed=("passed", "sum"),
                                                     submissions=("passed", "size"))
    rates["pass_rate"] = (100 * rates["passed"] / rates["submissions"]).round(1)
    return rates.reset_index()


def pass_rate_chart(rates: pd.DataFrame, number: str, path: Path) -> None:
    """A bar per question, the share of submissions that passed it, in a colour-blind-safe blue."""
    figure = Figure(figsize=(7, 4), layout="constrained")
    ax = figure.add_subplot()
    bars = ax.bar(rates["question"].str.upper(), rates["pass_rate"], color=PALETTE[0])
    ax.bar_label(bars, labels=[f"{rate:.0f}%" for rate in rates["pass_rate"]], padding=2)
    ax.set_ylim(0, 105)
    ax.set_title(f"Exercise {number}: share of {int(rates['submissions'].max())} submissions passing each question")
    ax.set_xlabel("question")
    ax.set_ylabel("submissions that passed (%)")
    figure.savefig(path, dpi=120)


def write_reports(exercise: Exercise, graded: list[Graded],
                  out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """gradebook.csv, summary.csv and pass_rates.png in `out`; returns the three tables."""
    out.mkdir(parents=True, exist_ok=True)
    book = gradebook(exercise, graded)
    scores, rates = summary(book), pass_rates(book)
    book.to_csv(out / "gradebook.csv", index=False)
    scores.to_csv(out / "summary.csv", index=False)
    pass_rate_chart(rates, exercise.number, out / "pass_rates.png")
    return book, scores, rates
