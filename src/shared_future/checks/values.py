"""Checks that compare values: numbers, text, collections, label → value mappings, records, dicts."""
from __future__ import annotations

import functools
import math
import numbers
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .core import CheckError, _items, _pairs, _plain, _quoted, _scalar, _show, _single, _wrong_type, as_number

def same_number(answer: Any, expected: float, *, abs_tol: float = 1e-9, rel_tol: float = 1e-9) -> None:
    """An int, float, numpy number or one-value Series within tolerance of `expected`."""
    value = as_number(answer)
    if not math.isclose(value, float(expected), abs_tol=abs_tol, rel_tol=rel_tol):
        raise CheckError(f"{_show(value)} is too {'high' if value > expected else 'low'}")


def same_text(answer: Any, expected: str, *, case_sensitive: bool = False) -> None:
    """A string equal to `expected` up to stray spaces, quote style and (unless asked) case."""
    value = _single(answer)
    if not isinstance(value, str):
        raise _wrong_type("text (a string)", answer)
    if _plain(value, case_sensitive=case_sensitive) != _plain(expected, case_sensitive=case_sensitive):
        raise CheckError(f"{_quoted(value)} is not right")


def one_of(answer: Any, allowed: Iterable[str], expected: str, *, mismatch: str = "is not right",
           hint: str | None = None) -> None:
    """A choice from a fixed list: text that is one of `allowed`, and the one the data gives (`expected`).

    Case, stray spaces and quote style may differ, as in `same_text`; a one-value Series passes.
    A choice not in the list is told the allowed values: the question lists them too, so that gives
    nothing away. A listed choice that is not `expected` is told `mismatch` ("'x' is not right"
    unless the question words it, e.g. "is one of the three readings, but not the one the wording
    gives"), with `hint` if given (else the question's), and never which choice is right.
    """
    allowed = list(allowed)
    choices = {_plain(choice, case_sensitive=False) for choice in allowed}
    wanted = _plain(expected, case_sensitive=False)
    if wanted not in choices:  # the data disagrees with the question's list: no answer could pass
        raise ValueError("the expected value is not one of `allowed`")
    value = _single(answer)
    if not isinstance(value, str):
        raise _wrong_type("text (a string)", answer)
    chosen = _plain(value, case_sensitive=False)
    if chosen not in choices:
        raise CheckError(f"{_quoted(value.strip())} is not one of the allowed values ({', '.join(map(repr, allowed))})")
    if chosen != wanted:
        raise CheckError(f"{_quoted(value.strip())} {mismatch}", hint or "")


def same_value(answer: Any, expected: float | str, *, abs_tol: float = 1e-9) -> None:
    """A number compared as a number (within `abs_tol`), text as text (`same_text`)."""
    expected = _scalar(expected)
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool):
        same_number(answer, expected, abs_tol=abs_tol)
    else:
        same_text(answer, expected)


def _value_problem(answer: Any, expected: Any, abs_tol: float = 1e-9) -> str | None:
    try:
        same_value(answer, expected, abs_tol=abs_tol)
    except CheckError as problem:
        return problem.problem
    return None


def _membership_problems(got: list, expected: list, what: str) -> list[str]:
    """What is missing and what is extra, as counts only, so the answer is not given away."""
    got_set, expected_set = set(got), set(expected)
    if got_set == expected_set:
        return []
    if {str(g) for g in got_set} == {str(e) for e in expected_set}:
        return [f"the {what} are right but of the wrong type (text instead of numbers, or the reverse)"]
    problems = []
    missing = len(expected_set - got_set)
    extra = len(got_set - expected_set)
    if missing:
        problems.append(f"{missing} of the expected {what} {'is' if missing == 1 else 'are'} missing")
    if extra:
        problems.append(f"it includes {extra} that should not be there")
    return problems


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise CheckError("; ".join(problems))


def same_items(answer: Any, expected: Iterable, *, what: str = "items") -> None:
    """The same items in any order: a list, tuple, set, Series, Index, array or 1-column DataFrame."""
    got = _items(answer)
    _raise_if(_membership_problems(got, [_scalar(e) for e in expected], what))
    if len(got) != len(set(got)):
        raise CheckError(f"lists some {what} more than once")


def same_sequence(answer: Any, expected: Iterable, *, what: str = "items") -> None:
    """The same items in the same order (numbers within a small tolerance)."""
    got, wanted = _items(answer), [_scalar(e) for e in expected]
    if len(got) == len(wanted) and not any(_value_problem(g, w) for g, w in zip(got, wanted)):
        return
    if Counter(got) == Counter(wanted):
        raise CheckError(f"has the right {what} in the wrong order")
    _raise_if(_membership_problems(got, wanted, what))
    raise CheckError(f"has the right {what}, but not each the right number of times")


