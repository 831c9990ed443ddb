"""Checks for exercise 01, "The documents": how the two texts are built, and whose voice they carry.

Each `qN` recomputes its answer from the dataset, so the exercise follows the tables: if a
paragraph rule changes and `python -m shared_future.build` recounts the words, the checks agree.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (CheckError, bar_chart, chosen, fields, has_words, lettered, question, quote_from, same_mapping, same_number,
               same_record, same_text, written)
from .pools import Item, Pool, Quote, pooled

WANG_YI = "wang_yi_2025"
HE_YIN = "he_yin_2025"

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _words_per_section() -> pd.Series:
    return data.paragraphs_of(WANG_YI).groupby("section")["words"].sum()


@question(QUESTIONS, points=2,
          hint="keep Wang Yi's paragraphs (`doc_id`), group them by `section` and add up `words`")
def q1(answer: Any) -> None:
    """Words per section of Wang Yi's article: a Series or a dict, section → words."""
    same_mapping(answer, _words_per_section(), what="sections")


@question(QUESTIONS, points=1,
          hint="keep He Yin's paragraphs only, then take the mean of `words`")
def q2(answer: Any) -> None:
    """Mean words per paragraph of He Yin's commentary; one decimal place is precise enough."""
    same_number(answer, data.paragraphs_of(HE_YIN)["words"].mean(), abs_tol=0.05)


@question(QUESTIONS, points=2,
          hint="look at both texts at once; `idxmax` or `sort_values` on `words` finds the longest row")
def q3(answer: Any) -> None:
    """The longest paragraph of the two texts: (doc_id, para_no), or its row."""
    paragraphs = data.load("paragraphs")
    longest = paragraphs.loc[paragraphs["words"].idxmax()]
    same_record(answer, {"doc_id": longest["doc_id"], "para_no": longest["para_no"]})


@question(QUESTIONS, points=2,
          hint="plot the words per section of Wang Yi's article (your answer to Q1) as bars, one per section")
def q4(answer: Any) -> None:
    """A bar chart of Q1 with a title and axis labels: the Axes (or its Figure), bars in any order."""
    bar_chart(answer, _words_per_section(), what="sections")


@question(QUESTIONS, points=2,
          hint="split paragraph 1 of Wang Yi's article with `text.sentences`; keep the sentence with \"core concept\"")
def q5(answer: Any) -> None:
    """The sentence of Wang Yi's first paragraph that calls the idea a "core concept", verbatim."""
    first = data.paragraphs_of(WANG_YI).set_index("para_no").loc[1, "text"]
    quote_from(answer, first, must_contain=["core concept"], whole_sentence=True)


def _check_outlet(value: Any, outlet: str) -> None:
    """The outlet as the `documents` table writes it; a part of its name is told it is only a part."""
    if isinstance(value, str) and value.strip() and value.strip().casefold() != outlet.casefold() \
            and has_words(outlet, value.strip()):
        raise CheckError("is only part of the outlet's name; give the name as the `documents` table writes it")
    same_text(value, outlet)


@question(QUESTIONS, points=3,
          hint="`author` and `outlet` are in the documents table; the evidence is a passage that names Xi Jinping")
def q6(answer: Any) -> None:
    """Who speaks, where, on whose authority: a dict with `author`, `outlet` and `evidence`.

    `evidence` is at least eight words quoted verbatim from Wang Yi's article that invoke Xi
    Jinping: the article's own sign that it speaks for more than its author.
    """
    document = data.load("documents").set_index("doc_id").loc[WANG_YI]
    paragraphs = data.paragraphs_of(WANG_YI)["text"]
    fields(answer, {
        "author": lambda value: same_text(value, document["author"]),
        "outlet": lambda value: _check_outlet(value, document["outlet"]),
        "evidence": lambda value: quote_from(value, paragraphs, must_contain=["Xi Jinping"], min_words=8),
    })


# --- understanding: what the tables say about the two texts as sources ----------------------------

# Q7's statements, as the question lists them; which are true is read from the tables each time.
Q7_OPTIONS = {
    "A": "Wang Yi's article is divided into sections; He Yin's commentary is not.",
    "B": "He Yin's commentary has more words than Wang Yi's article.",
    "C": "The `documents` table gives Wang Yi's offices (`author_role`) but no office for He Yin.",
    "D": "The two texts appeared in the same outlet.",
    "E": "Wang Yi's article is dated to the month; He Yin's commentary only to the year.",
}


def _true_statements() -> set[str]:
    """The keys of Q7's statements that the `documents` and `paragraphs` tables bear out."""
    documents = data.load("documents").set_index("doc_id")
    wang, he = documents.loc[WANG_YI], documents.loc[HE_YIN]
    has_sections = data.load("paragraphs").groupby("doc_id")["section"].agg(lambda s: s.notna().any())
    facts = {
        "A": has_sections[WANG_YI] and not has_sections[HE_YIN],
        "B": he["words"] > wang["words"],
        "C": pd.notna(wang["author_role"]) and pd.isna(he["author_role"]),
        "D": pd.notna(wang["outlet"]) and wang["outlet"] == he["outlet"],
        "E": wang["date_precision"] == "month" and he["date_precision"] == "year",
    }
    return {key for key, true in facts.items() if true}


@question(QUESTIONS, points=3,
          hint="check each statement against the `documents` row of each text and the `section` column of `paragraphs`")
def q7(answer: Any) -> None:
    """Every statement of Q7_OPTIONS that the tables bear out: letters, in any form and order."""
    chosen(answer, Q7_OPTIONS, _true_statements())


# Q8: whose voice a sentence carries. Each student reads 3 of the pool's 10 sentences (see `pools`).
Q8 = Pool("01.q8", lettered([
    "reports what Xi Jinping said, proposed or recalled",
    "states, in the text's own voice, what China does or believes",
    "reports what other countries or international bodies did",
    "quotes a traditional saying",
]), [
    Item(Quote(WANG_YI, 2, "dreams and wishes may be far"), "A"),
    Item(Quote(WANG_YI, 8, "does not mean replacing one system"), "A"),
    Item(Quote(WANG_YI, 14, "for the first time at the Moscow"), "A"),
    Item(Quote(HE_YIN, 5, "He recalled that a foreign friend"), "A"),
    Item(Quote(HE_YIN, 3, "Friendly cooperation has always been"), "B"),
    Item(Quote(HE_YIN, 8, "China always believes that all countries"), "B"),
    Item(Quote(WANG_YI, 7, "In the face of growing protectionism"), "B"),
    Item(Quote(WANG_YI, 10, "Eighty-two countries have joined"), "C"),
    Item(Quote(WANG_YI, 11, "supported and echoed by a growing number of countries"), "C"),
    Item(Quote(HE_YIN, 14, "As an old Chinese saying goes"), "D"),
], shown=3, section="notebook 01 on who speaks in each text")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")
