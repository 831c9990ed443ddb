"""The course's interactive widgets, each a thin wire around a plain, tested function.

Every widget here is an `Explorer`: some controls, an HTML pane and an Output pane for a chart.
What the widget shows for given control values is computed by a plain function (`paragraph_view`,
`search_glossary`, ...) that returns a `View`; the tests call those functions and drive the
widgets' `.value`, and the notebooks show only the one-line call that builds the widget.
Bad input (an empty or odd search, no match) becomes a message in the pane, never a traceback.
"""
from __future__ import annotations

import base64
import html
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import pandas as pd
from IPython.display import clear_output

from . import charts, data, text

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class View:
    """What a widget shows: an HTML fragment and, optionally, a chart."""

    html: str
    chart: charts.Chart | None = None


def message(note: str) -> View:
    """A friendly one-line message in place of results."""
    return View(f'<p style="color:#555"><em>{html.escape(note)}</em></p>')


def frame_html(frame: pd.DataFrame, max_rows: int = 30) -> str:
    """A small DataFrame as an HTML table, escaped, with a note when rows were cut."""
    shown = frame.head(max_rows).to_html(index=False, escape=True, border=0, na_rep="")
    more = len(frame) - max_rows
    return shown + (f"<p><em>... and {more} more rows</em></p>" if more > 0 else "")


class Explorer(widgets.VBox):
    """Controls above, a text pane and a chart pane below; any change of a control redraws.

    `view_for(**values)` receives the controls' values by name and returns a View.
    `last_view` keeps what was shown last, so tests can read it without a kernel.
    """

    def __init__(self, controls: dict[str, widgets.Widget], view_for: Callable[..., View], title: str):
        self.controls = controls
        self.view_for = view_for
        self.pane = widgets.HTML()
        self.output = widgets.Output()
        self.last_view: View | None = None
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        super().__init__([heading, widgets.HBox(list(controls.values())), self.pane, self.output])
        for control in controls.values():
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
        """The current view as plain HTML, the chart inlined as a PNG."""
        view = self.last_view
        parts = [self.children[0].value, view.html if view else ""]
        if view is not None and view.chart is not None:
            png = io.BytesIO()
            view.chart.figure.savefig(png, format="png", bbox_inches="tight")
            encoded = base64.b64encode(png.getvalue()).decode("ascii")
            parts.append(f'<img alt="{html.escape(view.chart.description)}" src="data:image/png;base64,{encoded}">'
                         f"<p><em>Chart description: {html.escape(view.chart.description)}</em></p>")
        return "".join(parts)

    def refresh(self, _change: dict | None = None) -> None:
        view = self.view_for(**{name: control.value for name, control in self.controls.items()})
        self.last_view = view
        self.pane.value = view.html
        with self.output:
            clear_output(wait=True)
            if view.chart is not None:
                charts.show(view.chart)


# --- 00 table picker -------------------------------------------------------------------------

def table_view(name: str, tables: dict[str, pd.DataFrame]) -> View:
    """The data dictionary of one table (from datapackage.json) and its first rows."""
    fields = data.describe(name)
    frame = tables[name]
    summary = f"<p><b>{name}.csv</b>: {len(frame)} rows, {len(frame.columns)} columns.</p>"
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
    chart.description += f" Paragraph {para_no} (highlighted) has {row.words} words."
    heading = f"<p><b>{doc_id}</b>, {section}paragraph {para_no} of {len(doc)} ({row.words} words)</p>"
    return View(heading + f"<blockquote>{html.escape(row.text)}</blockquote>", chart)


