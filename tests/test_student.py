"""The student edition (`python -m shared_future.student`) holds the course and none of its solutions."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared_future import exercises, site, student
from solution_text import solutions_found

ROOT = student.ROOT


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "course"
    result = subprocess.run([sys.executable, "-m", "shared_future.student", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def test_edition_has_no_solution_text(edition):
    assert solutions_found(edition) == []


def test_the_check_finds_solutions_where_they_are():
    """The solution finder is not blind: the instructor's exercises folder is full of solutions."""
    assert len(solutions_found(exercises.SOLUTIONS_DIR)) >= len(exercises.numbers())


def test_edition_keeps_the_course_and_drops_instructor_files(edition):
    committed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True).stdout.split()
    expected = {path for path in committed
                if not any(path == skip or path.startswith(skip + "/") for skip in student.INSTRUCTOR_ONLY)}
    released = exercises.RELEASED_DIR.relative_to(ROOT).as_posix()
    learners = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    expected |= {f"{released}/{learner.name}" for learner in learners}
    written = {p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file()}
    assert written == expected
    assert not (edition / "exercises" / "solutions").exists() and not (edition / "tests").exists()
    for learner in learners:
        assert (edition / "exercises" / learner.name).read_bytes() == learner.read_bytes()
        assert (edition / released / learner.name).read_bytes() == learner.read_bytes()


def _repo_with_a_solution(tmp_path):
    repo = tmp_path / "repo"
    (repo / "exercises" / "solutions").mkdir(parents=True)
    (repo / "exercises" / "solutions" / "01_x.ipynb").write_text("secret")
    (repo / "exercises" / "01_x.ipynb").write_text("stub")
    env = {**student.AUTHOR}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        student._git(*args, env=env, repo=repo)
    return repo


def test_branch_edition_stacks_on_the_previous_one(tmp_path):
    repo = _repo_with_a_solution(tmp_path)
    first = student.write_branch("student", repo)
    assert student._git("ls-tree", "-r", "--name-only", first, repo=repo).decode().split() == [
        "exercises/01_x.ipynb", f"{exercises.RELEASED_DIR.relative_to(ROOT).as_posix()}/01_x.ipynb"]
    assert student.write_branch("student", repo) == first, "an unchanged course makes no new edition"
    (repo / "exercises" / "01_x.ipynb").write_text("stub, improved")
    student._git("commit", "-q", "-am", "improve", env=student.AUTHOR, repo=repo)
    second = student.write_branch("student", repo)
    assert student._git("rev-parse", f"{second}^", repo=repo).decode().strip() == first
    assert student._git("status", "--porcelain", repo=repo) == b"", "the working tree is never touched"


def test_folder_must_be_new(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(student.EditionError, match="not empty"):
        student.write_folder(tmp_path)


def test_a_student_grades_an_exercise_in_the_edition(edition):
    """README's learner command works where students get the course: without the solutions."""
    env = {**os.environ, "PYTHONPATH": str(edition / "src")}  # the edition's own package, not this checkout's
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval-lax",
                             "exercises/01_the_documents_exercise.ipynb"], cwd=edition, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "not answered yet" in result.stdout, result.stdout[-3000:]
    assert str(ROOT) not in result.stdout.replace(str(edition), ""), "grading read this checkout, not the edition"


def test_edition_holds_nothing_of_the_instructors_kit(edition):
    """No instructor page, exemplar or model answer: nothing under `instructors/`, and no page the
    site generates for instructors (`site.INSTRUCTOR_PAGES`), by name, by content or line by line."""
    committed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "instructors"], capture_output=True,
                               text=True).stdout.split()
    assert committed, "the kit is committed under instructors/"
    assert not (edition / "instructors").exists()
    files = [p for p in edition.rglob("*") if p.is_file()]
    kit = {path: (ROOT / path).read_bytes() for path in committed}
    pages = {name: write().encode() for name, write in site.INSTRUCTOR_PAGES.items()}
    names = {Path(name).name for name in pages}
    assert not [p for p in files if p.name in names], "a generated instructor page is in the edition"
    contents = set(kit.values()) | set(pages.values())
    assert not [p for p in files if p.read_bytes() in contents], "a copy of an instructor file is in the edition"
    # the kit's answers (model answers, exemplars), whether kept as data or generated as pages
    answers = [content for path, content in kit.items() if not path.endswith(".md")] + list(pages.values())
    lines = {line.strip() for content in answers for line in content.decode().splitlines() if len(line.strip()) >= 80}
    leaked = [f"{p.relative_to(edition)}: {line[:60]}" for p in files if p.suffix in (".md", ".ipynb", ".py", ".csv", ".txt")
              for line in p.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip() in lines]
    assert not leaked, "\n".join(leaked[:10])
