"""What the class did not understand: per concept, the share of answers that were right.

Each understanding question's check cell may name the concept(s) it tests in its metadata
(`{"shared_future": {..., "concepts": ["community_shared_future"]}}`, ids from `data/concepts.csv`),
stored with the question in the gradebook. This report counts, per concept, the auto-graded
answers to its questions and how many were right, lowest share first, so that the first rows
are what to teach again: `concepts.csv`, `concepts.png` (a bar per concept) and `concepts.html`
(both, for the browser). An exercise whose questions name no concept gets a page that says so;
an id that is not in `data/concepts.csv` is listed with its name marked unknown, not dropped.
"""
from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .. import data
from ..charts import PALETTE

COLUMNS = ["concept_id", "name", "questions", "answers", "right", "share_right"]
UNKNOWN = "(not in data/concepts.csv)"


def concept_names() -> dict[str, str]:
    return dict(pd.read_csv(data.DATA_DIR / "concepts.csv", usecols=["concept_id", "name"]).itertuples(index=False))


def table(db: sqlite3.Connection, number: str, book: pd.DataFrame) -> pd.DataFrame:
    """A row per concept named by the exercise's questions: its questions, answers, right answers and the share right (%)."""
    tested = {qid: json.loads(ids) for qid, ids in db.execute(
        "SELECT question, concepts FROM questions WHERE exercise = ? AND kind = 'auto' ORDER BY position", (number,))}
    names, rows = concept_names(), []
    for concept in dict.fromkeys(c for ids in tested.values() for c in ids):
        qids = [qid for qid, ids in tested.items() if concept in ids]
        answers = book[book["question"].isin(qids)]
        right = int(answers["passed"].sum())
        rows.append({"concept_id": concept, "name": names.get(concept, UNKNOWN), "questions": " ".join(q.upper() for q in qids),
                     "answers": len(answers), "right": right,
                     "share_right": round(100 * right / len(answers), 1) if len(answers) else float("nan")})
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("share_right", kind="stable").reset_index(drop=True)


def chart(concepts: pd.DataFrame, number: str, path: Path) -> None:
    """A horizontal bar per concept (lowest share at the top), or a chart that says no question names a concept."""
    figure = Figure(figsize=(8, 1.5 + 0.45 * max(1, len(concepts))), layout="constrained")
    ax = figure.add_subplot()
    if concepts.empty:
        ax.text(0.5, 0.5, f"No question of exercise {number} names a concept", ha="center", va="center")
        ax.set_axis_off()
    else:
        shown = concepts.iloc[::-1]
        bars = ax.barh(shown["name"].str.slice(0, 50), shown["share_right"], color=PALETTE[0])
        ax.bar_label(bars, labels=[f"{s:.0f}% of {a}" for s, a in zip(shown["share_right"], shown["answers"])], padding=2)
        ax.set_xlim(0, 115)
        ax.set_xlabel("answers that were right (%)")
        ax.set_title(f"Exercise {number}: answers right, per concept tested")
    figure.savefig(path, dpi=120)


def page(concepts: pd.DataFrame, number: str) -> str:
    title = f"Exercise {html.escape(number)}: what the class understood, per concept"
    if concepts.empty:
        body = ("<p>No question of this exercise names a concept yet: a check cell names its concepts in its metadata, "
                "<code>\"concepts\": [\"concept_id\", ...]</code>, with ids from <code>data/concepts.csv</code>.</p>")
    else:
        rows = "\n".join(f"<tr><td>{html.escape(r.name)}</td><td><code>{html.escape(r.concept_id)}</code></td>"
                         f"<td>{html.escape(r.questions)}</td><td>{r.right} of {r.answers}</td><td>{r.share_right:.0f}%</td></tr>"
                         for r in concepts.itertuples())
        body = ("<p>Lowest share first: the first rows are what to teach again.</p><table><thead><tr><th>concept</th><th>id</th>"
                f"<th>questions</th><th>answers right</th><th>share</th></tr></thead><tbody>\n{rows}\n</tbody></table>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.3em .6em;"
            "border-bottom:1px solid #ccc;text-align:left}</style></head><body>"
            f"<h1>{title}</h1>{body}<img src=\"concepts.png\" alt=\"A bar per concept: the share of answers that were right\">"
            "</body></html>\n")


def write(db: sqlite3.Connection, number: str, book: pd.DataFrame, out: Path) -> pd.DataFrame:
    """`concepts.csv`, `concepts.png` and `concepts.html` in `out`; returns the table."""
    concepts = table(db, number, book)
    concepts.to_csv(out / "concepts.csv", index=False)
    chart(concepts, number, out / "concepts.png")
    (out / "concepts.html").write_text(page(concepts, number), encoding="utf-8")
    return concepts
