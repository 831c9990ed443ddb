"""Discourse markers of the two texts: whose words are quoted, how sure the texts sound, what recurs.

Notebook 07 reads the texts as official discourse, not only as vocabulary. Three simple measures
serve it, kept here so that the notebook shows the pandas steps and the tests pin the rules:

- **authority markers**: phrases that attribute words to a person or a tradition
  ("General Secretary Xi Jinping has pointed out", "As an old Chinese saying goes");
- **boosters and absolutes**: words that leave no room for exception ("always", "all",
  "never", "unanimously"), counted per 1,000 words so that a long and a short text compare;
- **recurring formulas**: word sequences (n-grams) that a text repeats word for word, or that
  both texts share, the mechanical trace of official formulations (*tifa*).

Notebook 03 also uses `channel_of`, which places a sentence on the bodies that make and voice
foreign policy by the cue words the `bodies` table keeps.

Each measure is a reading aid with limits the notebook states: word lists are chosen by hand,
"all" is sometimes plain quantity, and two texts are not a corpus.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from shared_future import text

# Attributions: who is quoted, in the words the texts use. Each pattern names its speaker.
AUTHORITY_MARKERS = {
    "Xi Jinping (General Secretary)": r"General Secretary Xi Jinping (?:has (?:clearly )?pointed out|noted)|As (?:stated by|General Secretary Xi Jinping noted)",
    "Xi Jinping (President)": r"said (?:Chinese )?President Xi Jinping",
    "Chinese tradition": r"old Chinese saying goes",
    "a foreign friend": r"a foreign friend of his once told him",
}

# Boosters and absolutes: words that assert without hedging. A hand-made list; see the module note.
BOOSTERS = ("all", "always", "never", "every", "unanimously", "fully", "firmly", "surely", "sure",
            "only", "certainly", "completely")

# Words too common to make a formula on their own: an n-gram made only of these is skipped.
STOPWORDS = frozenset("a an and the of to in for with on at by from as is are be has have it its that this "
                      "which we our their all".split())


def authority_sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence that attributes words to someone: doc_id, para_no, speaker, sentence.

    `paragraphs` is the `paragraphs` table (or any frame with doc_id, para_no and text).
    """
    rows = []
    for para in paragraphs.itertuples():
        for sentence in text.sentences(para.text):
            for speaker, pattern in AUTHORITY_MARKERS.items():
                if re.search(pattern, sentence):
                    rows.append({"doc_id": para.doc_id, "para_no": para.para_no, "speaker": speaker,
                                 "sentence": sentence})
    return pd.DataFrame(rows, columns=["doc_id", "para_no", "speaker", "sentence"])


def per_thousand(paragraphs: pd.DataFrame, terms=BOOSTERS) -> pd.DataFrame:
    """Occurrences of each term per 1,000 words, one row per term, one column per text.

    Matching is by whole word, case-insensitive ("All" counts as "all"); the denominator is
    the text's word count as `text.words` defines it, so rates agree with notebook 01's counts.
    """
    wanted = {t.lower() for t in terms}
    rates = {}
    for doc_id, group in paragraphs.groupby("doc_id"):
        words = [w.lower() for p in group["text"] for w in text.words(p)]
        counts = Counter(w for w in words if w in wanted)
        rates[doc_id] = {t: 1000 * counts[t] / len(words) for t in terms}
    return pd.DataFrame(rates).rename_axis("term")


def ngrams(words: list[str], n: int) -> list[str]:
    """The n-word sequences of a list of words, joined by spaces, in order."""
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def _is_content(gram: str) -> bool:
    return any(w not in STOPWORDS for w in gram.split())


def repeated_ngrams(paragraphs: pd.DataFrame, n: int = 4, min_count: int = 2) -> pd.DataFrame:
    """N-grams a text repeats word for word: doc_id, ngram, count, most frequent first.

    Words are lower-cased; n-grams do not run across paragraph breaks; n-grams made only of
    stop words ("of the and the") are left out.
    """
    rows = []
    for doc_id, group in paragraphs.groupby("doc_id"):
        counts = Counter(g for p in group["text"] for g in ngrams([w.lower() for w in text.words(p)], n))
        rows += [{"doc_id": doc_id, "ngram": g, "count": c} for g, c in counts.items()
                 if c >= min_count and _is_content(g)]
    frame = pd.DataFrame(rows, columns=["doc_id", "ngram", "count"])
    return frame.sort_values(["count", "ngram"], ascending=[False, True]).reset_index(drop=True)


def shared_ngrams(paragraphs: pd.DataFrame, n: int = 4) -> list[str]:
    """N-grams that occur in every text of `paragraphs` (exact recurrence across texts), sorted."""
    per_doc = [{g for p in group["text"] for g in ngrams([w.lower() for w in text.words(p)], n)}
               for _, group in paragraphs.groupby("doc_id")]
    common = set.intersection(*per_doc) if per_doc else set()
    return sorted(g for g in common if _is_content(g))


def channel_of(sentence: str, bodies: pd.DataFrame) -> list[str]:
    """The bodies whose cue words occur in a sentence (the `bodies` table's `cues`), in table order.

    A cue is matched as a whole phrase, case-insensitive. An empty list means no cue matched:
    the sentence names no channel, not that no body stands behind it.
    """
    found = []
    for body in bodies.itertuples():
        if pd.isna(body.cues):
            continue
        cues = [c for c in body.cues.split("|") if c]
        if any(re.search(rf"\b{re.escape(c)}\b", sentence, re.IGNORECASE) for c in cues):
            found.append(body.body_id)
    return found
