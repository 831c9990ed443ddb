"""How the course shows a table: numbers as the data holds them, text left-aligned, Chinese unbroken.

pandas' own HTML writes a whole number of a column with gaps as "155.0", right-aligns quotes
(JupyterLab's style), leaves the index's header cell empty (axe flags an empty header) and lets
the browser break "中非合作论坛" mid-word. Every table the course shows goes through
`frame_html`: the widgets' tables, and, once `install()` has run (importing `shared_future.data`
does it), every DataFrame a notebook cell leaves as its value, in JupyterLab, Voila and on the
website alike. A table wider than `MAX_COLUMNS` shows its first columns; the others are one
click away, under "+N more columns".
"""
from __future__ import annotations

import html
import re

import pandas as pd

from . import text

NO_SEPARATORS = ("year", "para_no", "id")  # numbers that are names, not amounts: "2024", not "2,024"
# A row whose unit or number type is one of these holds a name, not an amount, in its value column.
NAME_KINDS = {"year", "identifier"}
MAX_COLUMNS = 7  # beyond this a table is cramped at 1440 px: the rest fold under "+N more columns"
CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# A header cell a screen reader can name, but that takes no room on the screen.
HIDDEN = ("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap")


def _cell_html(column: str, value, plain_row: bool = False) -> str:
    thousands = not plain_row and not any(name in str(column).lower() for name in NO_SEPARATORS)
    shown = html.escape(text.format_number(value, thousands))
    if isinstance(value, str) and CJK_RE.search(value):  # a Chinese term breaks only where it has a space
        return f'<span lang="zh" style="word-break:keep-all">{shown}</span>'
    return shown


def _header_html(name, style: str) -> str:
    label = "" if name is None else str(name)
    if not label.strip():
        return f'<th{style}><span style="{HIDDEN}">row label</span></th>'
    return f"<th{style}>{html.escape(label)}</th>"


def _name_rows(rows: pd.DataFrame) -> list[bool]:
    """For each row, whether its numbers are names (its unit or number type is a year or an id)."""
    kinds = [column for column in ("unit", "number_type") if column in rows.columns]
    return list(rows[kinds].isin(NAME_KINDS).any(axis=1)) if kinds else [False] * len(rows)


def _table(frame: pd.DataFrame, rows: pd.DataFrame, right_aligned: tuple[str, ...], index: bool,
           plain: list[bool], gap_after: int | None = None) -> str:
    """The table's HTML; `gap_after` rows, a row "…" stands for the rows left out."""
    def align(column) -> str:
        numeric = pd.api.types.is_numeric_dtype(frame[column]) or column in right_aligned
        return f' style="text-align:{"right" if numeric else "left"};vertical-align:top"'

    names = list(frame.index.names) if index else []
    left = ' style="text-align:left;vertical-align:top"'
    # cells joined by a space and rows by a line break: a search index or a snippet that strips the
    # tags then reads "rénlèi China's", not "rénlèiChina's"
    head = " ".join([*(_header_html(name, left) for name in names),
                     *(_header_html(column, align(column)) for column in frame.columns)])
    styles = [align(column) for column in frame.columns]
    body = []
    for position, (label, values) in enumerate(zip(rows.index, rows.itertuples(index=False))):
        if position == gap_after:
            body.append(f'<tr><td colspan="{len(names) + len(styles)}" style="text-align:left">…</td></tr>')
        labels = (label if isinstance(label, tuple) else (label,)) if index else ()
        body.append("<tr>" + " ".join([*(f'<th scope="row"{left}>{_cell_html(name or "", v)}</th>'
                                         for name, v in zip(names, labels)),
                                       *(f"<td{style}>{_cell_html(column, v, plain[position])}</td>"
                                         for style, column, v in zip(styles, frame.columns, values))]) + "</tr>")
    rows_html = "\n".join(body)
    return f'<table class="sf-table"><thead><tr>{head}</tr></thead><tbody>\n{rows_html}\n</tbody></table>'


def frame_html(frame: pd.DataFrame, max_rows: int = 10, right_aligned: tuple[str, ...] = (), index: bool = False,
               max_columns: int = MAX_COLUMNS) -> str:
    """A DataFrame as an HTML table, escaped: text left-aligned (quotes read from the left),
    numbers right-aligned and written as people write them (`text.format_number`; no separator
    in a year or an id), empty where missing, Chinese kept whole, with a note when rows were cut.

    `index=True` shows the row labels (a notebook's DataFrame); the widgets show columns only.
    Columns beyond `max_columns` fold into a second table, under "+N more columns", that repeats
    the first column so each row can be found.
    """
    rows, gap_after = frame.head(max_rows), None
    if index and len(frame) > max_rows:  # a notebook's long table: its first and last rows, as pandas
        gap_after = max(1, max_rows // 2)
        rows = pd.concat([frame.head(gap_after), frame.tail(gap_after)])
    shown, rest = list(frame.columns[:max_columns]), list(frame.columns[max_columns:])
    if len(rest) == 1:  # "+1 more column" would save nothing
        shown, rest = shown + rest, []
    plain = _name_rows(rows)
    parts = [_table(frame[shown], rows[shown], right_aligned, index, plain, gap_after)]
    if rest:
        folded = ([] if index else shown[:1]) + rest
        parts.append(f"<details><summary>+{text.plural(len(rest), 'more column')}: "
                     f"{html.escape(', '.join(map(str, rest)))}</summary>"
                     + _table(frame[folded], rows[folded], right_aligned, index, plain, gap_after) + "</details>")
    if gap_after is not None:
        parts.append(f"<p><em>{len(frame)} rows × {len(frame.columns)} columns; "
                     f"the first and last {gap_after} shown</em></p>")
    elif len(frame) > max_rows:
        parts.append(f"<p><em>... and {text.plural(len(frame) - max_rows, 'more row')} "
                     "(use pandas in the notebook to see them all)</em></p>")
    return "\n".join(parts)


def _notebook_html(frame: pd.DataFrame) -> str:
    """A notebook cell's DataFrame, as pandas would cut it (`display.max_rows`, `display.min_rows`)."""
    limit = pd.get_option("display.max_rows") or len(frame)
    shown = len(frame) if len(frame) <= limit else (pd.get_option("display.min_rows") or 10)
    return frame_html(frame, shown, index=True)


def install() -> None:
    """Show every DataFrame a cell returns with `frame_html`, in a running IPython (else nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and "text/html" in shell.display_formatter.formatters:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _notebook_html)
