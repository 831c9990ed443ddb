"""Checks for exercise 06, "Friendship and civilizations": He Yin's values, exchange figures and glossary.

Each `qN` recomputes its answer from the dataset, so the exercise follows the tables: if a row of
`claims`, `concept_links` or `glossary` is corrected, the checks agree with it.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, fields, lettered, names_not_ids, one_of,
               question, quote_from, same_items, same_mapping, same_number, same_text, written)
from .pools import Item, Pool, Quote, pooled

HE_YIN = "he_yin_2025"
# Q6's reading of a stated number: the question lists these three; the right one follows from the
# words just before the number in the claim's quote (notebook 06: "over", "more than" make a lower bound).
READINGS = ("exact", "lower bound", "upper bound")
LOWER = ("over", "more than", "at least")
UPPER = ("under", "fewer than", "less than", "up to")

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _exchange() -> pd.DataFrame:
    """He Yin's exchange figures: theme `exchange`, numbers that count something (as notebook 06 filters them)."""
    claims = data.load("claims")
    return claims[(claims["doc_id"] == HE_YIN) & (claims["theme"] == "exchange") & (claims["number_type"] == "count")]


def _friendship_cities() -> pd.Series:
    """The exchange figure that counts friendship city relationships."""
    exchange = _exchange()
    return exchange[exchange["counted"].str.contains("friendship city relationships")].iloc[0]


def _written(value: float) -> str:
    """A number as the texts write it: 3,000."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def reading(quote: str, value: float) -> str:
    """"lower bound", "upper bound" or "exact": what the words just before the number make of it."""
    before = quote.split(_written(value))[0].casefold().split()
    for words, kind in ((LOWER, "lower bound"), (UPPER, "upper bound")):
        if any(before[-len(w.split()):] == w.split() for w in words):
            return kind
    return "exact"


@question(QUESTIONS, points=2,
          hint="keep the `value_of` rows of `concept_links` that point to `friendship_cooperation`, "
               "then merge with `concepts` to get each value's `name`")
def q1(answer: Any) -> None:
    """The names of the three values China holds in friendship and cooperation: any collection, any order."""
    links = data.load("concept_links")
    values = links[(links["relation"] == "value_of") & (links["target"] == "friendship_cooperation")]
    named = values.merge(data.load("concepts"), left_on="source", right_on="concept_id")
    names_not_ids(answer, same_items, named["concept_id"], named["name"], what="values")


@question(QUESTIONS, points=2,
          hint="filter `claims` as notebook 06 does (He Yin, theme \"exchange\", `number_type` \"count\"), keep the "
               "rows with an `outside_value`, and subtract `value` from it, with `claim_id` as the labels")
def q2(answer: Any) -> None:
    """How far each outside figure is above the stated one: claim_id → outside_value − value."""
    compared = _exchange().dropna(subset=["outside_value"]).set_index("claim_id")
    same_mapping(answer, compared["outside_value"] - compared["value"], what="claims")


@question(QUESTIONS, points=2,
          hint="keep the glossary rows whose `doc_id` is He Yin's, "
               "and use `term` as the labels and `name_zh` as the values")
def q3(answer: Any) -> None:
    """The glossary terms of He Yin's commentary with their Chinese: term → name_zh."""
    glossary = data.load("glossary")
    same_mapping(answer, glossary[glossary["doc_id"] == HE_YIN].set_index("term")["name_zh"], what="terms")


@question(QUESTIONS, points=2,
          hint="filter `claims` as notebook 06 does (He Yin, theme \"exchange\", `number_type` \"count\"), then draw "
               "`value` with the `unit` of each figure as its bar's label")
def q4(answer: Any) -> None:
    """A bar chart of He Yin's exchange figures, one bar per figure labelled by its unit: the Axes or its Figure."""
    bar_chart(answer, _exchange().set_index("unit")["value"], what="units")


@question(QUESTIONS, points=2,
          hint="look for the paragraph of He Yin's commentary with \"traditional culture\" "
               "and split it with `text.sentences`")
