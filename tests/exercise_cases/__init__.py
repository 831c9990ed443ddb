"""Test cases for each exercise's checks, one module per exercise (`exNN.py`).

Each module defines:
- `OTHER_FORMS`: question id -> list of callables, each returning a right answer in another idiom
  (a dict for a Series, floats for ints, another order, a horizontal chart ...);
- `WRONG_ANSWERS`: question id -> list of (callable returning a wrong answer, text the message must contain);
- `never_shown()`: the expected values a message must never reveal.
tests/test_exercise_cases.py runs them all; every question needs at least one case of each kind.
An understanding question drawn from a pool is checked for the student `CASE_STUDENT` (the test
seeds the draws with that name).
"""
import matplotlib.pyplot as plt
import pandas as pd

CASE_STUDENT = "Examiner Case"


def bar_axes(series, *, horizontal=False, title="Words per section", xlabel="section", ylabel="words"):
    """A labelled bar chart of `series`, as a learner would draw it with pandas."""
    _fig, ax = plt.subplots()
    (series.plot.barh if horizontal else series.plot.bar)(ax=ax)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def written_cases() -> tuple[list, list]:
    """OTHER_FORMS and WRONG_ANSWERS for a written response: its check looks only at presence and length."""
    sentence = "Wang Yi writes that the community is built at three levels, and He Yin agrees. "
    response = sentence * 12  # 180 words
    other = [lambda: response, lambda: f"\n\n   {response.upper()}\n", lambda: sentence * 16]
    wrong = [(lambda: sentence * 2, "is 30 words long; write 150 to 250"),
             (lambda: sentence * 20, "is 300 words long; write 150 to 250"),
             (lambda: [response], "expects text (a string between triple quotes), got a list")]
    return other, wrong


def pool_key(check) -> list[str]:
    """The right letters of a pooled understanding question for `CASE_STUDENT`, in the order of the items shown."""
    return [item.key() for item in check.pool.draw(CASE_STUDENT)]


def shifted(check, count: int) -> list[str]:
    """The key with its first `count` letters each moved to the next option: `count` items wrong."""
    letters = list(check.pool.options)
    return [letters[(letters.index(k) + 1) % len(letters)] if i < count else k for i, k in enumerate(pool_key(check))]


def pooled_cases(check) -> tuple[list, list]:
    """OTHER_FORMS and WRONG_ANSWERS of a pooled understanding question: letters in item order, in any idiom."""
    other = [lambda: pool_key(check), lambda: "".join(pool_key(check)).lower(), lambda: ", ".join(pool_key(check)),
             lambda: tuple(pool_key(check)), lambda: dict(enumerate(pool_key(check), 1)),
             lambda: {str(n): f" {k.lower()} " for n, k in enumerate(pool_key(check), 1)},
             lambda: pd.Series(pool_key(check), index=range(1, check.pool.shown + 1))]
    wrong = [(lambda: shifted(check, 1), "is not right"), (lambda: shifted(check, check.pool.shown), "is not right"),
             (lambda: pool_key(check)[:-1], "give one for each of your"),
             (lambda: {0: "A"}, "expects one letter for each of the items numbered 1 to"),
             (lambda: pool_key(check)[:-1] + ["Z"], "'Z' is not one of the choices"),
             (lambda: 3, "expects the letters of your choice")]
    return other, wrong
