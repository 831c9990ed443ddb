"""The checks: every right form passes, every wrong one fails with one line that hides the answer.

Runs in-process (no kernel): the helpers are called directly, and each exercise's solution answers
come from executing its solution notebook's setup and answer cells once per exercise.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.core.inputtransformer2 import TransformerManager  # noqa: E402

from shared_future import exercises  # noqa: E402
from shared_future.checks import (  # noqa: E402
    CheckError, bar_chart, fields, line_chart, not_answered, one_of, question, quote_from, same_items,
    same_mapping, same_number, same_record, same_sequence, same_text, variants,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def problem_of(check, *args, **kwargs) -> str:
    """The message a check raises (the test fails if it does not raise)."""
    with pytest.raises(CheckError) as caught:
        check(*args, **kwargs)
    return str(caught.value)


# --- CheckError and the question decorator -------------------------------------------------------

def test_check_error_renders_one_plain_line():
    error = CheckError("70.0 is too high", "check your filter on `theme`").about("q3", "ignored")
    assert error._render_traceback_() == ["Q3: 70.0 is too high. Hint: check your filter on `theme`."]
    assert isinstance(error, AssertionError) and "\x1b" not in str(error)


def test_question_registers_points_labels_problems_and_rejects_placeholders(capsys):
    registry: dict[str, int] = {}

    @question(registry, points=3, hint="count again")
    def q7(answer):
        same_number(answer, 12)

    assert registry == {"q7": 3}
    q7(12.0)
    assert capsys.readouterr().out.strip() == "Q7: correct (3 points)."
    assert problem_of(q7, 13) == "Q7: 13 is too high. Hint: count again."
    for placeholder in (..., None):
        assert problem_of(q7, placeholder) == "Q7: not answered yet — replace `...` with your answer."
    assert problem_of(not_answered, "q2", ...).startswith("Q2: not answered yet")


# --- values ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [3677, 3677.0, np.int64(3677), np.float32(3677), pd.Series([3677]),
                                    pd.DataFrame({"words": [3677]}), np.array(3677), pd.array([3677], dtype="Int64")])
def test_same_number_accepts_every_numeric_form(answer):
    same_number(answer, 3677)


@pytest.mark.parametrize(("answer", "expected_problem"), [
    (3700, "3700 is too high"),
    (3600.5, "3600.5 is too low"),
    ([3677], "expects a number, got a list of 1 item"),
    (True, "expects a number, got True"),
    ("3677", "expects a number, got the text '3677' — remove the quotes"),
    (float("nan"), "is NaN"),
    (pd.Series([3677, 734]), "expects a number, got a Series of 2 values"),
    (sum, "got a function"),
])
def test_same_number_rejects_with_a_reason_and_never_the_answer(answer, expected_problem):
    message = problem_of(same_number, answer, 3677)
    assert expected_problem in message
    if expected_problem != "expects a number, got the text '3677' — remove the quotes":
        assert "3677" not in message and "3,677" not in message


@pytest.mark.parametrize(("answer", "expected", "shown"), [
    (2013, 2015, "2013 is too low"), (3054, 3000, "3054 is too high"), (-1200, 0, "-1200 is too low"),
    (9999, 1, "9999 is too high"), (10000, 1, "10,000 is too high"), (50000, 60000, "50,000 is too low"),
    (1234567, 1, "1,234,567 is too high"), (38.5, 40, "38.5 is too low"),
])
def test_numbers_are_shown_with_separators_only_from_ten_thousand(answer, expected, shown):
    assert problem_of(same_number, answer, expected) == shown + "."


def test_same_number_tolerance():
    same_number(38.6, 38.6316, abs_tol=0.05)
    assert "too low" in problem_of(same_number, 38.5, 38.6316, abs_tol=0.05)


@pytest.mark.parametrize("answer", [
    [2, 3, 14], (14, 3, 2), {3, 2, 14}, pd.Series([14, 2, 3]), pd.Index([3, 14, 2]),
    pd.DataFrame({"para_no": [2, 3, 14]}), np.array([14, 3, 2]), {2: "a", 3: "b", 14: "c"}.keys(), [2.0, 3.0, 14.0],
])
def test_same_items_accepts_any_collection_in_any_order(answer):
    same_items(answer, [2, 3, 14])


@pytest.mark.parametrize(("answer", "expected_problem"), [
    ([2, 3], "1 of the expected paragraphs is missing"),
    ([2, 3, 14, 7, 9], "it includes 2 that should not be there"),
    ([2, 5], "2 of the expected paragraphs are missing; it includes 1 that should not be there"),
    ([2, 3, 14, 14], "lists some paragraphs more than once"),
    (["2", "3", "14"], "the paragraphs are right but of the wrong type"),
    ("2, 3, 14", "expects a collection (a list, a set or a Series), got text"),
    ({2: 1, 3: 1, 14: 1}, "got a dict of 3 items"),
    (pd.DataFrame({"a": [2], "b": [3]}), "expects one column of values, got a DataFrame with 1 row and 2 columns"),
    ([[2, 3], 14], "expects a collection of single values, but it holds a list of 2 items"),
])
def test_same_items_counts_what_is_wrong(answer, expected_problem):
    message = problem_of(same_items, answer, [2, 3, 14], what="paragraphs")
    assert expected_problem in message and "14" not in message


def test_same_sequence_wants_the_order():
    same_sequence(pd.Series(["I", "II", "III"]), ["I", "II", "III"])
    same_sequence((1, 2.0000000001), [1, 2])
    assert "in the wrong order" in problem_of(same_sequence, ["II", "I", "III"], ["I", "II", "III"], what="sections")
    assert "1 of the expected sections is missing" in problem_of(same_sequence, ["I", "II"], ["I", "II", "III"], what="sections")
    assert "not each the right number of times" in problem_of(same_sequence, ["I", "I", "II"], ["I", "II", "II"], what="sections")


def test_same_text_forgives_spaces_case_and_quote_style():
    same_text("  qiushi   JOURNAL ", "Qiushi Journal")
    same_text("China's answer", "China’s answer")
    same_text(pd.Series(["Wang Yi"]), "Wang Yi")
    assert problem_of(same_text, "Wang", "Wang Yi") == "'Wang' is not right."
    assert "expects text (a string), got a number" in problem_of(same_text, 3, "Wang Yi")
    assert "is not right" in problem_of(same_text, "wang yi", "Wang Yi", case_sensitive=True)


READINGS = ("exact", "lower bound", "upper bound")


@pytest.mark.parametrize("answer", ["lower bound", " Lower   BOUND ", "LOWER BOUND", pd.Series(["lower bound"]),
                                    np.array(["lower bound"]), np.str_("lower bound")])
def test_one_of_accepts_the_choice_in_any_case_spacing_or_form(answer):
    one_of(answer, READINGS, "lower bound")


def test_one_of_forgives_quote_style_in_choices():
    one_of("China’s own", ("China's own", "a partner's"), "China's own")
    one_of("China's own", ("China’s own", "a partner's"), "China’s own")


@pytest.mark.parametrize(("answer", "expected_problem"), [
    ("approximately", "'approximately' is not one of the allowed values ('exact', 'lower bound', 'upper bound')."),
    ("  lower  ", "'lower' is not one of the allowed values ('exact', 'lower bound', 'upper bound')."),
    ("Exact", "'Exact' is not right."),
    (" upper bound", "'upper bound' is not right."),
    (3, "expects text (a string), got a number."),
    (["lower bound"], "expects text (a string), got a list of 1 item."),
    (pd.Series(["exact", "lower bound"]), "expects text (a string), got a Series of 2 values."),
    (pd.Series(["exact"]), "'exact' is not right."),
])
def test_one_of_says_what_is_wrong_never_which_choice_is_right(answer, expected_problem):
    assert problem_of(one_of, answer, READINGS, "lower bound") == expected_problem


def test_one_of_takes_the_questions_wording_and_hint_for_a_wrong_listed_choice():
    with pytest.raises(CheckError) as caught:
        one_of("exact", READINGS, "lower bound",
               mismatch="is one of the three readings, but not the one the wording gives",
               hint="read the words before the number")
    error = caught.value
    assert str(error) == ("'exact' is one of the three readings, but not the one the wording gives. "
                          "Hint: read the words before the number.")
    assert "lower bound" not in error.problem and "lower bound" not in error.hint
    assert (problem_of(one_of, "exact", READINGS, "lower bound", hint="look again")
            == "'exact' is not right. Hint: look again.")
    # Outside a question a wrong listed choice has no hint of its own; @question adds the question's.
    assert problem_of(one_of, "exact", READINGS, "lower bound").endswith("is not right.")


def test_one_of_refuses_an_expected_value_the_list_does_not_allow():
    with pytest.raises(ValueError):
        one_of("exact", READINGS, "roughly")


# --- mappings, records, fields ---------------------------------------------------------------------

SECTIONS = pd.Series({"I": 1844, "II": 1140, "III": 693})


@pytest.mark.parametrize("answer", [
    SECTIONS, SECTIONS.sample(frac=1, random_state=1), dict(SECTIONS), {"III": 693.0, "I": 1844.0, "II": 1140.0},
    SECTIONS.astype("Int64"), SECTIONS.to_frame("words"), SECTIONS.rename_axis("section").reset_index(name="words"),
])
def test_same_mapping_accepts_dicts_series_and_frames(answer):
    same_mapping(answer, SECTIONS, what="sections")


@pytest.mark.parametrize(("answer", "expected_problem"), [
    ({"I": 1844, "II": 1140}, "1 of the expected sections is missing"),
    ({"I": 1844, "II": 1140, "III": 693, "IV": 1}, "it includes 1 that should not be there"),
    ({"I": 1844, "II": 2000, "III": 693}, "the value for 'II' is wrong: 2000 is too high"),
    ({"I": 1, "II": 2, "III": 3}, "the value for 'I' is wrong: 1 is too low (and 2 more)"),
    ([1844, 1140, 693], "expects a Series or a dict (label → value), got a list of 3 items"),
    (pd.DataFrame({"a": [1], "b": [2], "c": [3]}), "expects a Series or a dict"),
])
def test_same_mapping_names_the_label_not_the_value(answer, expected_problem):
    message = problem_of(same_mapping, answer, SECTIONS, what="sections")
    assert expected_problem in message
    assert not [value for value in ("1844", "1,844", "1140", "1,140", "693") if value in message]


RATES = pd.Series({"wang_yi_2025": 2.4567, "he_yin_2025": 5.0321})


@pytest.mark.parametrize("answer", [
    RATES.round(1), RATES.round(2).to_dict(), {"he_yin_2025": 5.08, "wang_yi_2025": 2.41},
    RATES.rename_axis("doc_id").reset_index(name="rate"),
])
def test_same_mapping_abs_tol_accepts_rounded_values(answer):
    same_mapping(answer, RATES, what="texts", abs_tol=0.051)


@pytest.mark.parametrize(("answer", "expected_problem"), [
    ({"wang_yi_2025": 2.3, "he_yin_2025": 5.0}, "the value for 'wang_yi_2025' is wrong: 2.3 is too low"),
    ({"wang_yi_2025": 2.6, "he_yin_2025": 5.2}, "the value for 'wang_yi_2025' is wrong: 2.6 is too high (and 1 more)"),
    ({"wang_yi_2025": 2.5}, "1 of the expected texts is missing"),
    ({"wang_yi_2025": 2.5, "he_yin_2025": 5.0, "other": 1.0}, "it includes 1 that should not be there"),
    ({"wang_yi_2025": "2.5", "he_yin_2025": 5.0}, "expects a number, got the text '2.5'"),
    ([2.5, 5.0], "expects a Series or a dict (label → value), got a list of 2 items"),
])
def test_same_mapping_abs_tol_rejects_values_beyond_it(answer, expected_problem):
    message = problem_of(same_mapping, answer, RATES, what="texts", abs_tol=0.051)
    assert expected_problem in message
    assert not [value for value in ("2.4567", "2.46", "5.0321", "5.03") if value in message]


def test_same_mapping_is_exact_by_default():
    same_mapping({"wang_yi_2025": 2.4567 + 1e-12, "he_yin_2025": 5.0321}, RATES)
    assert "the value for 'wang_yi_2025' is wrong: 2.5 is too high" in problem_of(same_mapping, RATES.round(1), RATES,
                                                                                 what="texts")


def test_same_mapping_checks_order_only_when_asked():
    shuffled = {"III": 693, "I": 1844, "II": 1140}
    same_mapping(shuffled, SECTIONS)
    assert "in the wrong order" in problem_of(same_mapping, shuffled, SECTIONS, what="sections", ordered=True)


ROW = pd.Series({"doc_id": "wang_yi_2025", "para_no": 3, "section": "I", "words": 431})


@pytest.mark.parametrize("answer", [
    ("wang_yi_2025", 3), ["wang_yi_2025", 3.0], ("wang_yi_2025", np.int64(3)), {"para_no": 3, "doc_id": "wang_yi_2025"},
    ROW, ROW.to_frame().T, np.array(["wang_yi_2025", 3], dtype=object),
])
def test_same_record_accepts_tuples_dicts_and_rows(answer):
    same_record(answer, {"doc_id": "wang_yi_2025", "para_no": 3})


@pytest.mark.parametrize(("answer", "expected_problem"), [
    (("he_yin_2025", 3), "`doc_id`: 'he_yin_2025' is not right"),
    (("wang_yi_2025", 4), "`para_no`: 4 is too high"),
    (("wang_yi_2025",), "expects 2 values (doc_id, para_no, in that order), got 1"),
    ({"doc_id": "wang_yi_2025"}, "has no `para_no`"),
    ("wang_yi_2025 3", "expects a tuple (doc_id, para_no), got text"),
])
def test_same_record_says_which_field_is_wrong(answer, expected_problem):
    assert expected_problem in problem_of(same_record, answer, {"doc_id": "wang_yi_2025", "para_no": 3})


def test_fields_checks_the_keys_then_each_value():
    checks = {"author": lambda v: same_text(v, "Wang Yi"), "year": lambda v: same_number(v, 2025)}
    fields({"year": 2025, "author": "wang yi"}, checks)
    assert "has no key 'year'" in problem_of(fields, {"author": "Wang Yi"}, checks)
    assert "has keys that were not asked for: 'month'" in problem_of(fields, {"author": "Wang Yi", "year": 2025, "month": 1}, checks)
    assert "`year`: 2024 is too low" in problem_of(fields, {"author": "Wang Yi", "year": 2024}, checks)
    assert "expects a dict with the keys 'author', 'year', got a list" in problem_of(fields, ["Wang Yi", 2025], checks)


# --- quotes ----------------------------------------------------------------------------------------

PARAGRAPH = "It provides China’s answer to the question of our times—what kind of world. We build it. Then we go."


def test_quote_from_accepts_verbatim_text_in_any_quote_style():
    quote_from("It provides China's answer to the question of our times-what kind of world.", PARAGRAPH,
               must_contain=["answer"], whole_sentence=True)
    quote_from("  We build   it. ", [PARAGRAPH, "Other paragraph."], whole_sentence=True)
    quote_from("China’s answer to the question", PARAGRAPH, min_words=5)


@pytest.mark.parametrize(("answer", "options", "expected_problem"), [
    ("It provides China's reply.", {}, "is not in the text word for word"),
    ("it provides China's answer", {}, "is not in the text word for word"),
    ("China's answer to the question", {"whole_sentence": True}, "is not one whole sentence"),
    ("We build it.", {"whole_sentence": True, "must_contain": ["answer"]}, "not the passage the question asks for"),
    ("We build it.", {"min_words": 8}, "is 3 words long; quote at least 8"),
    ("", {}, "is empty"),
    (["We build it."], {}, "expects text (a string), got a list"),
])
def test_quote_from_rejects_and_never_quotes_the_answer(answer, options, expected_problem):
    message = problem_of(quote_from, answer, PARAGRAPH, **options)
    assert expected_problem in message and "what kind of world" not in message


# --- charts ----------------------------------------------------------------------------------------

def labelled(ax):
    ax.set_title("Words per section")
    ax.set_xlabel("section")
    ax.set_ylabel("words")
    return ax


def test_bar_chart_accepts_pandas_matplotlib_horizontal_and_figures():
    bar_chart(labelled(SECTIONS.plot.bar()), SECTIONS)
    fig, ax = plt.subplots()
    ax.bar(list(SECTIONS.index), list(SECTIONS))
    bar_chart(labelled(ax).figure, SECTIONS)
    fig, ax = plt.subplots()
    ax.barh(SECTIONS.index[::-1], SECTIONS.to_numpy()[::-1])
    bar_chart(labelled(ax), SECTIONS)
    fig, ax = plt.subplots()
    bar_chart(labelled(SECTIONS.sort_values().plot.bar(ax=ax)), SECTIONS)


def test_bar_chart_order_matters_only_when_asked():
    fig, ax = plt.subplots()
    labelled(SECTIONS.sort_values().plot.bar(ax=ax))
    assert "the sections are in the wrong order" in problem_of(bar_chart, ax, SECTIONS, what="sections", ordered=True)


def test_bar_chart_problems():
    fig, ax = plt.subplots()
    SECTIONS.plot.bar(ax=ax, xlabel="")
    assert problem_of(bar_chart, ax, SECTIONS) == "the chart has no title and no x-axis label and no y-axis label."
    ax.set_title("t")
    assert problem_of(bar_chart, ax, SECTIONS) == "the chart has no x-axis label and no y-axis label."
    labelled(ax)
    wrong = SECTIONS.to_dict() | {"II": 1}
    # The message shows the bar as drawn (1140, the learner's own), never the expected height (1).
    assert problem_of(bar_chart, ax, wrong, what="sections") == "the bar for 'II' is wrong: 1140 is too high."
    fig, ax = plt.subplots()
    labelled(ax).bar([0, 1, 2], SECTIONS.to_numpy())
    assert "the bars are not labelled with the sections" in problem_of(bar_chart, ax, SECTIONS, what="sections")
    fig, ax = plt.subplots()
    labelled(ax).plot([1, 2, 3])
    assert "the chart has no bars" in problem_of(bar_chart, ax, SECTIONS)
    assert "expects a matplotlib Axes" in problem_of(bar_chart, ax.bar(["I"], [1]), SECTIONS)
    fig, axes = plt.subplots(1, 2)
    for each in axes:
        each.plot([1, 2])
    assert "a figure with 2 charts in it" in problem_of(bar_chart, fig, SECTIONS)


def test_line_chart_finds_a_line_through_the_values():
    years = pd.Series([3, 5, 8], index=["2013", "2015", "2017"])
    fig, ax = plt.subplots()
    labelled(years.plot(ax=ax))
    line_chart(ax, [3, 5, 8], x=["2013", "2015", "2017"])
    fig, ax = plt.subplots()
    labelled(ax).plot([2013, 2015, 2017], [3.0, 5.0, 8.0])
    line_chart(ax, [3, 5, 8], x=[2013, 2015, 2017])
    assert "no line on the chart goes through the expected values" in problem_of(line_chart, ax, [3, 5, 9])
    assert "not at the right places on the x axis" in problem_of(line_chart, ax, [3, 5, 8], x=[2013, 2014, 2017])
    fig, ax = plt.subplots()
    labelled(ax).bar(["a"], [1])
    assert "the chart has no line" in problem_of(line_chart, ax, [1])


# --- every exercise: the solution passes, the placeholder fails ------------------------------------

def solution_namespace(number: str) -> dict:
    """The variables a learner would have after running the solution notebook's setup and answers."""
    notebook = nbformat.read(exercises.solution_path(number), as_version=4)
    namespace: dict = {}
    for cell in notebook.cells:
        if exercises.role(cell) in ("student", "setup", "answer"):
            exec(compile(TransformerManager().transform_cell(cell.source), f"{number}:{cell.id}", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def solutions() -> dict[str, dict]:
    return {number: solution_namespace(number) for number in exercises.numbers()}


QUESTION_IDS = [(number, qid) for number in exercises.numbers() for qid in exercises.checks_module(number).QUESTIONS]


@pytest.mark.parametrize(("number", "qid"), QUESTION_IDS)
def test_solution_answer_passes_and_placeholder_fails(solutions, number, qid):
    check = getattr(exercises.checks_module(number), qid)
    with variants.seeded(solutions[number]["STUDENT"]):  # the kernel would read it from the notebook's namespace
        check(solutions[number][qid])
    assert problem_of(check, ...) == f"{qid.upper()}: not answered yet — replace `...` with your answer."
