"""Test cases for each exercise's checks, one module per exercise (`exNN.py`).

Each module defines:
- `OTHER_FORMS`: question id -> list of callables, each returning a right answer in another idiom
  (a dict for a Series, floats for ints, another order, a horizontal chart ...);
- `WRONG_ANSWERS`: question id -> list of (callable returning a wrong answer, text the message must contain);
- `never_shown()`: the expected values a message must never reveal.
tests/test_exercise_cases.py runs them all; every question needs at least one case of each kind.
"""
import matplotlib.pyplot as plt


def bar_axes(series, *, horizontal=False, title="Words per section", xlabel="section", ylabel="words"):
    """A labelled bar chart of `series`, as a learner would draw it with pandas."""
    _fig, ax = plt.subplots()
    (series.plot.barh if horizontal else series.plot.bar)(ax=ax)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax
