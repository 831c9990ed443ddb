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
from .pools import Item, Pool, Quote, pooled

WANG_YI = "wang_yi_2025"
HE_YIN = "he_yin_2025"
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


# --- understanding: the partnership scale, and who speaks ---------------------------------------------

# Q10: what the sources that notebook 03 cites say of China's partnership labels and their scale. Each
# student judges 4 of the pool's 19 statements. The key is a reading of those sources (People's Daily
# via Chinascope, the SCMP, The Diplomat, Li and Ye), never a value of `ranks`.
RANKS_READ = "notebook 03 on the partnership ranks (the sources it cites and the `ranks` table)"
Q10 = Pool("03.q10", lettered(["the sources notebook 03 cites bear this out",
                               "the sources notebook 03 cites say otherwise",
                               "neither the texts nor the sources notebook 03 cites say this"]), [
    Item("A People's Daily article of 2014 divides China's partners by the closeness and intensity of the relationship.",
         "A", "the People's Daily summary (Chinascope, 2014)"),
    Item("In the People's Daily scale, \"comprehensive\" refers to broader areas of cooperation and \"strategic\" to a "
         "higher level of cooperation.", "A", "the People's Daily summary (Chinascope, 2014)"),
    Item("According to the People's Daily summary, the title of the China-Russia partnership is one China does not use "
         "for other countries.", "A", "the People's Daily summary (Chinascope, 2014)"),
    Item("The Diplomat warns that the basic formula of a label is adjusted to the other party's priorities, so labels "
         "are hard to compare one to one.", "A", "The Diplomat (2024)"),
    Item("The South China Morning Post notes that Beijing often elevates ties but seldom downgrades them.", "A",
         "the South China Morning Post (2024)"),
    Item("Quan Li and Min Ye counted 24 types of partnership.", "A", "Quan Li and Min Ye (2019)"),
    Item("Japan's label in Wang Yi's article, a strategic relationship of mutual benefit, is not one of the partnership "
         "grades of the People's Daily scale.", "A", "Wang Yi, paragraph 3, and the People's Daily summary"),
    Item("Central Asia's label in Wang Yi's article, comprehensive strategic cooperation, is not one of the partnership "
         "grades of the People's Daily scale.", "A", "Wang Yi, paragraph 3, and the People's Daily summary"),
    Item("ASEAN's comprehensive strategic partnership stands in the highest of the four grades into which the People's "
         "Daily article divides China's partners.", "A", "Wang Yi, paragraph 3, and the People's Daily summary"),
    Item("In the People's Daily scale, \"strategic\" refers to the breadth of the areas of cooperation and "
         "\"comprehensive\" to its level.", "B", "the People's Daily summary (Chinascope, 2014)"),
    Item("On the People's Daily scale, ASEAN's comprehensive strategic partnership ranks below a plain strategic "
         "partnership.", "B", "Wang Yi, paragraph 3, and the People's Daily summary"),
    Item("According to the People's Daily summary, China gives the Russia partnership's title to many of its partners.",
         "B", "the People's Daily summary (Chinascope, 2014)"),
    Item("The Diplomat finds partnership labels easy to compare one to one, because every partner gets the same formula.",
         "B", "The Diplomat (2024)"),
    Item("The South China Morning Post reports that Beijing downgrades its ties about as often as it elevates them.",
         "B", "the South China Morning Post (2024)"),
    Item("The Diplomat reports that China and the United States kept the label \"constructive strategic partnership\" "
         "from 1997 to 2011.", "B", "The Diplomat (2024)"),
    Item("Quan Li and Min Ye find that China chooses its partners at random.", "B", "Quan Li and Min Ye (2019)"),
    Item("The People's Daily summary says how many years a partner must wait before its label is upgraded.", "C",
         "the People's Daily summary (Chinascope, 2014)"),
    Item("The sources say that Japan asked for its relationship with China not to be called a partnership.", "C",
         "Wang Yi, paragraph 3, and the People's Daily summary"),
    Item("The sources say that a partner's rank on the scale sets the tariffs China charges on its goods.", "C",
         "the sources of notebook 03's section on the partnership ranks"),
], shown=4, section=RANKS_READ)
q10 = pooled(QUESTIONS, Q10, points=3)

# Q11: which channel a sentence of the texts describes (notebook 03, "Which channel does this sentence
# describe?"). Each student places 4 of the pool's 16 sentences. Several carry no cue word of `bodies`, and
# some carry a misleading one ("all parties", "leader of a major party"): the cue list does not give the key.
Q11 = Pool("03.q11", lettered([
    "the leader's own diplomacy: his visits, talks and meetings with other leaders",
    "the Party's ties with political parties abroad",
    "friendship cities and people-to-people ties, the friendship association's field",
    "the Party's central leadership setting the line of external work",
    "the state's diplomatic service",
    "no body or channel: the sentence names none",
]), [
    Item(Quote(WANG_YI, 2, "four important overseas visits"), "A"),
    Item(Quote(WANG_YI, 3, "met with Russian President Putin three times"), "A"),
    Item(Quote(WANG_YI, 9, "At the G20 Summit in Rio"), "A"),
    Item(Quote(WANG_YI, 2, "in-depth strategic communication with world leaders"), "A"),
    Item(Quote(WANG_YI, 2, "His visit to Central Asia"), "A"),
    Item(Quote(WANG_YI, 2, "personally engaged and actively participated"), "A"),
    Item(Quote(WANG_YI, 5, "articulated at the FOCAC Beijing Summit"), "A"),
    Item(Quote(HE_YIN, 15, "1,000 members of African political parties"), "B"),
    Item(Quote(HE_YIN, 16, "international friendship city relationships"), "C"),
    Item(Quote(HE_YIN, 17, "built bridges for people-to-people exchanges"), "C"),
    Item(Quote(WANG_YI, 1, "In December 2023, the Central Conference"), "D"),
    Item(Quote(WANG_YI, 14, "defined the pillars"), "D"),
    Item(Quote(WANG_YI, 23, "diplomatic service will continue"), "E"),
    Item(Quote(WANG_YI, 18, "join forces with all parties"), "F"),
    Item(Quote(HE_YIN, 7, "China always values mutual respect"), "F"),
    Item(Quote(HE_YIN, 3, "has always been the defining feature"), "F"),
], shown=4, section="notebook 03 on who decides and who speaks, and which channel a sentence describes")
q11 = pooled(QUESTIONS, Q11, points=3)
