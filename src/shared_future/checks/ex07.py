"""Checks for exercise 07, "The language of diplomacy": tokens, frequencies, keyword in context,
rates per 1,000 words and co-occurrence.

Each `qN` recounts the texts with the course's `text` module (the same functions notebook 07
teaches), so an answer is right when it counts the way the notebook counts.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .. import data, discourse, text
from . import (CheckError, bar_chart, fields, lettered, question, quote_from, same_mapping,
               same_number, written)
from .pools import Item, Pool, Quote, pooled

WANG_YI = "wang_yi_2025"
HE_YIN = "he_yin_2025"
# The eight words that notebook 07 compares between the two texts.
WATCH = ["friendship", "cooperation", "community", "development", "global", "civilizations", "mankind", "world"]
RATE_TOLERANCE = 0.051  # a rate rounded to one decimal place is still right

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _token_rows() -> pd.DataFrame:
    """One row per token, as notebook 07 builds it with `explode`."""
    paragraphs = data.load("paragraphs")
    return paragraphs.assign(token=paragraphs["text"].map(text.tokens)).explode("token")


def _per_1000(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Token → rate per 1,000 tokens in each value of `column` (a text, or a section)."""
    counts = pd.crosstab(rows["token"], rows[column])
    return counts / counts.sum() * 1000


def _rates_by_doc() -> pd.DataFrame:
    return _per_1000(_token_rows(), "doc_id")


def _community_by_section() -> pd.Series:
    rows = _token_rows()
    return _per_1000(rows[rows["doc_id"] == WANG_YI], "section").loc["community"]


@question(QUESTIONS, points=2,
          hint="tokenize He Yin's paragraphs with `text.tokens`, drop the tokens in `text.STOPWORDS`, "
               "then count with `Counter(...).most_common(5)` or `value_counts().head(5)`")
def q1(answer: Any) -> None:
    """The five most frequent content tokens of He Yin's commentary: token → count (Series or dict)."""
    tokens = [t for p in data.paragraphs_of(HE_YIN)["text"] for t in text.tokens(p) if t not in text.STOPWORDS]
    expected = pd.Series(dict(Counter(tokens).most_common(5)))
    same_mapping(answer, expected, what="words")


@question(QUESTIONS, points=2,
          hint="count the token \"friendship\" in each text (not \"friendships\", which a text search also finds) "
               "and divide by that text's number of tokens, times 1,000")
def q2(answer: Any) -> None:
    """"friendship" per 1,000 words in each text: doc_id → rate; one decimal place is precise enough."""
    same_mapping(answer, _rates_by_doc().loc["friendship"], what="texts", abs_tol=RATE_TOLERANCE)


@question(QUESTIONS, points=2,
          hint="keep Wang Yi's tokens, `pd.crosstab` them by `section`, divide each column by its sum, "
               "times 1,000, and draw the row \"community\" with unrounded bars")
def q3(answer: Any) -> None:
    """A labelled bar chart of "community" per 1,000 words in sections I, II and III, bars in any order."""
    bar_chart(answer, _community_by_section(), what="sections")


@question(QUESTIONS, points=2,
          hint="`text.kwic(data.corpus_paragraphs(), \"win-win\")` finds the hits; `text.sentences` splits "
               "He Yin's paragraph into sentences; keep the one that says what win-win cooperation is")
def q4(answer: Any) -> None:
    """The whole sentence of He Yin's commentary that calls win-win cooperation "the sure way"."""
    quote_from(answer, data.paragraphs_of(HE_YIN)["text"], must_contain=["win-win", "sure way"], whole_sentence=True)


@question(QUESTIONS, points=2,
          hint="build the paragraphs × actors table from `mentions` (1 where a paragraph names an actor), "
               "then count the paragraphs whose row has a 1 for both actors, or read `M.T @ M`")
def q5(answer: Any) -> None:
    """Paragraphs of both texts that name both China and Xi Jinping."""
    mentions = data.load("mentions")
    named = mentions.groupby(["doc_id", "para_no"])["actor_id"].agg(set)
    same_number(answer, sum({"china", "xi_jinping"} <= actors for actors in named))


def _favoured_by_wang_yi() -> list[str]:
    rates = _rates_by_doc().loc[WATCH]
    return list(rates.index[rates[WANG_YI] > rates[HE_YIN]])