def paragraph_browser(paragraphs: pd.DataFrame | None = None) -> Explorer:
    """Choose a text and a paragraph; see it, and where it stands among the others by length."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    counts = paragraphs.groupby("doc_id")["para_no"].max()
    doc = widgets.Dropdown(options=list(counts.index), description="text")
    para = widgets.IntSlider(value=1, min=1, max=int(counts.iloc[0]), description="paragraph")

    def fit_slider(change: dict) -> None:
        para.value = 1
        para.max = int(counts[change["new"]])

    doc.observe(fit_slider, names="value")
    return Explorer({"doc_id": doc, "para_no": para},
                    lambda doc_id, para_no: paragraph_view(paragraphs, doc_id, para_no), "Paragraph browser")


# --- 02 concept explorer -----------------------------------------------------------------------

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
    parts.append(f"<ul>{''.join(items)}</ul>" if items else "<p>The texts state no relation for it.</p>")
    return View("".join(parts), charts.concept_map(concepts, links, centre=concept_id))


def concept_explorer(concepts: pd.DataFrame | None = None, links: pd.DataFrame | None = None) -> Explorer:
    """Pick a concept: its definition, Chinese term, related concepts and a map of them."""
    concepts = data.load("concepts") if concepts is None else concepts
    links = data.load("concept_links") if links is None else links
    authors = data.load("documents").set_index("doc_id")["author"].to_dict()
    linked = set(links["source"]) | set(links["target"])
    ordered = concepts.assign(linked=concepts["concept_id"].isin(linked)).sort_values(["linked", "name"], ascending=[False, True])
    picker = widgets.Dropdown(options=list(zip(ordered["name"], ordered["concept_id"])), description="concept",
                              layout=widgets.Layout(width="600px"))
    if "community_shared_future" in set(concepts["concept_id"]):
        picker.value = "community_shared_future"
    return Explorer({"concept_id": picker},
                    lambda concept_id: concept_view(concept_id, concepts, links, authors), "Concept explorer")


# --- 03 partner / region filter ----------------------------------------------------------------

ALL = "(all)"


def mentions_view(mentions: pd.DataFrame, actors: pd.DataFrame, region: str, actor_id: str) -> View:
    """Every paragraph that names the chosen actor (or any actor of the region), with its quote."""
    named = mentions.merge(actors[["actor_id", "name", "region", "kind"]], on="actor_id")
    if region != ALL:
        named = named[named["region"] == region]
    per_actor = named.groupby("name")["count"].sum().sort_values(ascending=False)
    if actor_id != ALL:
        named = named[named["actor_id"] == actor_id]
    if named.empty:
        return message("No paragraph names this actor in this region.")
    chart = charts.bar(per_actor.head(15), f"Times named, region: {region}", "times named", "actor",
                       horizontal=True, what="mentions")
    table = named[["name", "doc_id", "para_no", "count", "quote"]].sort_values(["doc_id", "para_no"])
    return View(f"<p>{len(table)} paragraphs.</p>" + frame_html(table), chart)


def mention_filter(mentions: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> Explorer:
    """Filter by region and actor to read every paragraph that names them."""
    mentions = data.load("mentions") if mentions is None else mentions
    actors = data.load("actors") if actors is None else actors
    region = widgets.Dropdown(options=[ALL] + sorted(actors["region"].unique()), description="region")
    actor = widgets.Dropdown(options=[(ALL, ALL)] + list(zip(actors["name"], actors["actor_id"])), description="actor")

    def fit_actors(change: dict) -> None:
        chosen = actors if change["new"] == ALL else actors[actors["region"] == change["new"]]
        actor.options = [(ALL, ALL)] + list(zip(chosen["name"], chosen["actor_id"]))
        actor.value = ALL

    region.observe(fit_actors, names="value")
    return Explorer({"region": region, "actor_id": actor},
                    lambda region, actor_id: mentions_view(mentions, actors, region, actor_id), "Who is named where")


# --- 04 claims browser -------------------------------------------------------------------------

def claims_view(claims: pd.DataFrame, theme: str) -> View:
    """The numbers of one theme with what they count, and a chart of the counts, units kept apart."""
    chosen = claims if theme == ALL else claims[claims["theme"] == theme]
    if chosen.empty:
        return message(f"No claim has the theme {theme!r}.")
    counts = chosen[chosen["number_type"].isin(["count", "percent", "amount"])]
    labels = counts["value"].set_axis(counts["counted"].str.slice(0, 45) + " (" + counts["unit"] + ")")
    chart = charts.bar(labels.sort_values(ascending=False), f"Stated figures, theme: {theme}", "value (in its own unit)",
                       "what is counted", horizontal=True, what="stated figures") if not counts.empty else None
    table = chosen[["claim_id", "value", "unit", "counted", "year", "quote"]]
    return View(f"<p>{len(chosen)} numbers.</p>" + frame_html(table), chart)


def claims_browser(claims: pd.DataFrame | None = None) -> Explorer:
    """Browse the texts' numbers by theme."""
    claims = data.load("claims") if claims is None else claims
    theme = widgets.Dropdown(options=[ALL] + sorted(claims["theme"].unique()), description="theme")
    return Explorer({"theme": theme}, lambda theme: claims_view(claims, theme), "The texts' numbers by theme")


# --- 05 initiative selector --------------------------------------------------------------------

INITIATIVES = {"gdi": "Global Development Initiative", "gsi": "Global Security Initiative",
               "gci": "Global Civilization Initiative"}


