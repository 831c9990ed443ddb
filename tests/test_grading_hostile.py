"""Hostile submissions, graded in the sandbox: each attack gets the grade it deserves and reaches nothing.

Every submission below is exercise 01 with one or two answer cells replaced by an attack (the
other answers are the solution's, so the run visibly goes on after the attack). After grading the
whole folder, 2 at a time, the tests assert each grade and message, and that the submissions, the
course's `data/` and `exercises/solutions/` are byte-identical and no process the attacks started
survives. Memory is capped at 1.5 GB per process and 2 GB per submission here, so a memory bomb cannot
hurt the test machine.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from test_grading import learner, solution, with_cells

from shared_future import data, exercises, grade, grading
from shared_future.grading import checking

pytestmark = pytest.mark.skipif(bool(grading.sandbox.problem()), reason=f"no sandbox: {grading.sandbox.problem()}")

TIMEOUT = 20  # seconds per cell: a loop costs this much; a busy shared machine needs the margin
MARK = "31337"  # the sleeping processes an attack leaves behind carry this number, so the test can look for them
FRESH = "; the remaining questions were graded in a fresh kernel"


def attacks(folder: Path) -> dict[str, dict[str, str]]:
    """Submission name → question → the answer cell's new source. `folder` is the submissions folder."""
    return {
        "patch_checks": {"q1": (
            "import sys, types\n"
            "from shared_future.checks import ex01 as checks_module\n"
            "setattr(checks_module, 'q1', lambda answer: None)\n"
            "check.q1 = lambda answer: None\n"
            "fake = types.ModuleType('shared_future.checks.ex01')\n"
            "fake.q1 = lambda answer: None\n"
            "sys.modules['shared_future.checks.ex01'] = fake\n"
            "q1 = {'I': 1, 'II': 2, 'III': 3}")},
        "steal_solutions": {
            "q2": "from shared_future import exercises\nq2 = exercises.solution_path('01').read_text()",
            "q3": "import shared_future.checks.ex01 as real\nq3 = real.q3",
        },
        "vandal": {"q1": (
            "import glob, os, pathlib\n"
            "seen = set()\n"
            "for pid in os.listdir('/proc'):\n"
            "    try:\n"
            "        seen.add(os.readlink(f'/proc/{pid}/cwd'))\n"
            "    except OSError:\n"
            "        pass\n"
            f"targets = glob.glob({str(folder)!r} + '/*.ipynb') + [p for d in seen for p in glob.glob(d + '/*.ipynb')]\n"
            "for target in targets:\n"
            "    if 'graded' not in target:\n"
            "        pathlib.Path(target).write_text('{}')\n"
            "q1 = len(targets)")},
        "poison_data": {"q2": (
            "from shared_future import data\n"
            "for path in data.DATA_DIR.glob('*.csv'):\n"
            "    path.write_text('doc_id,para_no,words\\n')\n"
            "(data.DATA_DIR / 'datapackage.json').write_text('{}')\n"
            "q2 = 0")},
        "orphans": {"q1": (
            "import subprocess, sys\n"
            f"subprocess.Popen(['sleep', '{MARK}'], start_new_session=True)\n"
            f"subprocess.Popen([sys.executable, '-c', 'import os, time\\nif os.fork() == 0:\\n    os.setsid()\\n    time.sleep({MARK})'], start_new_session=True)\n"
            "q1 = {}")},
        "network": {"q1": "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=3)\nq1 = {}"},
        "memory_bomb": {"q2": "hog = []\nwhile True:\n    hog.append(bytearray(2**27))"},
        "disk_filler": {"q1": "import pathlib\nfor i in range(40):\n    pathlib.Path(f'filler{i}.bin').write_bytes(b'x' * 50 * 2**20)\nq1 = {}"},
        "file_flood": {"q1": "import pathlib\nfor i in range(50_000):\n    pathlib.Path(f'f{i}').touch()\nq1 = {}"},
        "fork_bomb": {"q1": (
            "import os, time\n"
            "children = 0\n"
            "try:\n"
            "    for _ in range(2000):\n"
            "        if os.fork() == 0:\n"
            f"            time.sleep({MARK})\n"
            "        children += 1\n"
            "except OSError:\n"
            "    raise RuntimeError(f'fork refused after {children} children') from None\n"
            "q1 = {}")},
        "many_hogs": {"q1": (  # three processes of 1 GB each: under the cap per process, over the cap together
            "import os, time\n"
            "pids = []\n"
            "for _ in range(3):\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n"
            "        hog = b'x' * 2**30\n"
            "        time.sleep(5)\n"
            "        os._exit(0)\n"
            "    pids.append(pid)\n"
            "statuses = [os.waitpid(pid, 0)[1] for pid in pids]\n"
            "killed = sum(os.WIFSIGNALED(s) and os.WTERMSIG(s) == 9 for s in statuses)\n"
            "raise RuntimeError(f'{killed} of 3 children were killed')")},
        "flood": {"q3": ("for _ in range(200_000):\n    print('x' * 100)\nprint('y' * 50_000_000)\n"
                         "longest = paragraphs.loc[paragraphs['words'].idxmax()]\nq3 = (longest['doc_id'], longest['para_no'])")},
        "exit_kernel": {"q2": "import os\nos._exit(1)"},
        "plant_modules": {"q2": ("import os, pathlib\n"  # the fresh kernel's pytest starts in this folder
                                 "pathlib.Path('pytest.py').write_text('raise SystemExit(\"planted\")')\n"
                                 "os._exit(1)")},
        "sys_exit": {"q2": "import sys\nsys.exit(3)"},
        "deaf_loop": {"q2": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"},
        "kill_grader": {"q6": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"},
        "crash": {"q2": "q2 = 1 / 0"},
        # Q1 is wrong; Q2's cell then rewrites Q1's saved answer (the file its check cell wrote) with the right one
        "tamper_answer": {"q1": "q1 = {}", "q2": (
            "from shared_future.grading import answers\n"
            "right = paragraphs[paragraphs['doc_id'] == 'wang_yi_2025'].groupby('section')['words'].sum()\n"
            "answers.save('q1', {'q1': right}, '../answers')\n"
            "q2 = paragraphs[paragraphs['doc_id'] == 'he_yin_2025']['words'].mean()")},
        # a forged description of a chart with 200,000 bars: rebuilt as it was, it took the grader 90 s and 2 GB
        "huge_chart": {"q4": (
            "import shared_future.grading.answers as answers\n"
            "forged = answers.describe_axes(plt.subplots()[1])\n"
            "forged['bars'] = [{'orientation': 'vertical', 'rects': [[i, 0.0, 0.8, 1.0] for i in range(200_000)]}]\n"
            "real, q4 = answers.to_plain, object()\n"
            "answers.to_plain = lambda value, depth=0: forged if value is q4 else real(value, depth)")},
    }


DUPLICATE = "duplicate_tag"  # Q2's right answer cell, then a second cell tagged as Q2's answer holding a wrong one


def with_duplicate_answer(notebook: nbformat.NotebookNode, qid: str, source: str) -> nbformat.NotebookNode:
    """`notebook` with a second cell tagged as `qid`'s answer cell, right after the first."""
    where = next(i for i, c in enumerate(notebook.cells) if exercises.role(c) == "answer" and exercises.tag(c)["question"] == qid)
    notebook.cells.insert(where + 1, nbformat.v4.new_code_cell(source, metadata=dict(notebook.cells[where].metadata)))
    return notebook


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(workdir: str) -> list[str]:
    """Command lines of processes that carry the attacks' mark or run in this test's grading folders."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if MARK in cmdline or workdir in cmdline:
            found.append(cmdline)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, sources in attacks(folder).items():
        nbformat.write(with_cells(solution(), "answer", sources), folder / f"{name}.ipynb")
    nbformat.write(solution(), folder / "right.ipynb")
    nbformat.write(with_duplicate_answer(solution(), "q2", "q2 = 0"), folder / f"{DUPLICATE}.ipynb")
    nbformat.write(with_cells(learner(), "answer", {}), folder / "unanswered.ipynb")
    (folder / "corrupt.ipynb").write_bytes(b"\x00 not { json")
    before = {"submissions": digests(folder), "data": digests(data.DATA_DIR), "solutions": digests(exercises.SOLUTIONS_DIR)}
    workdir = str(tmp_path_factory.mktemp("work"))  # each submission's private folder is made in here
    assert not leftovers(workdir)
    exercise = grading.Exercise.load("01")
    settings = grading.Settings(TIMEOUT, True, (), grading.sandbox.Limits(
        memory_mb=1536, processes=128, total_memory_mb=2048, disk_mb=300, files=2000))
    default, tempfile.tempdir = tempfile.tempdir, workdir
    try:
        graded = grading.grade_folder(exercise, folder, settings, jobs=2)
    finally:
        tempfile.tempdir = default
    reports = tmp_path_factory.mktemp("gradebook")
    book, students = grading.marking.book(grading.pipeline.in_memory(exercise, graded), "01")
    grading.report.write_book("01", book, reports, students)
    after = {"submissions": digests(folder), "data": digests(data.DATA_DIR), "solutions": digests(exercises.SOLUTIONS_DIR)}
    return {"book": book, "students": students.set_index("student"), "errors": {g.student: g.error for g in graded}, "before": before, "after": after,
            "workdir": workdir, "seconds": {g.student: g.finished - g.started for g in graded},
            "feedback": reports / "feedback"}


def results(hostile, student: str) -> dict[str, tuple[bool, str]]:
    rows = hostile["book"][hostile["book"]["student"] == student]
    return {row.question: (row.passed, row.message) for row in rows.itertuples()}


def score(hostile, student: str) -> int:
    return int(hostile["book"].loc[hostile["book"]["student"] == student, "points"].sum())


def solved(hostile, student: str, questions: str) -> bool:
    return all(results(hostile, student)[f"q{n}"] == (True, "") for n in questions)


def test_nothing_outside_the_sandbox_changed_and_nothing_survives(hostile):
    assert hostile["after"] == hostile["before"]
    assert not leftovers(hostile["workdir"])


def test_the_honest_submissions_are_graded_as_usual(hostile):
    assert score(hostile, "right") == 21, results(hostile, "right")  # the auto-graded points; the written Q9 waits for the rubric
    assert score(hostile, "unanswered") == 0
    assert hostile["errors"]["corrupt"].startswith("not a notebook")


def test_patched_or_replaced_checks_change_nothing(hostile):
    passed, message = results(hostile, "patch_checks")["q1"]
    assert not passed and message.startswith("Q1: the value for 'I' is wrong")
    assert solved(hostile, "patch_checks", "2356"), "Q4 draws Q1's answer, so it fails with it"


def test_solutions_and_checks_are_out_of_reach(hostile):
    got = results(hostile, "steal_solutions")
    assert got["q2"][1].startswith("Q2: the answer cell raised UnknownExercise: There is no exercise '01'")
    assert got["q3"][1].startswith("Q3: the answer cell raised ModuleNotFoundError")
    assert solved(hostile, "steal_solutions", "1456")


def test_other_submissions_and_the_real_data_are_out_of_reach(hostile):
    assert results(hostile, "vandal")["q1"][1].startswith("Q1: expects a Series or a dict"), "it found no notebook to rewrite"
    assert results(hostile, "poison_data")["q2"][1].startswith("Q2: 0 is too low")
    assert solved(hostile, "poison_data", "13456"), "its own later answers read its own (poisoned) copy, the checks the real data"


def test_processes_and_the_network_are_contained(hostile):
    assert not results(hostile, "orphans")["q1"][0] and solved(hostile, "orphans", "2356")
    assert results(hostile, "network")["q1"][1].startswith("Q1: the answer cell raised OSError: [Errno 101] Network is unreachable")
    assert solved(hostile, "network", "2356")


def test_memory_and_output_are_capped(hostile):
    assert results(hostile, "memory_bomb")["q2"][1].startswith("Q2: the answer cell raised MemoryError")
    assert solved(hostile, "memory_bomb", "13456")
    assert solved(hostile, "flood", "123456"), "printing a flood costs nothing when the answer is right"


@pytest.mark.skipif(bool(grading.cgroups.problem()), reason=f"no control groups: {grading.cgroups.problem()}")
def test_processes_and_memory_are_capped_together(hostile):
    bomb = results(hostile, "fork_bomb")["q1"][1]
    assert re.fullmatch(r"Q1: the answer cell raised RuntimeError: fork refused after \d+ children", bomb), bomb
    assert int(bomb.split()[-2]) < 128
    hogs = results(hostile, "many_hogs")["q1"][1]
    assert re.fullmatch(r"Q1: the answer cell raised RuntimeError: [123] of 3 children were killed", hogs), hogs
    assert solved(hostile, "fork_bomb", "2356") and solved(hostile, "many_hogs", "2356")


def test_the_disk_is_capped_for_the_whole_folder(hostile):
    assert hostile["errors"]["disk_filler"] == "the submission wrote more than 300 MB into its folder and was stopped"
    assert hostile["errors"]["file_flood"] == "the submission made more than 2000 files in its folder and was stopped"
    for student in ("disk_filler", "file_flood"):
        assert score(hostile, student) == 0
        assert results(hostile, student)["q6"] == (False, f"Q6: not graded: {hostile['errors'][student]}")


def test_a_dead_kernel_is_reported_and_the_rest_graded_in_a_fresh_one(hostile):
    assert results(hostile, "exit_kernel")["q2"] == (False, f"Q2: the kernel died in Q2's answer cell{FRESH}")
    assert hostile["errors"]["exit_kernel"] == "the kernel died in Q2's answer cell; the questions after it were graded in a fresh kernel"
    assert solved(hostile, "exit_kernel", "13456")
    assert results(hostile, "plant_modules")["q2"] == (False, f"Q2: the kernel died in Q2's answer cell{FRESH}")
    assert solved(hostile, "plant_modules", "13456"), "the fresh run must not import the module planted in its folder"
    deaf = results(hostile, "deaf_loop")["q2"]
    assert deaf == (False, f"Q2: the answer cell ran past the {TIMEOUT} s time limit and could not be interrupted{FRESH}")
    assert solved(hostile, "deaf_loop", "13456")


def test_exits_crashes_and_a_killed_grader_are_recorded(hostile):
    assert results(hostile, "sys_exit")["q2"][1].startswith("Q2: the answer cell raised SystemExit")
    assert results(hostile, "crash")["q2"] == (False, "Q2: the answer cell raised ZeroDivisionError: division by zero")
    assert solved(hostile, "sys_exit", "13456") and solved(hostile, "crash", "13456")
    killed = results(hostile, "kill_grader")
    assert not killed["q6"][0] and solved(hostile, "kill_grader", "12345"), killed


def test_without_bubblewrap_the_command_refuses_unless_told(tmp_path, monkeypatch, capsys):
    (tmp_path / "ann.ipynb").write_bytes(b"not json")
    monkeypatch.setattr(grading.sandbox, "problem", lambda: "bubblewrap is not installed")
    assert grade.main([str(tmp_path), "--exercise", "01", "--out", str(tmp_path / "out")]) == grade.USAGE_ERROR
    err = capsys.readouterr().err
    assert "bubblewrap is not installed" in err and "exercises/solutions/ and the checks are readable" in err
    assert "--unsandboxed" in err and not (tmp_path / "out").exists()
    assert grade.main([str(tmp_path), "--exercise", "01", "--out", str(tmp_path / "out"), "--unsandboxed"]) == 0
    assert "grading WITHOUT the sandbox" in capsys.readouterr().err
    assert pd.read_csv(tmp_path / "out" / "gradebook.csv")["error"].str.startswith("not a notebook").all()


def test_an_answer_is_taken_when_its_cell_ends(hostile):
    own = checking.check(exercises.checks_module("01"), "q1", {})
    assert not own[0] and results(hostile, "tamper_answer")["q1"] == own, "Q2's cell rewrote Q1's saved answer"
    assert solved(hostile, "tamper_answer", "2356")


def test_a_chart_over_the_hard_limits_is_refused_before_it_is_built(hostile):
    passed, message = results(hostile, "huge_chart")["q4"]
    assert not passed and message.startswith("Q4: the chart was not read: it has 200,000 bars"), message
    assert solved(hostile, "huge_chart", "12356")
    assert hostile["seconds"]["huge_chart"] < hostile["seconds"]["right"] + 60, "the grader built the forged chart"


def test_two_cells_claiming_one_question_are_reported_with_the_rule(hostile):
    rows, students = hostile["book"].set_index(["student", "question"]), hostile["students"]
    warning = students.loc[DUPLICATE, "warnings"]
    assert warning.startswith("Q2: 2 cells are marked as its answer cell; only the last one is graded (code cell "), warning
    assert not rows.loc[(DUPLICATE, "q2"), "passed"] and solved(hostile, DUPLICATE, "13456")
    assert students.loc["right", "warnings"] == ""
    assert "Note:</strong> Q2: 2 cells are marked" in (hostile["feedback"] / f"{DUPLICATE}.html").read_text()
