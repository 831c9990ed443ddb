"""nbgrader and otter-grader grading exercise 01 beside our grader, for `benchmarks/run.py --grading`.

Why peers: "fast enough" means little on its own; instructors know nbgrader and otter-grader, so
the benchmark times them on the same submissions, in the same interleaved rounds as ours.

Why a virtual environment each: neither tool is a dependency of the course, and their pins (an
older nbconvert, dill, a gradebook database) must not leak into the course's environment. Each
lives in `benchmarks/.peers/<tool>/venv` (not committed), with the course package installed
editable so that the exercise's setup cell (`from shared_future.checks import ex01 as check`)
imports there as it does for our grader. A marker file records what was installed and how long it
took; the next run reuses the environment while the marker matches and the tool still imports.

Why the conversion is faithful: each peer grades the same work as ours, taken from the solution
notebook's cell metadata (`shared_future: {question, role}`): the same setup cell, the same answer
cells (the solution code), and one test per question that makes the same call as our check cell
(`check.q1(q1)`), worth the points `Exercise.load` gives. What differs is where the checks run:

- nbgrader: one `nbgrader autograde` process for the class, a fresh kernel per submission, each
  test cell run inside the student's kernel after the student's cells; no sandbox.
- otter-grader: `otter run` once per submission (its `otter grade` needs Docker), a process and a
  fresh kernel each, tests run inside the student's kernel after the answer cells; no sandbox.

Why a peer first grades two copies untimed: a timing of a grader that grades wrongly means
nothing. One solution copy must get full marks and one copy with a wrong answer must lose points;
otherwise `PeerMisgrades` stops the benchmark. Each timed run also checks that every submission
got full marks, as ours does.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from shared_future import exercises

ROOT = Path(__file__).resolve().parents[1]
PEERS_DIR = ROOT / "benchmarks" / ".peers"
ASSIGNMENT = "ex01"


class Unavailable(Exception):
    """The peer cannot be timed here (its install failed); the message is the one-line reason."""


class PeerMisgrades(RuntimeError):
    """The peer's grades of the converted exercise are wrong, so timing it would compare nothing."""


@dataclass(frozen=True)
class Peer:
    """A grader to time: its name, the pip requirement of its own venv, and how to set it up."""

    name: str
    requirement: str
    distribution: str
    how: str  # what one timed run does, for the table's label
    setup: Callable  # (python, exercise, solution, count, workdir) -> the timed grading of all copies


# ---- virtual environments -------------------------------------------------------------------


def run(command: list, cwd: Path, what: str, python: Path | None = None) -> str:
    """Run one step of a peer (in its venv when `python` is given); a failure says which step and why."""
    env = dict(os.environ)
    if python is not None:
        env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(python.parent.parent)
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{(result.stdout + result.stderr)[-3000:]}")
    return result.stdout


def installed_version(python: Path, distribution: str) -> str:
    """The version of `distribution` in the venv, which also proves the course package imports there."""
    return run([python, "-c", "import importlib.metadata as m, shared_future.checks; "
                f"print(m.version({distribution!r}))"], ROOT, f"importing {distribution}").strip()


def marker_matches(marker: Path, wanted: dict) -> bool:
    """Whether the venv was installed from the same requirement for the same course folder."""
    try:
        recorded = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return all(recorded.get(key) == value for key, value in wanted.items())


def peer_python(peer: Peer) -> tuple[Path, str, float | None]:
    """The peer's venv python, its version, and the install seconds (None when reused).

    Reinstalls only when the marker does not match or the tool no longer imports, so repeated
    benchmark runs do not pay minutes of pip.
    """
    home = PEERS_DIR / peer.name
    python, marker = home / "venv" / "bin" / "python", home / "installed.json"
    wanted = {"requirement": peer.requirement, "course": str(ROOT)}
    if marker_matches(marker, wanted):
        try:
            return python, installed_version(python, peer.distribution), None
        except RuntimeError:
            pass
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    start = time.perf_counter()
    try:
        run([sys.executable, "-m", "venv", home / "venv"], home, "creating the venv")
        run([python, "-m", "pip", "install", "-q", peer.requirement, "-e", ROOT], home, "pip install")
        version = installed_version(python, peer.distribution)
    except RuntimeError as err:
        raise Unavailable(str(err).splitlines()[0] + " " + str(err).strip().splitlines()[-1][:200]) from None
    seconds = time.perf_counter() - start
    marker.write_text(json.dumps({**wanted, "version": version, "install_seconds": round(seconds, 1)}))
    return python, version, seconds


# ---- the exercise in a peer's format ----------------------------------------------------------


