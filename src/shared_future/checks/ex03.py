"""Checks for exercise 03, "Diplomacy and partnerships": the events of 2024, who is named, and what is stated.

Each `qN` recomputes its answer from the dataset (`events`, `mentions`, `actors`, `claims`,
`paragraphs`), so the exercise follows the tables if a row is corrected.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, chosen, fields, lettered, one_of, question, quote_from, same_items, same_mapping, same_number,
               same_record, written)
from .pools import Item, Pool, pooled

WANG_YI = "wang_yi_2025"
DATES_FROM = ("text", "outside source")

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _named(doc_id: str) -> pd.DataFrame:
    """Wang Yi's (or He Yin's) mentions, each with its actor's name, kind and region."""
    named = data.load("mentions").merge(data.load("actors"), on="actor_id")
    return named[named["doc_id"] == doc_id]


def _per_region() -> pd.Series:
    return _named(WANG_YI).groupby("region")["count"].sum()


@question(QUESTIONS, points=2,
          hint="filter `events` on Wang Yi's `doc_id` and `para_no` 2, then keep the rows whose `place` "
               "contains \"China\" (`str.contains`)")
def q1(answer: Any) -> None:
    """The home-ground events of Wang Yi's paragraph 2: their `event_id`s, in any order."""
    events = data.load("events")
    paragraph_2 = events[(events["doc_id"] == WANG_YI) & (events["para_no"] == 2)]
    same_items(answer, paragraph_2.loc[paragraph_2["place"].str.contains("China"), "event_id"], what="events")


@question(QUESTIONS, points=2,
          hint="`merge` `mentions` with `actors` on `actor_id`, keep Wang Yi's rows, then group by `region` "
               "and add up `count` (not the number of rows)")
def q2(answer: Any) -> None:
    """Times an actor of each region is named in Wang Yi's article: a Series or a dict, region → times."""
    same_mapping(answer, _per_region(), what="regions", zeros=True)


@question(QUESTIONS, points=2,
          hint="from the merged table of Q2, leave out the region `China`, group by `name`, add up `count` "
               "and take the largest (`idxmax` or `sort_values`)")
def q3(answer: Any) -> None:
    """The actor outside China that Wang Yi's article names most: (name, times), or a dict/row with those."""
    named = _named(WANG_YI)
    partners = named[named["region"] != "China"].groupby("name")["count"].sum()
    same_record(answer, {"name": partners.idxmax(), "times": partners.max()})


@question(QUESTIONS, points=2,
          hint="plot your answer to Q2 without the region `China` (`drop(\"China\")`), one bar per region, "
               "with a title and both axis labels")
def q4(answer: Any) -> None:
    """A bar chart of Q2 with China left out: the Axes (or its Figure), bars in any order."""
    per_region = _per_region()
    bar_chart(answer, per_region[per_region.index != "China"], what="regions")


@question(QUESTIONS, points=2,
          hint="look for \"announced eight measures\" in Wang Yi's paragraphs (`str.contains`), then split "
               "that paragraph with `text.sentences`")
def q5(answer: Any) -> None:
    """The sentence of Wang Yi's article in which Xi Jinping "announced eight measures", verbatim."""
    quote_from(answer, data.paragraphs_of(WANG_YI)["text"], must_contain=["announced eight measures"], whole_sentence=True)


@question(QUESTIONS, points=3,
          hint="`claims` has the number Wang Yi states (look for \"Putin\" in `quote`); `events` has one row per "
               "meeting (`kind` \"meeting\", \"Putin\" in `title`), and its `source_id` says who gives the dates")
def q6(answer: Any) -> None:
    """Xi Jinping's meetings with Putin: a dict with `stated`, `in_events`, `dates_from` and `evidence`.

    `dates_from` is a category from a fixed list; `evidence` is at least eight words of Wang Yi's
    article, word for word, that name Putin.
    """
    claims, events = data.load("claims"), data.load("events")
    stated = claims.loc[(claims["doc_id"] == WANG_YI) & claims["quote"].str.contains("Putin"), "value"].iloc[0]
    meetings = events[(events["kind"] == "meeting") & events["title"].str.contains("Putin")]
    dates_from = "outside source" if meetings["source_id"].notna().all() else "text"
    fields(answer, {
        "stated": lambda value: same_number(value, stated),
        "in_events": lambda value: same_number(value, len(meetings)),
        "dates_from": lambda value: one_of(value, DATES_FROM, dates_from),
        "evidence": lambda value: quote_from(value, data.paragraphs_of(WANG_YI)["text"], must_contain=["Putin"], min_words=8),
    })


