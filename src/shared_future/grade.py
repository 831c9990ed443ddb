"""Grade a class, mark it, and write what it earned: `python -m shared_future.grade SUBMISSIONS_DIR --exercise NN`.

The course's gradebook is one SQLite file (`--db`, default `gradebook.db` beside the submissions
folder, never inside it; `shared_future.grading.gradebook`). A run grades only the submissions
that are new, changed, or graded under another course version (`--regrade STUDENT`, `--all`),
stores each the moment it is graded, and never touches a rubric mark or an override; it can be
stopped at any moment and run again to resume. It then writes, from the database, into `--out`
(default `./gradebook-NN/`, moved next to the submissions if it would fall inside them):
`gradebook.csv`, `summary.csv`, `pass_rates.png`, `feedback/<student>.html`, `canvas.csv`,
`moodle.csv`, `concepts.csv|png|html` and, for written questions, `responses-qN.html` and
`rubric.csv`. Each submission runs in a bubblewrap sandbox; where bubblewrap cannot run, the
command says which protections would be off and stops unless given `--unsandboxed`.

The instructor's other commands (each writes the files again from the database):

    python -m shared_future.grade mark --exercise 01 ada q9 c1=2 c2=1   (some or all criteria; none: confirm)
    python -m shared_future.grade override --exercise 01 ada q3 2 --reason "..."
    python -m shared_future.grade import --exercise 01 gradebook-01/rubric.csv   (or an old gradebook-01/ folder)
    python -m shared_future.grade export --exercise 01

Exit code 0 when grading ran, whatever the grades; 1 for a refused mark or import and a gradebook
that cannot be written (read-only, disk full), with the reason; 2 for bad usage; 130 when stopped.
The submissions are read, never written; see `shared_future.grading` for how.
"""
from __future__ import annotations

import argparse
import getpass
import importlib.util
import os
import signal
import sys
import time
from contextlib import closing
from pathlib import Path

import pandas as pd

from . import grading

USAGE_ERROR = 2
REFUSED = 1
STOPPED = 130
COMMANDS = ("mark", "override", "import", "export")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m shared_future.grade", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of submitted notebooks (*.ipynb)")
    parser.add_argument("--exercise", required=True, help="exercise number, e.g. 01")
    parser.add_argument("--db", type=Path, help="the course's gradebook (default: gradebook.db beside the submissions folder)")
    parser.add_argument("--out", type=Path, help="where to write the gradebook's files (default: ./gradebook-NN/)")
    parser.add_argument("--regrade", action="append", default=[], metavar="STUDENT",
                        help="grade this student again even if their submission did not change (repeatable)")
    parser.add_argument("--all", action="store_true", help="grade every submission again")
    parser.add_argument("--deadline", help="the exercise's deadline (ISO date and time, e.g. 2026-03-01T23:59); "
                                           "late days are counted from it")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run (default: 120)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at once (default: the number of CPUs)")
    parser.add_argument("--memory", type=int, default=grading.sandbox.Limits.memory_mb,
                        help="memory cap per process of a submission, in MB (default: %(default)s)")
    parser.add_argument("--unsandboxed", action="store_true",
                        help="grade without bubblewrap (only submissions you trust; see docs/grading-threat-model.md)")
    return parser.parse_args(argv)


def _instructor_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m shared_future.grade", description="Mark, override, import or export.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--exercise", required=True, help="exercise number, e.g. 01")
    common.add_argument("--db", type=Path, default=Path(grading.gradebook.NAME), help="the course's gradebook (default: ./gradebook.db)")
    common.add_argument("--out", type=Path, help="where to write the gradebook's files (default: ./gradebook-NN/)")
    common.add_argument("--by", default=getpass.getuser(), help="who marks (default: your login)")
    commands = parser.add_subparsers(dest="command", required=True)
    mark = commands.add_parser("mark", parents=[common], help="mark a written response, some or all criteria")
    mark.add_argument("student")
    mark.add_argument("question")
    mark.add_argument("points", nargs="*", metavar="CRITERION=POINTS", help="e.g. c1=2 c2=1; none: keep the marks for a changed response")
    override = commands.add_parser("override", parents=[common], help="give a question these points, with the reason")
    override.add_argument("student")
    override.add_argument("question")
    override.add_argument("points", type=int)
    override.add_argument("--reason", required=True)
    source = commands.add_parser("import", parents=[common], help="a filled rubric.csv, or an old gradebook-NN/ folder of CSVs")
    source.add_argument("path", type=Path)
    commands.add_parser("export", parents=[common], help="write every file again from the gradebook")
    return parser.parse_args(argv)


