"""Checks for exercise 08, "Claims and evidence": kinds of statement, stated versus outside figures,
and the sources the dataset cites.

Each `qN` recomputes its answer from `claims`, `sources` and `paragraphs`, so a corrected row of
the dataset corrects the exercise.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import data, text
from . import (CheckError, bar_chart, fields, lettered, one_of, question, quote_from,
               same_items, same_mapping, same_number, same_text, written)
from .pools import Item, Pool, Quote, pooled

WANG_YI, HE_YIN = "wang_yi_2025", "he_yin_2025"

KINDS = ("figure", "event", "aspiration", "value")
GAP_TOLERANCE = 0.051  # a percentage rounded to one decimal place is still right

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _claims() -> pd.DataFrame:
    return data.load("claims")


def _compared() -> pd.DataFrame:
    """The statements that have an outside figure, with both numbers."""
    claims = _claims()
    return claims[claims["outside_note"].notna()].dropna(subset=["value", "outside_value"])


@question(QUESTIONS, points=2, hint="`value_counts` on the `statement_kind` column of `claims` counts each kind")
def q1(answer: Any) -> None:
    """Statements of each kind: kind → count, as a Series or a dict."""
    same_mapping(answer, _claims()["statement_kind"].value_counts(), what="kinds", zeros=True)


@question(QUESTIONS, points=1,
          hint="`pd.crosstab(claims[\"theme\"], claims[\"statement_kind\"])`, then look down the `event` column")
def q2(answer: Any) -> None:
    """The theme with the most statements of kind `event`, as text."""
    claims = _claims()
    same_text(answer, claims[claims["statement_kind"] == "event"]["theme"].value_counts().idxmax())


def _outside_per_theme() -> pd.Series:
    claims = _claims()
    return claims[claims["outside_note"].notna()]["theme"].value_counts()


@question(QUESTIONS, points=2,
          hint="keep the statements whose `outside_note` is not empty, count them per `theme`, "
               "and draw one bar per theme that has at least one")
def q3(answer: Any) -> None:
    """A labelled bar chart: statements with an outside figure per theme, bars in any order."""
    bar_chart(answer, _outside_per_theme(), what="themes")


@question(QUESTIONS, points=2,
          hint="keep the statements whose `comparable` is \"same_measure\"; the gap is `outside_value - value`, "
               "divided by the stated `value`, times 100")
def q4(answer: Any) -> None:
    """The gap as a percentage of the stated figure, only where both count the same measure: claim_id → percent.

    An earlier count or a different definition is not an error of the text, so a gap there would
    mislead (one decimal place is enough).
    """
    compared = _compared()
    compared = compared[compared["comparable"] == "same_measure"].set_index("claim_id")
    gap_percent = (compared["outside_value"] - compared["value"]) / compared["value"] * 100
    same_mapping(answer, gap_percent, what="statements", abs_tol=GAP_TOLERANCE)


@question(QUESTIONS, points=2,
          hint="search both `publisher` and `note` for \"reprint\" with `str.contains(..., case=False, na=False)`, "
               "and combine the two with `|`")
def q5(answer: Any) -> None:
    """The `source_id`s of the sources marked as reprints in `publisher` or `note`, any order."""
    sources = data.load("sources")
    marked = (sources["publisher"].str.contains("reprint", case=False, na=False)
              | sources["note"].str.contains("reprint", case=False, na=False))
    same_items(answer, sources.loc[marked, "source_id"], what="sources")


def _above() -> pd.DataFrame:
    """The statements whose outside figure is above the stated one, indexed by claim_id."""
    compared = _compared()
    return compared[compared["outside_value"] > compared["value"]].set_index("claim_id")


def _claim_of(answer: Any) -> pd.Series | None:
    """The claim the answer names, if it is one of those the question allows; else None."""
    claim_id = answer.get("claim_id") if isinstance(answer, Mapping) else None
    above = _above()
    if isinstance(claim_id, str) and claim_id.strip() in above.index:
        return above.loc[claim_id.strip()]
    return None


def _check_claim_id(value: Any) -> None:
    if not isinstance(value, str):
        raise CheckError("expects text (a string), such as \"wy01\"")
    claims = _claims().set_index("claim_id")
    claim_id = value.strip()
    if claim_id not in claims.index:
        raise CheckError(f"there is no statement {value!r} in `claims`")
    if claim_id not in _compared()["claim_id"].values:
        raise CheckError(f"statement {claim_id!r} has no outside figure")
    if claim_id not in _above().index:
        raise CheckError(f"the outside figure of {claim_id!r} is not above its stated figure")


def _check_kind(value: Any, claim: pd.Series) -> None:
    one_of(value, KINDS, claim["statement_kind"], hint="read the `statement_kind` of the statement you chose")


def _check_quote(value: Any, claim: pd.Series) -> None:
    paragraphs = data.load("paragraphs").set_index(["doc_id", "para_no"])
    paragraph = paragraphs.loc[(claim["doc_id"], int(claim["para_no"])), "text"]
    quote_from(value, paragraph, min_words=5)
    if not text.value_in_quote(claim["value"], value):
        raise CheckError("is in the text, but it does not contain the stated number",
                         "quote the words around the number in the statement's paragraph")


@question(QUESTIONS, points=3,
          hint="compare `outside_value` with `value` in `claims`; the quote comes from the paragraph "
               "(`doc_id`, `para_no`) where the statement stands")
def q6(answer: Any) -> None:
    """One statement whose outside figure is above the stated one: a dict with `claim_id`, `kind`,
    `outside` and `quote`.

    `kind` is its `statement_kind`; `outside` its outside figure; `quote` at least five words copied
    from its paragraph that contain the stated number.
    """
    claim = _claim_of(answer)
    fields(answer, {
        "claim_id": _check_claim_id,
        "kind": lambda value: _check_kind(value, claim),
        "outside": lambda value: same_number(value, claim["outside_value"]),
        "quote": lambda value: _check_quote(value, claim),
    })


# --- understanding: which statements evidence can settle; what a perspective does to a claim ---------

# Q7: what evidence could settle a sentence. Each student reads 4 of the pool's 13 sentences, none of them
# a row of `statements` (see `pools`).
Q7 = Pool("08.q7", lettered([
    "a fact of record (a count, a date, an event) that public records could check",
    "a judgement, framing or belief that no evidence could settle",
    "a promise about what China will do, which only later events could check",
]), [
    Item(Quote(HE_YIN, 12, "China-Singapore Free Trade Agreement"), "A"),
    Item(Quote(HE_YIN, 12, "China-Maldives Free Trade Agreement"), "A"),
    Item(Quote(WANG_YI, 6, "155 countries have participated"), "A"),
    Item(Quote(WANG_YI, 14, "In 2015, during the General Debate"), "A"),
    Item(Quote(WANG_YI, 14, "United Nations Office at Geneva"), "A"),
    Item(Quote(HE_YIN, 18, "Sincerity is the foundation"), "B"),
    Item(Quote(WANG_YI, 12, "shining banner"), "B"),
    Item(Quote(WANG_YI, 13, "is of great contemporary value"), "B"),
    Item(Quote(HE_YIN, 11, "win-win cooperation is the sure way"), "B"),
    Item(Quote(WANG_YI, 18, "We will actively implement the GSI"), "C"),
    Item(Quote(WANG_YI, 19, "We will resolutely expand high-standard opening up"), "C"),
    Item(Quote(WANG_YI, 22, "9th Asian Winter Games"), "C"),
    Item(Quote(WANG_YI, 21, "meticulously plan the China Year"), "C"),
], shown=4, section="notebook 08 on which statements evidence can settle")
q7 = pooled(QUESTIONS, Q7, points=3)


# Q8: what an outside finding would do to a statement of the texts. Each student weighs 3 of the pool's 12
# findings; each is a supposition ("Suppose ..."), not a fact, so no figure of it is the course's.
BRI, GDI = "Wang Yi writes that 155 countries have participated in Belt and Road cooperation. Suppose ", \
    "Wang Yi writes that 82 countries have joined the Group of Friends of the GDI. Suppose "
TIES, TWIN = "He Yin writes that China has diplomatic relations with 183 countries. Suppose ", \
    "He Yin writes of over 3,000 friendship city relationships with more than 140 countries. Suppose "
Q8 = Pool("08.q8", lettered([
    "it would bear the statement out",
    "it would limit or contradict the statement",
    "it would not bear on the statement: it is about something else",
]), [
    Item(TIES + "the foreign ministry's list of countries with diplomatic relations holds 183 names.",
         "A", "He Yin, paragraph 9"),
    Item(TIES + "an independent count finds fewer countries than that.", "B", "He Yin, paragraph 9"),
    Item(TIES + "China's trade with those countries rose last year.", "C", "He Yin, paragraph 9"),
    Item(BRI + "a list of the cooperation documents China has signed names 155 countries.",
         "A", "Wang Yi, paragraph 6"),
    Item(BRI + "several of the listed countries say they have left that cooperation.", "B", "Wang Yi, paragraph 6"),
    Item(BRI + "lending to Belt and Road projects fell last year.", "C", "Wang Yi, paragraph 6"),
    Item(GDI + "the group's own published list holds 82 countries.", "A", "Wang Yi, paragraph 10"),
    Item(GDI + "the group's own published list holds fewer countries.", "B", "Wang Yi, paragraph 10"),
    Item(GDI + "the projects of the GDI are found to be well run.", "C", "Wang Yi, paragraph 10"),
    Item(TWIN + "the friendship association's own count reaches over 3,000 such relationships.",
         "A", "He Yin, paragraph 16"),
    Item(TWIN + "the relationships turn out to lie in fewer than 140 countries.", "B", "He Yin, paragraph 16"),
    Item(TWIN + "many of the paired cities also sign trade deals.", "C", "He Yin, paragraph 16"),
], shown=3, section="notebook 08 on what outside perspectives do to a claim")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")
