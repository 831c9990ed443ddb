"""The instructor's checks, applied in the grader's own process to answers that arrived as plain data.

This process never runs student code: the kernel did that, in its sandbox, and handed over only
JSON (`answers`). So monkeypatching `check.q1` or planting a module in `sys.modules` inside the
kernel changes nothing here. A check that fails raises `CheckError`, whose one line is the
gradebook's message; any other exception means the answer was of a shape the check could not
read, and says so instead of crashing the run.
"""
from __future__ import annotations

import contextlib
import io
import threading
from types import ModuleType
from typing import Any

from .. import text
from ..checks import variants
from .answers import Undefined, Unreadable

_LOCK = threading.Lock()  # checks print a confirmation; capturing stdout is process-wide


def check(module: ModuleType, qid: str, answer: Any, variant: str = "") -> tuple[bool, str]:
    """(passed, message) for `answer` to question `qid` of the checks `module`, drawn for student `variant`."""
    label = qid.upper()
    if isinstance(answer, Undefined):
        return False, f"{label}: the answer cell did not define `{qid}`"
    if isinstance(answer, Unreadable):
        return False, f"{label}: {answer.reason}"
    with _LOCK, contextlib.redirect_stdout(io.StringIO()), variants.seeded(variant):
        try:
            getattr(module, qid)(answer)
        except AssertionError as problem:  # CheckError, the checks' one-line verdict
            return False, str(problem)
        except Exception as err:  # a shape no check expected: say so, go on
            return False, f"{label}: the check could not read this answer ({type(err).__name__}: {err})"
    return True, ""


def words(answer: Any) -> int | None:
    """The length of a written response in words, or None when it is not text."""
    return len(text.words(answer)) if isinstance(answer, str) else None
