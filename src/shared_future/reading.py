"""A text read whole: paragraphs as wrapped, proportional prose, each with its section and number.

Printed to stdout, a text becomes one monospace block that JupyterLab breaks mid-word at the
right edge ("communi / ty") and that the reader cannot point into. As HTML it wraps at word
boundaries in the page's own font, in JupyterLab, Voila and on the website alike, and each
paragraph carries an anchor (`#wang_yi_2025-II-7`), so a worksheet or a discussion can link to
"II ¶7". A reader without HTML (a terminal, a plain-text export) gets the same paragraphs as text.
"""
from __future__ import annotations

import html

import pandas as pd

from . import data

# A line of about 70 characters reads best; Chinese characters are never split from their word.
PROSE_STYLE = ("font-family:var(--jp-content-font-family, system-ui, sans-serif);font-size:1.05em;"
               "line-height:1.6;max-width:42em;white-space:normal;word-break:normal;overflow-wrap:normal")


def anchor(doc_id: str, section: str, para_no: int) -> str:
    """The id of a paragraph's anchor: "wang_yi_2025-II-7", "he_yin_2025-3"."""
    return "-".join([doc_id, *([section] if section else []), str(para_no)])


def label(section: str, para_no: int) -> str:
    """How a paragraph is cited: "II ¶7", or "¶3" in a text without sections."""
    return f"{section} ¶{para_no}" if section else f"¶{para_no}"


class Prose:
    """Paragraphs of a text, shown as HTML prose with anchors (and as plain text elsewhere)."""

    def __init__(self, doc_id: str, paragraphs: pd.DataFrame):
        self.doc_id = doc_id
        self.rows = [(row.section if isinstance(row.section, str) else "", int(row.para_no), row.text)
                     for row in paragraphs.itertuples()]

    def _repr_html_(self) -> str:
        parts = [f'<article class="sf-prose" lang="en" style="{PROSE_STYLE}">']
        section = None
        for sec, para_no, body in self.rows:
            if sec and sec != section:
                parts.append(f'<h4 id="{anchor(self.doc_id, sec, 0)}">Section {html.escape(sec)}</h4>')
            section = sec
            ident = anchor(self.doc_id, sec, para_no)
            parts.append(f'<p id="{ident}" style="margin:0 0 0.8em 0">'
                         f'<a href="#{ident}" class="sf-para-no" style="font-weight:bold;text-decoration:none;'
                         f'color:inherit">{label(sec, para_no)}</a> {html.escape(body)}</p>')
        parts.append("</article>")
        return "\n".join(parts)  # line breaks: text stripped of its tags keeps paragraphs apart

    def __repr__(self) -> str:
        return "\n\n".join(f"[{label(sec, n)}] {body}" for sec, n, body in self.rows)


def whole_text(doc_id: str) -> Prose:
    """A text whole, paragraph by paragraph: leave it as a cell's last value to read it."""
    return Prose(doc_id, data.paragraphs_of(doc_id))
