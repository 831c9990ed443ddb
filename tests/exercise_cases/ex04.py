"""Exercise 04's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from shared_future import data, text
from shared_future.checks import ex04

from . import bar_axes, pooled_cases, written_cases

CLAIMS = data.load("claims")
EVENTS = data.load("events")
SOURCES = data.load("sources")
PARAGRAPHS = data.load("paragraphs")
WANG_TEXT = PARAGRAPHS.loc[PARAGRAPHS["doc_id"] == "wang_yi_2025", "text"]

QUANTITIES = CLAIMS[CLAIMS["number_type"].isin(["count", "percent"])]
PER_THEME = QUANTITIES.groupby("theme").size()
DEV_TRADE = CLAIMS[CLAIMS["theme"].isin(["development", "trade"]) | CLAIMS["quote"].str.contains("Belt and Road")]
WITH_OUTSIDE = DEV_TRADE.loc[DEV_TRADE["outside_value"].notna(), "claim_id"]
EIGHTS = EVENTS[EVENTS["title"].str.contains("eight", case=False)].merge(SOURCES, on="source_id", suffixes=("", "_s"))
PUBLISHERS = EIGHTS.set_index("event_id")["publisher"]
ZERO_TARIFF = next(s for p in WANG_TEXT for s in text.sentences(p) if "zero-tariff" in s)
BRI = CLAIMS[CLAIMS["quote"].str.contains("participated in Belt and Road")].iloc[0]
TRADE_GROWTH = CLAIMS[CLAIMS["quote"].str.contains("6.4 percent")].iloc[0]
RIGHT_Q6 = {"unit": BRI["unit"], "time": "to date", "outside_value": BRI["outside_value"], "evidence": BRI["quote"]}


def themes_chart(counts, *, horizontal=False):
    return bar_axes(counts, horizontal=horizontal, title="Quantities by theme", xlabel="theme", ylabel="claims")


def matplotlib_bars(counts):
    _fig, ax = plt.subplots()
    ax.barh(list(counts.index), list(counts))
    ax.set(title="Quantities by theme", xlabel="claims", ylabel="theme")
    return ax


OTHER_FORMS = {
    "q1": [lambda: PER_THEME.to_dict(), lambda: QUANTITIES["theme"].value_counts(),
           lambda: QUANTITIES.groupby("theme", as_index=False).size(),
           lambda: pd.crosstab(CLAIMS["theme"], CLAIMS["number_type"])[["count", "percent"]].sum(axis=1).loc[
               lambda s: s > 0].astype(float)],
    "q2": [lambda: themes_chart(PER_THEME), lambda: themes_chart(PER_THEME.sort_values(), horizontal=True).figure,
           lambda: matplotlib_bars(PER_THEME)],
    "q3": [lambda: WITH_OUTSIDE, lambda: set(WITH_OUTSIDE), lambda: sorted(WITH_OUTSIDE, reverse=True),
           lambda: DEV_TRADE.dropna(subset=["outside_value"])[["claim_id"]]],
    "q4": [lambda: PUBLISHERS.to_dict(), lambda: EIGHTS[["event_id", "publisher"]],
           lambda: {event: f" {publisher.lower()}" for event, publisher in PUBLISHERS.sort_index().items()}],
    "q5": [lambda: ZERO_TARIFF + "  ", lambda: ZERO_TARIFF.replace(", ", ",\n")],
    "q6": [lambda: RIGHT_Q6 | {"unit": BRI["unit"].upper(), "outside_value": int(BRI["outside_value"])},
           lambda: RIGHT_Q6 | {"time": "To date", "outside_value": CLAIMS.loc[[BRI.name], "outside_value"]}],
}

WRONG_ANSWERS = {
    "q1": [(lambda: CLAIMS.groupby("theme").size(), "it includes 1 that should not be there"),
           (lambda: CLAIMS[CLAIMS["number_type"] == "count"].groupby("theme").size(), "too low"),
           (lambda: QUANTITIES.groupby("unit").size(), "of the expected themes are missing"),
           (lambda: list(PER_THEME), "expects a Series or a dict")],
    "q2": [(lambda: themes_chart(CLAIMS.groupby("theme").size()), "should not be there"),
           (lambda: themes_chart(CLAIMS[CLAIMS["number_type"] == "count"].groupby("theme").size()), "the bar for"),
           (lambda: PER_THEME.plot.bar(), "the chart has no title"),
           (lambda: PER_THEME, "expects a matplotlib Axes")],
    "q3": [(lambda: CLAIMS.loc[CLAIMS["outside_value"].notna(), "claim_id"], "that should not be there"),
           (lambda: DEV_TRADE.loc[DEV_TRADE["outside_value"].isna(), "claim_id"], "3 of the expected claims are missing"),
           (lambda: DEV_TRADE["outside_value"].dropna(), "3 of the expected claims are missing"),
           (lambda: WITH_OUTSIDE.iloc[0], "expects a collection")],
    "q4": [(lambda: EIGHTS.set_index("event_id")["source_id"], "is not right"),
           (lambda: EIGHTS.set_index("event_id")["date"], "is not right"),
           (lambda: EIGHTS.set_index("publisher")["event_id"], "3 of the expected events are missing"),
           (lambda: list(PUBLISHERS), "expects a Series or a dict")],
    "q5": [(lambda: BRI["quote"], "not the passage the question asks for"),
           (lambda: "zero-tariff treatment for 100 percent tariff lines", "not one whole sentence"),
           (lambda: "China has given all the least developed countries zero-tariff treatment.",
            "not in the text word for word")],
    "q6": [(lambda: RIGHT_Q6 | {"unit": "percent"}, "`unit`"),
           (lambda: RIGHT_Q6 | {"time": "in a named year"}, "is not right"),
           (lambda: RIGHT_Q6 | {"time": "2024"}, "is not one of the allowed values"),
           (lambda: RIGHT_Q6 | {"outside_value": BRI["value"]}, "too high"),
           (lambda: RIGHT_Q6 | {"evidence": TRADE_GROWTH["quote"]}, "`evidence`"),
           (lambda: RIGHT_Q6 | {"note": BRI["outside_note"]}, "has keys that were not asked for")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    return ([*WITH_OUTSIDE, *PUBLISHERS, ZERO_TARIFF, BRI["quote"], f"{BRI['outside_value']:g}", BRI["unit"]]
            + [f"{theme}: {count}" for theme, count in PER_THEME.items()])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex04.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex04.q8)
