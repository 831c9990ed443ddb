"""Checks for the exercise notebooks: a wrong answer gets one friendly line, never a traceback.

Why checks raise
----------------
Grading runs the notebooks under nbval in lax mode, which never compares stored outputs (a saved
or a cleared notebook would otherwise pass). A check therefore *raises* when an answer is wrong,
and the cell fails. The exception, `CheckError`, renders through IPython's `_render_traceback_`
hook as a single line, the same in JupyterLab and in nbval's report::

    Q3: 2 of the expected sections are missing. Hint: group by `section`, not by `para_no`.

A message says what is wrong and where to look, never what the right answer is: "too high",
"1 of the expected items is missing", "includes 2 that should not be there".

Why the helpers accept many forms
---------------------------------
Learners reach a right answer by many roads: a Series or a dict, a list in any order, 70 or
70.0 or `numpy.int64(70)`, a bar chart from pandas or from `ax.bar`. The helpers below turn each
form into plain values before comparing, and answer a wrong *type* with a sentence ("expects a
number, got a list of 3 items") rather than a TypeError.

How an exercise uses it
-----------------------
Exercise NN has a module `checks/exNN.py`. A notebook imports it as
`from shared_future.checks import ex01 as check` and its check cells call `check.q1(q1)`.
Every `qN` computes its expected answer from the dataset (`shared_future.data.load`) each time it
runs, so a corrected table corrects the exercise, and no answer is ever typed into the code.

The helpers
-----------
`same_number`, `same_text`, `same_value` (either), `chosen` (one lettered choice, or every right one, from the
options a question lists), `matched` (each item matched to a lettered option), `one_of` (a choice
from a list the question
gives: a choice not in the list is told the list, a listed choice that is not the data's is told
only that, or the question's own `mismatch` wording), `same_items` (any order), `same_sequence`
(in order), `same_mapping` (label → value; values exact, or within `abs_tol` for rounded rates),
`same_record` (a few named values, as a tuple or a row), `fields` (a dict checked key by key:
short answers checked by structure), `quote_from` (a verbatim quote that contains what the
question asks), `bar_chart` and `line_chart` (title, axis labels, data). Each raises
`CheckError(problem)`; a question's own code may raise `CheckError(problem, hint)` for advice more
specific than the question's hint.

How to add a question (exercise NN, question 7)
-----------------------------------------------
A new exercise starts as a copy of `checks/ex01.py`'s head: its imports and `QUESTIONS = {}`.

1. In `exercises/solutions/NN_<topic>.ipynb` add three cells after the last question:

   - a markdown prompt that says what to compute, in which form, and its points;
   - an answer cell, metadata ``{"shared_future": {"question": "q7", "role": "answer"}}``::

         ### BEGIN SOLUTION
         q7 = ...the solution code...
         ### END SOLUTION

   - a check cell, metadata ``{"shared_future": {"question": "q7", "role": "check", "points": 2}}``,
     whose source is ``check.q7(q7)``.

2. In `checks/exNN.py` add::

       @question(QUESTIONS, points=2, hint="where to look when the answer is wrong")
       def q7(answer):
           \"\"\"What the question asks, and the forms it accepts.\"\"\"
           expected = ...computed from data.load(...)...
           same_number(answer, expected)

   The decorator records the points in `QUESTIONS`, fails `...` (the learner's placeholder) as
   "not answered yet", and turns any `CheckError` a helper raises into a line that starts with
   "Q7:" and ends with the hint (a helper may pass a more specific hint of its own).

   A written response is not checked by code: `q8 = written(QUESTIONS, "q8")` makes a check that
   only says whether the text is there and between `WRITTEN_WORDS` words long (worth 0 points;
   the points are the rubric's, see `shared_future.exercises`).

3. Run `python -m shared_future.release NN` to write the learner's version, then the tests.
   `tests/test_checks_framework.py` already runs every solution answer, and `...`, through its
   check; add right answers in other forms and wrong answers for the new question, as its
   `OTHER_FORMS` and `WRONG_ANSWERS` tables do for exercise 01.
"""
from __future__ import annotations

import functools
import math
import numbers
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from .. import text

__all__ = [
    "CheckError", "question", "not_answered", "as_number", "same_number", "same_items",
    "same_sequence", "same_text", "same_value", "one_of", "same_mapping", "same_record", "fields",
    "names_not_ids", "has_words", "chosen", "matched", "in_order", "lettered", "key_of", "INDEPENDENCE", "COMPARABLE",
    "comparable_match",
    "quote_from", "bar_chart", "line_chart", "written", "WRITTEN_WORDS",
]

