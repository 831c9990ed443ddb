"""Checks of text: a verbatim quote from the texts, and the written response's presence and length."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .. import text, wordcount
from .core import CheckError, _count, _plain, _wrong_type, not_answered

# How long a written response should be, in words: long enough to argue, short enough to read 300 of.
WRITTEN_WORDS = (150, 250)


def written(registry: dict[str, int], qid: str, *, bounds: tuple[int, int] = WRITTEN_WORDS) -> Callable[[Any], None]:
    """The check of written response `qid`: is there a response, and is its length within `bounds`?

    It never judges what the response says (the instructor marks that with the rubric), so it is
    worth 0 points, and it fails only a response that is missing ("not answered yet", also for the
    text "..."), not text, or too short or too long; a right length prints the word count.
    """
    registry[qid] = 0
    low, high = bounds

    def check(answer: Any) -> None:
        if isinstance(answer, str) and answer.strip() in ("", "..."):
            answer = Ellipsis
        not_answered(qid, answer)
        if not isinstance(answer, str):
            raise _wrong_type("text (a string between triple quotes)", answer).about(
                qid, f'write the response as one string: {qid} = """Your response."""')
        length = wordcount.length(answer)
        if not low <= length.words <= high:
            raise CheckError(f"is {_count(length.words, 'word')} long{length.note}; write {low} to {high}",
                             "the rubric above says what a full response covers", qid)
        print(f"{qid.upper()}: submitted ({length}). Your instructor marks it with the rubric above.")

    check.__name__ = check.__qualname__ = qid
    check.__doc__ = (f"Written response {qid}: present, and {low} to {high} words long ({wordcount.RULE}; "
                     "its content is marked by rubric).")
    return check


def has_words(quote: str, part: str) -> bool:
    """Whether `part` occurs in `quote` as whole words, in any case: "global" is not in "Globally"."""
    pattern = rf"(?<!\w){re.escape(_plain(part, case_sensitive=False))}(?!\w)"
    return re.search(pattern, quote.casefold()) is not None


def _without_final_stop(sentence: str) -> str:
    """A sentence without its closing full stop (and a quotation mark after it), for comparing."""
    return re.sub(r"""\.(["']?)$""", r"\1", sentence.rstrip())


def quote_from(answer: Any, passages: str | Iterable[str], *, must_contain: Iterable[str] = (),
               whole_sentence: bool = False, min_words: int = 1) -> None:
    """Text copied word for word from one of `passages`, that contains every `must_contain`.

    With `whole_sentence`, it must be one complete sentence (as `text.sentences` splits them); its
    closing full stop may be left off. `must_contain` matches whole words in any case ("global" is
    not found in "Globally"). Quotes, dashes and spaces may differ in style; the words and their
    case may not. A wrong
    quote is told *that* it is not the passage asked for, never which one is.
    """
    if not isinstance(answer, str):
        raise _wrong_type("text (a string)", answer)
    quote = _plain(answer)
    sources = [passages] if isinstance(passages, str) else list(passages)
    if not quote:
        raise CheckError("is empty")
    if not any(quote in _plain(source) for source in sources):
        raise CheckError("is not in the text word for word — copy it exactly (straight or curly quotes both work)")
    whole = {_without_final_stop(_plain(s)) for source in sources for s in text.sentences(source)}
    if whole_sentence and _without_final_stop(quote) not in whole:
        raise CheckError("is in the text but is not one whole sentence — copy from its first word to its full stop")
    length = len(text.words(quote))
    if length < min_words:
        raise CheckError(f"is {length} words long; quote at least {min_words}")
    if not all(has_words(quote, part) for part in must_contain):
        raise CheckError("is in the text, but it is not the passage the question asks for")
