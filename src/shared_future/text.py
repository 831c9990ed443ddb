"""Reading the two texts: paragraphs, sentences, words, numbers and keyword in context.

Everything the course counts about the texts goes through these few functions, so that a word
count in notebook 01, a frequency in notebook 07 and the provenance tests all agree on what a
"word" or a "paragraph" is.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

import pandas as pd

# A word starts with a letter or digit and runs on through letters, digits, apostrophes, hyphens
# and inner full stops or commas: "win-win", "China’s", "2.8", "3,000" and "U.N" each count once.
WORD_RE = re.compile(r"\w[\w’'\-]*(?:[.,]\w+)*")
SECTION_RE = re.compile(r"[IVX]+")
# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("Dec.", "Jan.", "U.S.", "U.N.", "No.")
SENTENCE_END_RE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")

# How many lines open each text before its first paragraph (byline, masthead).
MASTHEAD_LINES = {"he_yin_2025": 1, "wang_yi_2025": 4}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text, with the section it stands in (empty where the text has none)."""

    doc_id: str
    para_no: int
    section: str
    text: str


def split_paragraphs(doc_id: str, raw: str) -> list[Paragraph]:
    """Split a corpus text into numbered paragraphs, skipping its masthead and section headings.

    A paragraph is a non-empty line; He Yin's blank lines between paragraphs and Wang Yi's
    headings "I", "II", "III" are structure, not text.
    """
    lines = [line for line in raw.split("\n") if line.strip()][MASTHEAD_LINES[doc_id]:]
    paragraphs: list[Paragraph] = []
    section = ""
    for line in lines:
        if SECTION_RE.fullmatch(line.strip()):
            section = line.strip()
            continue
        paragraphs.append(Paragraph(doc_id, len(paragraphs) + 1, section, line))
    return paragraphs


def words(text: str) -> list[str]:
    """The words of a text, in order, as written (case kept)."""
    return WORD_RE.findall(text)


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, each a verbatim slice of it.

    A full stop after "Dec.", "U.N." and the like does not end a sentence.
    """
    parts = SENTENCE_END_RE.split(paragraph)
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].endswith(ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def quoted_runs(text: str) -> list[str]:
    """The spans of `text` inside curly double quotes, quotes nested in them kept; an unclosed quote runs to the end.

    A source's `note` in the dataset keeps the source's own words in curly quotes and describes the rest
    in the dataset's words: these runs are what may be quoted as the source's.
    """
    runs, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char == "“":
            start, depth = (at + 1 if depth == 0 else start), depth + 1
        elif char == "”" and depth:
            depth -= 1
            if depth == 0:
                runs.append(text[start:at])
    return runs + ([text[start:]] if depth else [])


def tokens(text: str) -> list[str]:
    """Lower-cased words for counting: "China’s" becomes "china", so a name counts as one word."""
    return [re.sub(r"[’']s$", "", w.lower()) for w in words(text)]


# --- numbers -------------------------------------------------------------------------------

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_WORDS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                 "eighth", "ninth", "tenth"]
SCALES = {"billion": 1_000_000_000, "million": 1_000_000, "thousand": 1_000}


def cardinal_word(n: int) -> str | None:
    """English word for 0-99 ("eighty-two"), or None beyond that."""
    if 0 <= n < 20:
        return UNITS[n]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens] + (f"-{UNITS[unit]}" if unit else "")
    return None


def ordinal_digits(n: int) -> str:
    """70 -> "70th", 21 -> "21st"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number_forms(value: float) -> list[str]:
    """Every way the texts may write `value`: digits, "2.8 billion", words and ordinals.

    Used to prove that a claim's value stands in its quote.
    """
    forms: list[str] = []
    for scale_word, scale in SCALES.items():
        scaled = value / scale
        if value >= scale and scaled == round(scaled, 1):
            forms.append(f"{scaled:g} {scale_word}")
    if value == int(value):
        n = int(value)
        forms += [f"{n:,}", str(n), f"{n:02d}", ordinal_digits(n)]
        for word in (cardinal_word(n), ORDINAL_WORDS[n] if n < len(ORDINAL_WORDS) else None):
            if word:
                forms.append(word)
    else:
        forms.append(f"{value:g}")
    return forms


def value_in_quote(value: float, quote: str) -> bool:
    """True when one of the forms of `value` stands in `quote` as a whole word (any case)."""
    for form in number_forms(value):
        if re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", quote, re.IGNORECASE):
            return True
    return False


