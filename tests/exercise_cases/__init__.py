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


def written_cases() -> tuple[list, list]:
    """OTHER_FORMS and WRONG_ANSWERS for a written response: its check looks only at presence and length."""
    sentence = "Wang Yi writes that the community is built at three levels, and He Yin agrees. "
    response = sentence * 12  # 180 words
    other = [lambda: response, lambda: f"\n\n   {response.upper()}\n", lambda: sentence * 16]
    wrong = [(lambda: sentence * 2, "is 30 words long; write 150 to 250"),
             (lambda: sentence * 20, "is 300 words long; write 150 to 250"),
             (lambda: [response], "expects text (a string between triple quotes), got a list")]
    return other, wrong
