"""Checks for exercise 02, "Community with a shared future": its milestones, its pillars, its levels.

Each `qN` recomputes its answer from the dataset (`events`, `concepts`, `concept_links`,
`paragraphs`), so the exercise follows the tables if a row is corrected.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, chosen, fields, key_of, lettered, matched, names_not_ids, one_of, question, quote_from,
               same_mapping, same_number, same_sequence, written)

WANG_YI = "wang_yi_2025"
LEVELS = ("bilateral", "regional", "global")
YEAR_FROM = ("text", "outside source")
LIFE = "life_community"

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _paragraph(para_no: int) -> str:
    paragraphs = data.load("paragraphs")
    return paragraphs[(paragraphs["doc_id"] == WANG_YI) & (paragraphs["para_no"] == para_no)]["text"].iloc[0]


def _events_per_year() -> pd.Series:
    return data.load("events")["date"].str.slice(0, 4).value_counts().sort_index()


@question(QUESTIONS, points=2,
          hint="filter `events` on Wang Yi's `doc_id` and on `para_no`, then sort by `date` before taking `event_id`")
def q1(answer: Any) -> None:
    """The events of Wang Yi's paragraph 14, oldest first: their `event_id`s as a list or a Series."""
    events = data.load("events")
    named = events[(events["doc_id"] == WANG_YI) & (events["para_no"] == 14)].sort_values("date")
    same_sequence(answer, named["event_id"], what="events")


@question(QUESTIONS, points=2,
          hint="keep Wang Yi's events whose `date` starts with \"2024\" (`str.startswith`), then `value_counts()` the `kind`")
def q2(answer: Any) -> None:
    """Wang Yi's events of 2024, counted per `kind`: a Series or a dict, kind → number of events."""
    events = data.load("events")
    of_2024 = events[(events["doc_id"] == WANG_YI) & events["date"].str.startswith("2024")]
    same_mapping(answer, of_2024["kind"].value_counts(), what="kinds", zeros=True)


@question(QUESTIONS, points=3,
          hint="keep the links whose target is `community_shared_future` and whose source is a pillar "
               "(a `part_of` link to `scientific_system`), then look up each source's `name` in `concepts`")
def q3(answer: Any) -> None:
    """Each pillar's relation to the community (`goal_of`, ...) → the pillar's `name`: a Series or a dict."""
    links, concepts = data.load("concept_links"), data.load("concepts")
    pillars = links.loc[(links["target"] == "scientific_system") & (links["relation"] == "part_of"), "source"]
    roles = links[links["source"].isin(pillars) & (links["target"] == "community_shared_future")]
    pillars = roles.merge(concepts, left_on="source", right_on="concept_id").set_index("relation")
    names_not_ids(answer, same_mapping, pillars["concept_id"], pillars["name"], what="relations")


@question(QUESTIONS, points=2,
          hint="take the first four characters of `date` (`str.slice(0, 4)`), count them with `value_counts()`, "
               "and plot one bar per year, with a title and both axis labels")
def q4(answer: Any) -> None:
    """A bar chart of the events per year, both texts: the Axes (or its Figure), bars in any order."""
    bar_chart(answer, _events_per_year(), what="years")


@question(QUESTIONS, points=2,
          hint="split paragraph 14 of Wang Yi's article with `text.sentences`; the pathway is named twice, "
               "and the question wants the earlier sentence")
def q5(answer: Any) -> None:
    """The sentence of paragraph 14 in which Xi Jinping first "clarified the pathway", verbatim."""
    quote_from(answer, _paragraph(14), must_contain=["clarified the pathway"], whole_sentence=True)


@question(QUESTIONS, points=3,
          hint="the level is the `part_of` link of `life_community` in `concept_links`; the year and whether an "
               "outside source gives it are in the concept's row of `concepts` (`first_year`, `first_year_source_id`)")
def q6(answer: Any) -> None:
    """The community of life for man and nature: a dict with `level`, `first_year`, `year_from` and `evidence`.

    `level` and `year_from` are categories from fixed lists; `evidence` is the whole sentence of Wang
    Yi's article that names the community, word for word.
    """
    links = data.load("concept_links")
    concept = data.load("concepts").set_index("concept_id").loc[LIFE]
    level = links.loc[(links["source"] == LIFE) & links["target"].str.startswith("level_"), "target"].iloc[0]
    year_from = "text" if pd.isna(concept["first_year_source_id"]) else "outside source"
    sentences = data.load("paragraphs").query("doc_id == @WANG_YI")["text"]
    fields(answer, {
        "level": lambda value: one_of(value, LEVELS, level.removeprefix("level_")),
        "first_year": lambda value: same_number(value, concept["first_year"]),
        "year_from": lambda value: one_of(value, YEAR_FROM, year_from),
        "evidence": lambda value: quote_from(value, sentences, must_contain=[concept["name"]], whole_sentence=True),
    })


# --- understanding: the pillars, and the definition by what the community is not -------------------

Q7_ITEMS = ("gdi", "gsi", "gci", "hq_bri", "common_values", "new_type_ir")
Q7_OPTIONS = lettered(["ss_goal", "ss_pathway", "ss_principle", "ss_underpinning", "ss_guidance", "ss_platform"])


@question(QUESTIONS, points=3,
          hint="each item is `part_of` one pillar in `concept_links`; notebook 02's concept map shows them too")
def q7(answer: Any) -> None:
    """Each of Q7_ITEMS matched to the pillar of the scientific system it belongs to: concept_id → letter."""
    links = data.load("concept_links")
    pillars = links[links["source"].isin(Q7_ITEMS) & links["target"].isin(Q7_OPTIONS.values())
                    & (links["relation"] == "part_of")].set_index("source")["target"]
    matched(answer, Q7_ITEMS, Q7_OPTIONS, {item: key_of(Q7_OPTIONS, pillars[item]) for item in Q7_ITEMS})


# Paragraphs of Wang Yi's article that a reader could take for the definition: the one that calls the
# community the "core concept", the one that defines it by what it is not, the pillars, its theory.
Q8_OPTIONS = lettered([f"paragraph {n}" for n in (1, 8, 14, 16)])


@question(QUESTIONS, points=3,
          hint="read the four paragraphs: only one says what building the community \"does not mean\"")
def q8(answer: Any) -> None:
    """The letter of the paragraph that defines the community by what it is not."""
    paragraphs = data.paragraphs_of(WANG_YI)
    defining = paragraphs.loc[paragraphs["text"].str.contains("does not mean replacing"), "para_no"]
    chosen(answer, Q8_OPTIONS, key_of(Q8_OPTIONS, f"paragraph {defining.iloc[0]}"))


q9 = written(QUESTIONS, "q9")
