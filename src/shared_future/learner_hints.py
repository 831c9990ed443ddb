"""A check cell run before its answer cell says what to do, not `NameError: name 'q3' is not defined`.

An exercise's check cell calls `check.q3(q3)`; run before the answer cell above it, Python stops
at the missing name with a traceback a learner new to notebooks cannot read. Importing the
checks installs an IPython handler that prints one line instead, for a missing answer name
(`q1`, `q2`, ...) in a check cell only; every other error, in an answer cell too, keeps its usual
traceback.
"""
from __future__ import annotations

import re

ANSWER_NAME = re.compile(r"q\d+")


def hint_for(error: BaseException) -> str | None:
    """The line shown for an error, or None when it is not a missing answer."""
    name = getattr(error, "name", None)
    if isinstance(error, NameError) and name and ANSWER_NAME.fullmatch(name):
        return (f"{name.upper()}: `{name}` has no value yet — run the answer cell above first "
                f"(the cell with `{name} = ...`), then this check again.")
    return None


CHECK_CELL = re.compile(r"\s*check\.(q\d+)\(\1\)\s*")


def _handler(shell, etype, value, tb, tb_offset=None):
    # only a check cell as the exercise has it: an answer cell's error stays an error, as graders expect
    source = (shell.user_ns.get("_ih") or [""])[-1]
    line = hint_for(value) if CHECK_CELL.fullmatch(source) else None
    if line is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        print(line)


def install() -> None:
    """Show `hint_for`'s line in place of the traceback, in a running IPython kernel (else nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NameError,), _handler)
