"""A check cell run before its answer cell says what to do, not `NameError: name 'q3' is not defined`.

An exercise's check cell calls `check.q3(q3)`; run before the answer cell above it, Python stops
at the missing name with a traceback a learner new to notebooks cannot read. Importing the
checks installs an IPython handler that prints one line instead, for a missing answer name
(`q1`, `q2`, ...) only; every other error keeps its usual traceback.
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


def _handler(shell, etype, value, tb, tb_offset=None):
    line = hint_for(value)
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
