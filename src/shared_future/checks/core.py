"""What every check shares: `CheckError`, the `question` decorator, and turning answers into plain values.

A learner's answer arrives in many forms (a Series, a list, `numpy.int64(70)`); the helpers here
reduce each to plain Python values, and describe a wrong form in words, so that the comparing
modules (`values`, `choices`, `texts`, `charts`) only compare.
"""
from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

NOT_ANSWERED = "not answered yet — replace `...` with your answer"
# Containers a single value may come wrapped in (`series.values` of an Int64 column is an ExtensionArray).
ARRAYS = (pd.Series, pd.Index, pd.DataFrame, np.ndarray, pd.api.extensions.ExtensionArray)


class CheckError(AssertionError):
    """A wrong answer: `problem` says what is wrong, `hint` where to look, `qid` which question.

    It is an AssertionError so that plain pytest treats it as a failed check. Its
    `_render_traceback_` makes IPython (JupyterLab, and the kernel that nbval drives) print
    the one line instead of a traceback into the package's code, which would only confuse.
    """

    def __init__(self, problem: str, hint: str = "", qid: str = ""):
        self.problem, self.hint, self.qid = problem, hint, qid
        super().__init__(self._line())

    def _line(self) -> str:
        line = f"{self.qid.upper()}: {self.problem}" if self.qid else self.problem
        line = line if line.endswith((".", "?", "!")) else line + "."
        if self.hint:
            line += f" Hint: {self.hint}" + ("" if self.hint.endswith((".", "?", "!")) else ".")
        return line

    def about(self, qid: str, hint: str) -> CheckError:
        """The same problem, labelled with its question and given the question's hint if it has none."""
        return CheckError(self.problem, self.hint or hint, self.qid or qid)

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def not_answered(qid: str, answer: Any) -> None:
    """Fail a question whose answer is still the placeholder `...` (or None)."""
    if answer is Ellipsis or answer is None:
        raise CheckError(NOT_ANSWERED, qid=qid)


def question(registry: dict[str, int], *, points: int, hint: str) -> Callable:
    """Make `def qN(answer)` a question worth `points`: register it, and label its problems.

    The function's name is the question id, so the notebook's variable, the check call and the
    gradebook all say `q3`. The wrapped check prints a short confirmation when the answer is
    right, so a learner running the cell sees that something happened.
    """

    def register(check: Callable[[Any], None]) -> Callable[[Any], None]:
        qid = check.__name__
        registry[qid] = points

        @functools.wraps(check)
        def run(answer: Any) -> None:
            not_answered(qid, answer)
            try:
                check(answer)
            except CheckError as problem:
                raise problem.about(qid, hint) from None
            print(f"{qid.upper()}: correct ({points} point{'' if points == 1 else 's'}).")

        return run

    return register


# --- describing and converting answers --------------------------------------------------------

def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _describe(obj: Any) -> str:
    """What a learner handed in, in words ("a list of 3 items"), for wrong-type messages."""
    if obj is Ellipsis:
        return "`...` (not filled in yet)"
    if obj is None:
        return "None"
    if obj is pd.NA:
        return "a missing value"
    if isinstance(obj, (bool, np.bool_)):
        return f"{obj} (a True/False value)"
    if isinstance(obj, str):
        return "text (a string)"
    if isinstance(obj, numbers.Number):
        return "a number"
    if isinstance(obj, pd.DataFrame):
        return f"a DataFrame with {_count(obj.shape[0], 'row')} and {_count(obj.shape[1], 'column')}"
    if isinstance(obj, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return f"a {type(obj).__name__} of {_count(len(obj), 'value')}"
    if isinstance(obj, np.ndarray):
        return f"a NumPy array of shape {obj.shape}"
    for kind, name in ((list, "a list"), (tuple, "a tuple"), ((set, frozenset), "a set"), (dict, "a dict")):
        if isinstance(obj, kind):
            return f"{name} of {_count(len(obj), 'item')}"
    if callable(obj) and not isinstance(obj, type):
        return "a function (call it, and keep its result)"
    name = type(obj).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _wrong_type(wanted: str, answer: Any) -> CheckError:
    return CheckError(f"expects {wanted}, got {_describe(answer)}")


def _scalar(value: Any) -> Any:
    """A plain Python value: numpy scalars become int/float/str, pandas' missing value None."""
    if isinstance(value, np.generic):
        return value.item()
    return None if value is pd.NA else value


def _single(answer: Any) -> Any:
    """The one value inside a one-element Series, Index, array or 1x1 DataFrame; else the answer."""
    if isinstance(answer, ARRAYS) and answer.size == 1:
        return _scalar(np.asarray(answer, dtype=object).ravel()[0])
    return _scalar(answer)


def _show(value: float) -> str:
    """A number as a learner would write it: 3677, 2013, 38.6316, 50,000.

    Whole numbers get thousands separators only from 10,000 up: below that they would turn a
    year into "2,013", above it they keep a large count readable.
    """
    if not float(value).is_integer():
        return f"{value:.6g}"
    return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))


def _quoted(value: str) -> str:
    """A learner's text as a message shows it: in quotes, cut short after 40 characters."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def as_number(answer: Any) -> float:
    """The answer as a float, from an int, a float, a numpy number or a one-value Series.

    True/False and text are refused with a message, though Python would happily compare them.
    """
    value = _single(answer)
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
        raise _wrong_type("a number", answer)
    if isinstance(value, str):
        try:
            float(value.replace(",", ""))
        except ValueError:
            raise _wrong_type("a number", answer) from None
        raise CheckError(f"expects a number, got the text {value!r} — remove the quotes")
    if math.isnan(value):
        raise CheckError("is NaN (a missing number) — check for empty rows in what you computed")
    return float(value)


def _items(answer: Any) -> list:
    """The values of a list, tuple, set, Series, Index, 1-D array or one-column DataFrame."""
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            raise _wrong_type("one column of values", answer)
        answer = answer.iloc[:, 0]
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise _wrong_type("a one-dimensional collection", answer)
    if isinstance(answer, (str, bytes, Mapping, Axes, Figure)) or not isinstance(answer, Iterable):
        raise _wrong_type("a collection (a list, a set or a Series)", answer)
    items = [_scalar(item) for item in answer]
    for item in items:
        try:
            hash(item)
        except TypeError:
            raise CheckError(f"expects a collection of single values, but it holds {_describe(item)}") from None
    return items


def _pairs(answer: Any) -> list[tuple]:
    """(label, value) pairs from a dict, a Series, or a DataFrame of one column or two."""
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        elif answer.shape[1] == 2:
            return [(_scalar(k), _scalar(v)) for k, v in answer.itertuples(index=False)]
        else:
            raise _wrong_type("a Series or a dict (label → value)", answer)
    if isinstance(answer, pd.Series):
        return [(_scalar(k), _scalar(v)) for k, v in answer.items()]
    if isinstance(answer, Mapping):
        return [(_scalar(k), _scalar(v)) for k, v in answer.items()]
    raise _wrong_type("a Series or a dict (label → value)", answer)


def _plain(passage: str, *, case_sensitive: bool = True) -> str:
    """Text as compared: one space between words, straight quotes, hyphens for dashes.

    Learners type on keyboards without curly quotes or em dashes; what a check asks is that they
    found the right words, not that they reproduced the typography.
    """
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
    flat = " ".join(passage.translate(table).split())
    return flat if case_sensitive else flat.casefold()
