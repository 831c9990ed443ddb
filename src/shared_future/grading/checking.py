"""The instructor's checks, applied in the grader's own process to answers that arrived as plain data.

This process never runs student code: the kernel did that, in its sandbox, and handed over only
JSON (`answers`). So monkeypatching `check.q1` or planting a module in `sys.modules` inside the
kernel changes nothing here. A check that fails raises `CheckError`, whose one line is the
gradebook's message; any other exception means the answer was of a shape the check could not
read, and says so instead of crashing the run.

What the grader builds from a submission's answers (tables, charts) is built from untrusted data.
`check_saved` does it, for one question, and `capped` runs it in a child process, forked from a
clean server process that has the checks already imported (`multiprocessing`'s forkserver), under
an address-space cap and a time limit: an answer that would take the grader's memory or hours only
costs its own question. The class grader (`pipeline.grade_folder`) checks this way; the learner's
own score card, grading their own work, checks in its process and skips the server's start.
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import resource
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import exercises, wordcount
from ..checks import variants
from . import answers
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
    """The length of a written response in words as the learner's check counts it (`wordcount`), or None when it is not text."""
    return wordcount.words(answer) if isinstance(answer, str) else None


def check_saved(number: str, qid: str, folder: Path, variant: str = "") -> tuple[bool, str]:
    """(passed, message) for the answer to `qid` of exercise `number` saved in `folder`, drawn for student `variant`."""
    return check(exercises.checks_module(number), qid, answers.load(folder, qid), variant)


PRELOAD = ["shared_future.grading.checking", "shared_future.checks", "matplotlib.figure"]
_SERVER_LOCK = threading.Lock()


def _context(number: str) -> multiprocessing.context.BaseContext:
    """The forkserver context, its server preloading the checks of exercise `number` (the server starts on first use,
    with the preload of that moment: a grader grades one exercise)."""
    context = multiprocessing.get_context("forkserver")
    with _SERVER_LOCK:
        context.set_forkserver_preload([*PRELOAD, f"shared_future.checks.ex{number}"])
    return context


def _address_space() -> int:
    """This process's virtual memory in bytes (the cap is set on top of what the preloaded modules map)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _run_capped(connection, memory_mb: int, function: Callable, args: tuple) -> None:
    """In the child: cap the address space, call `function(*args)`, send back ("ok", result) or ("memory", "")."""
    limit = _address_space() + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        connection.send(("ok", function(*args)))
    except MemoryError:
        connection.send(("memory", ""))


def capped(function: Callable, *args: Any, memory_mb: int, seconds: float, preload: str = "01") -> tuple[str, Any]:
    """`function(*args)` in a child process with `memory_mb` of memory and `seconds` of time:
    ("ok", its result), ("memory", "") when it ran out of memory, ("time", "") when out of time.
    The child's main module must be importable without side effects (`if __name__ == "__main__"`)."""
    context = _context(preload)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_capped, args=(sender, memory_mb, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return ("time", "") if child.is_alive() else ("memory", "")
        return receiver.recv()
    except EOFError:  # the child died without a word: the kernel's out-of-memory killer, or a crash
        return "memory", ""
    finally:
        receiver.close()
        child.kill()
        child.join()


def check_capped(number: str, qid: str, folder: Path, variant: str = "", *, memory_mb: int, seconds: float) -> tuple[bool, str]:
    """`check_saved` under `capped`; an answer that needs more memory or time than that fails its question, saying so."""
    outcome, result = capped(check_saved, number, qid, folder, variant, memory_mb=memory_mb, seconds=seconds, preload=number)
    if outcome == "ok":
        return result
    over = f"more than {memory_mb} MB of memory" if outcome == "memory" else f"more than {seconds:g} s"
    return False, f"{qid.upper()}: checking this answer took {over}, so the grader stopped"
