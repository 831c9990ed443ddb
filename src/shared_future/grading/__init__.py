"""Grade a folder of exercise submissions safely; one module per stage.

A submission is untrusted code (the threat model: `docs/grading-threat-model.md`). Each stage
keeps it further from what decides the grade:

- `submissions`: find and read the files (never run them), build each one's *graded copy*: the
  instructor's notebook with only the learner's answer cells put in, check cells replaced by
  cells that hand the answers out;
- `sandbox`: run that copy under nbval (`running`) inside bubblewrap, in a private folder, with
  caps on memory, file size and output (`watch`), and nothing left running afterwards;
- `answers`: answers leave the kernel only as plain JSON (a chart as its description);
- `checking`: the instructor's checks run here, in the grader's process, which never ran student code;
- `gradebook`: the course's SQLite file, which stores each graded submission in one transaction
  and grades again only what changed; `marking`: rubric marks and overrides, which grading never
  touches, and the gradebook table they make with the results; `migrate`: an old CSV folder in;
- `report`: gradebook CSV, summary, pass rates, per-student feedback, Canvas and Moodle exports, the
  class summary, all written from the database; `rubric`: written responses for reading and
  marking, and the rubric CSV, with `overlap` flagging responses pasted from the texts, the prompt
  or the rubric, or copied from another; `concepts`: the share of right answers per concept tested;
  `progress`: the bar (or a line per student) while a class is graded;
- `plugin`: the learner's `pytest --nbval-lax` score card, from the same graded copy and checks.

`pipeline` puts the stages together (`grade_one`, `grade_folder`, `grade_into`, `export`);
`python -m shared_future.grade` is the command (grade, mark, override, import, export).

Why this package imports its stages only when asked: the kernel imports `grading.answers` to hand
its answers out, and the sandboxed pytest imports `grading.watch`; neither should pay for nbformat,
jsonschema and matplotlib's figure code that the instructor's side needs.
"""
from __future__ import annotations

import importlib

STAGES = ("answers", "cgroups", "checking", "concepts", "gradebook", "marking", "migrate", "overlap", "pipeline", "plugin", "progress", "report",
          "rubric", "running", "sandbox", "submissions", "watch")
EXPORTS = {
    "ANSI_RE": "running", "Cell": "running", "Settings": "running", "parse_junit": "running",
    "Exercise": "submissions", "NotANotebook": "submissions", "find_submissions": "submissions",
    "graded_copy": "submissions", "read_submission": "submissions", "submitted_answers": "submissions",
    "Graded": "pipeline", "grade_one": "pipeline", "grade_folder": "pipeline", "interpret": "pipeline",
    "summary": "report", "pass_rates": "report", "pass_rate_chart": "report",
    "write_reports": "pipeline", "export": "pipeline", "grade_into": "pipeline", "book": "pipeline",
}
__all__ = [*STAGES, *EXPORTS]


def __getattr__(name: str):
    """`grading.sandbox`, `grading.Exercise` ...: the stage module, or the name from its stage, imported on first use."""
    if name in STAGES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
