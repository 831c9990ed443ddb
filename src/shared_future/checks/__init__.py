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

Where each helper lives
-----------------------
One module per concern, each re-exported here: `core` (CheckError, `question`, turning answers
into plain values), `values` (numbers, text, collections, mappings, records, dicts), `choices`
(lettered picks), `pools` (understanding questions drawn per student from a pool,
seeded by `variants`), `texts` (verbatim quotes, written responses) and `charts`.

How an exercise uses it
-----------------------
Exercise NN has a module `checks/exNN.py`. A notebook imports it as
`from shared_future.checks import ex01 as check` and its check cells call `check.q1(q1)`.
Every pandas `qN` computes its expected answer from the dataset (`shared_future.data.load`) each
time it runs, so a corrected table corrects the exercise, and no answer is ever typed into the code.
An understanding question is the exception: its key is a reading of the texts, which no table holds
(else a join would answer it), so its pool (`pools.Pool`) states each item's right option.

The helpers
-----------
`same_number`, `same_text`, `same_value` (either), `chosen` (one lettered choice, or every right one, from the
options a question lists), `pooled` (an understanding question drawn per student from a `Pool`), `one_of` (a choice
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

   An understanding question is a `Pool` of items (a sentence of the texts, or a statement about
   them, with its right option), checked by `q7 = pooled(QUESTIONS, Pool("NN.q7", ...), points=3)`;
   its notebook needs the first cell `STUDENT = ""` (role `student`; `variants` reads it), a cell
   `check.q7.show()` before the answer cell, and `"concepts": [...]` in the check
   cell's metadata (the ids of `data/concepts.csv` it tests).

   A written response is not checked by code: `q8 = written(QUESTIONS, "q8")` makes a check that
   only says whether the text is there and between `WRITTEN_WORDS` words long (worth 0 points;
   the points are the rubric's, see `shared_future.exercises`).

3. Run `python -m shared_future.release NN` to write the learner's version, then the tests.
   `tests/test_checks_framework.py` already runs every solution answer, and `...`, through its
   check; add right answers in other forms and wrong answers for the new question, as its
   `OTHER_FORMS` and `WRONG_ANSWERS` tables do for exercise 01.
"""
from __future__ import annotations

from .charts import bar_chart, line_chart
from .choices import chosen, lettered
from .core import CheckError, as_number, not_answered, question
from .pools import Pool, pooled
from .texts import WRITTEN_WORDS, has_words, quote_from, written
from .values import fields, names_not_ids, one_of, same_items, same_mapping, same_number, same_record, same_sequence, \
    same_text, same_value

__all__ = [
    "CheckError", "question", "not_answered", "as_number", "same_number", "same_items",
    "same_sequence", "same_text", "same_value", "one_of", "same_mapping", "same_record", "fields",
    "names_not_ids", "has_words", "chosen", "lettered", "Pool", "pooled",
    "quote_from", "bar_chart", "line_chart", "written", "WRITTEN_WORDS",
]


def _install_hints() -> None:
    """A check cell run before its answer cell: one line saying so (`learner_hints`)."""
    from ..learner_hints import install

    install()


_install_hints()
