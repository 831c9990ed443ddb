"""How long a notebook takes, computed by one rule from what it asks of the reader.

Estimates written by hand drift and flatter (a review found 25-45 minutes stated where a reader
new to pandas needs 60-90). One rule, applied to every notebook, keeps them honest and
comparable; `python -m shared_future.pacing --write` rewrites each notebook's stated estimate
after its cells change, and a test proves the stated estimates equal the rule.

The rule, for a reader new to pandas on the data track:
- prose: every word of the text cells, read at 120 words a minute (study reading, with the
  texts' own sentences quoted);
- code: 2 minutes per code cell (read it, run it, read its output);
- prompts: 3 minutes per question, "Try this" or discussion prompt (think, try, write);
- full-text reading: a cell that shows a whole text (`reading.whole_text`) adds the text's own
  words at 150 words a minute;
the total is rounded up to the next 5 minutes.
"""
from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

from . import data, text

WORDS_PER_MINUTE = 120
TEXT_WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 2
MINUTES_PER_PROMPT = 3
PROMPT_RE = re.compile(r"\b(?:Question|Try this|Discuss)\b")
ESTIMATE_RE = re.compile(r"\*\*Estimated time:\*\* (?:about )?(\d+) minutes")
NOTEBOOK_DIR = data.ROOT / "notebooks"


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def counts(notebook: dict) -> dict[str, int]:
    """What the rule counts in a notebook: prose words, code cells, prompts, whole-text words."""
    markdown = [_source(c) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    code = [_source(c) for c in notebook["cells"] if c["cell_type"] == "code"]
    whole = [doc_id for cell in code for doc_id in re.findall(r"\bwhole_text\(\"(\w+)\"", cell)]
    return {
        "words": sum(len(text.words(m)) for m in markdown),
        "code_cells": len(code),
        "prompts": sum(len(PROMPT_RE.findall(m)) for m in markdown),
        "text_words": sum(len(text.words(data.corpus_text(doc_id))) for doc_id in whole),
    }


def estimate(notebook: dict) -> int:
    """Minutes the rule gives for a notebook (a parsed .ipynb), rounded up to the next 5."""
    n = counts(notebook)
    minutes = (n["words"] / WORDS_PER_MINUTE + n["code_cells"] * MINUTES_PER_CODE_CELL
               + n["prompts"] * MINUTES_PER_PROMPT + n["text_words"] / TEXT_WORDS_PER_MINUTE)
    return 5 * math.ceil(minutes / 5)


def stated(notebook: dict) -> int | None:
    """The estimate the notebook's first cell states, or None if it states none."""
    found = ESTIMATE_RE.search(_source(notebook["cells"][0]))
    return int(found.group(1)) if found else None


def write_estimates(notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, int]:
    """Rewrite the stated estimate of every numbered notebook to the rule's value; returns them.

    Only the first cell changes; the file keeps nbformat's layout (sorted keys, one-space indent).
    """
    result = {}
    for path in sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        minutes = estimate(notebook)
        first = notebook["cells"][0]
        updated = ESTIMATE_RE.sub(f"**Estimated time:** {minutes} minutes", _source(first))
        if updated != _source(first):
            first["source"] = updated.splitlines(keepends=True)
            path.write_text(json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        result[path.stem] = minutes
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time estimates of the notebooks, by one rule (see README).")
    parser.add_argument("--write", action="store_true", help="rewrite each notebook's stated estimate")
    args = parser.parse_args(argv)
    if args.write:
        write_estimates()
    for path in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        n = counts(notebook)
        print(f"{path.stem:40} {estimate(notebook):3d} min (stated {stated(notebook)}) "
              f"words={n['words']} code={n['code_cells']} prompts={n['prompts']} text_words={n['text_words']}")


if __name__ == "__main__":
    main()
