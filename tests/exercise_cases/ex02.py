"""Exercise 02's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import matplotlib.pyplot as plt

from shared_future import data, text
from shared_future.checks import ex02

from . import bar_axes, pooled_cases, written_cases

EVENTS = data.load("events")
CONCEPTS = data.load("concepts")
LINKS = data.load("concept_links")
PARAGRAPHS = data.load("paragraphs")
WANG = PARAGRAPHS[PARAGRAPHS["doc_id"] == "wang_yi_2025"]
WANG_EVENTS = EVENTS[EVENTS["doc_id"] == "wang_yi_2025"]

P14_EVENTS = WANG_EVENTS[WANG_EVENTS["para_no"] == 14].sort_values("date")
OF_2024 = WANG_EVENTS[WANG_EVENTS["date"].str.startswith("2024")]
KINDS_2024 = OF_2024["kind"].value_counts()
PILLAR_IDS = LINKS.loc[(LINKS["target"] == "scientific_system") & (LINKS["relation"] == "part_of"), "source"]
ROLES = LINKS[LINKS["source"].isin(PILLAR_IDS) & (LINKS["target"] == "community_shared_future")]
PILLARS = ROLES.merge(CONCEPTS, left_on="source", right_on="concept_id")
PILLAR_NAMES = PILLARS.set_index("relation")["name"]
PER_YEAR = EVENTS["date"].str.slice(0, 4).value_counts().sort_index()
P14 = WANG.set_index("para_no").loc[14, "text"]
PATHWAY = next(s for s in text.sentences(P14) if "clarified the pathway" in s)
SIX_PILLARS = next(s for s in text.sentences(P14) if "platform for action" in s)
LIFE = CONCEPTS.set_index("concept_id").loc["life_community"]
LIFE_SENTENCE = next(s for p in WANG["text"] for s in text.sentences(p) if LIFE["name"] in s)
RIGHT_Q6 = {"level": "global", "first_year": int(LIFE["first_year"]), "year_from": "outside source",
            "evidence": LIFE_SENTENCE}


def events_chart(counts, *, horizontal=False):
    return bar_axes(counts, horizontal=horizontal, title="Events per year", xlabel="year", ylabel="events")


def matplotlib_bars(counts):
    """Bars drawn with `ax.bar` from integer years made text, as a learner might."""
    _fig, ax = plt.subplots()
    ax.bar([str(year) for year in counts.index], counts.to_numpy())
    ax.set(title="Events per year", xlabel="year", ylabel="events")
    return ax


OTHER_FORMS = {
    "q1": [lambda: P14_EVENTS["event_id"], lambda: tuple(P14_EVENTS["event_id"]),
           lambda: EVENTS.query("doc_id == 'wang_yi_2025' and para_no == 14").sort_values("date")[["event_id"]],
           lambda: P14_EVENTS.set_index("event_id").index],
    "q2": [lambda: KINDS_2024.to_dict(), lambda: OF_2024.groupby("kind").size(),
           lambda: OF_2024.groupby("kind", as_index=False)["event_id"].count(),
           lambda: KINDS_2024.astype(float).sort_index()],
    "q3": [lambda: PILLAR_NAMES.to_dict(), lambda: PILLARS[["relation", "name"]],
           lambda: {relation: f"  {name.upper()} " for relation, name in PILLAR_NAMES.items()},
           lambda: PILLAR_NAMES.sort_index()],
    "q4": [lambda: events_chart(PER_YEAR), lambda: events_chart(PER_YEAR.sort_values(), horizontal=True).figure,
           lambda: matplotlib_bars(EVENTS["date"].str[:4].astype(int).value_counts())],
    "q5": [lambda: " " + PATHWAY.replace(",", ", ", 1).replace(", ", ",  ", 1) + "  ", lambda: PATHWAY],
    "q6": [lambda: RIGHT_Q6 | {"level": "Global ", "first_year": float(LIFE["first_year"]), "year_from": "Outside source"},
           lambda: {"evidence": LIFE_SENTENCE.replace("’", "'"), "year_from": "outside  source",
                    "first_year": LIFE["first_year"], "level": "global"}],
}

WRONG_ANSWERS = {
    "q1": [(lambda: list(P14_EVENTS["event_id"])[::-1], "in the wrong order"),
           (lambda: WANG_EVENTS[WANG_EVENTS["para_no"].isin([1, 14])].sort_values("date")["event_id"],
            "includes 1 that should not be there"),
           (lambda: list(P14_EVENTS["date"]), "3 of the expected events are missing"),
           (lambda: P14_EVENTS["event_id"].iloc[0], "expects a collection")],
    "q2": [(lambda: EVENTS[EVENTS["date"].str.startswith("2024")]["kind"].value_counts(), "should not be there"),
           (lambda: OF_2024.groupby("kind")["para_no"].sum(), "too high"),
           (lambda: WANG_EVENTS[WANG_EVENTS["date"].str.startswith("2025")]["kind"].value_counts(), "are missing"),
           (lambda: list(KINDS_2024), "expects a Series or a dict")],
    "q3": [(lambda: PILLARS.set_index("relation")["source"], "`name`s, not ids"),
           (lambda: PILLARS.set_index("source")["name"], "6 of the expected relations are missing"),
           (lambda: PILLAR_NAMES.drop("goal_of"), "1 of the expected relations is missing"),
           (lambda: list(PILLAR_NAMES), "expects a Series or a dict")],
    "q4": [(lambda: events_chart(WANG_EVENTS["date"].str.slice(0, 4).value_counts()), "the bar for"),
           (lambda: PER_YEAR.plot.bar(), "the chart has no title"),
           (lambda: events_chart(EVENTS["date"].str.slice(0, 7).value_counts()), "of the expected years are missing"),
           (lambda: PER_YEAR, "expects a matplotlib Axes")],
    "q5": [(lambda: SIX_PILLARS, "not the passage the question asks for"),
           (lambda: "he clarified the pathway for realizing a community with a shared future for mankind.",
            "not one whole sentence"),
           (lambda: "In 2015, Xi Jinping clarified the pathway for realizing a community with a shared future.",
            "not in the text word for word")],
    "q6": [(lambda: RIGHT_Q6 | {"level": "bilateral"}, "`level`"),
           (lambda: RIGHT_Q6 | {"level": "world"}, "is not one of the allowed values"),
           (lambda: RIGHT_Q6 | {"year_from": "text"}, "`year_from`"),
           (lambda: RIGHT_Q6 | {"first_year": 2013}, "too low"),
           (lambda: RIGHT_Q6 | {"evidence": SIX_PILLARS}, "not the passage the question asks for"),
           (lambda: {k: v for k, v in RIGHT_Q6.items() if k != "evidence"}, "has no key 'evidence'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    return ([*P14_EVENTS["event_id"], *PILLAR_NAMES, PATHWAY, LIFE_SENTENCE, str(int(LIFE["first_year"])),
             str(int(PER_YEAR.max())), str(len(OF_2024))]
            + [f"{kind}: {count}" for kind, count in KINDS_2024.items()])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex02.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex02.q8)
