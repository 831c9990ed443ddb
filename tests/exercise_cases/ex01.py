"""Exercise 01's test cases: right answers in other forms, wrong answers and what they must say."""
from __future__ import annotations

import pandas as pd

from shared_future import data, text
from shared_future.checks import ex01

from . import bar_axes, pooled_cases, written_cases


PARAGRAPHS = data.load("paragraphs")
WANG = PARAGRAPHS[PARAGRAPHS["doc_id"] == "wang_yi_2025"]
HE = PARAGRAPHS[PARAGRAPHS["doc_id"] == "he_yin_2025"]
PER_SECTION = WANG.groupby("section")["words"].sum()
LONGEST = PARAGRAPHS.loc[PARAGRAPHS["words"].idxmax()]
FIRST = WANG.set_index("para_no").loc[1, "text"]
DOCUMENT = data.load("documents").set_index("doc_id").loc["wang_yi_2025"]
XI_SENTENCES = [s for p in WANG["text"] for s in text.sentences(p) if "Xi Jinping" in s and len(text.words(s)) >= 8]


OTHER_FORMS = {
    "q1": [lambda: PER_SECTION.to_dict(), lambda: PARAGRAPHS.groupby("section")["words"].sum(),  # He Yin has no sections
           lambda: WANG.groupby("section", as_index=False)["words"].sum(),
           lambda: WANG.pivot_table(index="section", values="words", aggfunc="sum"),
           lambda: PER_SECTION.astype(float).sort_values()],
    "q2": [lambda: round(HE["words"].mean(), 1), lambda: float(HE["words"].sum()) / len(HE),
           lambda: HE[["words"]].mean()],
    "q3": [lambda: LONGEST, lambda: PARAGRAPHS.nlargest(1, "words"), lambda: [LONGEST["doc_id"], int(LONGEST["para_no"])],
           lambda: {"doc_id": LONGEST["doc_id"], "para_no": float(LONGEST["para_no"])}],
    "q4": [lambda: bar_axes(PER_SECTION), lambda: bar_axes(PER_SECTION.sort_values(), horizontal=True).figure],
    "q5": [lambda: "  " + next(s for s in text.sentences(FIRST) if "core concept" in s).replace("’", "'") + " "],
    "q6": [lambda quote=quote: {"author": DOCUMENT["author"].upper(), "outlet": f" {DOCUMENT['outlet']} ", "evidence": quote}
           for quote in XI_SENTENCES[:3]],
}

WRONG_ANSWERS = {
    "q1": [(lambda: WANG.groupby("section")["words"].mean(), "too low"),
           (lambda: WANG.groupby("section")["para_no"].count(), "too low"),
           (lambda: list(PER_SECTION), "expects a Series or a dict")],
    "q2": [(lambda: WANG["words"].mean(), "too high"), (lambda: HE["words"].median(), "too low"),
           (lambda: HE["words"], "expects a number, got a Series")],
    "q3": [(lambda: ("he_yin_2025", LONGEST["para_no"]), "`doc_id`"),
           (lambda: PARAGRAPHS.loc[PARAGRAPHS["words"].idxmin()], "is not right"),
           (lambda: LONGEST["para_no"], "expects a tuple (doc_id, para_no)")],
    "q4": [(lambda: bar_axes(WANG.groupby("section")["para_no"].count()), "the bar for"),
           (lambda: PER_SECTION.plot.bar(), "the chart has no title"),
           (lambda: PER_SECTION, "expects a matplotlib Axes")],
    "q5": [(lambda: text.sentences(FIRST)[1], "not the passage the question asks for"),
           (lambda: "the core concept of Xi Jinping Thought on Diplomacy", "not one whole sentence"),
           (lambda: "Building a community is the core concept of diplomacy.", "not in the text word for word")],
    "q6": [(lambda: {"author": "He Yin", "outlet": DOCUMENT["outlet"], "evidence": XI_SENTENCES[0]}, "`author`"),
           (lambda: {"author": DOCUMENT["author"], "outlet": DOCUMENT["outlet"], "evidence": "Xi Jinping said so."}, "`evidence`"),
           (lambda: {"author": DOCUMENT["author"], "outlet": DOCUMENT["outlet"], "evidence": text.sentences(FIRST)[1]},
            "not the passage"),
           (lambda: {"author": DOCUMENT["author"], "evidence": XI_SENTENCES[0]}, "has no key 'outlet'")],
}


def never_shown() -> list[str]:
    """What a message must never show: the answers themselves."""
    numbers = [*PER_SECTION.astype(int), int(LONGEST["words"])]
    return ([f"{n}" for n in numbers] + [f"{n:,}" for n in numbers] + [f"{HE['words'].mean():.1f}", "wang_yi_2025"]
            + [DOCUMENT["outlet"], next(s for s in text.sentences(FIRST) if "core concept" in s)])

# --- understanding and written -------------------------------------------------------------------
OTHER_FORMS["q9"], WRONG_ANSWERS["q9"] = written_cases()
OTHER_FORMS["q7"], WRONG_ANSWERS["q7"] = pooled_cases(ex01.q7)
OTHER_FORMS["q8"], WRONG_ANSWERS["q8"] = pooled_cases(ex01.q8)
OTHER_FORMS["q10"], WRONG_ANSWERS["q10"] = pooled_cases(ex01.q10)