def _out_dir(args: argparse.Namespace, number: str) -> Path:
    """--out as given; by default ./gradebook-NN, moved next to the submissions if it would fall inside them."""
    if args.out is not None:
        return args.out
    default = Path(f"gradebook-{number}").resolve()
    folder = getattr(args, "submissions", None)
    if folder is None:
        return default
    folder = folder.resolve()
    return folder.parent / default.name if default.is_relative_to(folder) else default


def _usage_problem(args: argparse.Namespace) -> str:
    """Why these arguments cannot be graded, or ""."""
    if not args.submissions.is_dir():
        return f"{args.submissions} is not a folder of submissions"
    if not grading.find_submissions(args.submissions):
        return f"{args.submissions} holds no notebooks (no file name contains .ipynb)"
    if args.db is not None and args.db.resolve().is_relative_to(args.submissions.resolve()):
        return f"--db {args.db} is inside the submissions folder: keep the gradebook beside it"
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


def _print_summary(number: str, scores: pd.DataFrame, rates: pd.DataFrame, graded: int, skipped: int, seconds: float,
                   jobs: int, out: Path) -> None:
    """What this run graded, per-question pass rates, the mean score, and every submission that broke, with why."""
    print(f"Exercise {number}: {graded} submissions graded in {seconds:.1f} s ({jobs} at a time), "
          f"{skipped} unchanged and kept; {len(scores)} in the gradebook")
    print(rates.assign(question=rates["question"].str.upper()).to_string(index=False))
    print(f"mean score {scores['score'].mean():.1f} of {scores['max'].max()}")
    for row in scores[scores["error"] != ""].itertuples():
        print(f"  {row.student}: {row.error}")
    marking = scores["marking"].fillna("")
    if marking.ne("").any():
        print(f"written responses: {marking.eq('all criteria marked').sum()} of {len(scores)} students marked in full")
    for row in scores[scores["flags"].fillna("") != ""].itertuples():
        print(f"  {row.student}: {row.flags}")
    print(f"wrote {out / 'gradebook.csv'}, summary.csv, pass_rates.png, concepts.html, canvas.csv, moodle.csv, feedback/ in {out}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _stop(signum, frame):
    """SIGTERM stops grading as Ctrl-C does: what is being graded is stored, the rest waits for the next run."""
    raise KeyboardInterrupt


def _grade(args: argparse.Namespace, exercise) -> int:
    out = _out_dir(args, exercise.number)
    path = args.db or grading.gradebook.default_path(args.submissions)
    sandboxed = not grading.sandbox.problem()
    if not sandboxed:
        print("warning: grading WITHOUT the sandbox (--unsandboxed): "
              + "; ".join(grading.sandbox.PROTECTIONS_OFF), file=sys.stderr)
    if grading.cgroups.problem():
        print(f"warning: {grading.cgroups.problem()}: each process of a submission is capped, but not how many "
              "it starts or the memory they hold together", file=sys.stderr)
    folder = args.submissions.resolve()
    settings = grading.Settings(args.timeout, sandboxed, (out.resolve(), folder), grading.sandbox.Limits(memory_mb=args.memory),
                                capped_checks=True)
    before = signal.signal(signal.SIGTERM, _stop)
    try:
        return _grade_locked(args, exercise, path, out, settings)
    finally:
        signal.signal(signal.SIGTERM, before)


def _grade_locked(args: argparse.Namespace, exercise, path: Path, out: Path, settings) -> int:
    """Under the one-grader lock: register, grade what is pending (each stored at once), export."""
    started, sandboxed, folder = time.monotonic(), settings.sandboxed, args.submissions.resolve()
    with grading.gradebook.grader_lock(path, _say), closing(grading.gradebook.connect(path)) as db, grading.gradebook.errors(path):
        version = grading.gradebook.register(db, exercise)
        if args.deadline:
            grading.gradebook.set_deadline(db, exercise.number, args.deadline)
        files = grading.find_submissions(args.submissions)
        todo = grading.gradebook.pending(db, exercise.number, version, files, tuple(args.regrade), args.all)
        run = grading.gradebook.start_run(db, exercise.number, version, {
            "timeout": args.timeout, "jobs": args.jobs, "memory_mb": args.memory, "sandboxed": sandboxed,
            "regrade": args.regrade, "all": args.all, "submissions": str(folder)})
        progress = grading.progress.Progress(len(todo))
        try:
            stored = grading.grade_into(db, exercise, version, run, todo, settings, jobs=args.jobs, done=progress)
        except KeyboardInterrupt:
            progress.close()
            done = db.execute("SELECT count(*) FROM submissions WHERE run = ?", (run,)).fetchone()[0]
            print(f"stopped: {done} of {len(todo)} submissions of this run are stored in {path}; "
                  "run the same command again to grade the rest", file=sys.stderr)
            return STOPPED
        progress.close()
        grading.gradebook.finish_run(db, run)
        _, scores, rates = grading.export(db, exercise, out)
    _print_summary(exercise.number, scores, rates, stored, len(files) - len(todo), time.monotonic() - started, args.jobs, out)
    print(f"gradebook: {path}")
    return 0


def _instructor(args: argparse.Namespace, exercise) -> int:
    """mark, override, import or export, then every file written again from the gradebook."""
    if args.command != "import" and not args.db.is_file():
        print(f"error: no gradebook at {args.db}: grade first, or give --db (grading prints where it is)", file=sys.stderr)
        return USAGE_ERROR
    if args.command == "import" and not args.path.exists():
        print(f"error: {args.path} is neither a rubric.csv nor a gradebook folder", file=sys.stderr)
        return USAGE_ERROR
    with grading.gradebook.errors(args.db), closing(grading.gradebook.connect(args.db)) as db:
        return _instructor_command(args, exercise, db)


def _instructor_command(args: argparse.Namespace, exercise, db) -> int:
    number = exercise.number
    if args.command == "mark":
        points = grading.marking.parse_points(args.points)
        if points:
            grading.marking.mark(db, number, args.student, args.question, points, args.by)
            print(f"marked {args.student} {args.question}: {' '.join(args.points)}")
        else:
            count = grading.marking.confirm(db, number, args.student, args.question, args.by)
            print(f"kept {count} mark(s) of {args.student} {args.question} for the current response")
    elif args.command == "override":
        grading.marking.override(db, number, args.student, args.question, args.points, args.reason, args.by)
        print(f"{args.student} {args.question}: {args.points} points ({args.reason})")
    elif args.command == "import" and args.path.is_dir():
        grading.gradebook.register(db, exercise)
        students, marks = grading.migrate.import_folder(db, exercise, args.path, args.by)
        print(f"imported {students} students and {marks} rubric marks from {args.path} into {args.db}")
    elif args.command == "import":
        grading.gradebook.register(db, exercise)
        sheet = pd.read_csv(args.path, keep_default_na=False, dtype=str)
        print(f"imported {grading.marking.import_sheet(db, number, sheet, args.by)} changed mark(s) from {args.path}")
    out = _out_dir(args, number)
    _, scores, _ = grading.export(db, exercise, out)
    if args.command == "mark":
        row = scores.set_index("student").loc[args.student] if args.student in set(scores["student"]) else None
        if row is not None:
            print(f"{args.student}: {row['score']} of {row['max']}" + (f", {row['marking']}" if row["marking"] else ""))
    print(f"wrote the gradebook's files in {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    instructor = bool(argv) and argv[0] in COMMANDS
    args = _instructor_arguments(argv) if instructor else _arguments(argv)
    try:
        exercise = grading.Exercise.load(args.exercise)
    except ValueError as err:  # an unknown exercise, or one whose notebook and checks do not agree
        print(f"error: {err}", file=sys.stderr)
        return USAGE_ERROR
    try:
        if instructor:
            return _instructor(args, exercise)
        problem = _usage_problem(args)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return USAGE_ERROR
        return _grade(args, exercise)
    except (grading.gradebook.GradebookError, grading.marking.MarkError) as err:
        print(f"error: {err}", file=sys.stderr)
        return REFUSED


if __name__ == "__main__":
    sys.exit(main())
