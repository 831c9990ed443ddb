"""Checks for exercise 05, "Global governance": the concepts, who dates them, and units kept apart.

Each `qN` recomputes its answer from the dataset, so the exercise follows the tables: if a row of
`concepts` or `claims` is corrected, the checks agree with it.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data
from . import (bar_chart, chosen, fields, lettered, one_of, question, quote_from, same_mapping,
               same_number, written)
from .pools import Item, Pool, pooled

NOTEBOOK = "05"
WANG_YI = "wang_yi_2025"
# The units Q6 lets a learner choose from (the question lists them); the right one comes from `claims`.
UNIT_CHOICES = ("countries", "countries and international organizations", "countries and regions",
                "international organizations")

QUESTIONS: dict[str, int] = {}  # question id -> points, filled by @question


def _concepts() -> pd.DataFrame:
    concepts = data.load("concepts")
    return concepts[concepts["notebook"] == NOTEBOOK]


def _support() -> pd.DataFrame:
    """The support figures: counts whose quote names the GDI or the GSI (as notebook 05 finds them)."""
    claims = data.load("claims")
    return claims[claims["quote"].str.contains(r"\bGDI\b|\bGSI\b") & (claims["number_type"] == "count")]


def _gsi_figure() -> pd.Series:
    support = _support()
    return support[support["quote"].str.contains(r"\bGSI\b")].iloc[0]


@question(QUESTIONS, points=1,
          hint="keep the concepts whose `notebook` is \"05\", then count the rows per `kind` (`value_counts`)")
def q1(answer: Any) -> None:
    """Concepts of notebook 05 per kind: a Series or a dict, kind → number of concepts."""
    same_mapping(answer, _concepts()["kind"].value_counts(), what="kinds")


@question(QUESTIONS, points=2,
          hint="keep this notebook's concepts that have a `first_year`, merge them with `sources` "
               "(`first_year_source_id` ↔ `source_id`), then count the rows per `publisher`")
def q2(answer: Any) -> None:
    """Dated concepts of notebook 05 per publisher of the source that gives the year: publisher → count."""
    dated = _concepts().dropna(subset=["first_year"])
    merged = dated.merge(data.load("sources"), left_on="first_year_source_id", right_on="source_id")
    same_mapping(answer, merged["publisher"].value_counts(), what="publishers", zeros=True)


@question(QUESTIONS, points=2,
          hint="keep the claims whose `theme` is \"governance\", then count them per `statement_kind`")
def q3(answer: Any) -> None:
    """Governance claims per statement kind: statement_kind → number of claims."""
    claims = data.load("claims")
    same_mapping(answer, claims[claims["theme"] == "governance"]["statement_kind"].value_counts(),
                 what="statement kinds", zeros=True)


@question(QUESTIONS, points=2,
          hint="filter `claims` as notebook 05 does (quote names the GDI or the GSI, `number_type` \"count\"), "
               "then draw `value` with the `unit` of each figure as its bar's label")
def q4(answer: Any) -> None:
    """A bar chart of the support figures, one bar per figure labelled by its unit: the Axes or its Figure."""
    support = _support()
    bar_chart(answer, support.set_index("unit")["value"], what="units")


@question(QUESTIONS, points=2,
          hint="find the paragraph of Wang Yi's article with \"five dimensions\", split it with `text.sentences` "
               "and keep the whole sentence")
def q5(answer: Any) -> None:
    """The sentence of Wang Yi's article on the G20 proposals' "five dimensions", verbatim and whole."""
    quote_from(answer, data.paragraphs_of(WANG_YI)["text"], must_contain=["five dimensions"], whole_sentence=True)


@question(QUESTIONS, points=3,
          hint="the GSI figure's row in `claims` has its `quote`, its `unit` and its `outside_value`")
def q6(answer: Any) -> None:
    """The GSI support figure: a dict with `quote`, `unit` and `earlier`.

    `quote` is at least eight words of Wang Yi's article, verbatim, that state the figure (it names
    the GSI and the number); `unit` is one of UNIT_CHOICES and the one `claims` gives; `earlier` is
    the earlier count the dataset gives from an outside source (`outside_value`).
    """
    figure = _gsi_figure()
    number = f"{figure['value']:g}"
    fields(answer, {
        "quote": lambda value: quote_from(value, data.paragraphs_of(WANG_YI)["text"], must_contain=["GSI", number],
                                          min_words=8),
        "unit": lambda value: one_of(value, UNIT_CHOICES, figure["unit"],
                                     mismatch="is one of the listed units, but not what this figure counts",
                                     hint="read the `unit` column of the figure's row in `claims`"),
        "earlier": lambda value: same_number(value, figure["outside_value"]),
    })


# --- understanding: the order of the ideas, and why two support figures do not compare --------------

# Q7: what the article says of global governance. Each student judges 4 of the pool's 12 statements (see `pools`).
Q7 = Pool("05.q7", lettered(["Wang Yi's article says this", "Wang Yi's article says otherwise",
                 "Wang Yi's article does not say this either way"]), [
    Item("China will plan a China Year of the Shanghai Cooperation Organization.", "A", "Wang Yi, paragraph 21"),
    Item("China supports Brazil and South Africa in hosting the BRICS Summit and the G20 Summit.", "A",
         "Wang Yi, paragraph 21"),
    Item("Eighty-two countries have joined the Group of Friends of the GDI.", "A", "Wang Yi, paragraph 10"),
    Item("The U.N. General Assembly adopted a resolution establishing an International Day for Dialogue among "
         "Civilizations.", "A", "Wang Yi, paragraph 10"),
    Item("China will firmly safeguard the authority and role of the U.N.", "A", "Wang Yi, paragraph 21"),
    Item("The resolution on the International Day for Dialogue among Civilizations passed by a narrow vote.", "B",
         "Wang Yi, paragraph 10"),
    Item("China's work on global governance is guided by acting alone.", "B", "Wang Yi, paragraph 9"),
    Item("China advocates a unipolar world.", "B", "Wang Yi, paragraph 21"),
    Item("Only countries, and no international organizations, have expressed support for the GSI.", "B",
         "Wang Yi, paragraph 10"),
    Item("The Group of Friends of the GDI meets every year.", "C", "Wang Yi, paragraph 10"),
    Item("The GSI was first proposed at the United Nations.", "C", "Wang Yi, paragraph 10"),
    Item("Every G20 member agreed to the five dimensions of governance.", "C", "Wang Yi, paragraph 9"),
], shown=4, section="notebook 05 on global governance and the three initiatives")
q7 = pooled(QUESTIONS, Q7, points=3)


Q8_OPTIONS = {
    "A": "The GSI figure counts international organizations as well as countries.",
    "B": "The two figures are stated in different units.",
    "C": "One of the figures comes from an outside source, the other from Wang Yi's article.",
    "D": "The GDI figure is a percentage, not a count.",
}


def _gdi_gsi() -> pd.DataFrame:
    claims = data.load("claims")
    support = claims[claims["quote"].str.contains(r"\bGDI\b|\bGSI\b") & (claims["number_type"] == "count")]
    return support.assign(initiative=support["quote"].str.extract(r"\b(GDI|GSI)\b", expand=False)).set_index("initiative")


@question(QUESTIONS, points=3,
          hint="compare the `unit`, `number_type` and `doc_id` of the two support figures in `claims`")
def q8(answer: Any) -> None:
    """Every reason of Q8_OPTIONS that the `claims` rows bear out: letters."""
    figures = _gdi_gsi()
    facts = {
        "A": "organizations" in figures.loc["GSI", "unit"] and "countries" in figures.loc["GSI", "unit"],
        "B": figures.loc["GDI", "unit"] != figures.loc["GSI", "unit"],
        "C": figures["doc_id"].nunique() > 1,
        "D": figures.loc["GDI", "number_type"] == "percent",
    }
    chosen(answer, Q8_OPTIONS, {key for key, true in facts.items() if true})


q9 = written(QUESTIONS, "q9")


# --- understanding: what each initiative proposes, from its founding speech or paper ----------------

# Q10: which initiative's founding text proposes this? Each student places 4 of the pool's 15
# proposals, paraphrased or quoted from the founding speeches and the GSI concept paper (notebook 05,
# "What each initiative proposes"), with ideas of other holders that the notebook sets beside them.
# The items avoid the `key_terms` of `initiatives` word for word, so that a text search of that
# column does not place them; the letter comes from reading what each initiative proposes.
FOUNDING = "notebook 05, \"What each initiative proposes\""
Q10 = Pool("05.q10", lettered([
    "proposed for the Global Development Initiative (GDI) when it was launched",
    "proposed for the Global Security Initiative (GSI) when it was launched, or in its concept paper",
    "proposed for the Global Civilization Initiative (GCI) when it was launched",
    "none of the three: another holder's words, which notebook 05 sets beside the initiatives "
    "and none of their founding texts proposes",
]), [
    Item("Put development first, and put people at the centre of it.", "A", FOUNDING),
    Item("Speed up the world's work towards the UN's Sustainable Development Goals for 2030.", "A", FOUNDING),
    Item("Serve the development agenda of the United Nations rather than set up a rival to it.", "A", FOUNDING),
    Item("No country should seek its own security at the expense of the security of others.", "B", FOUNDING),
    Item("Treat every country's legitimate concerns about its security as serious.", "B", FOUNDING),
    Item("Resolve differences between countries peacefully, by talking them through.", "B", FOUNDING),
    Item("Look after security in non-traditional domains as well as in traditional ones.", "B", FOUNDING),
    Item("Respect every country's sovereignty and the integrity of its territory.", "B", FOUNDING),
    Item("Respect the fact that the world's civilizations are many and different.", "C", FOUNDING),
    Item("Let cultures learn from one another instead of clashing.", "C", FOUNDING),
    Item("Carry civilizations' heritage forward while renewing it.", "C", FOUNDING),
    Item("Strengthen exchanges and cooperation between the world's peoples.", "C", FOUNDING),
    Item("The clash of civilizations will dominate global politics.", "D",
         "notebook 05, the Discuss prompt on the GCI and Huntington"),
    Item("China should take part constructively in the rules-based international system.", "D",
         "notebook 05, \"What 'true' is set against\""),
    Item("All human rights are universal, and states must protect them whatever their political system.", "D",
         "notebook 05, section 8 on the common values of humanity and \"universal values\""),
], shown=4, section="notebook 05 on what the GDI, the GSI and the GCI propose")
q10 = pooled(QUESTIONS, Q10, points=3)