def solution_notebook(solution: Path) -> nbformat.NotebookNode:
    """The solution notebook without outputs: setup, answer and check cells as the course wrote them."""
    notebook = nbformat.read(solution, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook


def with_wrong_answer(notebook: nbformat.NotebookNode, exercise) -> tuple[nbformat.NotebookNode, str]:
    """A copy whose last question worth points is answered `None`: a peer must take exactly its points away.

    The last one, because later answers may build on earlier ones (Q4 charts Q1's answer).
    """
    qid = [q for q, points in exercise.points.items() if points][-1]
    wrong = copy.deepcopy(notebook)
    for cell in wrong.cells:
        if exercises.role(cell) == "answer" and exercises.tag(cell)["question"] == qid:
            cell.source = f"{qid} = None"
    return wrong, qid


def write_copies(notebook: nbformat.NotebookNode, paths: list[Path]) -> None:
    """The same submission at every path (folders made as needed)."""
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, path)


def students(count: int) -> list[str]:
    """The names of the timed submissions, as ours are named."""
    return [f"student{i:02d}" for i in range(count)]


# ---- nbgrader -------------------------------------------------------------------------------


def nbgrader_cell(cell: nbformat.NotebookNode, exercise) -> dict | None:
    """nbgrader's metadata for a course cell: setup locked, answers as solutions, checks as tests with points."""
    role, qid = exercises.role(cell), exercises.tag(cell).get("question")
    base = {"schema_version": 3, "task": False}
    if role == "setup":
        return {**base, "grade": False, "solution": False, "locked": True, "grade_id": "setup"}
    if role == "answer":
        return {**base, "grade": False, "solution": True, "locked": False, "grade_id": f"{qid}_answer"}
    if role == "check":
        return {**base, "grade": True, "solution": False, "locked": True, "grade_id": f"{qid}_check",
                "points": exercise.points[qid]}
    return None


def nbgrader_source(notebook: nbformat.NotebookNode, exercise) -> nbformat.NotebookNode:
    """The solution notebook with nbgrader's metadata: the instructor's source version of the assignment."""
    source = copy.deepcopy(notebook)
    for cell in source.cells:
        meta = nbgrader_cell(cell, exercise)
        if meta is not None:
            cell.metadata["nbgrader"] = meta
    return source


NBGRADER_SCORES = """\
import json, sys
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gb:
    found = {s: gb.find_submission(sys.argv[1], s) for s in sys.argv[2:]}
    print(json.dumps({s: [sub.score, sub.max_score] for s, sub in found.items()}))
"""


def nbgrader_scores(python: Path, course: Path, names: list[str]) -> dict[str, list[float]]:
    """Student → [score, max score] from nbgrader's gradebook, read through its own API."""
    return json.loads(run([python, "-c", NBGRADER_SCORES, ASSIGNMENT, *names], course, "reading nbgrader's gradebook", python))


def nbgrader_autograde(python: Path, course: Path) -> None:
    """One `nbgrader autograde` over every folder in `submitted/`, as an instructor grades a class."""
    run([python.parent / "nbgrader", "autograde", ASSIGNMENT, "--force"], course, "nbgrader autograde", python)


