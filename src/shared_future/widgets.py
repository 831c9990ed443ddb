"""The course's interactive widgets, each a thin wire around a plain, tested function.

Every widget here is an `Explorer`: some controls, a chart (a PNG in an HTML pane), a short text and a table.
What the widget shows for given control values is computed by a plain function (`paragraph_view`,
`search_glossary`, ...) that returns a `View`; the tests call those functions and drive the
widgets' `.value`, and the notebooks show only the one-line call that builds the widget.
Bad input (an empty or odd search, no match) becomes a message in the pane, never a traceback.
"""
from __future__ import annotations

import gc
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from . import charts, data, text
from .display import frame_html

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class View:
    """What a widget shows: a short HTML text, optionally a chart, and below it a table.

    The chart comes before the table, so that a long table never pushes it below the fold; the
    table is cut to the widget's `max_rows` when the widget shows it.
    """

    html: str
    chart: charts.Chart | None = None
    table: pd.DataFrame | None = None
    right_aligned: tuple[str, ...] = ()

    def table_html(self, max_rows: int) -> str:
        return "" if self.table is None else frame_html(self.table, max_rows, self.right_aligned)

    def text(self, max_rows: int = 1000) -> str:
        """Everything the view says in words (its HTML and whole table): what tests search."""
        return self.html + self.table_html(max_rows)


def message(note: str) -> View:
    """A friendly one-line message in place of results."""
    return View(f'<p style="color:#555"><em>{html.escape(note)}</em></p>')


STATIC_NOTE = ('<p class="sf-static-note" style="border-left:4px solid #E69F00;padding-left:8px">'
               "<em>Static copy of an interactive widget, showing its first view. "
               "Run the notebook in JupyterLab to change it.</em></p>")


CACHED_CHARTS = 64  # charts each widget keeps encoded, 20 to 140 kB each: under 9 MB per widget