NOT_ANSWERED = "not answered yet — replace `...` with your answer"
# The kinds of `sources.independence` (its enum in data/datapackage.json; a test keeps them equal),
# in the order questions list them: how far a source stands from the government that wrote the texts.
INDEPENDENCE = ("same_government", "state_media", "reprint", "third_party_government", "international_organisation",
                "independent_media", "scholarly")
# The kinds of `claims.comparable` (its enum; a test keeps them equal): what an outside figure is beside a stated one.
COMPARABLE = ("same_measure", "earlier_count", "different_definition", "not_a_count")
# How long a written response should be, in words: long enough to argue, short enough to read 300 of.
WRITTEN_WORDS = (150, 250)
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


def written(registry: dict[str, int], qid: str, *, bounds: tuple[int, int] = WRITTEN_WORDS) -> Callable[[Any], None]:
    """The check of written response `qid`: is there a response, and is its length within `bounds`?

    It never judges what the response says (the instructor marks that with the rubric), so it is
    worth 0 points, and it fails only a response that is missing ("not answered yet", also for the
    text "..."), not text, or too short or too long; a right length prints the word count.
    """
    registry[qid] = 0
    low, high = bounds

    def check(answer: Any) -> None:
        if isinstance(answer, str) and answer.strip() in ("", "..."):
            answer = Ellipsis
        not_answered(qid, answer)
        if not isinstance(answer, str):
            raise _wrong_type("text (a string between triple quotes)", answer).about(
                qid, f'write the response as one string: {qid} = """Your response."""')
        length = len(text.words(answer))
        if not low <= length <= high:
            raise CheckError(f"is {_count(length, 'word')} long; write {low} to {high}",
                             "the rubric above says what a full response covers", qid)
        print(f"{qid.upper()}: submitted ({length} words). Your instructor marks it with the rubric above.")

    check.__name__ = check.__qualname__ = qid
    check.__doc__ = f"Written response {qid}: present, and {low} to {high} words long (its content is marked by rubric)."
    return check


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


# --- comparing values --------------------------------------------------------------------------

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


def _choice_keys(answer: Any, options: Mapping[str, str]) -> list[str]:
    """The option keys an answer picks: "B", "b", ["A", "C"], {"a", "c"}, "A, C", "AC", or an option's own text.

    Keys are compared without case or stray spaces; a run of single letters ("AC") is read as
    letters when every key is one letter. Anything else is told the keys it may use.
    """
    keys = {_plain(key, case_sensitive=False): key for key in options}
    texts = {_plain(text_, case_sensitive=False): key for key, text_ in options.items()}
    wrong_type = _wrong_type(f"the letters of your choice ({', '.join(map(repr, options))})", answer)
    try:
        values = [answer] if isinstance(answer, str) else _items(answer)
    except CheckError:
        raise wrong_type from None
    if not all(isinstance(value, str) for value in values):
        raise wrong_type
    picked: list[str] = []
    for value in values:
        plain = _plain(value, case_sensitive=False)
        if plain in keys or plain in texts:
            picked.append(keys.get(plain) or texts[plain])
            continue
        parts = [part for part in re.split(r"[\s,;/]+", plain) if part]
        if len(parts) == 1 and all(len(key) == 1 for key in keys) and parts[0].isalpha():
            parts = list(parts[0])
        if not parts or not all(part in keys for part in parts):
            raise CheckError(f"{_quoted(value.strip())} is not one of the choices ({', '.join(map(repr, options))})")
        picked += [keys[part] for part in parts]
    return picked


def chosen(answer: Any, options: Mapping[str, str], expected: str | Iterable[str]) -> None:
    """A pick from the lettered (or id-keyed) `options` a question lists: one key, or every right key.

    `expected` is one key (pick one) or a collection of keys (pick every one that is right, possibly
    none: then an empty list is the answer). Letters may come in any case, order or container, or
    as the option's own text, so spelling never decides a grade. A wrong pick is told only that it
    is not the right one (or not the right set), never which keys are right or how many.
    """
    if isinstance(expected, str):
        picked = _choice_keys(answer, options)
        if len(picked) != 1:
            raise CheckError(f"picks {len(picked)} choices; the question asks for one")
        if picked[0] != expected:
            raise CheckError(f"{picked[0]!r} is not the right choice")
        return
    picked = _choice_keys(answer, options) if not (isinstance(answer, (list, tuple, set)) and not answer) else []
    if len(picked) != len(set(picked)):
        raise CheckError("picks a choice more than once")
    if set(picked) != set(expected):
        raise CheckError("is not the right set of choices: some that fit are missing, or some that do not fit are in")


def in_order(answer: Any, options: Mapping[str, str], expected: Iterable[str]) -> None:
    """Every key of `options`, each once, in the order `expected` gives ("put these milestones in order").

    The keys may come as a list or as one string ("B, E, F" or "BEF"). A wrong order is told only
    that it is wrong, and how many are in their right place is not said, so it cannot be searched.
    """
    picked = _choice_keys(answer, options)
    if sorted(picked) != sorted(options):
        raise CheckError(f"lists {len(picked)} choices; put all {len(options)} in order, each once")
    if picked != list(expected):
        raise CheckError("has the choices in the wrong order")


