"""How long a written response is, in words, whatever script it is written in.

The written questions ask for 150 to 250 words. Counting "words" as runs of letters between
spaces (`text.words`) works for English and for any script that puts spaces between words
(Korean Hangul too), but Chinese and Japanese do not: a whole Chinese sentence between two
punctuation marks would be one "word", so a full response of 330 characters counted as 30 words.

So characters of those scripts are counted, and turned into words at the ratio translators use to
compare a Chinese or Japanese text with its English version:

- Chinese (Han characters): **1.5 characters a word**. Translators quote 1,000 English words as
  about 1,500 Chinese characters (AnyCount's table of billing units: "a multiplier of 1.5, i.e.,
  1500 Chinese characters, usually translates into about 1000 English words"; Tianheng
  Consulting: 1,000 English words become "about 1500-1700 Chinese characters"). The low end of
  that range is used, so a response need not be longer than its English equal.
- Japanese (a response with any kana in it: its kana and kanji together): **2.5 characters a
  word**, the figure the same table and translators' forums give for Japanese to English.

Latin-script words, numbers and Hangul words are counted as words, as before. A response that
mixes scripts adds the two: "人类命运共同体 (a community with a shared future)" is 7 characters
(5 words at 1.5) plus 6 words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import text

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
CHARACTER_RE = re.compile(f"[{HAN}{KANA}]")
KANA_RE = re.compile(f"[{KANA}]")
CHINESE_RATIO = 1.5  # Han characters per English word
JAPANESE_RATIO = 2.5  # kanji and kana per English word, in a text with kana
RULE = (f"Chinese is counted at {CHINESE_RATIO:g} characters a word "
        f"(Japanese at {JAPANESE_RATIO:g}), the ratio translators use")


@dataclass(frozen=True)
class Length:
    """A response's length: its words, and the Chinese or Japanese characters counted into them."""

    words: int
    characters: int = 0  # Han or kana characters, already included in `words` at `ratio`
    ratio: float = CHINESE_RATIO

    @property
    def note(self) -> str:
        """How characters were counted, to follow the number: "" or " (counting 330 Chinese characters at 1.5 a word)"."""
        if not self.characters:
            return ""
        script = "Chinese" if self.ratio == CHINESE_RATIO else "Japanese"
        return f" (counting {self.characters} {script} characters at {self.ratio:g} a word)"

    def __str__(self) -> str:
        """"230 words", or "220 words (counting 330 Chinese characters at 1.5 a word)"."""
        return f"{self.words} word{'' if self.words == 1 else 's'}{self.note}"


def length(response: str) -> Length:
    """The length of `response` in words: words of spaced scripts, plus Chinese or Japanese characters at their ratio."""
    characters = len(CHARACTER_RE.findall(response))
    spaced = len(text.words(CHARACTER_RE.sub(" ", response)))
    if not characters:
        return Length(spaced)
    ratio = JAPANESE_RATIO if KANA_RE.search(response) else CHINESE_RATIO
    return Length(spaced + int(characters / ratio + 0.5), characters, ratio)


def words(response: str) -> int:
    """`length(response).words`: the number the written questions' 150 to 250 words are compared with."""
    return length(response).words
