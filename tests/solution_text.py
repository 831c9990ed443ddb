"""The solution code of the solution notebooks, for tests that prove a published copy has none of it."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat

from shared_future import exercises
from shared_future.release import BEGIN, END


def solution_blocks(number: str | None = None) -> list[str]:
    """Each block written between the solution markers (of one exercise, or of all), stripped.

    A single line of a block may also be teaching code in a notebook (`longest = ...idxmax()`); the
    whole block is the solution. Blocks under 20 characters (`q1 = 3`) could occur anywhere by chance
    and are left out.
    """
    paths = [exercises.solution_path(number)] if number else sorted(exercises.SOLUTIONS_DIR.glob("[0-9][0-9]_*.ipynb"))
    blocks: list[str] = []
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            current = None
            for line in cell.source.split("\n"):
                marker = line.strip()
                if marker == BEGIN:
                    current = []
                elif marker == END and current is not None:
                    block = "\n".join(current).strip()
                    if len(block) >= 20:
                        blocks.append(block)
                    current = None
                elif current is not None:
                    current.append(line.rstrip())
    assert blocks, "the solution notebooks must hold solution code between the markers"
    return blocks


def readable_text(path: Path) -> str:
    """A file's text as a reader sees it: a notebook's cell sources, one after the other."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        text = "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return text


def solutions_found(folder: Path) -> list[str]:
    """Where a solution block, or a notebook with a solution marker, occurs in the files of `folder`."""
    blocks = solution_blocks()
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        text = readable_text(path)
        if path.suffix == ".ipynb" and (BEGIN in text or END in text):
            found.append(f"{path}: a solution marker")
        found += [f"{path}: {block[:60]!r}" for block in blocks if block in text]
    return found