def nbgrader_course(python: Path, exercise, solution: Path, count: int, workdir: Path) -> Callable[[], None]:
    """A course folder graded by nbgrader: source, generated release, `count` submitted copies.

    Untimed first: a solution copy and a wrong copy are graded and their scores checked.
    """
    course = workdir / "nbgrader"
    notebook = nbgrader_source(solution_notebook(solution), exercise)
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(notebook, course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'shared_future'\n"
        "c.ExecutePreprocessor.timeout = 60\n")
    run([python.parent / "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], course, "nbgrader generate_assignment", python)

    def submitted(name: str) -> Path:
        return course / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

    wrong, qid = with_wrong_answer(notebook, exercise)
    write_copies(notebook, [submitted("check_right")])
    write_copies(wrong, [submitted("check_wrong")])
    nbgrader_autograde(python, course)
    scores = nbgrader_scores(python, course, ["check_right", "check_wrong"])
    verify("nbgrader", scores["check_right"], scores["check_wrong"], qid, exercise)
    for name in ("check_right", "check_wrong"):
        shutil.rmtree(course / "submitted" / name)
        shutil.rmtree(course / "autograded" / name)
    names = students(count)
    write_copies(notebook, [submitted(name) for name in names])

    def grade_all() -> None:
        nbgrader_autograde(python, course)
        for name in names:
            graded = nbformat.read(course / "autograded" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
            failed = [c.metadata["nbgrader"]["grade_id"] for c in graded.cells
                      if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
            if failed:
                raise PeerMisgrades(f"nbgrader failed {name}'s solution copy in {', '.join(failed)}")
    return grade_all


# ---- otter-grader ---------------------------------------------------------------------------


def otter_test(qid: str, points: int) -> str:
    """Otter's exception-based test file for one question: the same call as our check cell."""
    return (f"from otter.test_files import test_case\n\nOK_FORMAT = False\n\nname = {qid!r}\npoints = {points}\n\n\n"
            f"@test_case(points={points})\ndef test_{qid}(check, {qid}):\n    check.{qid}({qid})\n")


def otter_submission(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as otter grades it: check cells out, each answer cell tagged with its question's test.

    Otter's grading runs a tagged cell's test right after it, as `otter assign` lays a notebook out.
    """
    submission = copy.deepcopy(notebook)
    submission.cells = [cell for cell in submission.cells if exercises.role(cell) != "check"]
    for cell in submission.cells:
        if exercises.role(cell) == "answer":
            cell.metadata["otter"] = {"tests": [exercises.tag(cell)["question"]]}
    return submission


def otter_autograder(python: Path, exercise, workdir: Path) -> Path:
    """`otter generate`'s autograder zip from one test file per question."""
    tests = workdir / "tests"
    tests.mkdir(parents=True)
    for qid, points in exercise.points.items():
        (tests / f"{qid}.py").write_text(otter_test(qid, points))
    run([python.parent / "otter", "generate", "--no-config", "--no-requirements", "--no-environment"],
        workdir, "otter generate", python)
    return workdir / "autograder.zip"


def otter_run(python: Path, autograder: Path, submission: Path, output: Path) -> list[float]:
    """`otter run` on one submission: [score, max score] from the results it writes."""
    output.mkdir(parents=True, exist_ok=True)
    run([python.parent / "otter", "run", "--no-logo", "-a", autograder, "-o", output, submission],
        submission.parent, "otter run", python)
    tests = json.loads((output / "results.json").read_text())["tests"]
    return [sum(t.get("score", 0) for t in tests), sum(t.get("max_score", 0) for t in tests)]


def otter_course(python: Path, exercise, solution: Path, count: int, workdir: Path) -> Callable[[], None]:
    """An otter autograder and `count` submissions; untimed first, a solution copy and a wrong copy."""
    home = workdir / "otter"
    autograder = otter_autograder(python, exercise, home)
    notebook = solution_notebook(solution)
    wrong, qid = with_wrong_answer(notebook, exercise)
    right_path, wrong_path = home / "check_right" / f"{ASSIGNMENT}.ipynb", home / "check_wrong" / f"{ASSIGNMENT}.ipynb"
    write_copies(otter_submission(notebook), [right_path])
    write_copies(otter_submission(wrong), [wrong_path])
    verify("otter-grader", otter_run(python, autograder, right_path, home / "results" / "check_right"),
           otter_run(python, autograder, wrong_path, home / "results" / "check_wrong"), qid, exercise)
    names = students(count)
    paths = [home / "submitted" / name / f"{ASSIGNMENT}.ipynb" for name in names]
    write_copies(otter_submission(notebook), paths)

    def grade_all() -> None:
        for name, path in zip(names, paths):
            score, top = otter_run(python, autograder, path, home / "results" / name)
            if score != top:
                raise PeerMisgrades(f"otter-grader gave {name}'s solution copy {score} of {top}")
    return grade_all


# ---- both -----------------------------------------------------------------------------------


def verify(tool: str, right: list[float], wrong: list[float], qid: str, exercise) -> None:
    """Full marks for the solution, `qid`'s points lost for the wrong copy; else the conversion is broken."""
    total = sum(exercise.points.values())
    if right != [total, total] or wrong != [total - exercise.points[qid], total]:
        raise PeerMisgrades(f"{tool} graded the solution {right[0]}/{right[1]} and the copy with {qid} wrong "
                            f"{wrong[0]}/{wrong[1]}; expected {total}/{total} and {total - exercise.points[qid]}/{total}")


PEERS = (
    Peer("nbgrader", "nbgrader==0.9.*", "nbgrader", "autograde, one process", nbgrader_course),
    Peer("otter", "otter-grader==7.*", "otter-grader", "otter run per submission", otter_course),
)


@dataclass
class Prepared:
    """A peer ready to time (`grade_all`), or why not (`reason`), with its label and install seconds."""

    label: str
    grade_all: Callable[[], None] | None = None
    reason: str = ""
    install_seconds: float | None = None


def prepare(peer: Peer, exercise, solution: Path, count: int, workdir: Path) -> Prepared:
    """The peer set up to grade `count` copies of `solution`, or the reason it cannot be timed here.

    An install that fails is a reason (the row says "not installed"); a peer that misgrades raises.
    """
    try:
        python, version, seconds = peer_python(peer)
    except Unavailable as err:
        return Prepared(peer.requirement, reason=str(err))
    grade_all = peer.setup(python, exercise, solution, count, workdir)
    return Prepared(f"{peer.distribution} {version} ({peer.how})", grade_all, install_seconds=seconds)