NUMBER_WORDS = UNITS[2:] + TENS[2:] + ORDINAL_WORDS[2:] + ["hundred"]
MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
NUMBER_RE = re.compile(
    r"(?<![\w.,])(?:" + MONTH_RE + r" \d{1,2}, \d{4}|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?: (?:billion|million))?"
    r"|(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?:-\w+)?)(?!\w)",
    re.IGNORECASE,
)


def number_spans(text: str) -> list[tuple[int, int, str]]:
    """Where numbers stand in a text: digits ("6.4", "3,000", "70th"), number words from two up,
    and whole dates ("Dec. 31, 2024", one span whose value is its year).

    "one" and "first" are left out: far more often they are not counts ("one another").
    """
    return [(m.start(), m.end(), m.group()) for m in NUMBER_RE.finditer(text)]


# --- keyword in context --------------------------------------------------------------------

MAX_QUERY_LENGTH = 100


def query_problem(query: str) -> str | None:
    """What is wrong with a search string, in a learner's words, or None when it can be searched.

    The one rule for every search box of the course (keyword in context, glossary).
    """
    query = query.strip()
    if not query:
        return "Type a word or phrase to search for: English, Chinese characters or pinyin."
    if len(query) > MAX_QUERY_LENGTH:
        return f"That search is {len(query)} characters long; use at most {MAX_QUERY_LENGTH}."
    return None


def _from_word_start(left: str) -> str:
    """A left context that starts at a word: the part of a word cut by the window is dropped."""
    return left if not left or not left[0].isalnum() else left.split(" ", 1)[1] if " " in left else ""


def _to_word_end(right: str) -> str:
    """A right context that ends at a word."""
    return right if not right or not right[-1].isalnum() else right.rsplit(" ", 1)[0] if " " in right else ""


def kwic(paragraphs: list[Paragraph], query: str, width: int = 40, whole_words: bool = False) -> list[dict]:
    """Keyword-in-context lines for a literal, case-insensitive search.

    The query is text, never a pattern: "(" or "*" are searched for as characters. With
    `whole_words`, a match must stand as words of its own ("nation" then misses "nations" and
    "international"); without, it is found inside longer words too. Each context is cut at a
    word boundary within `width` characters, never mid-word. Raises ValueError with a
    learner-facing message for an empty or overlong query.
    """
    problem = query_problem(query)
    if problem:
        raise ValueError(problem)
    query = query.strip()
    edge = r"(?<!\w)" if whole_words else ""
    pattern = re.compile(edge + re.escape(query) + (r"(?!\w)" if whole_words else ""), re.IGNORECASE)
    rows = []
    for p in paragraphs:
        for m in pattern.finditer(p.text):
            left = p.text[max(0, m.start() - width):m.start()]
            right = p.text[m.end():m.end() + width]
            rows.append({
                "doc_id": p.doc_id,
                "para_no": p.para_no,
                "left": left if m.start() <= width else _from_word_start(left),
                "match": m.group(),
                "right": right if m.end() + width >= len(p.text) else _to_word_end(right),
            })
    return rows


# Function words left out of frequency counts, so that the content words of the texts show.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being below between
both but by can did do does doing down during each few for from further had has have having he her here
him his how i if in into is it its itself just more most my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why will with
would you your
""".split())


# --- display helpers -----------------------------------------------------------------------
# What learners read under a widget or a chart: counts with the right noun, labels cut at a word,
# numbers as people write them. Every widget and chart description goes through these.

IRREGULAR_PLURALS = {"country": "countries", "person": "people", "this": "these", "is": "are"}


def plural(n: int, noun: str) -> str:
    """ "1 paragraph", "2 paragraphs", "0 countries": a count with its noun in the right number."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {IRREGULAR_PLURALS.get(noun, noun + 's')}"


def shorten(label: str, width: int) -> str:
    """Cut a label at the last whole word that fits in `width` characters and mark the cut with "…"
    ("China is a major trading partner" -> "China is a major…"), never mid-word."""
    label = " ".join(str(label).split())
    if len(label) <= width:
        return label
    cut = label[:width].rsplit(" ", 1)[0] if " " in label[:width] else label[:width - 1]
    return cut.rstrip(" ,;:(") + "…"


def format_number(value, thousands: bool = True) -> str:
    """A number as the texts write it: whole numbers without ".0" ("2024", "2,800,000,000"),
    fractions as given ("6.4"), a missing value as an empty string (never "nan" or "<NA>").

    `thousands=False` leaves out separators, for years and identifiers. Anything else (text) is
    returned as it is.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}" if thousands else str(int(number))
    return f"{number:,g}" if thousands else f"{number:g}"
