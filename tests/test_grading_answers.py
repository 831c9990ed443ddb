"""Answers cross from the kernel to the checks only as plain JSON, and the checks read them as the originals."""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from shared_future import data
from shared_future.checks import ex01
from shared_future.grading import answers, checking


def through_json(value):
    """What the grader gets for `value`: saved as the kernel saves it, loaded as the grader loads it."""
    return answers.restore(json.loads(json.dumps(answers.to_plain(value))))


@pytest.mark.parametrize("value", [
    3, 2.5, "text", True, None, [1, "a"], (1, 2), {1, 2}, {"I": 1, 2013: 2.0}, np.int64(7), np.float64(0.5),
    pd.Series({"I": 10, "II": 20}, name="words"), pd.Series([1.5, 2.5], index=pd.Index([2013, 2015], name="year")),
    pd.Series([1, None], dtype="Int64"), pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=[5, 6]),
    pd.Index(["I", "II"]), np.array([1, 2, 3]),
])
def test_values_come_back_equal(value):
    back = through_json(value)
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        assert type(back) is type(value)
        {pd.Series: pd.testing.assert_series_equal, pd.DataFrame: pd.testing.assert_frame_equal,
         pd.Index: pd.testing.assert_index_equal}[type(value)](back, value)
    elif isinstance(value, np.ndarray):
        assert np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value.item() if isinstance(value, np.generic) else value)


def test_a_placeholder_and_unknown_objects_stay_what_they_are():
    assert through_json(...) is Ellipsis
    back = through_json(object())
    assert type(back).__name__ == "object" and not callable(back)
    with pytest.raises(AssertionError, match="Q1: expects"):
        ex01.q1(through_json(lambda: 1))


def sections_chart(labels=True, horizontal=False):
    words = data.paragraphs_of("wang_yi_2025").groupby("section")["words"].sum()
    ax = Figure().add_subplot()
    (ax.barh if horizontal else ax.bar)(words.index, words.values)
    if labels:
        ax.set_title("Words per section")
        ax.set_xlabel("section")
        ax.set_ylabel("words")
    return ax


@pytest.mark.parametrize("chart", [sections_chart(), sections_chart(horizontal=True), sections_chart(labels=False),
                                   sections_chart().figure,
                                   pd.Series({"I": 1, "II": 2, "III": 3}).plot.bar(title="t", xlabel="x", ylabel="y")])
def test_a_chart_is_checked_from_its_description_as_it_would_be_itself(chart):
    """The description carries titles, labels, ticks and bars: the check's verdict does not change."""
    assert isinstance(answers.to_plain(chart), dict)
    assert checking.check(ex01, "q4", chart) == checking.check(ex01, "q4", through_json(chart))


def test_a_line_chart_keeps_its_values_and_tick_labels():
    ax = Figure().add_subplot()
    ax.plot([2013, 2015, 2017], [1, 2, 3])
    ax.set(title="t", xlabel="year", ylabel="n")
    back = through_json(ax)
    line = back.get_lines()[0]
    assert list(line.get_xdata(orig=True)) == [2013, 2015, 2017] and list(line.get_ydata()) == [1, 2, 3]
    assert back.get_title() == "t" and back.get_xlabel() == "year"


@pytest.mark.parametrize(("content", "reason"), [
    ("not json", "could not be read"), ('{"question": "q2", "answer": 1}', "not the one for this question"),
    ('{"question": "q1", "answer": {"$": "pickle", "data": "x"}}', "could not be read"),
    ('{"question": "q1", "answer": ' + "[" * 5000 + "]" * 5000 + "}", "could not be read"),
])
def test_a_forged_or_broken_answer_file_is_unreadable_not_a_crash(tmp_path, content, reason):
    (tmp_path / "q1.json").write_text(content)
    answer = answers.load(tmp_path, "q1")
    assert isinstance(answer, answers.Unreadable) and reason in answer.reason
    assert checking.check(ex01, "q1", answer) == (False, f"Q1: {answer.reason}")


def test_a_missing_or_oversized_answer(tmp_path, monkeypatch):
    assert isinstance(answers.load(tmp_path, "q1"), answers.Undefined)
    monkeypatch.setattr(answers, "MAX_BYTES", 100)
    answers.save("q1", {"q1": "x" * 1000}, str(tmp_path))
    assert answers.load(tmp_path, "q1").reason == "the answer is larger than 0 MB"
    answers.save("q2", {}, str(tmp_path))
    assert checking.check(ex01, "q2", answers.load(tmp_path, "q2")) == (False, "Q2: the answer cell did not define `q2`")


def forged_chart(bars: int) -> dict:
    """A chart description as a hostile kernel could write it: `bars` bars, nothing else odd."""
    ax = answers.to_plain(sections_chart())
    ax["bars"] = [{"orientation": "vertical", "rects": [[i, 0.0, 0.8, 1.0] for i in range(bars)]}]
    return ax


def test_a_chart_over_the_hard_limits_is_refused_before_anything_is_drawn(monkeypatch):
    drawn = []
    monkeypatch.setattr(answers, "_draw_axes", lambda ax, spec: drawn.append(spec))
    back = answers.restore(forged_chart(200_000))
    assert isinstance(back, answers.Unreadable) and "200,000 bars" in back.reason and not drawn
    assert checking.check(ex01, "q4", back)[1].startswith("Q4: the chart was not read: it has 200,000 bars")
    assert "20 Axes" in answers.restore({"$": "figure", "suptitle": "", "axes": [forged_chart(1)] * 20}).reason.replace(",", "")
    for change, reason in [(lambda a: a["xticks"].update(locs=list(range(10_000))), "10,000 xticks"),
                           (lambda a: a.update(xlabel="x" * 10_000), "titles and labels"),
                           (lambda a: a.update(lines=[{"x": [0] * 30_000, "xpos": [0] * 30_000, "y": [0] * 30_000}]), "30,000 points"),
                           (lambda a: a["bars"][0]["rects"].append(["a", 0, 1, 1]), "four numbers")]:
        chart = forged_chart(3)
        change(chart)
        assert reason in answers.restore(chart).reason


def test_a_chart_at_the_limits_is_still_drawn():
    limits = answers.CHART_LIMITS
    chart = forged_chart(limits["bars"])
    chart["xticks"] = {"locs": list(range(limits["ticks"])), "labels": ["t" * limits["text"]] * limits["ticks"]}
    assert len(answers.restore(chart).patches) == limits["bars"]


def test_what_the_grader_builds_from_an_answer_is_capped_in_memory_and_time():
    """`capped` runs in a child process: an answer that would take the grader's memory or time costs only its own question."""
    assert checking.capped(sum, [1, 2, 3], memory_mb=500, seconds=60) == ("ok", 6)
    assert checking.capped(bytearray, 4 * 2**30, memory_mb=500, seconds=60) == ("memory", "")
    assert checking.capped(time.sleep, 30, memory_mb=500, seconds=1) == ("time", "")


def test_the_class_grader_checks_each_answer_capped_with_the_same_verdict(tmp_path, monkeypatch):
    answers.save("q2", {"q2": 5.0}, str(tmp_path))
    assert checking.check_capped("01", "q2", tmp_path, memory_mb=1000, seconds=60) == checking.check_saved("01", "q2", tmp_path)
    monkeypatch.setattr(checking, "capped", lambda *args, **kwargs: ("memory", ""))
    assert checking.check_capped("01", "q2", tmp_path, memory_mb=1000, seconds=60) == (
        False, "Q2: checking this answer took more than 1000 MB of memory, so the grader stopped")
