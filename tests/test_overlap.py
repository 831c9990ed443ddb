"""The marking page flags written responses pasted from the texts, the prompt, the rubric or a calibration exemplar,
and near-copies of one another, with the shared passages highlighted; flags never change points."""
from __future__ import annotations

import ast

import nbformat
import pandas as pd
import pytest

from shared_future import data, exemplars, exercises, grading
from shared_future.grading import overlap, rubric
from shared_future.grading.pipeline import Graded


@pytest.fixture(scope="module")
def exercise():
    return grading.Exercise.load("01")


@pytest.fixture(scope="module")
def sources(exercise):
    return overlap.course_sources(exercise, "q9")


def solution_response() -> str:
    """The solution's own response to 01 Q9: written, quoting two passages of the texts."""
    cell = next(c for c in nbformat.read(exercises.solution_path("01"), as_version=4).cells
                if exercises.role(c) == "answer" and exercises.tag(c)["question"] == "q9")
    return ast.literal_eval(cell.source.split("q9 = ", 1)[1].split("### END SOLUTION")[0])


def pasted_from_wang_yi(words: int = 200) -> str:
    paragraphs = data.paragraphs_of("wang_yi_2025")["text"]
    return " ".join(" ".join(paragraphs.iloc[1:6]).split()[:words])


def edited(response: str, every: int = 15) -> str:
    """`response` with one word in `every` replaced: a near-copy."""
    return " ".join("indeed" if i % every == 7 else w for i, w in enumerate(response.split()))


def test_the_sources_are_the_texts_the_prompt_the_rubric_and_the_exemplars(sources, exercise, monkeypatch):
    course = {"Wang Yi's text", "He Yin's text", "the prompt", "the rubric"}
    assert set(sources) == course | {f"a calibration exemplar ({level})" for level in exemplars.LEVELS}
    assert sources["a calibration exemplar (weak)"] == next(e.response for e in exemplars.of("01", "q9") if e.level == "weak")
    monkeypatch.setattr(exemplars, "FOLDER", exemplars.FOLDER.parent / "absent")
    assert set(overlap.course_sources(exercise, "q9")) == course, "a student edition has no exemplars to compare with"
    assert "whose voice?" in sources["the prompt"] and "How Q9 is marked" not in sources["the prompt"]
    assert exercise.rubrics["q9"][0]["criterion"] in sources["the rubric"]


def test_a_written_response_is_not_flagged(sources):
    assert overlap.flags({"ann": solution_response()}, sources) == {"ann": []}


def test_a_response_pasted_from_a_text_is_flagged_with_the_passages(sources):
    pasted = "In my view: " + pasted_from_wang_yi()
    (flag,) = overlap.flags({"bob": pasted}, sources)["bob"]
    assert (flag.kind, flag.origin) == ("source", "Wang Yi's text") and flag.share > 0.9
    start, end = flag.spans[0]
    assert pasted[start:end].startswith(pasted_from_wang_yi()[:40]) and pasted[:start] == "In my view: "


@pytest.mark.parametrize("level", exemplars.LEVELS)
def test_a_response_copied_from_a_calibration_exemplar_is_flagged(sources, level):
    """The instructors' pages may be public: a learner could hand in an exemplar, lightly edited."""
    exemplar = next(e for e in exemplars.of("01", "q9") if e.level == level)
    (flag,) = overlap.flags({"bob": edited(exemplar.response)}, sources)["bob"]
    assert flag.kind == "source" and f"a calibration exemplar ({level})" in flag.origin and flag.share > 0.5
    assert "copied from a calibration exemplar" in str(flag)
    assert overlap.flags({"ann": solution_response()}, sources)["ann"] == [], "the solution's own response is not an exemplar's"


def test_the_prompt_and_rubric_pasted_together_are_flagged(sources):
    (flag,) = overlap.flags({"cy": sources["the prompt"] + "\n" + sources["the rubric"]}, sources)["cy"]
    assert flag.kind == "source" and set(flag.origin.split(" and ")) == {"the prompt", "the rubric"}


def test_near_copies_are_flagged_both_ways_and_shared_quotes_are_not_copying(sources):
    own = solution_response()
    found = overlap.flags({"ann": own, "dan": edited(own), "eve": "Quite other words. " * 30 + own[own.index("In paragraph 1"):own.index("Later he")]}, sources)
    assert [(f.kind, f.origin) for f in found["ann"]] == [("copy", "dan")]
    assert [(f.kind, f.origin) for f in found["dan"]] == [("copy", "ann")] and found["dan"][0].share > 0.5
    assert found["eve"] == [], "a quote both took from the text is not a copy"


def test_chinese_responses_are_compared_by_characters(sources):
    first = "王毅在文章中写道，构建人类命运共同体是习近平外交思想的核心理念。" * 4 + "何音的评论则引用了新年贺词。" * 3
    found = overlap.flags({"fei": first, "gus": "我认为" + first[:100] + "这是我的看法。", "hal": "完全不同的内容。" * 20}, sources)
    assert [f.origin for f in found["gus"]] == ["fei"] and [f.origin for f in found["fei"]] == ["gus"]
    assert found["hal"] == []


def test_the_marking_page_shows_flags_and_highlights_without_changing_points(exercise, tmp_path):
    pasted = pasted_from_wang_yi() + " <b>bold</b>"
    graded = [Graded("ann", {q: (True, "") for q in exercise.points}, responses={"q9": solution_response()}),
              Graded("bob", {q: (True, "") for q in exercise.points}, responses={"q9": pasted})]
    grading.write_reports(exercise, graded, tmp_path)
    page = (tmp_path / "responses-q9.html").read_text()
    bob = page[page.index("<h2>bob</h2>"):]
    assert "Flag (no effect on points):" in bob and "Wang Yi&#x27;s text" in bob
    assert bob.count('<mark class="source">') >= 1 and "&lt;b&gt;bold&lt;/b&gt;" in bob and "<b>bold</b>" not in bob
    assert "Flag" not in page[page.index("<h2>ann</h2>"):page.index("<h2>bob</h2>")]
    sheet = pd.read_csv(tmp_path / "rubric.csv", keep_default_na=False, dtype=str)
    assert set(sheet["points"]) == {""}, "both are left for the marker to score"