def lettered(values: Iterable[str]) -> dict[str, str]:
    """Options keyed "A", "B", "C", ... in the order given, as a question lists them."""
    return {chr(ord("A") + index): value for index, value in enumerate(values)}


def key_of(options: Mapping[str, str], value: str) -> str:
    """The key of the option whose text is `value` (the data's answer, turned into the letter to pick)."""
    keys = [key for key, text_ in options.items() if text_ == value]
    if len(keys) != 1:  # the data disagrees with the question's options: no answer could pass
        raise ValueError(f"{value!r} is not one of the options")
    return keys[0]


def comparable_match(answer: Any, claims: pd.DataFrame, items: Mapping[str, str]) -> None:
    """What each outside figure is beside its stated one: item → letter of `lettered(COMPARABLE)`.

    `items` maps each item the question names to words of its claim's `quote` that find its row in
    `claims`; the right letter is that row's `comparable`.
    """
    matched(answer, items, lettered(COMPARABLE),
            {item: claims.loc[claims["quote"].str.contains(words), "comparable"].iloc[0] for item, words in items.items()})


def matched(answer: Any, items: Iterable[str], options: Mapping[str, str], expected: Mapping[str, str]) -> None:
    """A match of each of `items` to one of `options` (a dict or Series, item → letter or option text).

    `expected` gives each item's right option by its text, as the data gives it (a pillar's id, a
    source's `independence`), so a check can pass a table's column as it is. Every item must be
    matched; a wrong match is counted ("2 of the 5 matches are wrong"), never named.
    """
    expected = {item: key_of(options, expected[item]) for item in items}
    pairs = _pairs(answer)
    items = list(items)
    _raise_if(_membership_problems([item for item, _ in pairs], items, "items"))
    wrong = 0
    for item, value in pairs:
        if not isinstance(value, str):
            raise CheckError(f"the match for {item!r} should be a letter ({', '.join(map(repr, options))}), "
                             f"got {_describe(value)}")
        picked = _choice_keys(value, options)
        if len(picked) != 1:
            raise CheckError(f"the match for {item!r} picks {len(picked)} choices; give one")
        wrong += picked[0] != expected[item]
    if wrong:
        raise CheckError(f"{wrong} of the {len(items)} matches {'is' if wrong == 1 else 'are'} wrong")


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


def has_words(quote: str, part: str) -> bool:
    """Whether `part` occurs in `quote` as whole words, in any case: "global" is not in "Globally"."""
    pattern = rf"(?<!\w){re.escape(_plain(part, case_sensitive=False))}(?!\w)"
    return re.search(pattern, quote.casefold()) is not None


def _without_final_stop(sentence: str) -> str:
    """A sentence without its closing full stop (and a quotation mark after it), for comparing."""
    return re.sub(r"""\.(["']?)$""", r"\1", sentence.rstrip())


def quote_from(answer: Any, passages: str | Iterable[str], *, must_contain: Iterable[str] = (),
               whole_sentence: bool = False, min_words: int = 1) -> None:
    """Text copied word for word from one of `passages`, that contains every `must_contain`.

    With `whole_sentence`, it must be one complete sentence (as `text.sentences` splits them); its
    closing full stop may be left off. `must_contain` matches whole words in any case ("global" is
    not found in "Globally"). Quotes, dashes and spaces may differ in style; the words and their
    case may not. A wrong
    quote is told *that* it is not the passage asked for, never which one is.
    """
    if not isinstance(answer, str):
        raise _wrong_type("text (a string)", answer)
    quote = _plain(answer)
    sources = [passages] if isinstance(passages, str) else list(passages)
    if not quote:
        raise CheckError("is empty")
    if not any(quote in _plain(source) for source in sources):
        raise CheckError("is not in the text word for word — copy it exactly (straight or curly quotes both work)")
    whole = {_without_final_stop(_plain(s)) for source in sources for s in text.sentences(source)}
    if whole_sentence and _without_final_stop(quote) not in whole:
        raise CheckError("is in the text but is not one whole sentence — copy from its first word to its full stop")
    length = len(text.words(quote))
    if length < min_words:
        raise CheckError(f"is {length} words long; quote at least {min_words}")
    if not all(has_words(quote, part) for part in must_contain):
        raise CheckError("is in the text, but it is not the passage the question asks for")


# --- charts --------------------------------------------------------------------------------------