def _word_of(answer: Any) -> str:
    """The answer's `word`, lower-cased, or "" (its own check reports what is wrong with it)."""
    word = answer.get("word") if isinstance(answer, Mapping) else None
    return word.strip().casefold() if isinstance(word, str) else ""


def _check_word(value: Any) -> None:
    if not isinstance(value, str):
        raise CheckError("expects text (a string), one of the eight words")
    word = value.strip().casefold()
    if word not in WATCH:
        raise CheckError(f"{value!r} is not one of the eight words of the comparison")
    if word not in _favoured_by_wang_yi():
        raise CheckError(f"He Yin uses {word!r} at least as often per 1,000 words as Wang Yi does",
                         "compare the two columns of `per_1000` for the eight words")


@question(QUESTIONS, points=3,
          hint="`per_1000.loc[watch]` from notebook 07 compares the eight words; the sentence comes from "
               "Wang Yi's paragraphs, split with `text.sentences`")
def q6(answer: Any) -> None:
    """A word Wang Yi favours: a dict with `word`, `wang_yi_per_1000` and `sentence`.

    `word` is one of the eight words notebook 07 compares that Wang Yi uses more often per 1,000
    words than He Yin; `wang_yi_per_1000` is its rate in his article; `sentence` is a whole
    sentence of his article that contains the word.
    """
    word = _word_of(answer)
    rates = _rates_by_doc()
    fields(answer, {
        "word": _check_word,
        "wang_yi_per_1000": lambda value: same_number(value, rates.loc[word, WANG_YI], abs_tol=RATE_TOLERANCE),
        "sentence": lambda value: quote_from(value, data.paragraphs_of(WANG_YI)["text"], must_contain=[word],
                                             whole_sentence=True),
    })


# --- understanding: rates, not raw counts; what kind of statement a sentence makes ------------------

# Q7: who uses a word more often per 1,000 words. Each student compares 4 of the pool's 15 words: the
# eight of notebook 07 and seven more; the key is read from the texts' rates at each check.
Q7_WORDS = [*WATCH, "peace", "mutual", "countries", "shared", "future", "diplomacy", "building"]


def _more_often(word: str) -> Callable[[], str]:
    """The key of one word: "A" if He Yin uses it more often per 1,000 words, "B" if Wang Yi does."""
    def key() -> str:
        rates = _rates_by_doc().loc[word]
        if rates[HE_YIN] == rates[WANG_YI]:  # the texts changed: the word no longer tells them apart
            raise ValueError(f"{word!r} has the same rate in both texts")
        return "A" if rates[HE_YIN] > rates[WANG_YI] else "B"
    return key


Q7 = Pool("07.q7", lettered(["He Yin uses it more often per 1,000 words than Wang Yi does",
                             "Wang Yi uses it more often per 1,000 words than He Yin does"]),
          [Item(f'the word "{word}"', _more_often(word), "the two texts' rates per 1,000 words (`per_1000`)")
           for word in Q7_WORDS],
          shown=4, section="notebook 07 on rates per 1,000 words, not raw counts")
q7 = pooled(QUESTIONS, Q7, points=3)


# Q8: what kind of statement a sentence makes. Each student reads 3 of the pool's 12 sentences, none of
# them a row of `statements` (see `pools`).
Q8 = Pool("07.q8", lettered([
    "describes or frames something in the text's own terms",
    "states a belief or a principle",
    "reports what happened, and when",
]), [
    Item(Quote(WANG_YI, 12, "shining banner"), "A"),
    Item(Quote(WANG_YI, 13, "is of great contemporary value"), "A"),
    Item(Quote(WANG_YI, 14, "better-established scientific system"), "A"),
    Item(Quote(WANG_YI, 12, "has entered a new stage"), "A"),
    Item(Quote(HE_YIN, 11, "win-win cooperation is the sure way"), "B"),
    Item(Quote(HE_YIN, 18, "Sincerity is the foundation"), "B"),
    Item(Quote(HE_YIN, 7, "China always values mutual respect"), "B"),
    Item(Quote(HE_YIN, 10, "China always values win-win cooperation"), "B"),
    Item(Quote(HE_YIN, 12, "China-Singapore Free Trade Agreement"), "C"),
    Item(Quote(HE_YIN, 12, "China-Maldives Free Trade Agreement"), "C"),
    Item(Quote(WANG_YI, 14, "In 2015, during the General Debate"), "C"),
    Item(Quote(HE_YIN, 5, "Xi met with foreign guests"), "C"),
], shown=3, section="notebook 07 on the kinds of statement the texts make")
q8 = pooled(QUESTIONS, Q8, points=3)


