"""Exercise 05's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt

from shared_future import data, text
from shared_future.checks import ex05

from . import bar_axes, pooled_cases, written_cases

CONCEPTS = data.load("concepts")
CLAIMS = data.load("claims")
SOURCES = data.load("sources")
PARAGRAPHS = data.load("paragraphs")
WANG = PARAGRAPHS[PARAGRAPHS["doc_id"] == "wang_yi_2025"]
MINE = CONCEPTS[CONCEPTS["notebook"] == "05"]
KINDS = MINE["kind"].value_counts()
DATED = MINE.dropna(subset=["first_year"]).merge(SOURCES, left_on="first_year_source_id", right_on="source_id")
PUBLISHERS = DATED["publisher"].value_counts()
GOVERNANCE = CLAIMS[CLAIMS["theme"] == "governance"]
KINDS_OF_STATEMENT = GOVERNANCE["statement_kind"].value_counts()
SUPPORT = CLAIMS[CLAIMS["quote"].str.contains(r"\bGDI\b|\bGSI\b") & (CLAIMS["number_type"] == "count")]
BY_UNIT = SUPPORT.set_index("unit")["value"]
G20 = WANG[WANG["text"].str.contains("five dimensions")]["text"].iloc[0]
G20_SENTENCE = next(s for s in text.sentences(G20) if "five dimensions" in s)
GSI = SUPPORT[SUPPORT["quote"].str.contains("GSI")].iloc[0]
GDI = SUPPORT[SUPPORT["quote"].str.contains("GDI")].iloc[0]
GSI_SENTENCE = next(s for p in WANG["text"] for s in text.sentences(p) if "GSI" in s and "119" in s)


def support_chart(**options):
    return bar_axes(BY_UNIT, title="Support figures", xlabel="unit", ylabel="count", **options)


def matplotlib_chart():
    _fig, ax = plt.subplots()
    ax.barh(list(BY_UNIT.index), list(BY_UNIT.astype(int)))
    ax.set(title="Support figures", xlabel="count", ylabel="unit")
    return ax


def gsi_answer(**changes):
    return {"quote": GSI["quote"], "unit": GSI["unit"], "earlier": GSI["outside_value"]} | changes


OTHER_FORMS = {
    "q1": [lambda: KINDS.to_dict(), lambda: MINE.groupby("kind").size().astype(float),
           lambda: MINE.groupby("kind", as_index=False)["concept_id"].count(),
           lambda: KINDS.sort_index()],
    "q2": [lambda: PUBLISHERS.to_dict(), lambda: DATED.groupby("publisher")["concept_id"].count(),
           lambda: PUBLISHERS.rename_axis("publisher").reset_index(name="concepts")],
    "q3": [lambda: KINDS_OF_STATEMENT.to_dict(), lambda: GOVERNANCE.groupby("statement_kind").size(),
           lambda: GOVERNANCE.pivot_table(index="statement_kind", values="claim_id", aggfunc="count")],
    "q4": [support_chart, lambda: support_chart(horizontal=True).figure, matplotlib_chart],
    "q5": [lambda: " " + G20_SENTENCE.replace("’", "'") + "  ", lambda: MINE.set_index("concept_id")
           .loc["global_governance_vision", "definition_quote"]],
    "q6": [gsi_answer,
           lambda: gsi_answer(quote=GSI_SENTENCE, unit=GSI["unit"].upper(), earlier=int(GSI["outside_value"])),
           lambda: gsi_answer(quote=GSI_SENTENCE[GSI_SENTENCE.index("119"):],
                              earlier=SUPPORT.loc[GSI.name:GSI.name, "outside_value"])],
}

WRONG_ANSWERS = {
    "q1": [(lambda: CONCEPTS["kind"].value_counts(), "should not be there"),
           (lambda: KINDS.drop(KINDS.index[-1]), "1 of the expected kinds is missing"),
           (lambda: list(KINDS), "expects a Series or a dict")],
    "q2": [(lambda: MINE.merge(SOURCES, left_on="first_year_source_id", right_on="source_id")["title"].value_counts(),
            "missing"),
           (lambda: PUBLISHERS.drop(PUBLISHERS.idxmax()), "1 of the expected publishers is missing"),
           (lambda: PUBLISHERS.index.tolist(), "expects a Series or a dict")],
    "q3": [(lambda: CLAIMS["statement_kind"].value_counts(), "that should not be there"),
           (lambda: GOVERNANCE["number_type"].value_counts(), "missing"),
           (lambda: KINDS_OF_STATEMENT + 1, "too high")],
    "q4": [(lambda: bar_axes(SUPPORT.set_index("claim_id")["value"], title="t", xlabel="x", ylabel="y"),
            "the bars are not labelled with the units"),
           (lambda: bar_axes(SUPPORT.set_index("unit")["outside_value"], title="t", xlabel="x", ylabel="y"),
            "the bar for"),
           (lambda: BY_UNIT.plot.bar(), "the chart has no title"),
           (lambda: BY_UNIT, "expects a matplotlib Axes")],
    "q5": [(lambda: text.sentences(G20)[0], "not the passage the question asks for"),
           (lambda: "proposals to improve global governance on five dimensions", "not one whole sentence"),
           (lambda: "China proposed five dimensions of global governance.", "not in the text word for word")],
    "q6": [(lambda: gsi_answer(unit=GDI["unit"]), "not what this figure counts"),
           (lambda: gsi_answer(unit="organizations"), "'organizations' is not one of the allowed values"),
           (lambda: gsi_answer(quote=GDI["quote"]), "`quote`"),
           (lambda: gsi_answer(quote="have expressed support for the GSI"), "quote at least 8"),
           (lambda: gsi_answer(earlier=GSI["value"]), "`earlier`"),
           (lambda: {"quote": GSI["quote"], "unit": GSI["unit"]}, "has no key 'earlier'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    return ([f"{GSI['value']:g}", f"{GSI['outside_value']:g}", GSI["unit"], G20_SENTENCE, PUBLISHERS.idxmax()]
            + [f"{GDI['value']:g}"])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q8"] = [lambda: ["A", "B"], lambda: "a,b", lambda: {"B", "A"}]
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
WRONG_ANSWERS["q8"] = [(lambda: ["A", "B", "C"], "not the right set of choices"),
                       (lambda: ["A"], "not the right set of choices"),
                       (lambda: "A and B", "is not one of the choices")]
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex05.q7)
OTHER_FORMS["q10"], WRONG_ANSWERS["q10"] = pooled_cases(ex05.q10)
