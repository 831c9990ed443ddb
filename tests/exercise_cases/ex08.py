"""Exercise 08's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from shared_future import data
from shared_future.checks import ex08

from . import bar_axes, pooled_cases, written_cases

CLAIMS = data.load("claims")
SOURCES = data.load("sources")
PARAGRAPHS = data.load("paragraphs").set_index(["doc_id", "para_no"])
BY_KIND = CLAIMS["statement_kind"].value_counts()
EVENTS_BY_THEME = pd.crosstab(CLAIMS["theme"], CLAIMS["statement_kind"])["event"]
TOP_EVENT_THEME = EVENTS_BY_THEME.idxmax()
OTHER_THEME = EVENTS_BY_THEME.drop(TOP_EVENT_THEME).idxmax()
WITH_OUTSIDE = CLAIMS[CLAIMS["outside_note"].notna()]
PER_THEME = WITH_OUTSIDE["theme"].value_counts()
BOTH = CLAIMS.dropna(subset=["value", "outside_value"]).set_index("claim_id")
SAME = BOTH[BOTH["comparable"] == "same_measure"]
GAP = (SAME["outside_value"] - SAME["value"]) / SAME["value"] * 100
MARKED = (SOURCES["publisher"].str.contains("reprint", case=False, na=False)
          | SOURCES["note"].str.contains("reprint", case=False, na=False))
REPRINTS = SOURCES.loc[MARKED, "source_id"]
BY_PUBLISHER = SOURCES.loc[SOURCES["publisher"].str.contains("reprint", case=False, na=False), "source_id"]
ABOVE = BOTH[BOTH["outside_value"] > BOTH["value"]]
BELOW = BOTH[BOTH["outside_value"] < BOTH["value"]]
NO_OUTSIDE = CLAIMS[CLAIMS["outside_note"].isna()].iloc[0]


def paragraph_of(claim):
    return PARAGRAPHS.loc[(claim["doc_id"], int(claim["para_no"])), "text"]


def answer6(claim_id, **changes):
    claim = BOTH.loc[claim_id]
    return {"claim_id": claim_id, "kind": claim["statement_kind"], "outside": claim["outside_value"],
            "quote": claim["quote"]} | changes


def theme_chart_by_hand():
    _fig, ax = plt.subplots()
    ax.barh(list(PER_THEME.index), PER_THEME.to_numpy())
    ax.set(title="outside figures", xlabel="statements", ylabel="theme")
    return ax


OTHER_FORMS = {
    "q1": [lambda: BY_KIND.to_dict(), lambda: BY_KIND.sort_index().astype(float),
           lambda: CLAIMS.groupby("statement_kind")["claim_id"].count(),
           lambda: BY_KIND.rename_axis("kind").reset_index(name="n")],
    "q2": [lambda: TOP_EVENT_THEME.upper(), lambda: pd.Series([TOP_EVENT_THEME]), lambda: f" {TOP_EVENT_THEME} "],
    "q3": [lambda: bar_axes(PER_THEME, title="t", xlabel="theme", ylabel="statements"),
           lambda: theme_chart_by_hand().figure,
           lambda: bar_axes(PER_THEME.sort_index(), horizontal=True)],
    "q4": [lambda: GAP.round(1).to_dict(), lambda: GAP.sort_values(),
           lambda: GAP.rename_axis("claim_id").reset_index(name="gap_percent")],
    "q5": [lambda: set(REPRINTS), lambda: REPRINTS[::-1], lambda: pd.Index(REPRINTS), lambda: SOURCES[MARKED][["source_id"]]],
    "q6": [lambda claim_id=claim_id: answer6(claim_id) for claim_id in ABOVE.index]
          + [lambda: answer6(ABOVE.index[0], kind=ABOVE.iloc[0]["statement_kind"].upper(),
                             outside=int(ABOVE.iloc[0]["outside_value"]), quote=paragraph_of(ABOVE.iloc[0]))],
}

WRONG_ANSWERS = {
    "q1": [(lambda: BY_KIND.drop(BY_KIND.index[-1]), "1 of the expected kinds is missing"),
           (lambda: CLAIMS["theme"].value_counts(), "should not be there"),
           (lambda: BY_KIND / len(CLAIMS), "too low"),
           (lambda: list(BY_KIND), "expects a Series or a dict")],
    "q2": [(lambda: OTHER_THEME, "is not right"), (lambda: EVENTS_BY_THEME.max(), "expects text"),
           (lambda: EVENTS_BY_THEME, "expects text")],
    "q3": [(lambda: bar_axes(CLAIMS["theme"].value_counts()), "should not be there"),
           (lambda: bar_axes(PER_THEME + 1), "the bar for"),
           (lambda: PER_THEME.plot.bar(), "the chart has no title"),
           (lambda: PER_THEME, "expects a matplotlib Axes")],
    "q4": [(lambda: (SAME["outside_value"] - SAME["value"]) / SAME["outside_value"] * 100, "is wrong"),
           (lambda: SAME["outside_value"] - SAME["value"], "is wrong"),
           (lambda: (BOTH["outside_value"] - BOTH["value"]) / BOTH["value"] * 100, "should not be there"),
           (lambda: GAP.drop(GAP.index[0]), "1 of the expected statements is missing"),
           (lambda: list(GAP), "expects a Series or a dict")],
    "q5": [(lambda: list(BY_PUBLISHER), "missing"),
           (lambda: list(REPRINTS) + [SOURCES.loc[~MARKED, "source_id"].iloc[0]], "should not be there"),
           (lambda: list(REPRINTS) + [REPRINTS.iloc[0]], "more than once"),
           (lambda: ", ".join(REPRINTS), "expects a collection")],
    "q6": [(lambda: answer6(BELOW.index[0]), "`claim_id`: the outside figure of"),
           (lambda: answer6(ABOVE.index[0]) | {"claim_id": NO_OUTSIDE["claim_id"]}, "has no outside figure"),
           (lambda: answer6(ABOVE.index[0]) | {"claim_id": "zz99"}, "there is no statement"),
           (lambda: answer6(ABOVE.index[0], kind="statistic"),
            "is not one of the allowed values ('figure', 'event', 'aspiration', 'value')"),
           (lambda: answer6(ABOVE.index[0], kind=next(k for k in ("figure", "value")
                                                     if k != ABOVE.iloc[0]["statement_kind"])), "`kind`"),
           (lambda: answer6(ABOVE.index[0], outside=ABOVE.iloc[0]["value"]), "`outside`: "),
           (lambda: answer6(ABOVE.index[0], quote=ABOVE.iloc[0]["quote"].replace(str(int(ABOVE.iloc[0]["value"])), "many")),
            "not in the text word for word"),
           (lambda: answer6(ABOVE.index[0], quote=next(s for s in paragraph_of(ABOVE.iloc[0]).split(". ")
                                                        if str(int(ABOVE.iloc[0]["value"])) not in s
                                                        and len(s.split()) >= 5)),
            "does not contain the stated number"),
           (lambda: {k: v for k, v in answer6(ABOVE.index[0]).items() if k != "outside"}, "has no key 'outside'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    numbers = [n for n in [*BY_KIND, *PER_THEME] if n >= 7]  # small counts also describe answers
    return ([str(n) for n in numbers] + [f"'{TOP_EVENT_THEME}'"] + [f"{g:.1f}" for g in GAP if abs(g) >= 1]
            + [f"{v:g}" for v in ABOVE["outside_value"]] + [f"'{c}'" for c in ABOVE.index])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex08.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex08.q8)
