"""Putting the stages together: grade one submission, or a folder of them in parallel.

For each submission: read it, build its graded copy (`submissions`), run it in a fresh private
folder and sandbox (`running`, `sandbox`), read how each cell went and check the answers it
handed out (`checking`). A submission that breaks in any way gets rows that say why; the run goes on.
"""
from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import exercises
from ..checks import variants
from . import answers, checking, concepts, gradebook, marking, report, rubric, running, sandbox
from .running import Cell, Settings
from .submissions import Exercise, NotANotebook, find_submissions, graded_copy, learner_warnings, read_submission


@dataclass
class Graded:
    """One submission's result: per question (passed, message), written responses, and the reason if it broke."""

    student: str
    results: dict[str, tuple[bool, str]] = field(default_factory=dict)
    error: str = ""
    responses: dict[str, str] = field(default_factory=dict)  # written question → the learner's text
    started: float = 0.0
    finished: float = 0.0
    variant: str = ""  # whose draw of the pooled questions was graded (`checks.variants`)
    warnings: list[str] = field(default_factory=list)  # what the grade did not see, and the rule applied (`learner_warnings`)


def _cell_problem(qid: str, answer: Cell | None, handed: Cell | None, timeout: int, fresh: bool) -> str:
    """Why a question cannot be checked, from how its answer cell and its hand-in cell ran; "" if it can."""
    after = "; the remaining questions were graded in a fresh kernel" if fresh else ""
    if answer is not None and answer.died:
        return f"the kernel died in {qid.upper()}'s answer cell{after}"
    if answer is not None and answer.gone:
        return f"the answer cell ran past the {timeout} s time limit and could not be interrupted{after}"
    if answer is not None and answer.timed_out:
        return f"the answer cell ran past the {timeout} s time limit and was stopped (an endless loop?)"
    if answer is not None and answer.status == "failed":
        return f"the answer cell raised {answer.line}"
    if handed is not None and handed.gone:
        return f"the kernel died while handing in the answer{after}"
    if handed is not None and handed.status == "failed":
        return f"the answer could not be handed in ({handed.line})"
    return ""


def run_error(notebook: nbformat.NotebookNode, outcomes: dict[int, Cell], lost: list[int], timeout: int) -> str:
    """Why the run as a whole went wrong, if it did: a failed setup, a lost kernel, a cell past the time limit."""
    names, cells = running.cell_names(notebook), running.code_cells(notebook)
    for number, cell in sorted(outcomes.items()):
        if exercises.role(cells[number]) == "setup" and cell.status == "failed":
            return f"the setup cell failed: {cell.line}"
    if lost:
        where = names[lost[0]]
        how = "the kernel died in" if outcomes[lost[0]].died else f"the kernel could not be interrupted after the {timeout} s time limit in"
        return f"{how} {where}; the questions after it were graded in a fresh kernel"
    for number, cell in sorted(outcomes.items()):
        if cell.timed_out:
            return f"{names[number]} ran past the {timeout} s time limit and was stopped"
    return ""


def interpret(exercise: Exercise, notebook: nbformat.NotebookNode, outcomes: dict[int, Cell], timeout: int,
              lost: tuple[int, ...] | list[int] = (), answers_dir: Path | None = None,
              cap: sandbox.Limits | None = None, variant: str = "") -> tuple[dict[str, tuple[bool, str]], str]:
    """(question → (passed, message), error): cell outcomes first, then the saved answers through the checks, drawn
    for student `variant` (each in a child process under `cap`'s memory and `timeout`, when `cap` is given:
    `checking.check_capped`)."""
    cells: dict[tuple[str, str], Cell | None] = {}
    for number, cell in enumerate(running.code_cells(notebook)):
        if exercises.role(cell) in ("answer", "check"):
            cells[exercises.tag(cell)["question"], exercises.role(cell)] = outcomes.get(number)
    error = run_error(notebook, outcomes, list(lost), timeout)
    module = exercises.checks_module(exercise.number)
    results = {}
    for qid in exercise.points:
        problem = _cell_problem(qid, cells.get((qid, "answer")), cells.get((qid, "check")), timeout, bool(lost))
        if error.startswith("the setup cell failed"):
            problem = "the check did not run"
        if problem:
            results[qid] = (False, f"{qid.upper()}: {problem}")
        elif answers_dir is None or not (outcomes or (answers_dir / f"{qid}.json").exists()):
            continue  # the run failed before this answer was handed in: grade_one records why
        else:
            results[qid] = (checking.check(module, qid, answers.load(answers_dir, qid), variant) if cap is None else
                            checking.check_capped(exercise.number, qid, answers_dir, variant,
                                                  memory_mb=cap.memory_mb, seconds=timeout))
    return results, error