def _compare_pairs(got: list[tuple], wanted: list[tuple], *, what: str, value_noun: str, ordered: bool,
                   abs_tol: float = 1e-9) -> None:
    """Labels as a set (counts only), then each label's value, then (if asked) the order."""
    labels = [label for label, _ in got]
    _raise_if(_membership_problems(labels, [label for label, _ in wanted], what))
    if len(labels) != len(set(labels)):
        raise CheckError(f"lists some {what} more than once")
    values = dict(got)
    wrong = [(label, problem) for label, value in wanted
             if (problem := _value_problem(values[label], value, abs_tol))]
    if wrong:
        label, problem = wrong[0]
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise CheckError(f"the {value_noun} for {label!r} is wrong: {problem}{more}")
    if ordered and labels != [label for label, _ in wanted]:
        raise CheckError(f"the {what} are in the wrong order")


def same_mapping(answer: Any, expected: Any, *, what: str = "labels", ordered: bool = False,
                 abs_tol: float = 1e-9, zeros: bool = False) -> None:
    """Label → value as a dict, a Series, or a DataFrame of one or two columns (any order unless `ordered`).

    Numbers must be equal (up to float rounding) unless `abs_tol` allows more: `abs_tol=0.051`
    accepts rates a learner rounded to one decimal place. With `zeros`, a label the answer counts
    as 0 may be there or not (a `crosstab` keeps it, a `value_counts` leaves it out): a question
    that does not ask to leave zeros out must not fail an answer that keeps them.
    """
    got = _pairs(answer)
    if zeros:
        wanted = {label for label, _ in _pairs(expected)}
        got = [(label, value) for label, value in got if label in wanted or _value_problem(value, 0) is not None]
    _compare_pairs(got, _pairs(expected), what=what, value_noun="value", ordered=ordered, abs_tol=abs_tol)


def names_not_ids(answer: Any, compare: Callable[..., None], by_id: Any, by_name: Any, *, what: str) -> None:
    """`compare(answer, by_name)`, but an answer that gives the ids (`by_id`) instead is told so.

    A learner who stops one merge short hands in `concept_id`s; "1 of the expected items is
    missing" would not tell them why, so they are told it is ids, not names.
    """
    try:
        compare(answer, by_id, what=what)
    except CheckError:
        compare(answer, by_name, what=what)
    else:
        raise CheckError("these are `concept_id`s; the question asks for the `name`s, not ids",
                         "merge with `concepts` to get each `name`")


def _record(answer: Any, names: list[str]) -> dict:
    """Named values from a tuple/list in the order of `names`, or from a dict/Series/1-row DataFrame."""
    if isinstance(answer, pd.DataFrame) and len(answer) == 1:
        answer = answer.iloc[0]
    if isinstance(answer, (Mapping, pd.Series)):
        missing = [name for name in names if name not in answer]
        if missing:
            raise CheckError(f"has no {', '.join(f'`{m}`' for m in missing)}")
        return {name: answer[name] for name in names}
    if isinstance(answer, (list, tuple, np.ndarray, pd.Index)):
        if len(answer) != len(names):
            raise CheckError(f"expects {len(names)} values ({', '.join(names)}, in that order), got {len(answer)}")
        return dict(zip(names, answer))
    raise _wrong_type(f"a tuple ({', '.join(names)})", answer)


def same_record(answer: Any, expected: Mapping[str, Any]) -> None:
    """A few named values: a tuple in the order of `expected`, or a dict/Series that has those labels.

    A whole row (`df.loc[i]`) passes too, whatever other columns it has.
    """
    values = _record(answer, list(expected))
    if isinstance(answer, (list, tuple, np.ndarray, pd.Index)) and len(expected) > 1:
        wanted = [_scalar(value) for value in expected.values()]
        got = [_scalar(value) for value in values.values()]
        if got != wanted and Counter(map(str, got)) == Counter(map(str, wanted)):
            raise CheckError(f"has the right values in the wrong order: give them in the order ({', '.join(expected)})")
    fields(values, {name: functools.partial(same_value, expected=value) for name, value in expected.items()})


def fields(answer: Any, checks: Mapping[str, Callable[[Any], None]]) -> None:
    """A dict with exactly the keys of `checks`; each value passed to its own check.

    For short answers checked by structure: the keys say what to give, each check what counts
    as right. A problem names the key it is about.
    """
    if not isinstance(answer, Mapping):
        raise _wrong_type(f"a dict with the keys {', '.join(map(repr, checks))}", answer)
    missing = [key for key in checks if key not in answer]
    extra = [key for key in answer if key not in checks]
    if missing:
        raise CheckError(f"has no key {', '.join(map(repr, missing))}")
    if extra:
        raise CheckError(f"has keys that were not asked for: {', '.join(map(repr, extra))}")
    for key, check in checks.items():
        try:
            check(answer[key])
        except CheckError as problem:
            raise CheckError(f"`{key}`: {problem.problem}", problem.hint) from None
