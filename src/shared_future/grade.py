"""Grade a class: `python -m shared_future.grade SUBMISSIONS_DIR --exercise NN [--out DIR] [--timeout S] [--jobs N]`.

Writes `gradebook.csv` (a row per student and question), `summary.csv` (a row per student),
`pass_rates.png`, `feedback/<student>.html`, `canvas.csv`, `moodle.csv` and, for written
questions, `responses-qN.html` and `rubric.csv` into `--out` (default `./gradebook-NN/`, and never
inside the submissions folder: if the default would land there, it goes next to it), and prints a
short table. Each submission runs in a bubblewrap sandbox; where bubblewrap cannot run, the
command says which protections would be off and stops unless given `--unsandboxed`.
Exit code 0 when grading ran, whatever the grades; 2 for bad usage, with the reason.
The submissions are read, never written; see `shared_future.grading` for how.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

import pandas as pd

from . import grading

USAGE_ERROR = 2


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m shared_future.grade", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of submitted notebooks (*.ipynb)")
    parser.add_argument("--exercise", required=True, help="exercise number, e.g. 01")
    parser.add_argument("--out", type=Path, help="where to write the gradebook (default: ./gradebook-NN/)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run (default: 120)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at once (default: the number of CPUs)")
    parser.add_argument("--memory", type=int, default=grading.sandbox.Limits.memory_mb,
                        help="memory cap per process of a submission, in MB (default: %(default)s)")
    parser.add_argument("--unsandboxed", action="store_true",
                        help="grade without bubblewrap (only submissions you trust; see docs/grading-threat-model.md)")
    return parser.parse_args(argv)


def _out_dir(args: argparse.Namespace, number: str) -> Path:
    """--out as given; by default ./gradebook-NN, moved next to the submissions if it would fall inside them."""
    if args.out is not None:
        return args.out
    default = Path(f"gradebook-{number}").resolve()
    folder = args.submissions.resolve()
    return folder.parent / default.name if default.is_relative_to(folder) else default


def _usage_problem(args: argparse.Namespace) -> str:
    """Why these arguments cannot be graded, or ""."""
    if not args.submissions.is_dir():
        return f"{args.submissions} is not a folder of submissions"
    if not grading.find_submissions(args.submissions):
        return f"{args.submissions} holds no notebooks (no file name contains .ipynb)"
    if args.timeout < 1 or args.jobs < 1 or args.memory < 256:
        return "--timeout and --jobs must be at least 1, --memory at least 256 (MB)"
    if importlib.util.find_spec("nbval") is None:
        return "grading needs nbval and pytest: pip install -e '.[test]'"
    if grading.sandbox.problem() and not args.unsandboxed:
        off = "\n".join(f"  - {item}" for item in grading.sandbox.PROTECTIONS_OFF)
        return (f"submissions cannot be sandboxed: {grading.sandbox.problem()}.\n"
                f"Without the sandbox these protections are off:\n{off}\n"
                "Install bubblewrap, or grade only submissions you trust with --unsandboxed.")
    return ""


def _print_summary(number: str, scores: pd.DataFrame, rates: pd.DataFrame, seconds: float, jobs: int,
                   out: Path) -> None:
    """Per-question pass rates, the mean score, and every submission that broke, with why."""
    print(f"Exercise {number}: {len(scores)} submissions graded in {seconds:.1f} s ({jobs} at a time)")
    print(rates.assign(question=rates["question"].str.upper()).to_string(index=False))
    print(f"mean score {scores['score'].mean():.1f} of {scores['max'].max()}")
    broken = scores[scores["error"] != ""]
    for row in broken.itertuples():
        print(f"  {row.student}: {row.error}")
    print(f"wrote {out / 'gradebook.csv'}, summary.csv, pass_rates.png, canvas.csv, moodle.csv, feedback/ in {out}")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        exercise = grading.Exercise.load(args.exercise)
    except ValueError as err:  # an unknown exercise, or one whose notebook and checks do not agree
        print(f"error: {err}", file=sys.stderr)
        return USAGE_ERROR
    problem = _usage_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    out = _out_dir(args, exercise.number)
    started = time.monotonic()
    sandboxed = not grading.sandbox.problem()
    if not sandboxed:
        print("warning: grading WITHOUT the sandbox (--unsandboxed): "
              + "; ".join(grading.sandbox.PROTECTIONS_OFF), file=sys.stderr)
    if grading.cgroups.problem():
        print(f"warning: {grading.cgroups.problem()}: each process of a submission is capped, but not how many "
              "it starts or the memory they hold together", file=sys.stderr)
    settings = grading.Settings(args.timeout, sandboxed, (out.resolve(),), grading.sandbox.Limits(memory_mb=args.memory))
    graded = grading.grade_folder(exercise, args.submissions, settings, jobs=args.jobs)
    _, scores, rates = grading.write_reports(exercise, graded, out)
    _print_summary(exercise.number, scores, rates, time.monotonic() - started, args.jobs, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
