"""Running a graded copy under nbval, and reading what happened to each cell.

nbval runs the graded copy in lax mode (outputs are never compared) in a pytest process of its
own, with plugin autoloading off and a throwaway config, so neither the course's pytest settings
nor stray plugins (random order!) change what runs; `watch` is loaded just before it. pytest's JUnit
report says how each cell went; a cell is named "Cell N" by its place among the code cells.

A kernel that dies or cannot be interrupted takes the rest of the notebook with it under nbval.
`run_passes` then starts a fresh kernel (a fresh sandbox) on the cells that had not run: the setup,
the answer cells that had already run cleanly (later answers may build on them), and every cell of
the questions after the one that died.

Each answer counts as it was when its cell ended: the runs hand answers in through a pipe
(`sandbox`, `watch.hand_in`), and only after the last run, when no process of the submission is
left, does `run_passes` write them into a fresh `answers/` folder for the checks. Whatever the
submission wrote there itself is thrown away.
"""
from __future__ import annotations

import copy
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import exercises
from . import sandbox

ANSI_RE = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*[A-Za-z]")  # JUnit XML writes ESC as the text "#x1B"
KERNEL_ALLOWANCE = 120  # seconds for pytest, the kernel and the setup imports to start
CELL_ALLOWANCE = 10  # seconds per cell on top of the time limit (interrupting a kernel takes a while)
MAX_REPORT_BYTES = 20_000_000
GONE = ("KernelDied", "Failed to interrupt kernel", "Kernel dead on test start")


@dataclass(frozen=True)
class Cell:
    """How nbval reported one code cell: passed, failed, xfailed (after a time-out) or skipped."""

    status: str
    report: str = ""

    @property
    def timed_out(self) -> bool:
        return self.status == "failed" and "Timeout of" in self.report

    @property
    def gone(self) -> bool:
        """The kernel was lost in or before this cell: it died, or a time-out could not interrupt it."""
        return self.status == "failed" and any(sign in self.report for sign in GONE)

    @property
    def died(self) -> bool:
        return self.status == "failed" and "KernelDied" in self.report

    @property
    def line(self) -> str:
        """The one line that says what went wrong: the exception's last line, or nbval's own reason."""
        lines = [line.strip() for line in self.report.splitlines() if line.strip()]
        if "Traceback:" in lines and lines[-1] != "Traceback:":
            return lines[-1]
        reason = next((line for line in lines if re.match(r"Cell \d+: ", line)), lines[-1] if lines else "")
        return re.sub(r"^(?:Cell \d+: |E\s+)", "", reason)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells, in order: nbval names them "Cell 0", "Cell 1", ..."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def cell_names(notebook: nbformat.NotebookNode) -> list[str]:
    """A name for each code cell, for messages: "the setup cell", "Q3's answer cell", "cell 7"."""
    names = []
    for number, cell in enumerate(code_cells(notebook)):
        role, qid = exercises.role(cell), exercises.tag(cell).get("question", "")
        names.append(f"{qid.upper()}'s {role} cell" if qid else f"the {role} cell" if role else f"cell {number}")
    return names


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


# pytest's own plugins that a run of notebook cells never uses, and that cost each run a full garbage
# collection at its end. Leaving them out, with `--assert=plain` (no rewriting of the plugins' asserts)
# and the jsonschema validator (`sandbox.environment`), saved 0.27 s of CPU per submission; leaving
# out pytest's other optional plugins too saved nothing measurable.
UNUSED_PLUGINS = ("unraisableexception", "threadexception")


