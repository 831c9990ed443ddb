"""What the instructor's kit may cite and quote, shared by the tests of its pages and of its model answers.

The kit (notes, syllabus, model answers) refers to the dataset as `[perspective pNN]`, `[source ID]`
and `[doc_id ¶N]`, and quotes in curly quotes only what the dataset holds as someone's words: the
texts' paragraphs, the quotes and summaries of perspectives, context and outcomes, an initiative's
founding quote, and a source's own words (the curly-quoted runs of its `note`, where the provenance
tests find those quotes). A reading or role (`formulations`, `bodies`) is the dataset's account, not
a source's words, so it is not quotable.
"""
from __future__ import annotations

import re
from functools import cache

from shared_future import data
from shared_future.text import quoted_runs

REFERENCE_RE = re.compile(r"\[(perspective|source) ([^\]]*)\]|\[(\w+_\d{4}) ¶([^\]]*)\]")
QUOTABLE_COLUMNS = {"paragraphs": ["text"], "perspectives": ["summary", "quote"], "context": ["summary"],
                    "outcomes": ["quote"], "initiatives": ["quote"]}


@cache
def dataset_quotations() -> tuple[str, ...]:
    """Every text of the dataset that a curly-quoted quotation in the kit may come from."""
    found = [str(value) for name, columns in QUOTABLE_COLUMNS.items() for column in columns
             for value in data.load(name)[column].dropna()]
    return tuple(found + [run for note in data.load("sources")["note"].dropna() for run in quoted_runs(note)])


@cache
def dataset_ids() -> dict[str, set]:
    return {"perspective": set(data.load("perspectives")["perspective_id"]),
            "source": set(data.load("sources")["source_id"]),
            "paragraph": {(row.doc_id, int(row.para_no)) for row in data.load("paragraphs").itertuples()}}


def reference_problems(text: str) -> list[str]:
    """Each `[perspective ..]`, `[source ..]` or `[doc_id ¶N]` of `text` that names no row of the dataset."""
    ids, problems = dataset_ids(), []
    for kind, ident, doc_id, para in REFERENCE_RE.findall(text):
        if kind and ident.strip() not in ids[kind]:
            problems.append(f"[{kind} {ident}]: no such {kind} in the dataset")
        elif doc_id and not (para.isdigit() and (doc_id, int(para)) in ids["paragraph"]):
            problems.append(f"[{doc_id} ¶{para}]: no such paragraph in data/paragraphs.csv")
    return problems
