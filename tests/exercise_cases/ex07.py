"""Exercise 07's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd

from shared_future import data, text
from shared_future.checks import ex07

from . import bar_axes, pooled_cases, written_cases

PARAGRAPHS = data.load("paragraphs")
HE = PARAGRAPHS[PARAGRAPHS["doc_id"] == "he_yin_2025"]
WANG = PARAGRAPHS[PARAGRAPHS["doc_id"] == "wang_yi_2025"]
HE_CONTENT = Counter(t for p in HE["text"] for t in text.tokens(p) if t not in text.STOPWORDS)
TOP5 = pd.Series(dict(HE_CONTENT.most_common(5)))
ROWS = PARAGRAPHS.assign(token=PARAGRAPHS["text"].map(text.tokens)).explode("token")
BY_DOC = pd.crosstab(ROWS["token"], ROWS["doc_id"])
PER_1000 = BY_DOC / BY_DOC.sum() * 1000
FRIENDSHIP = PER_1000.loc["friendship"]
WANG_ROWS = ROWS[ROWS["doc_id"] == "wang_yi_2025"]
BY_SECTION = pd.crosstab(WANG_ROWS["token"], WANG_ROWS["section"])
COMMUNITY = (BY_SECTION / BY_SECTION.sum() * 1000).loc["community"]
SURE_WAY = next(s for p in HE["text"] for s in text.sentences(p) if "win-win" in s and "sure way" in s)
OTHER_WIN_WIN = next(s for p in HE["text"] for s in text.sentences(p) if "win-win" in s and "sure way" not in s)
NAMED = data.load("mentions").groupby(["doc_id", "para_no"])["actor_id"].agg(set)
BOTH = sum({"china", "xi_jinping"} <= actors for actors in NAMED)
XI_ONLY = sum("xi_jinping" in actors for actors in NAMED)
WATCH = ["friendship", "cooperation", "community", "development", "global", "civilizations", "mankind", "world"]
RATES = PER_1000.loc[WATCH]
WANG_FAVOURS = list(RATES.index[RATES["wang_yi_2025"] > RATES["he_yin_2025"]])
HE_FAVOURS = list(RATES.index[RATES["wang_yi_2025"] <= RATES["he_yin_2025"]])


def sentence_with(word, doc=WANG, skip=0):
    return [s for p in doc["text"] for s in text.sentences(p) if word in s.lower()][skip]


def favoured(word, *, rate=None, sentence=None):
    return {"word": word, "wang_yi_per_1000": RATES.loc[word, "wang_yi_2025"] if rate is None else rate,
            "sentence": sentence_with(word) if sentence is None else sentence}


def section_chart_by_hand():
    _fig, ax = plt.subplots()
    ax.barh(list(COMMUNITY.index)[::-1], COMMUNITY.to_numpy()[::-1])
    ax.set(title="community per section", xlabel="per 1,000 words", ylabel="section")
    return ax


OTHER_FORMS = {
    "q1": [lambda: TOP5.to_dict(), lambda: dict(HE_CONTENT.most_common(5)),
           lambda: TOP5.sort_index().astype(float),
           lambda: TOP5.rename_axis("token").reset_index(name="count")],
    "q2": [lambda: FRIENDSHIP.round(1).to_dict(), lambda: FRIENDSHIP[::-1],
           lambda: {doc: int(BY_DOC.loc["friendship", doc]) / words * 1000  # words from the `words` column
                    for doc, words in PARAGRAPHS.groupby("doc_id")["words"].sum().items()},
           lambda: PER_1000.loc[["friendship"]].T],
    "q3": [lambda: bar_axes(COMMUNITY, title="community", xlabel="section", ylabel="per 1,000 words"),
           lambda: section_chart_by_hand().figure,
           lambda: bar_axes(COMMUNITY.sort_values(), horizontal=True)],
    "q4": [lambda: "  " + SURE_WAY.replace("-", "–") + " ", lambda: SURE_WAY.replace(" ", "  ")],
    "q5": [lambda: float(BOTH), lambda: pd.Series([BOTH])],
    "q6": [lambda word=word: favoured(word) for word in WANG_FAVOURS]
          + [lambda: favoured(WANG_FAVOURS[-1].upper(), rate=round(RATES.loc[WANG_FAVOURS[-1], "wang_yi_2025"], 1),
                              sentence=sentence_with(WANG_FAVOURS[-1], skip=1))],
}

WRONG_ANSWERS = {
    "q1": [(lambda: dict(Counter(t for p in HE["text"] for t in text.tokens(p)).most_common(5)), "missing"),
           (lambda: dict(HE_CONTENT.most_common(6)), "should not be there"),
           (lambda: TOP5 + 1, "too high"),
           (lambda: list(TOP5.index), "expects a Series or a dict")],
    "q2": [(lambda: (BY_DOC.loc["friendship"] / BY_DOC.sum() * 100), "too low"),
           (lambda: pd.DataFrame(text.kwic(data.corpus_paragraphs(), "friendship"))["doc_id"].value_counts()
            / PARAGRAPHS.groupby("doc_id")["words"].sum() * 1000, "too high"),
           (lambda: {"he_yin_2025": FRIENDSHIP["he_yin_2025"]}, "1 of the expected texts is missing"),
           (lambda: FRIENDSHIP["he_yin_2025"], "expects a Series or a dict")],
    "q3": [(lambda: bar_axes(BY_SECTION.loc["community"]), "the bar for"),
           (lambda: bar_axes(COMMUNITY.round(1)), "the bar for"),
           (lambda: COMMUNITY.plot.bar(), "the chart has no title"),
           (lambda: COMMUNITY, "expects a matplotlib Axes")],
    "q4": [(lambda: OTHER_WIN_WIN, "not the passage the question asks for"),
           (lambda: "win-win cooperation is the sure way to success", "not one whole sentence"),
           (lambda: "Win-win cooperation is the sure way to success.", "not in the text word for word")],
    "q5": [(lambda: XI_ONLY, "too high"), (lambda: BOTH - 1, "too low"),
           (lambda: [BOTH], "expects a number, got a list")],
    "q6": [(lambda: favoured(HE_FAVOURS[0], rate=RATES.loc[HE_FAVOURS[0], "wang_yi_2025"],
                             sentence=sentence_with(HE_FAVOURS[0])), "`word`: He Yin uses"),
           (lambda: favoured(WANG_FAVOURS[0]) | {"word": "peace"}, "not one of the eight words"),
           (lambda: favoured(WANG_FAVOURS[0], rate=RATES.loc[WANG_FAVOURS[0], "he_yin_2025"]), "`wang_yi_per_1000`"),
           (lambda: favoured(WANG_FAVOURS[0], sentence=sentence_with(WANG_FAVOURS[1])), "not the passage"),
           (lambda: favoured(WANG_FAVOURS[0], sentence=sentence_with(WANG_FAVOURS[0], doc=HE)), "not in the text word"),
           (lambda: {"word": WANG_FAVOURS[0], "sentence": sentence_with(WANG_FAVOURS[0])}, "has no key 'wang_yi_per_1000'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    rates = [*FRIENDSHIP, *COMMUNITY, *RATES["wang_yi_2025"]]
    return ([f"{r:.6g}" for r in rates] + [f"{r:.2f}" for r in rates] + [str(int(n)) for n in TOP5 if n >= 10]
            + [SURE_WAY] + [f"'{w}'" for w in WANG_FAVOURS])

# --- understanding and written -------------------------------------------------------------------

OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex07.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex07.q8)
OTHER_FORMS["q10"], WRONG_ANSWERS["q10"] = pooled_cases(ex07.q10)
OTHER_FORMS["q11"], WRONG_ANSWERS["q11"] = pooled_cases(ex07.q11)