def grade_one(exercise: Exercise, student: str, path: Path, settings: Settings) -> Graded:
    """Grade one submission in a private folder of its own; the submission itself is only read."""
    graded = Graded(student, started=time.monotonic())
    try:
        submission = read_submission(path)
        graded.warnings = learner_warnings(exercise, submission)
        graded.variant = variants.of_submission(submission, student)
        with tempfile.TemporaryDirectory(prefix="shared-future-grade-") as tmp:
            workdir = Path(tmp).resolve()
            sandbox.prepare(workdir)
            notebook = graded_copy(exercise, submission, str(workdir / "answers"))
            outcomes, lost, graded.error = running.run_passes(notebook, workdir, settings)
            results, error = interpret(exercise, notebook, outcomes, settings.timeout, lost, workdir / "answers",
                                       settings.limits if settings.capped_checks else None, graded.variant)
            graded.error = graded.error or error
            graded.results = results
            for qid in exercise.written:
                response = answers.load(workdir / "answers", qid)
                if isinstance(response, str):
                    graded.responses[qid] = response
    except NotANotebook as err:
        graded.error = str(err)
    except Exception as err:  # one odd submission must not stop a class's grading; its row says what broke
        graded.error = f"grading failed: {type(err).__name__}: {err}"
    for qid in exercise.points:
        graded.results.setdefault(qid, (False, f"{qid.upper()}: not graded: {graded.error}"))
    graded.finished = time.monotonic()
    return graded


def grade_folder(exercise: Exercise, folder: Path, settings: Settings, *, jobs: int) -> list[Graded]:
    """Every submission in `folder`, graded `jobs` at a time, in student order; the folder itself stays hidden."""
    submissions = find_submissions(folder)
    settings = Settings(settings.timeout, settings.sandboxed, (*settings.hidden, folder.resolve()), settings.limits, capped_checks=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda item: grade_one(exercise, *item, settings), submissions.items()))


def grade_into(db: sqlite3.Connection, exercise: Exercise, version: str, run: int, todo: dict[str, tuple[Path, str]],
               settings: Settings, *, jobs: int, done: Callable[[Graded], None] = lambda graded: None) -> int:
    """Grade `todo` (student → (file, hash)) `jobs` at a time, storing each submission the moment it is graded.

    Ctrl-C (or SIGTERM, which `grade` turns into it) stops starting new submissions, stores those
    being graded, and raises KeyboardInterrupt; a second one stops at once. Either way what is stored
    is whole, and the next run grades only what is left. Returns how many were stored.
    """
    stored = 0
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(grade_one, exercise, student, path, settings) for student, (path, _) in todo.items()]
        interrupted = None
        while True:
            try:
                for future in as_completed(futures):
                    futures.remove(future)
                    graded = future.result()
                    path, digest = todo[graded.student]
                    gradebook.record(db, run, exercise, version, graded, path.name, digest, gradebook.received(path))
                    stored += 1
                    done(graded)
                break
            except KeyboardInterrupt as err:
                if interrupted is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
                interrupted = err
                futures = [future for future in futures if not future.cancel()]
                print(f"stopping: storing the {len(futures)} submission(s) being graded (interrupt again to stop at once)", flush=True)
        if interrupted is not None:
            raise interrupted
    return stored


def export(db: sqlite3.Connection, exercise: Exercise, out: Path, notes: dict[str, dict[str, str]] | None = None):
    """Every file of `out`, written from the gradebook: CSVs, chart, feedback, LMS exports, marking pages, concepts."""
    book, students = marking.book(db, exercise.number)
    scores, rates = report.write_book(exercise.number, book, out, students)
    rubric.write_marking(exercise, db, out, notes)
    concepts.write(db, exercise.number, book, out)
    return book, scores, rates


def in_memory(exercise: Exercise, graded: list[Graded]) -> sqlite3.Connection:
    """A gradebook in memory holding these results: the tables and files of a class graded outside the course's file."""
    db = gradebook.connect(":memory:")
    version = gradebook.register(db, exercise)
    run = gradebook.start_run(db, exercise.number, version, {})
    for g in graded:
        gradebook.record(db, run, exercise, version, g, "", "", gradebook.now())
    return db


def book(exercise: Exercise, graded: list[Graded]):
    """The gradebook table (a row per student and question) of these results, as `gradebook.csv` has it."""
    return marking.book(in_memory(exercise, graded), exercise.number)[0]


def write_reports(exercise: Exercise, graded: list, out: Path):
    """All reports of a graded class in `out`, through a gradebook in memory; returns the three tables."""
    return export(in_memory(exercise, graded), exercise, out)