def q5(answer: Any) -> None:
    """The sentence of He Yin's commentary that ties four ideals to traditional culture, verbatim and whole."""
    quote_from(answer, data.paragraphs_of(HE_YIN)["text"], must_contain=["traditional culture"], whole_sentence=True)


@question(QUESTIONS, points=3,
          hint="the figure's row in `claims` has its `quote` and `outside_value`; "
               "merge `outside_source_id` with `sources` for the publisher")
def q6(answer: Any) -> None:
    """The friendship-city figure: a dict with `quote`, `reading`, `outside_value` and `publisher`.

    `quote` is at least eight words of He Yin's commentary, verbatim, that give the number of friendship
    city relationships; `reading` is one of READINGS, the one the words before the number give;
    `outside_value` and `publisher` are the outside figure and who publishes its source.
    """
    figure = _friendship_cities()
    source = data.load("sources").set_index("source_id").loc[figure["outside_source_id"]]
    fields(answer, {
        "quote": lambda value: quote_from(value, data.paragraphs_of(HE_YIN)["text"],
                                          must_contain=[_written(figure["value"]), "friendship city"], min_words=8),
        "reading": lambda value: one_of(value, READINGS, reading(figure["quote"], figure["value"]),
                                        mismatch="is one of the three readings, but not the one the wording gives",
                                        hint="read the words just before the number in the quote: "
                                             "notebook 06 says which words make a bound"),
        "outside_value": lambda value: same_number(value, figure["outside_value"]),
        "publisher": lambda value: same_text(value, source["publisher"]),
    })


# --- understanding: values, ideals and platforms; why 183 is not 193 -------------------------------

# Q7: what a sentence of He Yin's does. Each student reads 3 of the pool's 11 sentences (see `pools`).
Q7 = Pool("06.q7", lettered([
    "names a value that He Yin says China holds in friendship and cooperation",
    "reports a concrete step China has taken, or a platform it has set up",
    "reports what Xi Jinping said or recalled",
    "says what someone's words show",
]), [
    Item(Quote(HE_YIN, 7, "China always values mutual respect"), "A"),
    Item(Quote(HE_YIN, 10, "China always values win-win cooperation"), "A"),
    Item(Quote(HE_YIN, 13, "China always values openness"), "A"),
    Item(Quote(HE_YIN, 16, "Chinese School of Classical Studies at Athens"), "B"),
    Item(Quote(HE_YIN, 15, "50,000 young Americans"), "B"),
    Item(Quote(HE_YIN, 15, "1,000 members of African political parties"), "B"),
    Item(Quote(HE_YIN, 12, "China-Maldives Free Trade Agreement"), "B"),
    Item(Quote(HE_YIN, 1, "said Chinese President Xi Jinping"), "C"),
    Item(Quote(HE_YIN, 5, "He recalled that a foreign friend"), "C"),
    Item(Quote(HE_YIN, 2, "His remarks demonstrate"), "D"),
    Item(Quote(HE_YIN, 6, "remarks show that the streams"), "D"),
], shown=3, section="notebook 06 on the values He Yin names and the steps he reports")
q7 = pooled(QUESTIONS, Q7, points=3)

# Q8: what He Yin's figures count. Each student judges 4 of the pool's 13 statements.
Q8 = Pool("06.q8", lettered(["He Yin's commentary says this", "He Yin's commentary says otherwise",
                             "He Yin's commentary does not say this either way"]), [
    Item("He Yin's 183 counts the countries with which China has diplomatic relations.", "A", "He Yin, paragraph 9"),
    Item("He Yin writes that China is a major trading partner of over 150 countries and regions.",
         "A", "He Yin, paragraph 9"),
    Item("He Yin writes that China has over 3,000 international friendship city relationships.",
         "A", "He Yin, paragraph 16"),
    Item("He Yin writes that the friendship city relationships involve more than 140 countries.",
         "A", "He Yin, paragraph 16"),
    Item("He Yin writes that China has diplomatic relations with every country in the world.",
         "B", "He Yin, paragraph 9"),
    Item("He Yin writes that China's friendship cities are all in Asia.", "B", "He Yin, paragraph 16"),
    Item("He Yin writes that China's network of partnerships is becoming looser.", "B", "He Yin, paragraph 9"),
    Item("He Yin writes that China is a major trading partner of fewer than 100 countries.",
         "B", "He Yin, paragraph 9"),
    Item("He Yin names the countries that have no diplomatic relations with China.", "C", "He Yin, paragraph 9"),
    Item("He Yin gives the number of member states of the United Nations.", "C", "He Yin, paragraph 9"),
    Item("He Yin gives the year in which each friendship city relationship began.", "C", "He Yin, paragraph 16"),
    Item("He Yin says when China established diplomatic relations with its most recent partner.",
         "C", "He Yin, paragraph 9"),
    Item("He Yin gives the value of China's trade with its trading partners.", "C", "He Yin, paragraph 9"),
], shown=4, section="notebook 06 on what He Yin's figures count")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")


