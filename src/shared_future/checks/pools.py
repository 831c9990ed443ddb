"""Understanding questions drawn from a pool: each student reads their own items, and the key is in no table.

Why a pool: an understanding question whose items are table ids, or whose options are a column's
values, is answered by a join without reading a sentence of the texts. So here an item is a
sentence of the texts (`Quote`, shown word for word from `paragraphs`) or a statement about them,
and an option says what a sentence does or whether the texts bear a statement out. Each student
sees `shown` items of the pool, drawn and ordered by their identity (`variants`), so a key passed
around does not fit; the pool holds at least three times as many.

How a learner answers: `check.q7.show()` prints their items, numbered; the answer is one letter per
item, as a list in item order (`["B", "A", "D"]`, or `"BAD"`) or a dict (`{1: "B", 2: "A", 3: "D"}`).

What a wrong answer is told: that it is not right, and which passages to re-read (those of all the
items shown, right or wrong), never how many items are wrong, which would let a learner find the
key by changing one item at a time.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import data, text
from . import variants
from .choices import _choice_keys
from .core import CheckError, _describe, _pairs, question

NO_NAME = ('there is no name to pick your variant: type your name between the quotes of STUDENT = "" '
           "in the notebook's first cell, run it, then run this cell again")
AUTHORS = {"wang_yi_2025": "Wang Yi", "he_yin_2025": "He Yin"}


@dataclass(frozen=True)
class Quote:
    """The one sentence of paragraph `para_no` of `doc_id` that contains `words`, shown word for word."""

    doc_id: str
    para_no: int
    words: str

    def sentence(self) -> str:
        paragraphs = data.paragraphs_of(self.doc_id).set_index("para_no")
        found = [s for s in text.sentences(paragraphs.loc[self.para_no, "text"]) if self.words in s]
        if len(found) != 1:  # the text changed under the question: the pool must change too
            raise ValueError(f"{self.words!r} is in {len(found)} sentences of {self.doc_id} paragraph {self.para_no}")
        return found[0]

    def where(self) -> str:
        return f"{AUTHORS[self.doc_id]}, paragraph {self.para_no}"


@dataclass(frozen=True)
class Item:
    """One item of a pool: what the learner reads, the letter of its right option, and where to re-read it.

    The letter is written down when it is a reading of the texts; it is a function of the data (called
    at each check) when the item states a fact the tables bear out or not, so a corrected table
    corrects the key.
    """

    shows: str | Quote
    answer: str | Callable[[], str]
    where: str = ""

    def key(self) -> str:
        return self.answer() if callable(self.answer) else self.answer

    def text(self) -> str:
        return f'"{self.shows.sentence()}"' if isinstance(self.shows, Quote) else self.shows

    def passage(self) -> str:
        return self.where or self.shows.where()

    def ref(self) -> str:
        """A short stable name for this item, by which the instructor's model answers (outside the package) find it."""
        if isinstance(self.shows, Quote):
            return f"{self.shows.doc_id} {self.shows.para_no}: {self.shows.words}"
        return self.shows


@dataclass(frozen=True)
class Pool:
    """An understanding question's options and the pool its items are drawn from.

    `pool_id` ("02.q7") seeds the draw with the student's identity; `section` names the notebook
    section a wrong answer is sent back to.
    """

    pool_id: str
    options: Mapping[str, str]
    items: Sequence[Item]
    shown: int
    section: str

    def draw(self, identity: str) -> list[Item]:
        """This student's items, in their order: never all with the same answer, so no one letter fits all."""
        rng = variants.draw_random(self.pool_id, identity)
        order = list(self.items)
        rng.shuffle(order)
        picked = order[: self.shown]
        if len({item.key() for item in picked}) == 1:
            picked[-1] = next(item for item in order[self.shown:] if item.key() != picked[0].key())
        return picked

    def guess_chance(self) -> float:
        """The chance that a learner who picks a letter at random for each item gets them all right."""
        return (1 / len(self.options)) ** self.shown

    def render(self, identity: str) -> str:
        lines = [f"Your items (variant {identity!r}):"]
        lines += [f"  {number}. {item.text()}" for number, item in enumerate(self.draw(identity), 1)]
        lines += ["Options:"] + [f"  {key}: {option}" for key, option in self.options.items()]
        return "\n".join(lines)

    def reread(self, items: Sequence[Item]) -> str:
        passages = sorted({item.passage() for item in items})
        return f"re-read {'; '.join(passages)}, and {self.section}"


def _letters(answer: Any, count: int, options: Mapping[str, str]) -> list[str]:
    """One option key per item, in item order, from a list, a string ("BAD") or a dict / Series (item number → letter)."""
    if isinstance(answer, Mapping) or hasattr(answer, "items") and not isinstance(answer, str):
        pairs = dict(_pairs(answer))
        numbers = {int(key) if str(key).strip().isdigit() else key: value for key, value in pairs.items()}
        if set(numbers) != set(range(1, count + 1)):
            raise CheckError(f"expects one letter for each of the items numbered 1 to {count}, and no other keys")
        answer = [numbers[number] for number in range(1, count + 1)]
        if not all(isinstance(value, str) for value in answer):
            raise CheckError(f"expects a letter ({', '.join(map(repr, options))}) for each item, "
                             f"got {_describe(next(v for v in answer if not isinstance(v, str)))}")
    letters = _choice_keys(answer, options)
    if len(letters) != count:
        raise CheckError(f"gives {len(letters)} letters; give one for each of your {count} items, in their order")
    return letters


def pooled(registry: dict[str, int], pool: Pool, *, points: int) -> Callable[[Any], None]:
    """The check of an understanding question drawn from `pool`, worth `points`, with `.show()` for its items."""
    qid = pool.pool_id.split(".")[-1]

    def check(answer: Any) -> None:
        identity = variants.current()
        if not identity:
            raise CheckError(NO_NAME)
        items = pool.draw(identity)
        if _letters(answer, len(items), pool.options) != [item.key() for item in items]:
            raise CheckError("is not right", pool.reread(items))

    check.__name__ = check.__qualname__ = qid
    check.__doc__ = f"Understanding question {qid}: one letter per item of the student's draw from its pool."
    run = question(registry, points=points, hint=f"re-read {pool.section}")(check)

    def show() -> None:
        identity = variants.current()
        print(pool.render(identity) if identity else NO_NAME[0].upper() + NO_NAME[1:] + ".")

    run.show, run.pool = show, pool
    return run