def _axes(answer: Any) -> Axes:
    """The chart handed in: an Axes, or a Figure that holds exactly one chart with data."""
    if isinstance(answer, Figure):
        drawn = [ax for ax in answer.axes if ax.has_data()]
        if len(drawn) != 1:
            raise CheckError(f"is a figure with {len(drawn)} charts in it; hand in the Axes of the one asked for")
        return drawn[0]
    if not isinstance(answer, Axes):
        raise _wrong_type("a matplotlib Axes (the `ax` you drew on, or what `Series.plot.bar()` returns)", answer)
    return answer


def _require_labels(ax: Axes) -> None:
    """A chart must say what it shows: a title (or figure title) and both axis labels."""
    titles = [ax.get_title(loc=loc) for loc in ("center", "left", "right")] + [ax.figure.get_suptitle()]
    titled = any(title.strip() for title in titles)
    lacking = [name for name, present in (("title", titled), ("x-axis label", ax.get_xlabel().strip()),
                                          ("y-axis label", ax.get_ylabel().strip())) if not present]
    if lacking:
        raise CheckError(f"the chart has no {' and no '.join(lacking)}")


def _label_at(axis: Axis, position: float) -> str | None:
    """The tick label drawn at `position` on `axis` ("II" for a bar at x=1), or None if there is none."""
    locations = axis.get_majorticklocs()
    labels = axis.get_major_formatter().format_ticks(locations)
    return next((label for loc, label in zip(locations, labels) if abs(loc - position) < 1e-6 and label), None)


def _bar_label(axis: Axis, position: float) -> str | None:
    """What a bar at `position` is labelled with.

    Bars drawn at text labels (pandas, or `ax.bar(["I", "II"], ...)`) carry their tick label. Bars
    drawn at numbers (`ax.bar([2013, 2015], ...)`) are labelled by the number axis itself, whose
    ticks need not fall on every bar and may print an offset: their position is their label.
    """
    if isinstance(axis.get_major_formatter(), ScalarFormatter):
        return _show(round(position, 6))
    return _label_at(axis, position)


def _bars(ax: Axes) -> list[tuple[str | None, float]]:
    """(label, length) of every bar, left to right (bottom to top for horizontal bars)."""
    found = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        vertical = container.orientation == "vertical"
        for bar in container:
            centre = bar.get_x() + bar.get_width() / 2 if vertical else bar.get_y() + bar.get_height() / 2
            length = bar.get_height() if vertical else bar.get_width()
            found.append((centre, _bar_label(ax.xaxis if vertical else ax.yaxis, centre), _scalar(length)))
    return [(label, length) for _, label, length in sorted(found, key=lambda bar: bar[0])]


def bar_chart(answer: Any, expected: Any, *, what: str = "bars", ordered: bool = False) -> None:
    """A labelled bar chart whose bars (label → height, labels as text) equal `expected`.

    Vertical or horizontal, from pandas or from `ax.bar`, an Axes or its Figure; the bars in any
    order unless `ordered` (then left to right, or bottom to top).
    """
    ax = _axes(answer)
    _require_labels(ax)
    bars = _bars(ax)
    if not bars:
        raise CheckError("the chart has no bars — draw them with `ax.bar(...)` or `Series.plot.bar()`")
    wanted = [(str(label), height) for label, height in _pairs(expected)]
    labels = {label for label, _ in bars}
    if None in labels or not labels & {label for label, _ in wanted}:
        raise CheckError(f"the bars are not labelled with the {what} — use the {what} as the bars' positions")
    _compare_pairs(bars, wanted, what=what, value_noun="bar", ordered=ordered)


def line_chart(answer: Any, y: Iterable[float], *, x: Iterable | None = None) -> None:
    """A labelled chart with a line through the values `y` (at positions or tick labels `x`, if given)."""
    ax = _axes(answer)
    _require_labels(ax)
    lines = ax.get_lines()
    if not lines:
        raise CheckError("the chart has no line — draw it with `ax.plot(...)` or `Series.plot()`")
    wanted_y = [_scalar(v) for v in y]
    right_y = [line for line in lines if len(line.get_ydata()) == len(wanted_y)
               and not any(_value_problem(g, w) for g, w in zip(line.get_ydata(), wanted_y))]
    if not right_y:
        raise CheckError("no line on the chart goes through the expected values")
    if x is None:
        return
    wanted_x = [str(_scalar(v)) for v in x]
    for line in right_y:
        positions = line.get_xdata(orig=False)
        drawn = [str(_scalar(v)) for v in line.get_xdata(orig=True)]
        labels = [_label_at(ax.xaxis, float(p)) for p in positions]
        if wanted_x in (drawn, labels):
            return
    raise CheckError("the line has the right values, but not at the right places on the x axis")


def _install_hints() -> None:
    """A check cell run before its answer cell: one line saying so (`learner_hints`)."""
    from ..learner_hints import install

    install()


_install_hints()