# --- understanding: what supports the community, and what a matching count does not show -----------

# Q7: what the article says of China's diplomacy. Each student judges 4 of the pool's 12 statements (see `pools`).
Q7 = Pool("03.q7", lettered(["Wang Yi's article says this", "Wang Yi's article says otherwise",
                 "Wang Yi's article does not say this either way"]), [
    Item("Head-of-state diplomacy is said to provide strategic guidance for building the community.", "A",
         "Wang Yi, paragraph 2"),
    Item("All-round diplomacy is said to provide solid underpinning for building the community.", "A",
         "Wang Yi, paragraph 3"),
    Item("Xi Jinping met Russian President Putin three times over the past year.", "A", "Wang Yi, paragraph 3"),
    Item("China's global partnerships are meant to foster dialogue and inclusiveness rather than confrontation.", "A",
         "Wang Yi, paragraph 3"),
    Item("Xi Jinping undertook four important overseas visits over the past year.", "A", "Wang Yi, paragraph 2"),
    Item("Head-of-state diplomacy had few highlights over the past year.", "B", "Wang Yi, paragraph 2"),
    Item("Building the community is described as a quick task.", "B", "Wang Yi, paragraph 2"),
    Item("China announced that it would stop supporting Global South cooperation.", "B", "Wang Yi, paragraph 3"),
    Item("China's partnerships are meant to exclude the countries that disagree with it.", "B", "Wang Yi, paragraph 3"),
    Item("China's partnerships are ranked from the closest to the most distant.", "C", "Wang Yi, paragraphs 3 and 20"),
    Item("Trade between China and the European Union grew over the past year.", "C", "Wang Yi, paragraphs 3 and 20"),
    Item("Each of Xi Jinping's overseas visits lasted more than a week.", "C", "Wang Yi, paragraph 2"),
], shown=4, section="notebook 03 on head-of-state diplomacy and China's partnerships")
q7 = pooled(QUESTIONS, Q7, points=3)


Q8_OPTIONS = {
    "A": "Each meeting's row in `events` was taken from Wang Yi's own article (its `doc_id` is the article's), "
         "so the rows count what the article names.",
    "B": "Every source that dates the meetings is the Chinese government, Chinese state media, or a copy of them.",
    "C": "The `events` table lists fewer meetings with Putin than Wang Yi states.",
    "D": "The meetings are dated only to the year, so they cannot be told apart.",
}
CLOSE_TO_GOVERNMENT = {"same_government", "state_media"}


def _sound_reasons() -> set[str]:
    """Which of Q8's reasons the tables bear out (a reprint counts as what it copies: its note says which)."""
    events, sources = data.load("events"), data.load("sources").set_index("source_id")
    meetings = events[(events["kind"] == "meeting") & events["title"].str.contains("Putin")]
    stated = data.load("claims").query("doc_id == @WANG_YI and quote.str.contains('Putin')")["value"].iloc[0]
    cited = sources.loc[meetings["source_id"]]
    copies_of_official = cited["publisher"].str.contains("Ministry|Xinhua|People's Daily|China Daily")
    facts = {
        "A": (meetings["doc_id"] == WANG_YI).all(),
        "B": (cited["independence"].isin(CLOSE_TO_GOVERNMENT) | (cited["independence"].eq("reprint") & copies_of_official)).all(),
        "C": len(meetings) < stated,
        "D": (meetings["date_precision"] == "year").all(),
    }
    return {key for key, true in facts.items() if true}


@question(QUESTIONS, points=3,
          hint="for each reason, look at the meetings' rows in `events` (`doc_id`, `date_precision`) and their "
               "sources' `independence` and `publisher`")
def q8(answer: Any) -> None:
    """Every sound reason of Q8_OPTIONS why Q6's matching counts do not verify Wang Yi's statement: letters."""
    chosen(answer, Q8_OPTIONS, _sound_reasons())


q9 = written(QUESTIONS, "q9")
