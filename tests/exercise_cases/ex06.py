"""Exercise 06's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt

from shared_future import data, text
from shared_future.checks import ex06

from . import bar_axes, pooled_cases, written_cases

CONCEPTS = data.load("concepts")
LINKS = data.load("concept_links")
CLAIMS = data.load("claims")
GLOSSARY = data.load("glossary")
SOURCES = data.load("sources")
PARAGRAPHS = data.load("paragraphs")
HE = PARAGRAPHS[PARAGRAPHS["doc_id"] == "he_yin_2025"]
VALUE_OF = LINKS[LINKS["relation"] == "value_of"].merge(CONCEPTS, left_on="source", right_on="concept_id")
VALUES = list(VALUE_OF["name"])
EXCHANGE = CLAIMS[(CLAIMS["doc_id"] == "he_yin_2025") & (CLAIMS["theme"] == "exchange")
                  & (CLAIMS["number_type"] == "count")]
COMPARED = EXCHANGE.dropna(subset=["outside_value"]).set_index("claim_id")
GAPS = COMPARED["outside_value"] - COMPARED["value"]
TERMS = GLOSSARY[GLOSSARY["doc_id"] == "he_yin_2025"].set_index("term")["name_zh"]
BY_UNIT = EXCHANGE.set_index("unit")["value"]
CULTURE = HE[HE["text"].str.contains("traditional culture")]["text"].iloc[0]
CULTURE_SENTENCE = next(s for s in text.sentences(CULTURE) if "traditional culture" in s)
CITIES = EXCHANGE[EXCHANGE["counted"].str.contains("friendship city")].iloc[0]
PUBLISHER = SOURCES.set_index("source_id").loc[CITIES["outside_source_id"], "publisher"]
CITIES_SENTENCE = next(s for s in text.sentences(HE["text"].iloc[CITIES["para_no"] - 1]) if "3,000" in s)


def exchange_chart(series=BY_UNIT, **options):
    return bar_axes(series, title="Exchange figures", xlabel="unit", ylabel="number", **options)


def log_chart():
    _fig, ax = plt.subplots()
    ax.bar(list(BY_UNIT.index), list(BY_UNIT))
    ax.set_yscale("log")
    ax.set(title="Exchange figures", xlabel="unit", ylabel="number (log)")
    return ax


def cities_answer(**changes):
    return {"quote": CITIES["quote"], "reading": "lower bound", "outside_value": CITIES["outside_value"],
            "publisher": PUBLISHER} | changes


OTHER_FORMS = {
    "q1": [lambda: VALUES[::-1], lambda: set(VALUES), lambda: VALUE_OF["name"], lambda: tuple(VALUES)],
    "q2": [lambda: GAPS.to_dict(), lambda: GAPS.astype(int),
           lambda: GAPS.rename_axis("claim_id").reset_index(name="gap"),
           lambda: {k: int(v) for k, v in reversed(list(GAPS.items()))}],
    "q3": [lambda: TERMS.to_dict(), lambda: GLOSSARY[GLOSSARY["doc_id"] == "he_yin_2025"][["term", "name_zh"]],
           lambda: TERMS.sort_index()],
    "q4": [exchange_chart, lambda: exchange_chart(BY_UNIT.sort_values(), horizontal=True).figure, log_chart],
    "q5": [lambda: "  " + CULTURE_SENTENCE.replace("’", "'") + " "],
    "q6": [cities_answer,
           lambda: cities_answer(quote=CITIES_SENTENCE, reading=" Lower Bound ",
                                 outside_value=int(CITIES["outside_value"]), publisher=PUBLISHER.upper()),
           lambda: cities_answer(quote=CITIES["quote"].replace("China has developed ", ""))],
}

WRONG_ANSWERS = {
    "q1": [(lambda: VALUES[:2], "1 of the expected values is missing"),
           (lambda: list(VALUE_OF["source"]), "the question asks for the `name`s, not ids"),
           (lambda: list(LINKS[LINKS["relation"] == "value_of"]["quote"]), "3 of the expected values are missing"),
           (lambda: "; ".join(VALUES), "expects a collection")],
    "q2": [(lambda: COMPARED["value"] - COMPARED["outside_value"], "too low"),
           (lambda: COMPARED["outside_value"] / COMPARED["value"], "too low"),
           (lambda: (lambda c: c["outside_value"] - c["value"])(
               CLAIMS[(CLAIMS["doc_id"] == "he_yin_2025") & CLAIMS["outside_value"].notna()].set_index("claim_id")),
            "that should not be there")],
    "q3": [(lambda: GLOSSARY[GLOSSARY["doc_id"] == "wang_yi_2025"].set_index("term")["name_zh"], "missing"),
           (lambda: GLOSSARY[GLOSSARY["doc_id"] == "he_yin_2025"].set_index("term")["pinyin"], "is not right"),
           (lambda: list(TERMS), "expects a Series or a dict")],
    "q4": [(lambda: exchange_chart(EXCHANGE.set_index("claim_id")["value"]),
            "the bars are not labelled with the units"),
           (lambda: exchange_chart(BY_UNIT.drop(BY_UNIT.index[0])), "1 of the expected units is missing"),
           (lambda: BY_UNIT.plot.bar(), "the chart has no title"),
           (lambda: BY_UNIT, "expects a matplotlib Axes")],
    "q5": [(lambda: text.sentences(CULTURE)[0], "not the passage the question asks for"),
           (lambda: "Drawing inspiration from its profound traditional culture", "not one whole sentence"),
           (lambda: "China draws on its profound traditional culture.", "not in the text word for word")],
    "q6": [(lambda: cities_answer(reading="exact"), "not the one the wording gives"),
           (lambda: cities_answer(reading="approximately"),
            "is not one of the allowed values ('exact', 'lower bound', 'upper bound')"),
           (lambda: cities_answer(quote="with more than 140 countries across five continents"), "`quote`"),
           (lambda: cities_answer(outside_value=CITIES["value"]), "too low"),
           (lambda: cities_answer(publisher="Xinhua"), "`publisher`"),
           (lambda: {k: v for k, v in cities_answer().items() if k != "publisher"}, "has no key 'publisher'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    gaps = [f"{g:g}" for g in GAPS if g >= 10]  # small numbers appear in any message
    return (gaps + [f"{CITIES['outside_value']:g}", f"{CITIES['outside_value']:,.0f}", PUBLISHER, CULTURE_SENTENCE,
                    *VALUES, *TERMS])  # the three readings are listed in the question itself

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex06.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex06.q8)
OTHER_FORMS["q10"], WRONG_ANSWERS["q10"] = pooled_cases(ex06.q10)
