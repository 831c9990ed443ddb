"""Rebuild the derived tables from the corpus: `python -m shared_future.build`.

paragraphs.csv, mentions.csv and the `words` / `paragraphs` columns of documents.csv are
computed, not typed by hand, so that a change to the paragraph or word rules (text.py) or to an
actor's aliases (actors.csv) reaches every table at once. `--check` reports tables that differ
from a rebuild without writing anything (a test runs the same comparison).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from . import text
from .data import DATA_DIR, _read_raw, corpus_paragraphs


def build_paragraphs(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """One row per paragraph of the corpus, with its section and word count."""
    rows = [
        {"doc_id": p.doc_id, "para_no": p.para_no, "section": p.section,
         "words": len(text.words(p.text)), "text": p.text}
        for p in corpus_paragraphs(data_dir)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "para_no", "section", "words", "text"])


def build_documents(paragraphs: pd.DataFrame, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """documents.csv with its `words` and `paragraphs` columns recounted from the paragraphs."""
    documents = _read_raw("documents", data_dir)
    totals = paragraphs.groupby("doc_id").agg(words=("words", "sum"), paragraphs=("para_no", "count"))
    documents["words"] = documents["doc_id"].map(totals["words"]).astype(int).astype(str)
    documents["paragraphs"] = documents["doc_id"].map(totals["paragraphs"]).astype(int).astype(str)
    return documents


def alias_patterns(actors: pd.DataFrame) -> list[tuple[list[str], re.Pattern]]:
    """(actor_ids, pattern) for every alias, longest alias first.

    Longest first, and a span once matched is not matched again, so "South Africa" is not also
    a mention of "Africa", nor "Central Asia" of "Asia". A hyphen before an alias blocks it, so
    a compound names two actors only where both list it: "China-Africa" is an alias of China
    and of Africa, and one match credits every actor that lists the alias.
    """
    owners: dict[str, list[str]] = {}
    for row in actors.itertuples():
        for alias in filter(None, row.aliases.split("|")):
            owners.setdefault(alias, []).append(row.actor_id)
    ordered = sorted(owners, key=len, reverse=True)
    return [(owners[alias], re.compile(rf"(?<![\w-]){re.escape(alias)}(?!\w)")) for alias in ordered]


def build_mentions(paragraphs: pd.DataFrame, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """One row per actor named in a paragraph, with how often and the first sentence naming it."""
    patterns = alias_patterns(_read_raw("actors", data_dir))
    rows = []
    for para in paragraphs.itertuples():
        covered = [False] * len(para.text)
        found: dict[str, list[int]] = {}
        for actor_ids, pattern in patterns:
            for m in pattern.finditer(para.text):
                if any(covered[m.start():m.end()]):
                    continue
                covered[m.start():m.end()] = [True] * (m.end() - m.start())
                for actor_id in actor_ids:
                    found.setdefault(actor_id, []).append(m.start())
        sentence_starts = _sentence_offsets(para.text)
        for actor_id, starts in found.items():
            first = min(starts)
            sentence = next(s for start, s in reversed(sentence_starts) if start <= first)
            rows.append({"actor_id": actor_id, "doc_id": para.doc_id, "para_no": para.para_no,
                         "count": len(starts), "quote": sentence})
    mentions = pd.DataFrame(rows, columns=["actor_id", "doc_id", "para_no", "count", "quote"])
    return mentions.sort_values(["doc_id", "para_no", "actor_id"], ignore_index=True)


def _sentence_offsets(paragraph: str) -> list[tuple[int, str]]:
    offsets, pos = [], 0
    for sentence in text.sentences(paragraph):
        pos = paragraph.index(sentence, pos)
        offsets.append((pos, sentence))
    return offsets


def build_all(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every derived table, as it should stand in data/."""
    paragraphs = build_paragraphs(data_dir)
    return {
        "paragraphs": paragraphs,
        "documents": build_documents(paragraphs, data_dir),
        "mentions": build_mentions(paragraphs, data_dir),
    }


def to_csv_text(frame: pd.DataFrame) -> str:
    """The exact CSV text a table is committed as (UTF-8, \\n line ends)."""
    return frame.to_csv(index=False, lineterminator="\n")


def stale_tables(data_dir: Path = DATA_DIR) -> list[str]:
    """Derived tables whose committed file differs from a rebuild."""
    stale = []
    for name, frame in build_all(data_dir).items():
        path = Path(data_dir) / f"{name}.csv"
        if not path.exists() or path.read_text(encoding="utf-8") != to_csv_text(frame):
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale tables, write nothing")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_tables(args.data_dir)
        for name in stale:
            print(f"data/{name}.csv differs from a rebuild: run python -m shared_future.build")
        return 1 if stale else 0
    for name, frame in build_all(args.data_dir).items():
        (args.data_dir / f"{name}.csv").write_text(to_csv_text(frame), encoding="utf-8")
        print(f"wrote data/{name}.csv ({len(frame)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