q9 = written(QUESTIONS, "q9")


# --- understanding: discourse markers read in context, and what the methods can show ----------------

# Q10: what a booster word does in its sentence. Each item is a sentence with exactly one word of
# `discourse.BOOSTERS`; a count of boosters cannot tell these uses apart, a reader can.
Q10 = Pool("07.q10", lettered([
    "a booster: it states that something holds always, fully or without exception",
    "plain quantity: it points back to, or marks out, a set of things a reader could list",
    "part of a set phrase (such as \"all the more\" or \"not only ... but\") that makes no claim of its own",
]), [
    Item(Quote(HE_YIN, 3, "has always been the defining feature"), "A"),
    Item(Quote(HE_YIN, 13, "always values openness"), "A"),
    Item(Quote(WANG_YI, 16, "It fully demonstrates"), "A"),
    Item(Quote(WANG_YI, 7, "All these are steps"), "B"),
    Item(Quote(WANG_YI, 10, "All these are important underpinnings"), "B"),
    Item(Quote(WANG_YI, 11, "all African countries with which it has diplomatic relations"), "B"),
    Item(Quote(WANG_YI, 12, "has not only taken"), "C"),
    Item(Quote(WANG_YI, 14, "not only constitute the top-level design"), "C"),
    Item(Quote(WANG_YI, 13, "it is all the more important"), "C"),
], shown=3, section="notebook 07 on boosters and absolutes per 1,000 words, and their limits")
q10 = pooled(QUESTIONS, Q10, points=3)


def _he_yin_says_always_more() -> str:
    """"A" while He Yin uses "always" more often per 1,000 words than Wang Yi (notebook 07's booster table)."""
    rates = discourse.per_thousand(data.load("paragraphs"), ["always"]).loc["always"]
    return "A" if rates[HE_YIN] > rates[WANG_YI] else "B"


# Q11: what the discourse measures and the sources on formulations and renderings can show. Each
# student judges 4 of the pool's 14 statements: half are what notebook 07 shows or cites, half claim
# more than two texts, a hand-made word list or a table of renderings can bear. (Whether every "all"
# is a booster is left to Q10, whose options would give it away here.)
DISCOURSE = "notebook 07, \"Reading the texts as official discourse\""
Q11 = Pool("07.q11", lettered([
    "notebook 07's measures or the sources it cites support this",
    "this claims more than those measures and sources can show",
]), [
    Item("RAND counts being stated verbatim among the marks of a tifa.", "A", DISCOURSE),
    Item("Analysts at the Center for Advanced China Research read a changed tifa as a deliberate signal.", "A",
         DISCOURSE),
    Item("A four-word run that a text repeats is a candidate formula, not yet proof of a tifa.", "A", DISCOURSE),
    Item("\"over the past year\" recurs in Wang Yi's article because the article reports on a year.", "A", DISCOURSE),
    Item("By the course's markers, Wang Yi quotes one speaker only, with the title \"General Secretary\".", "A",
         DISCOURSE),
    Item("He Yin's commentary uses \"always\" more often per 1,000 words than Wang Yi's article.",
         _he_yin_says_always_more, DISCOURSE),
    Item("The Chinese term 人类命运共同体 stayed the same while its official English changed.", "A", DISCOURSE),
    Item("The China Media Project dates the official rendering \"community of shared future\" to around 2017.", "A",
         DISCOURSE),
    Item("A four-word run that both texts share proves that one author copied from the other.", "B", DISCOURSE),
    Item("Because Wang Yi repeats \"General Secretary Xi Jinping\", the phrase is fixed in every Party organ.", "B",
         DISCOURSE),
    Item("The booster rates show that Chinese diplomatic writing is more emphatic than other countries'.", "B",
         DISCOURSE),
    Item("A new English rendering of 人类命运共同体 shows that the policy the term names has changed.", "B",
         DISCOURSE),
    Item("Each year in the renderings table is the year that rendering was first used anywhere.", "B", DISCOURSE),
    Item("A sentence with no authority marker does not report Xi Jinping's views.", "B", DISCOURSE),
], shown=4, section="notebook 07 on formulations, authority markers, boosters and renderings, and their limits")
q11 = pooled(QUESTIONS, Q11, points=3)