def initiative_view(concepts: pd.DataFrame, claims: pd.DataFrame, concept_id: str) -> View:
    """An initiative's definition, year and the support figures the text gives, units kept apart."""
    found = concepts[concepts["concept_id"] == concept_id]
    if found.empty:
        return message(f"There is no initiative {concept_id!r} in the dataset.")
    c = found.iloc[0]
    abbreviation = concept_id.upper()
    figures = claims[claims["quote"].str.contains(rf"\b{abbreviation}\b") & (claims["number_type"] == "count")]
    year = f"First proposed: {c.first_year}." if pd.notna(c.first_year) else ""
    parts = [f"<p><b>{html.escape(c['name'])}</b>. {year}</p>", f"<p><q>{html.escape(c.definition_quote)}</q></p>"]
    if figures.empty:
        parts.append("<p>The text gives no support figure for it.</p>")
        return View("".join(parts))
    parts.append(frame_html(figures[["value", "unit", "counted", "quote"]]))
    labels = figures["value"].set_axis(figures["value"].map("{:g}".format) + " " + figures["unit"])
    chart = charts.bar(labels, f"Support figures stated for the {abbreviation}", "as stated (unit in the label)",
                       "count", what="support figures")
    return View("".join(parts), chart)


def initiative_selector(concepts: pd.DataFrame | None = None, claims: pd.DataFrame | None = None) -> Explorer:
    """Switch between the three global initiatives."""
    concepts = data.load("concepts") if concepts is None else concepts
    claims = data.load("claims") if claims is None else claims
    present = [(abbr.upper(), abbr) for abbr in INITIATIVES if abbr in set(concepts["concept_id"])]
    picker = widgets.ToggleButtons(options=present, description="initiative")
    return Explorer({"concept_id": picker}, lambda concept_id: initiative_view(concepts, claims, concept_id),
                    "The three global initiatives")


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
    return View(f"<p>{len(hits)} terms.</p>" + frame_html(hits[["term", "name_zh", "pinyin", "gloss"]]))


def glossary_search(glossary: pd.DataFrame | None = None) -> Explorer:
    """Search the bilingual glossary in English, Chinese or pinyin (tone marks optional)."""
    glossary = data.load("glossary") if glossary is None else glossary
    box = widgets.Text(value="community", description="search", placeholder="English, 中文 or pinyin")
    return Explorer({"query": box}, lambda query: search_glossary(glossary, query), "Glossary search")


# --- 07 keyword in context and word frequencies ------------------------------------------------

def kwic_view(paragraphs: pd.DataFrame, query: str, doc_id: str) -> View:
    """Every place a word or phrase stands, with its context, and a chart of hits per paragraph."""
    complaint = text.query_problem(query)
    if complaint:
        return message(complaint)
    chosen = paragraphs if doc_id == ALL else paragraphs[paragraphs["doc_id"] == doc_id]
    paras = [text.Paragraph(r.doc_id, r.para_no, r.section or "", r.text) for r in chosen.itertuples()]
    lines = pd.DataFrame(text.kwic(paras, query), columns=["doc_id", "para_no", "left", "match", "right"])
    if lines.empty:
        hint = " The texts are in English: look Chinese terms up in the glossary." if CJK_RE.search(query) else ""
        return message(f"“{query.strip()}” does not occur in {'either text' if doc_id == ALL else doc_id}.{hint}")
    rows = "".join(
        f"<tr><td>{r.doc_id} ¶{r.para_no}</td><td style='text-align:right'>{html.escape(r.left)}</td>"
        f"<td><b>{html.escape(r.match)}</b></td><td>{html.escape(r.right)}</td></tr>"
        for r in lines.head(40).itertuples())
    hits = lines.groupby(lines["doc_id"] + " ¶" + lines["para_no"].astype(str), sort=False).size()
    chart = charts.bar(hits, f"Where “{query.strip()}” stands", "paragraph", "occurrences", what="occurrences")
    return View(f"<p>{len(lines)} occurrences.</p><table>{rows}</table>", chart)


