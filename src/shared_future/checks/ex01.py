"""Checks for exercise 01, "The documents": how the two texts are built, and whose voice they carry.

Each `qN` recomputes its answer from the dataset, so the exercise follows the tables: if a
paragraph rule changes and `python -m shared_future.build` recounts the words, the checks agree.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from .. import data
from . import (CheckError, bar_chart, fields, has_words, lettered, question, quote_from, same_mapping, same_number,
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

# Q7: what the tables say about the two texts as sources. Each student judges 5 of the pool's 15
# statements; whether the tables bear each out is read from them at each check (see `pools`).
def _documents() -> pd.DataFrame:
    return data.load("documents").set_index("doc_id")


def _sections(doc_id: str) -> pd.Series:
    return data.paragraphs_of(doc_id)["section"]


def _fact(test: Callable[[pd.DataFrame], bool]) -> Callable[[], str]:
    """The key of a statement about the `documents` table: "A" if the table bears it out, else "B"."""
    return lambda: "A" if test(_documents()) else "B"


Q7 = Pool("01.q7", lettered(["the tables bear this out", "the tables show that it is not so"]), [
    Item("Wang Yi's article is divided into sections; He Yin's commentary is not.",
         lambda: "A" if _sections(WANG_YI).notna().any() and _sections(HE_YIN).isna().all() else "B",
         "`paragraphs`, `section`"),
    Item("Every paragraph of Wang Yi's article belongs to a section.",
         lambda: "A" if _sections(WANG_YI).notna().all() else "B", "`paragraphs`, `section`"),
    Item("He Yin's commentary has more words than Wang Yi's article.",
         _fact(lambda d: d.loc[HE_YIN, "words"] > d.loc[WANG_YI, "words"]), "`documents`, `words`"),
    Item("Wang Yi's article is more than four times as long as He Yin's commentary, in words.",
         _fact(lambda d: d.loc[WANG_YI, "words"] > 4 * d.loc[HE_YIN, "words"]), "`documents`, `words`"),
    Item("Wang Yi's article has more paragraphs than He Yin's commentary.",
         _fact(lambda d: d.loc[WANG_YI, "paragraphs"] > d.loc[HE_YIN, "paragraphs"]), "`documents`, `paragraphs`"),
    Item("The `documents` table gives Wang Yi's offices (`author_role`) but no office for He Yin.",
         _fact(lambda d: pd.notna(d.loc[WANG_YI, "author_role"]) and pd.isna(d.loc[HE_YIN, "author_role"])),
         "`documents`, `author_role`"),
    Item("The two texts have the same author.", _fact(lambda d: d.loc[WANG_YI, "author"] == d.loc[HE_YIN, "author"]),
         "`documents`, `author`"),
    Item("The two texts appeared in the same outlet.",
         _fact(lambda d: pd.notna(d.loc[WANG_YI, "outlet"]) and d.loc[WANG_YI, "outlet"] == d.loc[HE_YIN, "outlet"]),
         "`documents`, `outlet`"),
    Item("The `documents` table names the outlet of He Yin's commentary.",
         _fact(lambda d: pd.notna(d.loc[HE_YIN, "outlet"])), "`documents`, `outlet`"),
    Item("The `documents` table gives an issue number for He Yin's commentary.",
         _fact(lambda d: pd.notna(d.loc[HE_YIN, "issue"])), "`documents`, `issue`"),
    Item("Wang Yi's article is dated to the month; He Yin's commentary only to the year.",
         _fact(lambda d: d.loc[WANG_YI, "date_precision"] == "month" and d.loc[HE_YIN, "date_precision"] == "year"),
         "`documents`, `date_precision`"),
    Item("Both texts are dated to 2025.", _fact(lambda d: d["date"].str.startswith("2025").all()), "`documents`, `date`"),
    Item("An outside source vouches for the date of He Yin's commentary.",
         _fact(lambda d: pd.notna(d.loc[HE_YIN, "date_source_id"])), "`documents`, `date_source_id`"),
    Item("An outside source vouches for the title of each text.",
         _fact(lambda d: d["title_source_id"].notna().all()), "`documents`, `title_source_id`"),
    Item("He Yin's commentary has more paragraphs than Wang Yi's article.",
         _fact(lambda d: d.loc[HE_YIN, "paragraphs"] > d.loc[WANG_YI, "paragraphs"]), "`documents`, `paragraphs`"),
], shown=5, section="notebook 01 on the two texts as documents")
q7 = pooled(QUESTIONS, Q7, points=3)


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
    Item(Quote(WANG_YI, 15, "dozens of countries have issued action plans"), "C"),
    Item(Quote(HE_YIN, 14, "As an old Chinese saying goes"), "D"),
], shown=3, section="notebook 01 on who speaks in each text")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")


# --- understanding: what an official formulation (tifa) is, as notebook 01's sources describe it -------

# Q10: what the scholarship notebook 01 cites says of tifa and of Qiushi. Each student judges 3 of the
# pool's 12 statements: some the sources state, some they contradict, some they leave open, so that
# knowing the phrase "tifa" without its sources' account does not suffice.
TIFA = "notebook 01, section 4 on official formulations (tifa)"
Q10 = Pool("01.q10", lettered([
    "the sources notebook 01 cites say this",
    "those sources say otherwise",
    "those sources do not address this either way",
]), [
    Item("Tifa are repeated word for word rather than rephrased, according to RAND.", "A", TIFA),
    Item("According to RAND, tifa extend along a clear line of authority.", "A", TIFA),
    Item("According to RAND, tifa are passed on through the Party's official organs.", "A", TIFA),
    Item("Analysts at the Center for Advanced China Research say a change in a tifa is made on purpose.", "A", TIFA),
    Item("Xi Jinping describes Qiushi as a base for the ideas the Central Committee uses to guide the whole Party.",
         "A", TIFA),
    Item("Each author words a tifa afresh to suit the occasion.", "B", TIFA),
    Item("Analysts treat a changed wording of a tifa as a slip of no significance.", "B", TIFA),
    Item("Qiushi is a journal with no ties to the Party's Central Committee.", "B", TIFA),
    Item("A tifa can only state a fact; it never settles a tension between competing ideas.", "B", TIFA),
    Item("Party officials are required by law to use tifa.", "C", TIFA),
    Item("Foreign governments take up China's tifa word for word in their own statements.", "C", TIFA),
    Item("Tifa occur more often in the Chinese originals than in their English translations.", "C", TIFA),
], shown=3, section="notebook 01 on official formulations (tifa) and the outlet that carries them")
q10 = pooled(QUESTIONS, Q10, points=3)
