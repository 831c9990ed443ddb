"""Checks of lettered choices: one pick, or every right pick, from the options a question lists.

A wrong pick is told that it is not right, never which keys are right or how many are wrong: a
count would let a learner find the key by changing one item at a time.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .core import CheckError, _items, _plain, _quoted, _wrong_type

def _choice_keys(answer: Any, options: Mapping[str, str]) -> list[str]:
    """The option keys an answer picks: "B", "b", ["A", "C"], {"a", "c"}, "A, C", "AC", or an option's own text.

    Keys are compared without case or stray spaces; a run of single letters ("AC") is read as
    letters when every key is one letter. Anything else is told the keys it may use.
    """
    keys = {_plain(key, case_sensitive=False): key for key in options}
    texts = {_plain(text_, case_sensitive=False): key for key, text_ in options.items()}
    wrong_type = _wrong_type(f"the letters of your choice ({', '.join(map(repr, options))})", answer)
    try:
        values = [answer] if isinstance(answer, str) else _items(answer)
    except CheckError:
        raise wrong_type from None
    if not all(isinstance(value, str) for value in values):
        raise wrong_type
    picked: list[str] = []
    for value in values:
        plain = _plain(value, case_sensitive=False)
        if plain in keys or plain in texts:
            picked.append(keys.get(plain) or texts[plain])
            continue
        parts = [part for part in re.split(r"[\s,;/]+", plain) if part]
        if len(parts) == 1 and all(len(key) == 1 for key in keys) and parts[0].isalpha():
            parts = list(parts[0])
        if not parts or not all(part in keys for part in parts):
            raise CheckError(f"{_quoted(value.strip())} is not one of the choices ({', '.join(map(repr, options))})")
        picked += [keys[part] for part in parts]
    return picked


def chosen(answer: Any, options: Mapping[str, str], expected: str | Iterable[str]) -> None:
    """A pick from the lettered (or id-keyed) `options` a question lists: one key, or every right key.

    `expected` is one key (pick one) or a collection of keys (pick every one that is right, possibly
    none: then an empty list is the answer). Letters may come in any case, order or container, or
    as the option's own text, so spelling never decides a grade. A wrong pick is told only that it
    is not the right one (or not the right set), never which keys are right or how many.
    """
    if isinstance(expected, str):
        picked = _choice_keys(answer, options)
        if len(picked) != 1:
            raise CheckError(f"picks {len(picked)} choices; the question asks for one")
        if picked[0] != expected:
            raise CheckError(f"{picked[0]!r} is not the right choice")
        return
    picked = _choice_keys(answer, options) if not (isinstance(answer, (list, tuple, set)) and not answer) else []
    if len(picked) != len(set(picked)):
        raise CheckError("picks a choice more than once")
    if set(picked) != set(expected):
        raise CheckError("is not the right set of choices: some that fit are missing, or some that do not fit are in")


def lettered(values: Iterable[str]) -> dict[str, str]:
    """Options keyed "A", "B", "C", ... in the order given, as a question lists them."""
    return {chr(ord("A") + index): value for index, value in enumerate(values)}
