"""Write the student edition of the course: `python -m shared_future.student (--out DIR | --branch NAME)`.

The student edition is what Binder and a class's nbgitpuller link point at: the course as
committed (the last commit, never uncommitted edits), less what only instructors should have:

- `exercises/solutions/`, the one source of each exercise, with its solutions;
- `tests/` (its exercise cases hold right and wrong answers), `benchmarks/`, `deploy/`, `.ci/`;

and with one thing added: a copy of each released learner's version inside the package
(`exercises.RELEASED_DIR`), which the learner's score card grades with in place of the solutions.

`--out DIR` writes it as a folder; `--branch NAME` commits it on a git branch of this repository
(without touching the working tree), each new edition on top of the previous one, so that
nbgitpuller can pull an instructor's update into every student's copy.
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .data import ROOT
from .exercises import RELEASED_DIR as RELEASED

INSTRUCTOR_ONLY = ["exercises/solutions", "tests", "benchmarks", "deploy", ".ci", "instructors"]
AUTHOR = {"GIT_AUTHOR_NAME": "Shared Future Notebooks", "GIT_AUTHOR_EMAIL": "course@localhost",
          "GIT_COMMITTER_NAME": "Shared Future Notebooks", "GIT_COMMITTER_EMAIL": "course@localhost"}


class EditionError(RuntimeError):
    """The student edition cannot be written; the message says why."""


def _git(*args: str, env: dict[str, str] | None = None, data: bytes | None = None, repo: Path = ROOT) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, input=data,
                            env={**os.environ, **(env or {})})
    if result.returncode:
        raise EditionError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def edition_tree(repo: Path = ROOT, commit: str = "HEAD") -> str:
    """The git tree of `commit` without the instructor-only paths (the working tree is not touched)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git("read-tree", commit, env=env, repo=repo)
        _git("rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", *INSTRUCTOR_ONLY, env=env, repo=repo)
        released = RELEASED.relative_to(ROOT).as_posix()
        for line in _git("ls-tree", commit, "exercises/", repo=repo).decode().splitlines():
            mode_type_blob, path = line.split("\t", 1)
            mode, kind, blob = mode_type_blob.split()
            if kind == "blob" and path.endswith(".ipynb"):  # the learner's versions, for the score card
                _git("update-index", "--add", "--cacheinfo", f"{mode},{blob},{released}/{path.split('/')[-1]}",
                     env=env, repo=repo)
        return _git("write-tree", env=env, repo=repo).decode().strip()


def write_folder(out: Path, repo: Path = ROOT) -> Path:
    """Write the student edition into `out` (which must not exist yet or be empty)."""
    if out.exists() and any(out.iterdir()):
        raise EditionError(f"{out} is not empty: choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    archive = _git("archive", "--format=tar", edition_tree(repo), repo=repo)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(out, filter="data")
    return out


def write_branch(branch: str, repo: Path = ROOT) -> str:
    """Commit the student edition on `branch`, on top of its previous edition; returns the commit."""
    tree = edition_tree(repo)
    ref = f"refs/heads/{branch}"
    previous = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", ref],
                              capture_output=True, text=True).stdout.strip()
    if previous and _git("rev-parse", f"{previous}^{{tree}}", repo=repo).decode().strip() == tree:
        return previous  # nothing changed since the last edition
    source = _git("rev-parse", "--short", "HEAD", repo=repo).decode().strip()
    parents = ["-p", previous] if previous else []
    commit = _git("commit-tree", tree, *parents, "-m", f"Student edition of {source} (no solutions)",
                  env=AUTHOR, repo=repo).decode().strip()
    _git("update-ref", ref, commit, *([previous] if previous else []), repo=repo)
    return commit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="a new folder to write the student edition into")
    where.add_argument("--branch", help="a git branch to commit the student edition on, e.g. student")
    args = parser.parse_args(argv)
    try:
        if args.out:
            print(f"wrote the student edition into {write_folder(args.out)}")
        else:
            print(f"committed the student edition on branch {args.branch}: {write_branch(args.branch)[:12]}")
    except EditionError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
