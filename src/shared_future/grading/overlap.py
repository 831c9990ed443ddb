"""Flags for the marker: written responses made mostly of passages from elsewhere, with the passages marked.

A written response may quote the texts (the questions ask for short quotes), but one whose long
runs of words come mostly from the course's texts, the question's prompt, its rubric or one of its
calibration exemplars (the instructors' pages that show them may be public) was pasted, not
written; and two responses that share most of their long runs were copied one from the other.
A *run* is a shingle: 8 words in a row (Chinese: 12 characters, the same length at
`wordcount`'s 1.5 characters a word; Japanese: 20). A response is flagged when at least half its
words lie in runs found in the sources (`SHARE`), or, for a copy, in runs another response has too
(runs that both took from the sources do not count as copying).

Flags inform the marker: they are shown on the marking page with the shared passages highlighted,
and they never change points. The API:

- `flags(responses, sources)`: student → the `Flag`s of their response;
- `course_sources(exercise, qid)`: the texts, the prompt, the rubric and the exemplars of a written question;
- `marked_html(response, flags)`: the response as HTML, its flagged passages in `<mark>`.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .. import data, exemplars, exercises, text, wordcount

SHINGLE_WORDS = 8
SHARE = 0.5  # flag a response when at least this share of its words lies in shared runs
MINOR = 0.1  # a source is named in a flag when at least this share of the response comes from it (or it gave the most)
EXEMPLAR = "a calibration exemplar"  # how `course_sources` names an exemplar: "a calibration exemplar (strong)"
TOKEN_RE = re.compile(f"{wordcount.CHARACTER_RE.pattern}|{text.WORD_RE.pattern}")


@dataclass(frozen=True)
class Flag:
    """One reason to read a response twice: `share` of its words lie in runs also found in `origin`.

    `kind` is "source" (the texts, the prompt, the rubric) or "copy" (`origin` is another student);
    `spans` are the (start, end) character ranges of the response inside those runs.
    """

    kind: str
    origin: str
    share: float
    spans: tuple[tuple[int, int], ...]

    def __str__(self) -> str:
        where = f"{self.origin}" if self.kind == "source" else f"the response of {self.origin}"
        copied = "; copied from a calibration exemplar, which instructors' pages show" if EXEMPLAR in where else ""
        return f"{self.share:.0%} of this response lies in runs of {SHINGLE_WORDS}+ words also found in {where}{copied}"


Token = tuple[str, int, int]  # (normalised token, start, end)


def tokens(passage: str) -> list[Token]:
    """Words (lower case, straight apostrophes) and single Chinese or Japanese characters, with where they stand."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in TOKEN_RE.finditer(passage)]


def run_length(toks: list[Token]) -> int:
    """Tokens per run: 8 words, or as many characters as 8 words at the response's own ratio."""
    characters = sum(1 for t in toks if wordcount.CHARACTER_RE.fullmatch(t[0]))
    if characters * 2 <= len(toks):
        return SHINGLE_WORDS
    ratio = wordcount.JAPANESE_RATIO if any(wordcount.KANA_RE.fullmatch(t[0]) for t in toks) else wordcount.CHINESE_RATIO
    return round(SHINGLE_WORDS * ratio)


def shingles(toks: list[Token], n: int) -> list[tuple[str, ...]]:
    """Every run of `n` tokens, by the position it starts at."""
    words = [t[0] for t in toks]
    return [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]


def _covered(count: int, n: int, starts: list[int]) -> list[bool]:
    """Which of `count` tokens lie in a run of `n` starting at one of `starts`."""
    mask = [False] * count
    for start in starts:
        mask[start:start + n] = [True] * n
    return mask


def _spans(toks: list[Token], mask: list[bool]) -> tuple[tuple[int, int], ...]:
    """Character ranges of the covered tokens, neighbours merged."""
    spans: list[list[int]] = []
    previous = False
    for (_, start, end), covered in zip(toks, mask):
        if covered and previous:
            spans[-1][1] = end
        elif covered:
            spans.append([start, end])
        previous = covered
    return tuple((a, b) for a, b in spans)