def kwic_search(paragraphs: pd.DataFrame | None = None) -> Explorer:
    """Keyword in context: type a word or phrase, see each occurrence in its sentence."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    box = widgets.Text(value="shared future", description="search")
    doc = widgets.Dropdown(options=[ALL] + sorted(paragraphs["doc_id"].unique()), description="text")
    return Explorer({"query": box, "doc_id": doc}, lambda query, doc_id: kwic_view(paragraphs, query, doc_id),
                    "Keyword in context")


def frequency_view(paragraphs: pd.DataFrame, doc_id: str, top: int, drop_stopwords: bool) -> View:
    """The `top` most frequent words of a text, optionally without function words."""
    chosen = paragraphs if doc_id == ALL else paragraphs[paragraphs["doc_id"] == doc_id]
    counts = Counter(t for para in chosen["text"] for t in text.tokens(para)
                     if not (drop_stopwords and t in text.STOPWORDS))
    series = pd.Series(dict(counts.most_common(top)), dtype=int)
    chart = charts.bar(series, f"The {top} most frequent words, {doc_id}", "count", "word", horizontal=True,
                       what="word counts")
    return View(f"<p>{sum(counts.values())} words counted, {len(counts)} different.</p>", chart)


def word_frequencies(paragraphs: pd.DataFrame | None = None) -> Explorer:
    """Slide to see more or fewer of a text's most frequent words."""
    paragraphs = data.load("paragraphs") if paragraphs is None else paragraphs
    doc = widgets.Dropdown(options=[ALL] + sorted(paragraphs["doc_id"].unique()), description="text")
    top = widgets.IntSlider(value=10, min=5, max=30, description="top words")
    stop = widgets.Checkbox(value=True, description="leave out function words")
    return Explorer({"doc_id": doc, "top": top, "drop_stopwords": stop},
                    lambda doc_id, top, drop_stopwords: frequency_view(paragraphs, doc_id, top, drop_stopwords),
                    "Word frequencies")


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
    reason = f"the dataset classes it as <b>{c.statement_kind}</b>: it {STATEMENT_KINDS[c.statement_kind]}."
    outside = ""
    if pd.notna(c.outside_note):
        outside = f"<p>Outside evidence: {html.escape(c.outside_note)}</p>"
    return View(shown + f"<p>{verdict}: {reason}</p>" + outside)


def claim_classifier(claims: pd.DataFrame | None = None) -> Explorer:
    """Pick a statement, decide what kind it is, and get feedback."""
    claims = data.load("claims") if claims is None else claims
    statement = widgets.Dropdown(options=list(zip(claims["claim_id"] + ": " + claims["quote"].str.slice(0, 60),
                                                  claims["claim_id"])), description="statement",
                                 layout=widgets.Layout(width="650px"))
    guess = widgets.ToggleButtons(options=list(STATEMENT_KINDS), value=None, description="kind")
    statement.observe(lambda change: setattr(guess, "value", None), names="value")
    return Explorer({"claim_id": statement, "guess": guess},
                    lambda claim_id, guess: classify_feedback(claims, claim_id, guess), "What kind of statement?")


# --- the projector dashboard -------------------------------------------------------------------

PROJECTOR_CSS = """<style>
.sf-dashboard, .sf-dashboard .widget-label, .sf-dashboard select, .sf-dashboard input,
.sf-dashboard button, .sf-dashboard .widget-html-content, .sf-dashboard td, .sf-dashboard th { font-size: 20px !important; }
.sf-dashboard h3 { font-size: 28px !important; }
.sf-dashboard .widget-label { min-width: 9em; }
.sf-dashboard .lm-TabBar-tabLabel { font-size: 18px; }
.sf-dashboard .lm-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; min-width: 0 !important; }
</style>"""
PROJECTOR_RC = {"font.size": 15, "axes.titlesize": 20, "axes.labelsize": 17, "xtick.labelsize": 14,
                "ytick.labelsize": 14, "figure.figsize": (12, 6)}


def dashboard(tables: dict[str, pd.DataFrame] | None = None) -> widgets.VBox:
    """The course's main widgets in tabs, with large type for a projector (notebooks/demo_dashboard)."""
    import matplotlib

    matplotlib.rcParams.update(PROJECTOR_RC)
    t = tables or data.load_all()
    panels = {
        "Concepts": concept_explorer(t["concepts"], t["concept_links"]),
        "Who is named": mention_filter(t["mentions"], t["actors"]),
        "Numbers": claims_browser(t["claims"]),
        "Initiatives": initiative_selector(t["concepts"], t["claims"]),
        "Glossary": glossary_search(t["glossary"]),
        "Keywords": kwic_search(t["paragraphs"]),
        "Word frequencies": word_frequencies(t["paragraphs"]),
        "Claims": claim_classifier(t["claims"]),
    }
    tabs = widgets.Tab(children=list(panels.values()), titles=list(panels))
    box = widgets.VBox([widgets.HTML(PROJECTOR_CSS), tabs])
    box.add_class("sf-dashboard")
    return box
