"""Checks for exercise 04, "Development and opening up": the texts' numbers, and how to read a stated figure.

Each `qN` recomputes its answer from the dataset (`claims`, `events`, `sources`, `paragraphs`),
so the exercise follows the tables if a row is corrected.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, fields, lettered, one_of, question,
               quote_from, same_items, same_mapping, same_number, same_text, written)
from .pools import Item, Pool, pooled

WANG_YI = "wang_yi_2025"
QUANTITIES = ["count", "percent"]
TIMES = ("to date", "in a named year")

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _quantities_per_theme() -> pd.Series:
    claims = data.load("claims")
    return claims[claims["number_type"].isin(QUANTITIES)].groupby("theme").size()


@question(QUESTIONS, points=2,
          hint="keep the claims whose `number_type` is \"count\" or \"percent\" (`isin`), then "
               "`groupby(\"theme\").size()`")
def q1(answer: Any) -> None:
    """Quantities (counts and percentages) per theme: a Series or a dict, theme → number of claims."""
    same_mapping(answer, _quantities_per_theme(), what="themes")


@question(QUESTIONS, points=2,
          hint="plot your answer to Q1 as bars, one per theme, with a title and both axis labels")
def q2(answer: Any) -> None:
    """A bar chart of Q1: the Axes (or its Figure), bars in any order, vertical or horizontal."""
    bar_chart(answer, _quantities_per_theme(), what="themes")


@question(QUESTIONS, points=2,
          hint="the development and trade numbers are the themes `development` and `trade` plus every claim whose "
               "`quote` contains \"Belt and Road\"; of those, keep the rows where `outside_value` is not empty (`notna`)")
def q3(answer: Any) -> None:
    """The development and trade claims that have an outside figure: their `claim_id`s, in any order."""
    claims = data.load("claims")
    dev_trade = claims[claims["theme"].isin(["development", "trade"]) | claims["quote"].str.contains("Belt and Road")]
    same_items(answer, dev_trade.loc[dev_trade["outside_value"].notna(), "claim_id"], what="claims")


@question(QUESTIONS, points=2,
          hint="keep the events whose `title` contains \"eight\" (`case=False`), `merge` them with `sources` on "
               "`source_id`, and take `publisher` for each `event_id`")
def q4(answer: Any) -> None:
    """The three "eight" announcements: a Series or a dict, event_id → the publisher of the source that dates it."""
    events, sources = data.load("events"), data.load("sources")
    eights = events[events["title"].str.contains("eight", case=False)]
    publishers = eights.merge(sources, on="source_id", suffixes=("", "_of_source")).set_index("event_id")["publisher"]
    same_mapping(answer, publishers, what="events")


@question(QUESTIONS, points=2,
          hint="look for \"zero-tariff\" in Wang Yi's paragraphs (`str.contains`), then split that paragraph "
               "with `text.sentences`")
def q5(answer: Any) -> None:
    """The sentence of Wang Yi's article that gives least developed countries zero-tariff treatment, verbatim."""
    quote_from(answer, data.paragraphs_of(WANG_YI)["text"], must_contain=["zero-tariff"], whole_sentence=True)


@question(QUESTIONS, points=3,
          hint="find the claim whose `quote` contains \"participated in Belt and Road\"; its `unit`, `year` "
               "(empty means \"to date\") and `outside_value` are in the same row, and its `quote` is the evidence")
def q6(answer: Any) -> None:
    """Reading the Belt and Road participation figure: a dict with `unit`, `time`, `outside_value` and `evidence`.

    `time` is a category from a fixed list; `evidence` is the whole sentence of Wang Yi's article
    that states the figure, word for word.
    """
    claims = data.load("claims")
    claim = claims[claims["quote"].str.contains("participated in Belt and Road")].iloc[0]
    fields(answer, {
        "unit": lambda value: same_text(value, claim["unit"]),
        "time": lambda value: one_of(value, TIMES, "to date" if pd.isna(claim["year"]) else "in a named year"),
        "outside_value": lambda value: same_number(value, claim["outside_value"]),
        "evidence": lambda value: quote_from(value, data.paragraphs_of(WANG_YI)["text"], must_contain=[f"{claim['value']:g}"],
                                             whole_sentence=True),
    })


# --- understanding: which aim each announcement serves, and what an outside figure adds -------------