def flags(responses: Mapping[str, str | None], sources: Mapping[str, str], *, share: float = SHARE) -> dict[str, list[Flag]]:
    """Student → flags of their response: mostly from `sources` (name → text), or mostly shared with another response."""
    toks = {student: tokens(r) for student, r in responses.items() if r}
    source_toks = {name: tokens(t) for name, t in sources.items()}
    runs = {student: run_length(t) for student, t in toks.items()}
    source_runs = {n: {name: set(shingles(t, n)) for name, t in source_toks.items()} for n in set(runs.values())}
    found: dict[str, list[Flag]] = {student: [] for student in responses}
    index: dict[tuple[int, tuple[str, ...]], set[str]] = defaultdict(set)
    from_sources: dict[str, set[int]] = {}
    for student, t in toks.items():
        n, own = runs[student], shingles(t, runs[student])
        masks = {name: _covered(len(t), n, [i for i, s in enumerate(own) if s in runs_of])
                 for name, runs_of in source_runs[n].items()}
        union = [any(column) for column in zip(*masks.values())] if masks else [False] * len(t)
        from_sources[student] = {i for i, s in enumerate(own) if any(s in r for r in source_runs[n].values())}
        if t and sum(union) / len(t) >= share:
            ranked = sorted(masks.items(), key=lambda m: -sum(m[1]))  # a source that adds a stock phrase or two is not named
            origin = " and ".join(name for i, (name, mask) in enumerate(ranked) if i == 0 or sum(mask) >= MINOR * len(t))
            found[student].append(Flag("source", origin, sum(union) / len(t), _spans(t, union)))
        for i, s in enumerate(own):
            if i not in from_sources[student]:
                index[n, s].add(student)
    pairs: dict[tuple[str, str], tuple[float, list[bool]]] = {}
    for student, t in toks.items():
        n, own = runs[student], shingles(t, runs[student])
        shared: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(own):
            if i not in from_sources[student]:
                for other in index[n, s] - {student}:
                    shared[other].append(i)
        for other, starts in shared.items():
            mask = _covered(len(t), n, starts)
            pairs[student, other] = (sum(mask) / len(t), mask)
    for (student, other), (mine, mask) in sorted(pairs.items()):
        if max(mine, pairs[other, student][0]) >= share:  # a short response copied whole into a longer one flags both
            found[student].append(Flag("copy", other, mine, _spans(toks[student], mask)))
    return found


def marked_html(response: str, found: list[Flag]) -> str:
    """`response` escaped for HTML, line breaks kept, each flagged passage in `<mark class="source|copy">`."""
    kinds = [""] * len(response)
    for flag in found:
        for start, end in flag.spans:
            for i in range(start, end):
                kinds[i] = kinds[i] or flag.kind
    pieces, i = [], 0
    while i < len(response):
        j = i
        while j < len(response) and kinds[j] == kinds[i]:
            j += 1
        chunk = html.escape(response[i:j]).replace("\n", "<br>")
        pieces.append(f'<mark class="{kinds[i]}">{chunk}</mark>' if kinds[i] else chunk)
        i = j
    return "".join(pieces)


def course_sources(exercise, qid: str) -> dict[str, str]:
    """What a response to written question `qid` might be pasted from: each text, the prompt, the rubric, and each of
    the question's calibration exemplars where this copy of the course has them."""
    documents = data.load("documents").set_index("doc_id")
    sources = {f"{documents.loc[doc_id, 'author']}'s text": data.corpus_text(doc_id) for doc_id in documents.index}
    cells = exercise.notebook.cells
    answer = next(i for i, c in enumerate(cells) if exercises.role(c) == "answer" and exercises.tag(c).get("question") == qid)
    heading = next((i for i in range(answer, -1, -1) if cells[i].cell_type == "markdown"
                    and re.match(rf"#+\s*{qid}\b", cells[i].source, re.I)), answer)
    sources["the prompt"] = "\n".join(c.source for c in cells[heading:answer] if c.cell_type == "markdown" and not exercises.is_rubric(c))
    sources["the rubric"] = "\n".join(c["criterion"] for c in (exercise.rubrics or {}).get(qid, []))
    sources |= {f"{EXEMPLAR} ({e.level})": e.response for e in exemplars.of(exercise.number, qid) or []}
    return sources
