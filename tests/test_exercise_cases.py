"""Every exercise question: a right answer in another idiom passes, a wrong one fails with a
message that says what is wrong, ends with a hint, and never reveals the expected answer."""
from __future__ import annotations

import importlib
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from shared_future import exercises  # noqa: E402
from shared_future.checks import WRITTEN_WORDS, CheckError, variants  # noqa: E402

CASES = {number: importlib.import_module(f"exercise_cases.ex{number}") for number in exercises.numbers()}
CASE_STUDENT = importlib.import_module("exercise_cases").CASE_STUDENT


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _case_student():
    """Understanding questions draw their items for the student the cases were written for."""
    with variants.seeded(CASE_STUDENT):
        yield


@pytest.mark.parametrize("number", sorted(CASES))
def test_every_question_has_cases(number):
    questions = set(exercises.checks_module(number).QUESTIONS)
    assert set(CASES[number].OTHER_FORMS) == set(CASES[number].WRONG_ANSWERS) == questions


OTHER = [pytest.param(n, q, make, id=f"ex{n}-{q}-form{i}")
         for n, case in CASES.items() for q, makers in case.OTHER_FORMS.items() for i, make in enumerate(makers)]
WRONG = [pytest.param(n, q, make, expected, id=f"ex{n}-{q}-wrong{i}")
         for n, case in CASES.items() for q, wrongs in case.WRONG_ANSWERS.items()
         for i, (make, expected) in enumerate(wrongs)]


@pytest.mark.parametrize(("number", "qid", "make"), OTHER)
def test_right_answer_in_another_form_passes(number, qid, make):
    getattr(exercises.checks_module(number), qid)(make())


@pytest.mark.parametrize(("number", "qid", "make", "expected_problem"), WRONG)
def test_wrong_answer_fails_without_giving_it_away(number, qid, make, expected_problem):
    answer = make()
    with pytest.raises(CheckError) as caught:
        getattr(exercises.checks_module(number), qid)(answer)
    message = str(caught.value)
    assert message.startswith(f"{qid.upper()}: ") and " Hint: " in message and expected_problem in message, message
    handed_in = (answer.to_string() + repr(answer.index.tolist()) if isinstance(answer, (pd.Series, pd.DataFrame))
                 else repr(answer))
    # What the message may say whatever the answer: its question's label, and a written response's word bounds.
    # And an understanding question's paragraphs to re-read: the same for every wrong answer, so no key.
    body = message.removeprefix(f"{qid.upper()}: ").replace("write {} to {}".format(*WRITTEN_WORDS), "")
    body = re.sub(r"Hint: re-read .*", "", body)
    revealed = [v for v in CASES[number].never_shown() if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", body)
                and v not in handed_in]
    assert not revealed, message