def pytest_command(notebook: Path, workdir: Path, timeout: int) -> list[str]:
    return [
        str(Path(sys.executable).absolute()), "-m", "pytest", str(notebook),
        "-p", "shared_future.grading.watch", "-p", "nbval.plugin", "-p", "no:cacheprovider",
        "-c", str(workdir / "pytest.ini"), "--rootdir", str(workdir),
        "--nbval-lax", "--nbval-current-env", f"--nbval-cell-timeout={timeout}", "--noconftest",
        f"--junitxml={workdir / 'report.xml'}", "--color=no", "-q",
        "--assert=plain", *(arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")),
    ]


@dataclass(frozen=True)
class Settings:
    """How to run a graded copy: the cell time limit, sandboxed or not, folders kept out, caps."""

    timeout: int = 120
    sandboxed: bool = True
    hidden: tuple[Path, ...] = ()
    limits: sandbox.Limits = sandbox.Limits()
    capped_checks: bool = False  # check each answer in a child process under `limits.memory_mb` and `timeout` (a class's grading)


def run_notebook(notebook: nbformat.NotebookNode, workdir: Path, settings: Settings,
                 handed: dict[str, bytes] | None = None) -> tuple[dict[int, Cell], str]:
    """Run nbval on `notebook` in the prepared private folder `workdir`: (cell outcomes, "" or why the run failed).

    The answers it handed in are added to `handed` (question → JSON).
    """
    path = workdir / "exercises" / "graded.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    (workdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    report = workdir / "report.xml"
    report.unlink(missing_ok=True)
    budget = KERNEL_ALLOWANCE + len(code_cells(notebook)) * (settings.timeout + CELL_ALLOWANCE)
    finished = sandbox.run(pytest_command(path, workdir, settings.timeout), workdir, sandboxed=settings.sandboxed,
                           hidden=list(settings.hidden), budget=budget, limits=settings.limits)
    if handed is not None:
        handed.update(finished.handed)
    if finished.stopped:
        return {}, finished.stopped
    try:  # the report sits in the submission's folder, so it is read as warily as its answers
        outcomes = parse_junit(report) if report.exists() and report.stat().st_size < MAX_REPORT_BYTES else {}
    except ET.ParseError:
        outcomes = {}
    if not outcomes:
        tail = " | ".join(ANSI_RE.sub("", finished.output).strip().splitlines()[-3:])
        return {}, f"grading failed: pytest exited with code {finished.returncode} ({tail})"
    return outcomes, ""


def _question(cell: nbformat.NotebookNode) -> str:
    return exercises.tag(cell).get("question", "")


def run_passes(notebook: nbformat.NotebookNode, workdir: Path, settings: Settings) -> tuple[dict[int, Cell], list[int], str]:
    """Run the graded copy, and again in a fresh kernel after each cell that lost the kernel.

    Returns the outcome of every code cell (by its place in `notebook`), the cells where the
    kernel was lost, and "" or why a run failed as a whole.
    """
    handed: dict[str, bytes] = {}
    try:
        return _passes(notebook, workdir, settings, handed)
    finally:
        write_handed(workdir / "answers", handed)


def write_handed(folder: Path, handed: dict[str, bytes]) -> None:
    """The handed-in answers as `folder/qN.json`, in a folder made afresh (the submission could have put a link there)."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for qid, body in handed.items():
        (folder / f"{qid}.json").write_bytes(body)


def _passes(notebook: nbformat.NotebookNode, workdir: Path, settings: Settings,
            handed: dict[str, bytes]) -> tuple[dict[int, Cell], list[int], str]:
    cells = code_cells(notebook)
    remaining = list(range(len(cells)))
    outcomes: dict[int, Cell] = {}
    lost: list[int] = []
    while remaining:
        run = copy.deepcopy(notebook)
        run.cells = [cells[i] for i in remaining]
        got, error = run_notebook(run, workdir, settings, handed)
        outcomes.update({remaining[i]: cell for i, cell in got.items() if i < len(remaining)})
        where = next((i for i in remaining if i in outcomes and outcomes[i].gone), None)
        if error or where is None:
            return outcomes, lost, error
        lost.append(where)
        qid = _question(cells[where])
        if not qid:
            return outcomes, lost, ""
        earlier = [i for i in remaining if i < where and exercises.role(cells[i]) in ("setup", "answer")
                   and outcomes.get(i, Cell("failed")).status == "passed"]
        later = [i for i in remaining if i > where and _question(cells[i]) != qid]
        if not any(_question(cells[i]) for i in later):
            return outcomes, lost, ""
        remaining = earlier + later
    return outcomes, lost, ""