# Q7: what Wang Yi says each step is for. Each student places 3 of the pool's 13 steps (see `pools`).
Q7 = Pool("04.q7", lettered([
    "to bring everyone onboard to share in China's development",
    "to advance trade and investment liberalization and facilitation",
    "to provide new opportunities for global development through achievements in Chinese modernization",
    "to strengthen the Global South: its cooperation, solidarity and voice",
]), [
    Item("fully opening up the manufacturing sector (Wang Yi, paragraph 7)", "A", "Wang Yi, paragraph 7"),
    Item("zero-tariff treatment for the least developed countries that have diplomatic ties with China "
         "(Wang Yi, paragraph 7)", "A", "Wang Yi, paragraph 7"),
    Item("refining the policies for foreigners traveling to China (Wang Yi, paragraph 7)", "A", "Wang Yi, paragraph 7"),
    Item("aligning with high-standard international trade rules (Wang Yi, paragraph 7)", "B", "Wang Yi, paragraph 7"),
    Item("implementing the Regional Comprehensive Economic Partnership, RCEP (Wang Yi, paragraph 7)", "B",
         "Wang Yi, paragraph 7"),
    Item("invigorating the Free Trade Area of the Asia-Pacific process (Wang Yi, paragraph 7)", "B",
         "Wang Yi, paragraph 7"),
    Item("delivering on the eight major steps under high-quality Belt and Road cooperation (Wang Yi, paragraph 19)",
         "C", "Wang Yi, paragraph 19"),
    Item("leveraging the Boao Forum for Asia (Wang Yi, paragraph 19)", "C", "Wang Yi, paragraph 19"),
    Item("leveraging the China International Import Expo (Wang Yi, paragraph 19)", "C", "Wang Yi, paragraph 19"),
    Item("resolutely expanding high-standard opening up (Wang Yi, paragraph 19)", "C", "Wang Yi, paragraph 19"),
    Item("the eight measures Xi Jinping announced (Wang Yi, paragraph 3)", "D", "Wang Yi, paragraph 3"),
    Item("bringing more partners into the BRICS family (Wang Yi, paragraph 3)", "D", "Wang Yi, paragraph 3"),
    Item("supporting Brazil and South Africa in hosting the BRICS Summit and the G20 Summit (Wang Yi, paragraph 21)",
         "D", "Wang Yi, paragraph 21"),
], shown=3, section="notebook 04 on the announcements and the aims they serve")
q7 = pooled(QUESTIONS, Q7, points=3)


# Q8: what Wang Yi's figures and steps say. Each student judges 4 of the pool's 12 statements (see `pools`).
Q8 = Pool("04.q8", lettered(["Wang Yi's article says this", "Wang Yi's article says otherwise",
                             "Wang Yi's article does not say this either way"]), [
    Item("By Wang Yi's count, 155 countries have participated in Belt and Road cooperation.",
         "A", "Wang Yi, paragraph 6"),
    Item("Trade between China and the Belt and Road countries grew in 2024.", "A", "Wang Yi, paragraph 6"),
    Item("China has fully opened up its manufacturing sector.", "A", "Wang Yi, paragraph 7"),
    Item("All least developed countries with diplomatic ties with China get zero-tariff treatment on every tariff line.",
         "A", "Wang Yi, paragraph 7"),
    Item("Trade between China and the Belt and Road countries fell in 2024.", "B", "Wang Yi, paragraph 6"),
    Item("China's zero-tariff treatment covers only some tariff lines of the least developed countries.", "B",
         "Wang Yi, paragraph 7"),
    Item("In the face of protectionism, China has stepped back from opening up.", "B", "Wang Yi, paragraph 7"),
    Item("China has stopped implementing the Regional Comprehensive Economic Partnership (RCEP).", "B",
         "Wang Yi, paragraph 7"),
    Item("The 6.4 percent growth counts the countries that joined the Belt and Road in 2024.",
         "B", "Wang Yi, paragraph 6"),
    Item("Trade between China and the Belt and Road countries reached a record value in 2024.",
         "C", "Wang Yi, paragraph 6"),
    Item("More foreigners travelled to China in 2024 than in 2023.", "C", "Wang Yi, paragraph 7"),
    Item("Some countries left Belt and Road cooperation in 2024.", "C", "Wang Yi, paragraph 6"),
], shown=4, section="notebook 04 on Wang Yi's figures for the Belt and Road and for opening up")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")
