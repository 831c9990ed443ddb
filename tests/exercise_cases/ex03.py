"""Exercise 03's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt

from shared_future import data, text
from shared_future.checks import ex03

from . import bar_axes, pooled_cases, written_cases

EVENTS = data.load("events")
CLAIMS = data.load("claims")
PARAGRAPHS = data.load("paragraphs")
NAMED = data.load("mentions").merge(data.load("actors"), on="actor_id")
WANG_NAMED = NAMED[NAMED["doc_id"] == "wang_yi_2025"]
WANG_TEXT = PARAGRAPHS.loc[PARAGRAPHS["doc_id"] == "wang_yi_2025", "text"]

PARAGRAPH_2 = EVENTS[(EVENTS["doc_id"] == "wang_yi_2025") & (EVENTS["para_no"] == 2)]
HOME = PARAGRAPH_2.loc[PARAGRAPH_2["place"].str.contains("China"), "event_id"]
OVERSEAS = PARAGRAPH_2.loc[~PARAGRAPH_2["place"].str.contains("China"), "event_id"]
PER_REGION = WANG_NAMED.groupby("region")["count"].sum()
OUTSIDE_CHINA = PER_REGION.drop("China")
PARTNERS = WANG_NAMED[WANG_NAMED["region"] != "China"].groupby("name")["count"].sum()
TOP = PARTNERS.sort_values(ascending=False)
EIGHT = next(s for p in WANG_TEXT for s in text.sentences(p) if "announced eight measures" in s)
PUTIN_CLAIM = CLAIMS[(CLAIMS["doc_id"] == "wang_yi_2025") & CLAIMS["quote"].str.contains("Putin")].iloc[0]
PUTIN_MEETINGS = EVENTS[(EVENTS["kind"] == "meeting") & EVENTS["title"].str.contains("Putin")]
PUTIN_SENTENCE = next(s for p in WANG_TEXT for s in text.sentences(p) if "Putin" in s)
RIGHT_Q6 = {"stated": PUTIN_CLAIM["value"], "in_events": len(PUTIN_MEETINGS), "dates_from": "outside source",
            "evidence": PUTIN_CLAIM["quote"]}


def regions_chart(counts, *, horizontal=False):
    return bar_axes(counts, horizontal=horizontal, title="Names per region", xlabel="region", ylabel="times named")


def matplotlib_bars(counts):
    _fig, ax = plt.subplots()
    ax.bar(list(counts.index), list(counts))
    ax.set(title="Names per region", xlabel="region", ylabel="times named")
    return ax


OTHER_FORMS = {
    "q1": [lambda: HOME, lambda: set(HOME), lambda: list(HOME)[::-1],
           lambda: PARAGRAPH_2[PARAGRAPH_2["place"].str.endswith("China")][["event_id"]]],
    "q2": [lambda: PER_REGION.to_dict(), lambda: PER_REGION.astype(float).sort_values(),
           lambda: WANG_NAMED.groupby("region", as_index=False)["count"].sum(),
           lambda: WANG_NAMED.pivot_table(index="region", values="count", aggfunc="sum")],
    "q3": [lambda: [TOP.index[0], float(TOP.iloc[0])], lambda: {"name": TOP.index[0].upper(), "times": TOP.iloc[0]},
           lambda: TOP.reset_index().rename(columns={"count": "times"}).iloc[0]],
    "q4": [lambda: regions_chart(OUTSIDE_CHINA), lambda: regions_chart(OUTSIDE_CHINA.sort_values(), horizontal=True).figure,
           lambda: matplotlib_bars(OUTSIDE_CHINA)],
    "q5": [lambda: EIGHT.replace("’", "'") + " ", lambda: "  ".join(EIGHT.split(" "))],
    "q6": [lambda: RIGHT_Q6 | {"stated": int(PUTIN_CLAIM["value"]), "in_events": float(len(PUTIN_MEETINGS))},
           lambda: RIGHT_Q6 | {"dates_from": " Outside Source", "evidence": PUTIN_SENTENCE},
           lambda: RIGHT_Q6 | {"evidence": "General Secretary Xi Jinping met with Russian President Putin three times"}],
}

WRONG_ANSWERS = {
    "q1": [(lambda: OVERSEAS, "3 of the expected events are missing"),
           (lambda: PARAGRAPH_2["event_id"], "it includes 4 that should not be there"),
           (lambda: list(HOME) + [list(HOME)[0]], "more than once"),
           (lambda: ", ".join(HOME), "expects a collection")],
    "q2": [(lambda: WANG_NAMED.groupby("region")["count"].size(), "too low"),
           (lambda: NAMED.groupby("region")["count"].sum(), "too high"),
           (lambda: OUTSIDE_CHINA, "1 of the expected regions is missing"),
           (lambda: list(PER_REGION), "expects a Series or a dict")],
    "q3": [(lambda: (TOP.index[1], TOP.iloc[0]), "`name`"),
           (lambda: (TOP.index[0], NAMED[NAMED["name"] == TOP.index[0]]["count"].sum()), "too high"),
           (lambda: ("China", WANG_NAMED[WANG_NAMED["name"] == "China"]["count"].sum()), "is not right"),
           (lambda: TOP.index[0], "expects a tuple (name, times)")],
    "q4": [(lambda: regions_chart(PER_REGION), "it includes 1 that should not be there"),
           (lambda: regions_chart(WANG_NAMED[WANG_NAMED["region"] != "China"].groupby("region").size()), "the bar for"),
           (lambda: OUTSIDE_CHINA.plot.barh(), "the chart has no title"),
           (lambda: OUTSIDE_CHINA, "expects a matplotlib Axes")],
    "q5": [(lambda: PUTIN_SENTENCE, "not the passage the question asks for"),
           (lambda: "announced eight measures in support of Global South cooperation", "not one whole sentence"),
           (lambda: "Xi Jinping announced eight measures in support of Global South cooperation.",
            "not in the text word for word")],
    "q6": [(lambda: RIGHT_Q6 | {"stated": PUTIN_CLAIM["value"] + 1}, "`stated`"),
           (lambda: RIGHT_Q6 | {"in_events": len(EVENTS[EVENTS["kind"] == "meeting"])}, "`in_events`"),
           (lambda: RIGHT_Q6 | {"dates_from": "text"}, "is not right"),
           (lambda: RIGHT_Q6 | {"dates_from": "Xinhua"}, "is not one of the allowed values"),
           (lambda: RIGHT_Q6 | {"evidence": "met with Russian President Putin"}, "quote at least 8"),
           (lambda: RIGHT_Q6 | {"evidence": EIGHT}, "not the passage the question asks for"),
           (lambda: [RIGHT_Q6["stated"], RIGHT_Q6["in_events"]], "expects a dict")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    # Not the partner's name alone: "Africa" is also a region, and Q4's messages name regions.
    return ([*HOME, EIGHT, PUTIN_SENTENCE, f"{TOP.index[0]} ({int(TOP.iloc[0])})", str(int(PER_REGION["China"]))]
            + [f"{region}: {count}" for region, count in PER_REGION.items()])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q8"] = [lambda: ["A", "B"], lambda: "BA", lambda: ("b", "a")]
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
WRONG_ANSWERS["q8"] = [(lambda: ["A", "B", "C"], "not the right set of choices"),
                       (lambda: ["B"], "not the right set of choices"),
                       (lambda: {"A": True}, "expects the letters of your choice")]
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex03.q7)
OTHER_FORMS["q10"], WRONG_ANSWERS["q10"] = pooled_cases(ex03.q10)
OTHER_FORMS["q11"], WRONG_ANSWERS["q11"] = pooled_cases(ex03.q11)
