"""Checks for exercise 02, "Community with a shared future": its milestones, its pillars, its levels.

Each `qN` recomputes its answer from the dataset (`events`, `concepts`, `concept_links`,
`paragraphs`), so the exercise follows the tables if a row is corrected.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, fields, lettered, names_not_ids, one_of, question, quote_from, same_mapping, same_number,
               same_sequence, written)
from .pools import Item, Pool, pooled

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

# Q7: does the article say this? Each student judges 4 of the pool's 12 statements (see `pools`).
SAYS = lettered(["Wang Yi's article says this", "Wang Yi's article says otherwise",
                 "Wang Yi's article does not say this either way"])
Q7 = Pool("02.q7", SAYS, [
    Item("Building the community aims at letting countries with different social systems pursue common interests.",
         "A", "Wang Yi, paragraph 8"),
    Item("The vision was first proposed in 2013, at the Moscow State Institute of International Relations.",
         "A", "Wang Yi, paragraph 14"),
    Item("A conference of December 2023 identified the community as the theme of China's external work.",
         "A", "Wang Yi, paragraph 1"),
    Item("Building the community requires the efforts of successive generations.", "A", "Wang Yi, paragraph 17"),
    Item("Building the community means replacing one system with another.", "B", "Wang Yi, paragraph 8"),
    Item("Countries are riding separately in some 190 small boats.", "B", "Wang Yi, paragraph 13"),
    Item("Building the community is a task one generation can complete.", "B", "Wang Yi, paragraph 17"),
    Item("The community is built at the global level only, never between two countries.", "B", "Wang Yi, paragraph 15"),
    Item("The vision was first proposed at the United Nations.", "B", "Wang Yi, paragraph 14"),
    Item("Some countries have rejected the vision.", "C", "Wang Yi, paragraphs 11 and 15"),
    Item("China spends a fixed sum each year on building the community.", "C", "Wang Yi, paragraphs 4 to 7"),
    Item("The 2023 conference was attended by leaders of other countries.", "C", "Wang Yi, paragraph 1"),
], shown=4, section="notebook 02 on the definition and the milestones of the community")
q7 = pooled(QUESTIONS, Q7, points=3)

# Q8: which paragraph answers which question. Each student places 3 of the pool's 12 questions. No other
# prompt of the exercise names these paragraphs (Q1 and Q5 name paragraph 14, so it is not among them).
FOUR = "Wang Yi, paragraphs 1, 8, 13 and 15"
Q8 = Pool("02.q8", lettered([f"paragraph {n}" for n in (1, 8, 13, 15)]), [
    Item("Of which body of thought is the community called the core concept?", "A", FOUR),
    Item("Which meeting identified the community as the theme of China's external work?", "A", FOUR),
    Item("What question of our times is the community said to answer?", "A", FOUR),
    Item("What does building the community not mean?", "B", FOUR),
    Item("At what does building the community aim, in the words Xi Jinping is reported to have used?", "B", FOUR),
    Item("Which countries is the community meant to let pursue common interests together?", "B", FOUR),
    Item("Why, according to the article, must countries take collective action now?", "C", FOUR),
    Item("What image does the article use for countries that share one fate?", "C", FOUR),
    Item("How many homes does mankind have, in the words attributed to Xi Jinping?", "C", FOUR),
    Item("At what levels is the community being built?", "D", FOUR),
    Item("With which countries did building communities at the bilateral level begin?", "D", FOUR),
    Item("How many countries have issued action plans or joint statements with China on the community?", "D", FOUR),
], shown=3, section="notebook 02 on the definition and the milestones of the community")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")