class Explorer(widgets.VBox):
    """Controls above, then the chart, and beside or below it a short text and the table; any change
    of a control redraws.

    `view_for(**values)` receives the controls' values by name and returns a View.
    `last_view` keeps what was shown last, so tests can read it without a kernel.
    The chart is a PNG drawn by the widget itself on one reused figure (no tight crop, no second
    draw) and shown in an HTML pane with its description as alt text, encoded once per control
    values (`chart_html`); a view without a chart empties that pane, so no chart outlives the
    view it belonged to.
    """

    def __init__(self, controls: dict[str, widgets.Widget], view_for: Callable[..., View], title: str,
                 max_rows: int = 10):
        self.controls = controls
        self.view_for = view_for
        self.max_rows = max_rows
        self.pane = widgets.HTML()
        self.chart_pane = widgets.HTML()
        self.chart_pane.add_class("sf-chart-pane")
        self.table_pane = widgets.HTML()
        self.figure = charts.new_figure((8, 4))
        self.charts: dict[tuple, str] = {}  # chart HTML by control values, oldest first
        self.last_view: View | None = None
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        self.row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.row.add_class("sf-controls")  # the controls, in the order of `controls` (the browser benchmark)
        # the chart first, the words beside it where the screen is wide enough, else below it
        self.chart_pane.layout = widgets.Layout(flex="0 1 auto", max_width="100%")
        words = widgets.VBox([self.pane, self.table_pane], layout=widgets.Layout(flex="1 1 28em", min_width="min(28em, 100%)"))
        body = widgets.HBox([self.chart_pane, words], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        body.add_class("sf-explorer-body")
        super().__init__([heading, self.row, body])
        self.add_class("sf-explorer")
        # The data, pandas and matplotlib live as long as the session: once out of the collector's
        # scans, a full collection no longer pauses an update by a sixth of a second. Garbage is
        # collected first; what is frozen is still freed by reference counting, and only a
        # reference cycle among today's objects would outlive its use (a trade-off for latency).
        gc.collect()
        gc.freeze()
        for control in controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()

    def replace_control(self, name: str, control: widgets.Widget) -> None:
        """Put a new control in the place of one, and redraw with its value."""
        old = self.controls[name]
        old.unobserve(self.refresh, names="value")
        self.controls[name] = control
        self.row.children = tuple(control if child is old else child for child in self.row.children)
        control.observe(self.refresh, names="value")
        self.refresh()

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The live widget, plus a static copy of what it shows now, for readers without a kernel.

        JupyterLab draws the widget; an HTML export, GitHub or any viewer that cannot run
        widgets falls back to `text/html`: the current text and chart, instead of "VBox(...)".
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.static_html()
        return bundle

    def static_html(self) -> str:
        """The current view as plain HTML, marked as a static copy, the chart inlined as a PNG."""
        return "\n".join([self.children[0].value, STATIC_NOTE, self.chart_pane.value, self.pane.value,
                          self.table_pane.value])

    def refresh(self, _change: dict | None = None) -> None:
        values = {name: control.value for name, control in self.controls.items()}
        with charts.reusing(self.figure):
            view = self.view_for(**values)
        self.last_view = view
        self.pane.value = view.html
        self.chart_pane.value = self.chart_html(tuple(values.items()), view.chart)
        self.chart_pane.layout.display = None if view.chart is not None else "none"  # no empty gap
        self.table_pane.value = view.table_html(self.max_rows)

    def chart_html(self, key: tuple, chart: charts.Chart | None) -> str:
        """The chart's pane, its PNG encoded once per control values: a view is a function of those
        values and of data that does not change in a session, and the PNG is most of a redraw.
        The last `CACHED_CHARTS` encoded are kept, so memory stays bounded."""
        if chart is None:
            return ""
        if key not in self.charts:
            if len(self.charts) >= CACHED_CHARTS:
                del self.charts[next(iter(self.charts))]  # the oldest
            self.charts[key] = charts.chart_html(chart)
        return self.charts[key]


ALL = "(all)"


def scope(doc_id: str) -> str:
    """How a chart title names the chosen text: "both texts" rather than "(all)"."""
    return "both texts" if doc_id == ALL else doc_id


# --- 00 table picker -------------------------------------------------------------------------

def table_view(name: str, tables: dict[str, pd.DataFrame]) -> View:
    """The data dictionary of one table (from datapackage.json) and its first rows."""
    fields = data.describe(name)
    frame = tables[name]
    summary = (f"<p><b>{name}.csv</b>: {text.plural(len(frame), 'row')}, "
               f"{text.plural(len(frame.columns), 'column')}.</p>")
    return View(summary + frame_html(fields, 40) + "<p>First rows:</p>" + frame_html(frame, 5))


def table_picker(tables: dict[str, pd.DataFrame] | None = None) -> Explorer:
    """Pick a table to see its columns, their meaning and its first rows."""
    tables = tables or data.load_all()
    picker = widgets.Dropdown(options=list(tables), description="table")
    return Explorer({"name": picker}, lambda name: table_view(name, tables), "The dataset's tables")


# --- 01 paragraph browser ----------------------------------------------------------------------

def paragraph_view(paragraphs: pd.DataFrame, doc_id: str, para_no: int) -> View:
    """One paragraph with its section and length, and a chart of every paragraph's length."""
    doc = paragraphs[paragraphs["doc_id"] == doc_id]
    if doc.empty:
        return message(f"There is no text called {doc_id!r}.")
    if not 1 <= para_no <= len(doc):
        return message(f"{doc_id} has paragraphs 1 to {len(doc)}.")
    row = doc[doc["para_no"] == para_no].iloc[0]
    section = f"section {row.section}, " if isinstance(row.section, str) else ""
    words = doc.set_index("para_no")["words"]
    chart = charts.bar(words, f"Words per paragraph, {doc_id}", "paragraph", "words", what="paragraph lengths")
    chart.figure.axes[0].patches[para_no - 1].set_color(charts.PALETTE[1])
    chart.description += f" Paragraph {para_no} (highlighted) has {text.plural(row.words, 'word')}."
    heading = (f"<p><b>{doc_id}</b>, {section}paragraph {para_no} of {len(doc)} "
               f"({text.plural(row.words, 'word')})</p>")
    return View(heading + f"<blockquote>{html.escape(row.text)}</blockquote>", chart)


def number_box(value: int, low: int, high: int, label: str) -> widgets.BoundedIntText:
    """A labelled number box with arrows (the arrow keys step it): screen readers name it by its label.
    ipywidgets' slider handle carries no accessible name (axe: aria-input-field-name, serious)."""
    return widgets.BoundedIntText(value=value, min=low, max=high, step=1, description=label,
                                  layout=widgets.Layout(width="16em"))


def paragraph_browser(paragraphs: pd.DataFrame | None = None) -> Explorer:
    """Choose a text and a paragraph; see it, and where it stands among the others by length."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    counts = paragraphs.groupby("doc_id")["para_no"].max()
    doc = widgets.Dropdown(options=list(counts.index), description="text")

    def number_for(doc_id: str) -> widgets.BoundedIntText:
        return number_box(1, 1, int(counts[doc_id]), "paragraph")

    explorer = Explorer({"doc_id": doc, "para_no": number_for(doc.value)},
                        lambda doc_id, para_no: paragraph_view(paragraphs, doc_id, para_no), "Paragraph browser")
    # A new box for each text, with that text's range from the start (and its value back to 1).
    doc.unobserve(explorer.refresh, names="value")  # replace_control redraws, once
    doc.observe(lambda change: explorer.replace_control("para_no", number_for(change["new"])), names="value")
    return explorer


# --- 02 concept explorer -----------------------------------------------------------------------

LISTED_RELATIONS = 6  # relations listed in full; the rest fold away (the map shows them all)
MAPPED_RELATIONS = 2  # a map of fewer relations would be one arrow: the sentence says it better


def concept_view(concept_id: str, concepts: pd.DataFrame, links: pd.DataFrame, doc_authors: dict[str, str]) -> View:
    """A concept's definition as the text gives it, its Chinese term and its stated relations."""
    found = concepts[concepts["concept_id"] == concept_id]
    if found.empty:
        return message(f"There is no concept {concept_id!r}.")
    c = found.iloc[0]
    names = concepts.set_index("concept_id")["name"]
    parts = [f"<p><b>{html.escape(c['name'])}</b> ({c.kind}, notebook {c.notebook})</p>",
             f"<p>{html.escape(doc_authors[c.doc_id])} writes: <q>{html.escape(c.definition_quote)}</q></p>"]
    if isinstance(c.name_zh, str):
        parts.append(f"<p>Chinese: {html.escape(c.name_zh)} <i>{html.escape(c.pinyin)}</i></p>")
    related = links[(links["source"] == concept_id) | (links["target"] == concept_id)]
    items = [f"<li>{html.escape(names.get(r.source, r.source))} <i>{r.relation.replace('_', ' ')}</i> "
             f"{html.escape(names.get(r.target, r.target))}: <q>{html.escape(r.quote)}</q></li>"
             for r in related.itertuples()]
    if not items:
        parts.append("<p>The texts state no relation for it.</p>")
    else:
        parts.append(f"<p>{text.plural(len(items), 'stated relation')}:</p><ul>{''.join(items[:LISTED_RELATIONS])}</ul>")
        if len(items) > LISTED_RELATIONS:
            parts.append(f"<details><summary>+{text.plural(len(items) - LISTED_RELATIONS, 'more relation')}"
                         "</summary><ul>" + "".join(items[LISTED_RELATIONS:]) + "</ul></details>")
    chart = charts.concept_map(concepts, links, centre=concept_id) if len(items) >= MAPPED_RELATIONS else None
    return View("\n".join(parts), chart)


def concept_options(concepts: pd.DataFrame, links: pd.DataFrame) -> list[tuple[str, str]]:
    """(name, id) for the concept picker: concepts with a map first, then the others, each group in
    alphabetical order regardless of case ("community" beside "Community")."""
    degree = pd.concat([links["source"], links["target"]]).value_counts()
    ordered = concepts.assign(mapped=concepts["concept_id"].map(degree).fillna(0) >= MAPPED_RELATIONS,
                              key=concepts["name"].str.casefold())
    ordered = ordered.sort_values(["mapped", "key"], ascending=[False, True])
    return list(zip(ordered["name"], ordered["concept_id"]))


def opening_concept(concepts: pd.DataFrame, links: pd.DataFrame) -> str | None:
    """The concept the explorer opens on: the one with most relations whose whole map fits on a
    screen (no more than `charts.MAX_NEIGHBOURS` neighbours). The most connected concept
    (32 relations) would open on a map whose centre sits below the fold and whose list is a wall."""
    pairs = pd.concat([links[["source", "target"]],
                       links[["target", "source"]].set_axis(["source", "target"], axis=1)])
    pairs = pairs[pairs["source"].isin(concepts["concept_id"])]
    relations = pairs["source"].value_counts()
    neighbours = pairs.drop_duplicates().groupby("source").size()
    fitting = relations[(relations >= MAPPED_RELATIONS) & (neighbours.reindex(relations.index) <= charts.MAX_NEIGHBOURS)]
    if fitting.empty:
        return concepts["concept_id"].iloc[0] if len(concepts) else None
    return fitting.sort_values(ascending=False, kind="stable").index[0]


def concept_explorer(concepts: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                     max_rows: int = 10) -> Explorer:
    """Pick a concept: its definition, Chinese term, related concepts and a map of them."""
    concepts = data.load("concepts") if concepts is None else concepts
    links = data.load("concept_links") if links is None else links
    authors = data.load("documents").set_index("doc_id")["author"].to_dict()
    picker = widgets.Dropdown(options=concept_options(concepts, links), description="concept",
                              layout=widgets.Layout(width="auto"), value=opening_concept(concepts, links))
    return Explorer({"concept_id": picker},
                    lambda concept_id: concept_view(concept_id, concepts, links, authors), "Concept explorer",
                    max_rows)


# --- 03 partner / region filter ----------------------------------------------------------------

CHARTED_ACTORS = 15  # bars in the chart; the table lists every paragraph
HOME_REGION = "China"  # the texts' own side: named far more than anyone (notebook 03 sets it aside)


def mentions_view(mentions: pd.DataFrame, actors: pd.DataFrame, region: str, actor_id: str) -> View:
    """Every paragraph that names the chosen actor (or any actor of the region), with its quote.

    The chart leaves China's own actors out unless the region chosen is China: China's 110
    mentions would squash every partner's bar.
    """
    named = mentions.merge(actors[["actor_id", "name", "region", "kind"]], on="actor_id")
    if region != ALL:
        named = named[named["region"] == region]
    charted = named if region == HOME_REGION else named[named["region"] != HOME_REGION]
    per_actor = charted.groupby("name")["count"].sum().sort_values(ascending=False)
    if actor_id != ALL:
        named = named[named["actor_id"] == actor_id]
    if named.empty:
        return message("No paragraph names this actor in this region.")
    where = "all regions" if region == ALL else f"region: {region}"
    aside = f" ({HOME_REGION}'s own actors set aside)" if region == ALL else ""
    chosen = actors.loc[actors["actor_id"] == actor_id, "name"].iloc[0] if actor_id != ALL else None
    shown = per_actor.head(CHARTED_ACTORS)
    if chosen in per_actor.index and chosen not in shown.index:  # the chosen actor keeps its bar, last
        shown = pd.concat([per_actor.head(CHARTED_ACTORS - 1), per_actor[[chosen]]])
    chart = (charts.bar(shown, f"Times named, {where}{aside}", "times named", "actor",
                        horizontal=True, what="mentions") if not per_actor.empty else None)
    if chart is not None and chosen in shown.index:  # the chosen actor's bar in the second colour
        chart.figure.axes[0].patches[list(shown.index).index(chosen)].set_color(charts.PALETTE[1])
        chart.description += f" {chosen} (highlighted) is named {text.plural(int(shown[chosen]), 'time')}."
    table = named[["name", "doc_id", "para_no", "count", "quote"]].sort_values(["doc_id", "para_no"])
    return View(f"<p>{text.plural(len(table), 'paragraph')}.</p>", chart, table)


def mention_filter(mentions: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
                   max_rows: int = 10) -> Explorer:
    """Filter by region and actor to read every paragraph that names them."""
    mentions = data.load("mentions") if mentions is None else mentions
    actors = data.load("actors") if actors is None else actors
    by_name = actors.sort_values("name", key=lambda names: names.str.casefold())
    region = widgets.Dropdown(options=[ALL] + sorted(actors["region"].unique(), key=str.casefold), description="region")
    actor = widgets.Dropdown(options=[(ALL, ALL)] + list(zip(by_name["name"], by_name["actor_id"])), description="actor")

    def fit_actors(change: dict) -> None:
        chosen = by_name if change["new"] == ALL else by_name[by_name["region"] == change["new"]]
        actor.options = [(ALL, ALL)] + list(zip(chosen["name"], chosen["actor_id"]))
        actor.value = ALL

    region.observe(fit_actors, names="value")
    return Explorer({"region": region, "actor_id": actor},
                    lambda region, actor_id: mentions_view(mentions, actors, region, actor_id), "Who is named where",
                    max_rows)


# --- 04 claims browser -------------------------------------------------------------------------

CHARTED_TYPES = ["count", "percent", "amount"]


def claims_view(claims: pd.DataFrame, theme: str, max_bars: int | None = None) -> View:
    """The numbers of one theme with what they count, and a chart of the figures, one axis per unit.

    With `max_bars` (the projector), at most that many figures of the 3 units with most figures are
    charted, so the chart fits the screen at full type size; the text says so and the table lists
    them all."""
    chosen = claims if theme == ALL else claims[claims["theme"] == theme]
    if chosen.empty:
        return message(f"No claim has the theme {theme!r}.")
    figures = chosen[chosen["number_type"].isin(CHARTED_TYPES)]
    charted = figures
    if max_bars is not None:  # the units with most figures, so that the chart holds as many as it can
        units = figures["unit"].value_counts(sort=True).index[:PROJECTOR_PANELS]
        charted = figures[figures["unit"].isin(units)].head(max_bars)
    title = f"Stated figures, {'all themes' if theme == ALL else 'theme: ' + theme}"
    panels = {} if max_bars is None else {"max_panels": PROJECTOR_PANELS}
    chart = (charts.bars_by_unit(charted["value"].set_axis(charted["counted"]), charted["unit"], title, **panels)
             if not charted.empty else None)
    table = chosen[["claim_id", "value", "unit", "counted", "year", "quote"]]
    note = (f" The chart shows {len(charted)} of the {len(figures)} figures; the table lists them all."
            if len(charted) < len(figures) else "")
    return View(f"<p>{text.plural(len(chosen), 'number')}.{note}</p>", chart, table)


def claims_browser(claims: pd.DataFrame | None = None, max_rows: int = 10, max_bars: int | None = None) -> Explorer:
    """Browse the texts' numbers by theme."""
    claims = data.load("claims") if claims is None else claims
    theme = widgets.Dropdown(options=[ALL] + sorted(claims["theme"].unique()), description="theme")
    return Explorer({"theme": theme}, lambda theme: claims_view(claims, theme, max_bars), "The texts' numbers by theme",
                    max_rows)


# --- 05 initiative selector --------------------------------------------------------------------

INITIATIVES = {"gdi": "Global Development Initiative", "gsi": "Global Security Initiative",
               "gci": "Global Civilization Initiative"}


def initiative_view(concepts: pd.DataFrame, claims: pd.DataFrame, concept_id: str) -> View:
    """An initiative's definition, year and the support figures the text gives, one axis per unit."""
    found = concepts[concepts["concept_id"] == concept_id]
    if found.empty:
        return message(f"There is no initiative {concept_id!r} in the dataset.")
    c = found.iloc[0]
    abbreviation = concept_id.upper()
    figures = claims[claims["quote"].str.contains(rf"\b{abbreviation}\b") & (claims["number_type"] == "count")]
    year = f"First proposed: {text.format_number(c.first_year, thousands=False)}." if pd.notna(c.first_year) else ""
    parts = [f"<p><b>{html.escape(c['name'])}</b>. {year}</p>", f"<p><q>{html.escape(c.definition_quote)}</q></p>"]
    if figures.empty:
        parts.append("<p>The text gives no support figure for it.</p>")
        return View("".join(parts))
    if len(figures) == 1:  # one figure is a number to read, not a one-bar chart
        return View("".join(parts) + figure_html(figures.iloc[0]))
    chart = charts.bars_by_unit(figures["value"].set_axis(figures["counted"]), figures["unit"],
                                f"Support figures stated for the {abbreviation}", what="support figures")
    return View("".join(parts), chart, figures[["value", "unit", "counted", "quote"]])


def figure_html(claim) -> str:
    """A single stated figure as a large number with its unit, what it counts and its quote."""
    return (f'<p class="sf-figure"><span style="font-size:2.2em;font-weight:bold">'
            f"{html.escape(text.format_number(claim['value']))}</span> {html.escape(claim['unit'])}: "
            f"{html.escape(claim['counted'])}</p><blockquote>{html.escape(claim['quote'])}</blockquote>")


def initiative_selector(concepts: pd.DataFrame | None = None, claims: pd.DataFrame | None = None,
                        max_rows: int = 10) -> Explorer:
    """Switch between the three global initiatives."""
    concepts = data.load("concepts") if concepts is None else concepts
    claims = data.load("claims") if claims is None else claims
    present = [(abbr.upper(), abbr) for abbr in INITIATIVES if abbr in set(concepts["concept_id"])]
    # no label: ipywidgets puts a ToggleButtons label on a line of its own, above the buttons
    picker = widgets.ToggleButtons(options=present, tooltips=[INITIATIVES[abbr] for _, abbr in present])
    return Explorer({"concept_id": picker}, lambda concept_id: initiative_view(concepts, claims, concept_id),
                    "The three global initiatives", max_rows)


# --- 06 glossary search ------------------------------------------------------------------------

def fold(value: str) -> str:
    """Lower case without tone marks or accents, so "renlei" finds "rénlèi"."""
    decomposed = unicodedata.normalize("NFD", value.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_glossary(glossary: pd.DataFrame, query: str) -> View:
    """Glossary rows whose English term, Chinese term, pinyin or gloss contain the query.

    The query is plain text (no patterns), case- and tone-insensitive.
    """
    complaint = text.query_problem(query)
    if complaint:
        return message(complaint)
    needle = fold(query.strip())
    haystack = glossary[["term", "name_zh", "pinyin", "gloss"]].fillna("").agg(" ".join, axis=1).map(fold)
    hits = glossary[haystack.str.contains(needle, regex=False)]
    if hits.empty:
        return message(f"No glossary term contains “{query.strip()}”.")
    return View(f"<p>{text.plural(len(hits), 'term')}.</p>", table=hits[["term", "name_zh", "pinyin", "gloss"]])


def glossary_search(glossary: pd.DataFrame | None = None, max_rows: int = 10) -> Explorer:
    """Search the bilingual glossary in English, Chinese or pinyin (tone marks optional)."""
    glossary = data.load("glossary") if glossary is None else glossary
    box = widgets.Text(value="community", description="search", placeholder="English, 中文 or pinyin")
    return Explorer({"query": box}, lambda query: search_glossary(glossary, query), "Glossary search", max_rows)


# --- 07 keyword in context and word frequencies ------------------------------------------------

def kwic_view(paragraphs: pd.DataFrame, query: str, doc_id: str, whole_words: bool = True) -> View:
    """Every place a word or phrase stands, with its context, and a chart of hits per paragraph;
    the text says whether only whole words were matched."""
    complaint = text.query_problem(query)
    if complaint:
        return message(complaint)
    chosen = paragraphs if doc_id == ALL else paragraphs[paragraphs["doc_id"] == doc_id]
    paras = [text.Paragraph(r.doc_id, r.para_no, r.section or "", r.text) for r in chosen.itertuples()]
    lines = pd.DataFrame(text.kwic(paras, query, whole_words=whole_words),
                         columns=["doc_id", "para_no", "left", "match", "right"])
    how = "whole words only" if whole_words else "also inside longer words"
    if lines.empty:
        hint = " The texts are in English: look Chinese terms up in the glossary." if CJK_RE.search(query) else ""
        return message(f"“{query.strip()}” does not occur in {'either text' if doc_id == ALL else doc_id} ({how}).{hint}")
    where = lines["doc_id"] + " ¶" + lines["para_no"].astype(str)
    hits = lines.groupby(where, sort=False).size()
    chart = charts.bar(hits, f"Where “{query.strip()}” stands, {scope(doc_id)}", "paragraph", "occurrences",
                       what="occurrences")
    table = pd.DataFrame({"where": where, "left": lines["left"], "match": lines["match"], "right": lines["right"]})
    return View(f"<p>{text.plural(len(lines), 'occurrence')} ({how}).</p>", chart, table, right_aligned=("left",))


def kwic_search(paragraphs: pd.DataFrame | None = None, max_rows: int = 10) -> Explorer:
    """Keyword in context: type a word or phrase, see each occurrence in its sentence."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    box = widgets.Text(value="shared future", description="search")
    doc = widgets.Dropdown(options=[ALL] + sorted(paragraphs["doc_id"].unique()), description="text")
    whole = widgets.Checkbox(value=True, description="whole words only", indent=False)
    return Explorer({"query": box, "doc_id": doc, "whole_words": whole},
                    lambda query, doc_id, whole_words: kwic_view(paragraphs, query, doc_id, whole_words),
                    "Keyword in context", max_rows)


def frequency_view(paragraphs: pd.DataFrame, doc_id: str, top: int, drop_stopwords: bool) -> View:
    """The `top` most frequent words of a text, optionally without function words."""
    chosen = paragraphs if doc_id == ALL else paragraphs[paragraphs["doc_id"] == doc_id]
    counts = Counter(t for para in chosen["text"] for t in text.tokens(para)
                     if not (drop_stopwords and t in text.STOPWORDS))
    series = pd.Series(dict(counts.most_common(top)), dtype=int)
    chart = charts.bar(series, f"The {top} most frequent words, {scope(doc_id)}", "count", "word", horizontal=True,
                       what="word counts")
    return View(f"<p>{text.plural(sum(counts.values()), 'word')} counted, {len(counts)} different.</p>", chart)


def word_frequencies(paragraphs: pd.DataFrame | None = None, max_rows: int = 10) -> Explorer:
    """Step to see more or fewer of a text's most frequent words."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    doc = widgets.Dropdown(options=[ALL] + sorted(paragraphs["doc_id"].unique()), description="text")
    top = number_box(10, 5, 30, "top words")
    stop = widgets.Checkbox(value=True, description="leave out function words", indent=False)
    return Explorer({"doc_id": doc, "top": top, "drop_stopwords": stop},
                    lambda doc_id, top, drop_stopwords: frequency_view(paragraphs, doc_id, top, drop_stopwords),
                    "Word frequencies", max_rows)


# --- 08 claim classifier -----------------------------------------------------------------------

STATEMENT_KINDS = {
    "figure": "states a quantity or fact that outside evidence could confirm or contradict",
    "event": "dates or situates something that happened",
    "aspiration": "says what should or will be done",
    "value": "expresses a judgement or a belief",
}


def classify_feedback(claims: pd.DataFrame, claim_id: str, guess: str | None) -> View:
    """Feedback on a learner's classification of one statement, with the reason for the answer."""
    found = claims[claims["claim_id"] == claim_id]
    if found.empty:
        return message(f"There is no statement {claim_id!r}.")
    c = found.iloc[0]
    shown = f"<blockquote>{html.escape(c.quote)}</blockquote>"
    if guess is None:
        return View(shown + "<p>Choose a kind of statement.</p>")
    verdict = "Yes" if guess == c.statement_kind else "Not quite"
    choice = f"<p>You chose <b>{html.escape(guess)}</b>: a statement that {html.escape(STATEMENT_KINDS.get(guess, '?'))}.</p>"
    reason = f"the dataset classes it as <b>{c.statement_kind}</b>: it {STATEMENT_KINDS[c.statement_kind]}."
    outside = ""
    if pd.notna(c.outside_note):
        outside = f"<p>Outside evidence: {html.escape(c.outside_note)}</p>"
    return View(shown + choice + f"<p>{verdict}: {reason}</p>" + outside)


def opening_statement(claims: pd.DataFrame) -> str | None:
    """The first statement that is a sentence of its own: one quote only (not shared by two numbers),
    opening with a capital, at least eight words. The dataset's first rows are the masthead."""
    unique = ~claims["quote"].duplicated(keep=False)
    sentence = claims["quote"].str.match(r"[A-Z“]") & (claims["quote"].str.split().str.len() >= 8)
    found = claims.loc[unique & sentence, "claim_id"]
    return found.iloc[0] if len(found) else (claims["claim_id"].iloc[0] if len(claims) else None)


def claim_classifier(claims: pd.DataFrame | None = None, max_rows: int = 10) -> Explorer:
    """Pick a statement, decide what kind it is, and get feedback."""
    claims = data.load("claims") if claims is None else claims
    # quotes that read the same ("Qiushi Journal, No. 02, 2025" holds two numbers) say what they count
    same = claims["quote"].duplicated(keep=False)
    labels = (claims["claim_id"] + ": " + claims["quote"].map(lambda q: text.shorten(q, 60))
              + claims["counted"].map(lambda counted: f" [{text.shorten(counted, 30)}]").where(same, ""))
    statement = widgets.Dropdown(options=list(zip(labels, claims["claim_id"])), description="statement",
                                 layout=widgets.Layout(width="auto"), value=opening_statement(claims))
    # All four buttons on one row, sized to their words. No label beside them: ipywidgets puts a
    # ToggleButtons label on a line of its own above the buttons; the pane asks "Choose a kind of
    # statement", and each button's tooltip says what the kind means.
    guess = widgets.ToggleButtons(options=list(STATEMENT_KINDS), value=None, tooltips=list(STATEMENT_KINDS.values()),
                                  style={"button_width": "auto"}, layout=widgets.Layout(width="auto"))
    statement.observe(lambda change: setattr(guess, "value", None), names="value")
    return Explorer({"claim_id": statement, "guess": guess},
                    lambda claim_id, guess: classify_feedback(claims, claim_id, guess), "What kind of statement?",
                    max_rows)


# --- the projector dashboard -------------------------------------------------------------------

PROJECTOR_ROWS = 8
PROJECTOR_BARS = 6  # figures charted at once, in at most 3 panels (units): a taller chart would
PROJECTOR_PANELS = 3  # shrink its 20 px type to fit the screen
# Every control grows with the 20 px type: ipywidgets sizes its controls from these variables.
# At projector width the table goes under its chart, full width (beside it, quotes wrapped every
# few words); the chart is at most as tall as the window below the tabs and controls, so its centre
# is in view; unselected tab labels are dark enough for 4.5:1 contrast on the tab bar's grey.
PROJECTOR_CSS = """<style>
.sf-dashboard { --jp-widgets-font-size: 20px; --jp-widgets-inline-height: 44px; --jp-widgets-inline-label-width: 7em;
  --jp-widgets-inline-width: auto; --jp-widgets-inline-width-short: auto; --jp-widgets-slider-handle-size: 24px; }
.sf-dashboard, .sf-dashboard .widget-label, .sf-dashboard select, .sf-dashboard input, .sf-dashboard button,
.sf-dashboard .widget-html-content, .sf-dashboard td, .sf-dashboard th, .sf-dashboard figcaption,
.sf-dashboard .widget-readout, .sf-dashboard .widget-label-basic { font-size: 20px !important; line-height: 1.4 !important; }
.sf-dashboard h3 { font-size: 28px !important; }
.sf-dashboard h1 { font-size: 36px !important; margin: 0.2em 0; }
.sf-dashboard .sf-lede { font-size: 22px !important; }
.sf-dashboard .widget-inline-hbox { height: auto !important; min-height: 44px; align-items: center; margin-right: 1em; }
.sf-dashboard .widget-inline-hbox > .widget-label { line-height: 44px !important; }
.sf-dashboard .widget-toggle-buttons { flex-wrap: nowrap !important; flex-direction: row !important; }
.sf-dashboard select, .sf-dashboard input[type=text], .sf-dashboard button { height: auto !important; min-height: 44px;
  padding: 4px 8px !important; }
.sf-dashboard .widget-dropdown, .sf-dashboard .widget-dropdown select { width: auto !important; max-width: 1700px; }
.sf-dashboard .widget-text { width: 32em !important; }
.sf-dashboard .widget-inline-hbox.widget-text input[type=number] { width: 5em !important; min-height: 44px; }
.sf-dashboard .widget-readout { min-width: 3em; overflow: visible !important; }
.sf-dashboard .widget-checkbox { width: auto !important; }
.sf-dashboard .widget-checkbox input { width: 24px; height: 24px; min-height: 24px; }
.sf-dashboard .widget-toggle-buttons .widget-toggle-button { width: auto !important; min-width: 6em; }
.sf-dashboard .lm-TabBar-tabLabel { font-size: 20px !important; line-height: 1.6 !important; }
.sf-dashboard .lm-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; min-width: 0 !important;
  min-height: 40px; }
.sf-dashboard .lm-TabBar, .sf-dashboard .lm-TabBar-content { min-height: 44px; }
.sf-dashboard .lm-TabBar-tab { color: #1a1a1a !important; }
.sf-dashboard .sf-explorer-body { flex-direction: column !important; flex-wrap: nowrap !important; }
.sf-dashboard .sf-explorer-body > * { flex: 0 0 auto !important; width: 100% !important; min-width: 0 !important; }
.sf-dashboard .sf-chart-pane img { max-height: calc(100vh - 430px) !important; }
.sf-dashboard table.sf-table { width: 100%; }
</style>"""
# Chart type at least as large as the 20 px type beside it: 15 pt at 100 dpi is 20.8 px.
PROJECTOR_RC = {"font.size": 15, "axes.titlesize": 21, "axes.labelsize": 17, "xtick.labelsize": 15,
                "ytick.labelsize": 15}
HEADER = ("<h1>Two texts of Chinese diplomacy, 2025, in their own words</h1>"
          "<p class='sf-lede'>Wang Yi's <i>Qiushi</i> article on a community with a shared future for mankind, "
          "and He Yin's commentary on friendship and cooperation. Each tab looks at them one way; "
          "every quote is verbatim.</p>")


class Dashboard(widgets.VBox):
    """The projector's tabs; without a kernel (an HTML export) it shows each panel's static copy."""

    def __init__(self, panels: dict[str, Explorer]):
        self.panels = panels
        tabs = widgets.Tab(children=list(panels.values()), titles=list(panels))
        super().__init__([widgets.HTML(PROJECTOR_CSS), widgets.HTML(HEADER), tabs])
        self.add_class("sf-dashboard")

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = HEADER + "".join(f"<h2>{html.escape(name)}</h2>{panel.static_html()}"
                                               for name, panel in self.panels.items())
        return bundle


def dashboard(tables: dict[str, pd.DataFrame] | None = None) -> Dashboard:
    """The course's main widgets in tabs, in large type for a projector (notebooks/demo_dashboard)."""
    import matplotlib

    matplotlib.rcParams.update(PROJECTOR_RC)
    t = tables or data.load_all()
    rows = PROJECTOR_ROWS
    return Dashboard({
        "Concepts": concept_explorer(t["concepts"], t["concept_links"], rows),
        "Who is named": mention_filter(t["mentions"], t["actors"], rows),
        "Numbers": claims_browser(t["claims"], rows, max_bars=PROJECTOR_BARS),
        "Initiatives": initiative_selector(t["concepts"], t["claims"], rows),
        "Glossary": glossary_search(t["glossary"], rows),
        "Keywords": kwic_search(t["paragraphs"], rows),
        "Word frequencies": word_frequencies(t["paragraphs"], rows),
        "Claims": claim_classifier(t["claims"], rows),
    })