# --- understanding: whose words? the texts, the bodies of people's diplomacy, and their observers --------

# Q10: who says (or does) what notebook 06 reads: He Yin, Wang Yi (intertextuality, traditional ideas), the
# friendship association and the International Department in their own words, or observers outside China.
# Each student attributes 4 of the pool's 17 statements; the statements paraphrase, so no quote joins them
# to a holder in `perspectives`.
Q10 = Pool("06.q10", lettered([
    "He Yin's commentary",
    "Wang Yi's article",
    "the body itself, in its own words (its website, profile or statement)",
    "an observer of the body: a U.S. Secretary of State, a think tank or a newspaper",
    "none of the texts or sources that notebook 06 cites",
]), [
    Item("It opens by quoting Xi Jinping's 2025 New Year message, in quotation marks and naming the message.", "A",
         "He Yin, paragraphs 1-2"),
    Item("China has invited 1,000 members of African political parties to exchange experience in party and state "
         "governance.", "A", "He Yin, paragraph 15"),
    Item("An old Chinese saying holds that all living things should flourish without harming each other.", "A",
         "He Yin, paragraph 14"),
    Item("China's friendship city relationships build a global network of friendships and partnerships.", "A",
         "He Yin, paragraph 16"),
    Item("It ends a paragraph with words close to Xi Jinping's 2025 New Year message, without quotation marks and "
         "without naming the message.", "B", "Wang Yi, paragraph 13"),
    Item("The vision of a community with a shared future gives the traditional ideas of universal harmony and "
         "harmonious coexistence among nations a meaning for today.", "B", "Wang Yi, paragraph 16"),
    Item("The friendship association is one of the earliest national people's organizations doing people-to-people "
         "diplomacy.", "C", "notebook 06, the people-to-people bodies"),
    Item("The friendship association works as a bridge, with the support of the Chinese government.", "C",
         "notebook 06, the people-to-people bodies"),
    Item("The governors' forum memorandum was proposed by the United States, and the charge against the friendship "
         "association smears people-to-people exchanges.", "C", "notebook 06, the people-to-people bodies"),
    Item("The International Department is in charge of the Party's external relations and has ties with over 600 "
         "parties and organizations.", "C", "notebook 06, who carries the exchanges"),
    Item("The friendship association's actions undermined the original purpose of the U.S.-China Governors Forum.",
         "D", "notebook 06, the people-to-people bodies"),
    Item("The friendship association is the public face of the Party's United Front Work Department.", "D",
         "notebook 06, the people-to-people bodies"),
    Item("The International Department plays an active role in overseas engagement but is largely overlooked.", "D",
         "notebook 06, who carries the exchanges"),
    Item("The friendship association is one united front organization among thousands.", "D",
         "notebook 06, who carries the exchanges"),
    Item("The friendship association chose the 1,000 African party members whom China invited.", "E",
         "He Yin, paragraph 15, and notebook 06, who carries the exchanges"),
    Item("The International Department runs the Chinese School of Classical Studies at Athens.", "E",
         "He Yin, paragraph 16, and notebook 06, who carries the exchanges"),
    Item("The friendship association sets the line of China's external work.", "E",
         "notebook 06, who carries the exchanges"),
], shown=4, section="notebook 06 on intertextuality, the sayings from traditional culture and who carries the exchanges")
q10 = pooled(QUESTIONS, Q10, points=3)
