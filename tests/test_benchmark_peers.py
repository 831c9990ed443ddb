"""The benchmark's peers grade the same work as ours: converting exercise 01 to nbgrader's and
otter-grader's formats keeps the setup and answer cells and gives each question one test that makes
our check cell's call, worth our points. Needs neither tool (their timing is `benchmarks/run.py`'s)."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from shared_future import exercises, grading

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def peers():
    spec = importlib.util.spec_from_file_location("benchmark_peers", ROOT / "benchmarks" / "peers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exercise():
    return grading.Exercise.load("01")


@pytest.fixture(scope="module")
def solution(peers):
    return peers.solution_notebook(exercises.solution_path("01"))


def code_by_role(notebook, role: str) -> list[str]:
    return [cell.source for cell in notebook.cells if exercises.role(cell) == role]


def test_nbgrader_source_marks_setup_answers_and_tests_with_our_points(peers, exercise, solution):
    source = peers.nbgrader_source(solution, exercise)
    assert code_by_role(source, "setup") == code_by_role(solution, "setup")
    assert code_by_role(source, "answer") == code_by_role(solution, "answer")
    tests = {c.metadata["nbgrader"]["grade_id"]: (c.source, c.metadata["nbgrader"]["points"])
             for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert tests == {f"{qid}_check": (f"check.{qid}({qid})", points) for qid, points in exercise.points.items()}
    solutions = [c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solutions == code_by_role(solution, "answer")
    assert "nbgrader" not in solution.cells[1].metadata, "the conversion must not change the solution it reads"


def test_otter_submission_keeps_answers_and_tags_each_with_its_test(peers, solution):
    submission = peers.otter_submission(solution)
    assert code_by_role(submission, "check") == []
    assert code_by_role(submission, "setup") == code_by_role(solution, "setup")
    answers = [c for c in submission.cells if exercises.role(c) == "answer"]
    assert [c.source for c in answers] == code_by_role(solution, "answer")
    assert [c.metadata["otter"]["tests"] for c in answers] == [[exercises.tag(c)["question"]] for c in answers]


def test_otter_test_file_calls_our_check_for_its_points(peers):
    source = peers.otter_test("q3", 2)
    compile(source, "q3.py", "exec")
    assert re.search(r"^name = 'q3'$", source, re.M) and re.search(r"^points = 2$", source, re.M)
    assert re.search(r"^def test_q3\(check, q3\):\n    check\.q3\(q3\)$", source, re.M)


def test_wrong_copy_breaks_only_the_last_question_worth_points(peers, exercise, solution):
    wrong, qid = peers.with_wrong_answer(solution, exercise)
    assert qid == "q10"  # exercise 01's last auto-graded question (its written Q9 comes before it)
    changed = [exercises.tag(c)["question"] for c, before in zip(wrong.cells, solution.cells) if c.source != before.source]
    assert changed == ["q10"]


def test_verify_refuses_a_peer_that_misgrades(peers, exercise):
    total = sum(exercise.points.values())
    peers.verify("tool", [total, total], [total - 3, total], "q8", exercise)
    with pytest.raises(peers.PeerMisgrades, match="tool graded the solution"):
        peers.verify("tool", [total - 2, total], [total - 3, total], "q8", exercise)
    with pytest.raises(peers.PeerMisgrades):
        peers.verify("tool", [total, total], [total, total], "q8", exercise)


def test_a_peer_that_does_not_install_gives_a_reason_not_a_crash(peers, exercise, tmp_path, monkeypatch):
    monkeypatch.setattr(peers, "PEERS_DIR", tmp_path / "peers")
    missing = tmp_path / "no-such-package"  # pip fails on it without asking any index
    peer = peers.Peer("absent", str(missing), "absent", "never runs", setup=None)
    prepared = peers.prepare(peer, exercise, exercises.solution_path("01"), 1, tmp_path)
    assert prepared.grade_all is None
    assert prepared.reason.startswith("pip install failed") and "no-such-package" in prepared.reason
    assert not (tmp_path / "peers" / "absent" / "installed.json").exists(), "a failed install must not be reused"
