"""The course's charts: titled, labelled, colour-blind safe, each with a one-sentence description.

A chart function draws on a matplotlib Axes (made for it when none is given) and returns a
`Chart`: the figure plus a sentence that says what the chart shows, computed from the same data,
for learners who use a screen reader. `show(chart)` displays both. The simple bar charts that
learners should learn to write stay visible in the notebooks; here live the charts whose code
would bury the lesson (timeline, concept map, heat map) and the ones widgets redraw.
"""
from __future__ import annotations

import base64
import html
import io
import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import AutoLocator, FuncFormatter, MaxNLocator

from . import text

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Black is kept last for text-like marks.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "cividis"  # perceptually uniform and colour-blind safe, for heat maps

matplotlib.rcParams.update({
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.titlesize": "large",
    "axes.titleweight": "bold",
    "figure.dpi": 100,
})


@dataclass
class Chart:
    """A drawn figure and the sentence that describes it to someone who cannot see it."""

    figure: Figure
    description: str

    def _repr_html_(self) -> str:  # a Chart left as a cell's last value still reads aloud
        return f"<p><em>Chart: {self.description}</em></p>"


def png(figure: Figure, tight: bool = False) -> bytes:
    """The figure as PNG bytes. Widgets pass `tight=False`: their charts set their own margins, and
    `bbox_inches="tight"` would draw every figure twice (benchmarks/run.py)."""
    buffer = io.BytesIO()
    # zlib level 1: a third of the encoding time of the default 6, for a PNG about a fifth larger
    figure.savefig(buffer, format="png", bbox_inches="tight" if tight else None, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def chart_html(chart: Chart, tight: bool = False) -> str:
    """The chart as an <img> whose alt text is its description, with the description printed under
    it in the page's own (proportional) font: screen readers and exported pages get both. The image
    keeps its proportions and is never taller than the window, so its centre is always in view."""
    encoded = base64.b64encode(png(chart.figure, tight)).decode("ascii")
    description = html.escape(chart.description)
    return (f'<figure class="sf-chart" style="margin:0"><img alt="{description}" '
            f'style="max-width:100%;max-height:85vh" '
            f'src="data:image/png;base64,{encoded}"><figcaption style="font-style:italic">'
            f"Chart description: {description}</figcaption></figure>")


def show(chart: Chart) -> None:
    """Display the chart (cropped to its contents) with its description as alt text and caption."""
    from IPython.display import HTML, display

    display(HTML(chart_html(chart, tight=True)))


# A widget draws its chart again on each change of a control. Inside `reusing(figure)` the chart
# functions draw on that one figure instead of making a new one, and keep its Axes (and the tick
# objects matplotlib would otherwise build again on every draw).
_REUSED: ContextVar[Figure | None] = ContextVar("reused_figure", default=None)


@contextmanager
def reusing(figure: Figure):
    """Draw the charts made inside this block on `figure`."""
    token = _REUSED.set(figure)
    try:
        yield figure
    finally:
        _REUSED.reset(token)


def new_figure(size: tuple[float, float]) -> Figure:
    """A figure outside pyplot (nothing to close, never shown twice by the inline backend)."""
    figure = Figure(figsize=size, dpi=matplotlib.rcParams["figure.dpi"])
    FigureCanvasAgg(figure)  # drawn to PNG by Agg, in or out of Jupyter
    return figure


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The Axes to draw on: the caller's, the reused figure's single Axes (emptied), or a new one."""
    if ax is not None:
        return ax
    figure = _REUSED.get()
    if figure is None:
        return new_figure(size).add_subplot()
    figure.set_size_inches(size)
    if len(figure.axes) != 1:
        figure.clear()
        return figure.add_subplot()
    return _empty(figure.axes[0])


def _empty(ax: Axes) -> Axes:
    """Remove what an Axes shows but keep the Axes and its tick objects, for the next chart."""
    for artist in [*ax.patches, *ax.texts, *ax.collections, *ax.lines, *ax.images]:
        artist.remove()
    for axis, scale in (("x", ax.get_xscale()), ("y", ax.get_yscale())):
        if scale != "linear":
            (ax.set_xscale if axis == "x" else ax.set_yscale)("linear")
    ax.set_axis_on()
    ax.set_autoscale_on(True)
    ax.relim()
    return ax


def _points(size) -> float:
    return FontProperties(size=size).get_size_in_points()


def _fit_margins(ax: Axes, title: str, left_chars: int = 6, bottom_chars: int = 6, rotated: bool = False,
                 panels: list[Axes] | None = None) -> None:
    """Room for the tick labels, axis labels and title, estimated from their length in characters;
    the title is wrapped to the figure's width and starts at its left edge, so it is never cut.

    Cheaper than a layout engine or a tight crop (each lays out every text once more): an average
    character is taken as 0.6 em (0.55 below rotated labels), a little wider than DejaVu Sans's, so
    labels are never cut. The title and axis labels are then pinned in those margins, so that
    matplotlib need not measure every tick label again to place them (a third of a redraw).
    `panels` are further Axes stacked below `ax` (one value axis each), pinned the same way.
    """
    figure = ax.figure
    width, height = figure.get_size_inches() * figure.dpi
    px = figure.dpi / 72
    tick = _points(matplotlib.rcParams["ytick.labelsize"]) * px
    label = _points(matplotlib.rcParams["axes.labelsize"]) * px
    title_px = _points(matplotlib.rcParams["axes.titlesize"]) * px
    wrapped = _wrap(title, max(20, int((width - 24) / (0.62 * title_px))))
    left = left_chars * 0.6 * tick + 1.6 * label + 16
    below_axes = (bottom_chars * 0.55 * tick * 0.72 if rotated else 0) + 1.6 * tick + 6
    bottom = below_axes + 1.6 * label + 4
    top = (wrapped.count("\n") + 1) * 1.3 * title_px + 14
    figure.subplots_adjust(left=min(left / width, 0.6), right=1 - 24 / width,
                           bottom=min(bottom / height, 0.6), top=1 - min(top / height, 0.4))
    if panels:
        figure.subplots_adjust(hspace=(below_axes + 1.6 * label + 16) / (height * figure.subplotpars.top / len(panels)))
    for each in panels or [ax]:
        box = each.get_position()
        each.yaxis.set_label_coords(((8 + 1.1 * label) / width - box.x0) / box.width, 0.5)
        each.xaxis.set_label_coords(0.5, -below_axes / (box.height * height))
    box = ax.get_position()
    ax.set_title(wrapped, loc="left", x=(8 / width - box.x0) / box.width, y=1.0)


def _largest(series: pd.Series) -> str:
    return f"{series.idxmax()} ({text.format_number(series.max())})"


def _as_people_write() -> FuncFormatter:
    """Tick labels written as people write numbers: "1,000", not 1000 or 10³."""
    return FuncFormatter(lambda value, _pos: text.format_number(value))


def _integer_ticks(axis, values) -> None:
    """Counts get whole-number ticks ("2.5 mentions" is no count), written as people write them."""
    whole = len(values) > 0 and all(float(v).is_integer() for v in values)
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True) if whole else AutoLocator())
    axis.set_major_formatter(_as_people_write())


def bar(series: pd.Series, title: str, xlabel: str, ylabel: str, ax: Axes | None = None,
        horizontal: bool = False, what: str = "values", label_width: int = 40) -> Chart:
    """A bar per label of `series`, in the order given; the description names the largest bar.

    Labels longer than `label_width` characters are cut at a word. Where the values span more
    than two orders of magnitude the value axis is logarithmic, and the description says so.
    """
    own = ax is None
    labels = [text.shorten(label, label_width) for label in series.index]
    values = series.to_numpy()
    positions = range(len(labels))
    longest = max((len(label) for label in labels), default=0)
    rotated = not horizontal and longest > 8
    # rotated labels get their own room below a 3-inch plot, instead of squeezing it
    label_inches = 0.55 * 0.72 * longest * _points(matplotlib.rcParams["xtick.labelsize"]) / 72 if rotated else 0
    ax = _axes(ax, (8, max(3, 0.35 * len(series) + 1.2)) if horizontal else (8, 4 + label_inches))
    if horizontal:
        ax.barh(positions, values, color=PALETTE[0])
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)  # the first bar on top
        _integer_ticks(ax.xaxis, values)
    else:
        ax.bar(positions, values, color=PALETTE[0])
        ax.set_xticks(positions, labels)
        ax.tick_params(axis="x", labelrotation=45 if rotated else 0)
        for tick_label in ax.get_xticklabels():
            tick_label.set_horizontalalignment("right" if rotated else "center")
        _integer_ticks(ax.yaxis, values)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if own:
        left_chars = longest if horizontal else max(7, int(0.72 * longest) if rotated else 0)
        _fit_margins(ax, title, left_chars=left_chars, bottom_chars=0 if horizontal else longest,
                     rotated=rotated)
    else:
        ax.set_title(title)
    if series.empty:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        return Chart(ax.figure, f"{title}: no {what} to show.")
    scale = ""
    if series.min() > 0 and series.max() / series.min() > 100:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        # "1,000" rather than matplotlib's 10³, whose mathtext costs a quarter second on first use
        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(_as_people_write())
        scale = " on a logarithmic scale"
    return Chart(ax.figure, f"{title}: {text.plural(len(series), 'bar')} of {what}{scale}; "
                            f"the largest is {_largest(series)}.")


def by_unit(values: pd.Series, units: pd.Series) -> dict[str, pd.Series]:
    """Split figures by unit, the unit with most figures first: one axis may hold only one unit
    (150 countries, 100 percent and 6.4 percent on one axis would compare what cannot be compared)."""
    order = units.value_counts(sort=True).index
    return {unit: values[(units == unit).to_numpy()] for unit in order}


def _as_written(value: float) -> str:
    """A bar's value as the texts write it: "2.8 billion" rather than 2,800,000,000."""
    return text.number_forms(value)[0] if value >= 1_000_000 else text.format_number(value)


def bars_by_unit(values: pd.Series, units: pd.Series, title: str, what: str = "stated figures",
                 max_panels: int = 6) -> Chart:
    """Stated figures as horizontal bars, one panel per unit, each with its own value axis.

    `values` is indexed by the label of each bar. Each bar carries its value as written, on a
    linear axis without ticks (the labels say the numbers; a tiny bar next to 2.8 billion still
    reads "50,000"). At most `max_panels` units are drawn (those with most figures); the
    description says how many were left to the table.
    """
    groups = list(by_unit(values, units).items())
    shown = groups[:max_panels]
    rows = sum(len(series) for _, series in shown)
    figure = _REUSED.get() or new_figure((8, 4))
    figure.set_size_inches(11, max(2.2, 0.42 * rows + 0.75 * len(shown) + 0.7))
    heights = [len(series) for _, series in shown]  # each panel as tall as its bars
    if len(figure.axes) == len(shown) and all(ax.get_subplotspec() for ax in figure.axes):
        axes = [_empty(ax) for ax in figure.axes]  # the same panels again: keep them (a third of the time)
        axes[0].get_subplotspec().get_gridspec().set_height_ratios(heights)
    else:
        figure.clear()
        axes = list(figure.subplots(len(shown), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0])
    longest = 0
    for ax, (unit, series) in zip(axes, shown):
        labels = [text.shorten(label, 48) for label in series.index]
        longest = max([longest, *(len(label) for label in labels)])
        positions = range(len(labels))
        bars = ax.barh(positions, series.to_numpy(), color=PALETTE[0])
        ax.bar_label(bars, [_as_written(value) for value in series], padding=4)
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_xticks([])
        ax.set_xlabel(f"unit: {unit}", loc="right")
        ax.set_xlim(0, series.max() * 1.35 if series.max() > 0 else 1)  # room for the value labels
    _fit_margins(axes[0], title, left_chars=longest, panels=list(axes))
    for ax in axes:  # no ticks: the unit goes right under its panel, far from the next one
        ax.xaxis.set_label_coords(1, -4 / (ax.get_position().height * figure.get_size_inches()[1] * figure.dpi))
    left_out = len(groups) - len(shown)
    rest = f"; {text.plural(left_out, 'more unit')} only in the table" if left_out else ""
    return Chart(figure, f"{title}: {text.plural(rows, 'bar')} of {what} in {text.plural(len(shown), 'panel')}, "
                         f"one per unit ({', '.join(unit for unit, _ in shown)}), each bar labelled with its value{rest}.")


LABELLED_EVENTS = 6  # up to this many events, each dot carries its title and date


def timeline(events: pd.DataFrame, title: str = "Events the texts name", ax: Axes | None = None) -> Chart:
    """Events on a time axis, one row per kind of event, coloured by kind.

    Dates of month or year precision sit at the start of their month or year and are drawn
    hollow, so a learner can see which dates are exact.
    """
    ax = _axes(ax, (10, 4.5))
    ax.clear()
    frame = events.assign(when=pd.to_datetime(events["date"], format="ISO8601"))
    kinds = sorted(frame["kind"].unique())
    for i, kind in enumerate(kinds):
        rows = frame[frame["kind"] == kind]
        exact = rows["date_precision"] == "day"
        colour = PALETTE[i % len(PALETTE)]
        ax.scatter(rows.loc[exact, "when"], [i] * exact.sum(), color=colour, s=60, zorder=3)
        ax.scatter(rows.loc[~exact, "when"], [i] * (~exact).sum(), facecolors="none",
                   edgecolors=colour, s=60, zorder=3)
    ax.set_yticks(range(len(kinds)), kinds)
    ax.grid(axis="x", alpha=0.3)
    ax.set(title=title, xlabel="date (hollow: only the month or year is known)", ylabel="kind of event")
    if frame.empty:
        return Chart(ax.figure, f"{title}: no events to show.")
    labelled = len(frame) <= LABELLED_EVENTS
    if labelled:  # a few milestones: each dot says what it is, above or below it, where no label stands yet
        ax.set_ylim(-0.9, len(kinds) - 0.1)
        ax.margins(x=0.15)
        renderer = ax.figure.canvas.get_renderer()
        taken: list = []
        for event in frame.sort_values("when").itertuples():
            label = ax.annotate(f"{_wrap(text.shorten(event.title, 44), 22)}\n{event.date}",
                                (event.when, kinds.index(event.kind)), xytext=(0, 10), textcoords="offset points",
                                ha="center", fontsize="small")
            for dy in (10, -10, 46, -46):
                label.set_position((0, dy))
                label.set_verticalalignment("bottom" if dy > 0 else "top")
                box = label.get_window_extent(renderer)
                if not any(box.overlaps(other) for other in taken):
                    break
            taken.append(box)
    first, last = frame.sort_values("when").iloc[[0, -1]].itertuples()
    return Chart(ax.figure, (f"{title}: {len(frame)} events from {first.date} ({first.title}) "
                             f"to {last.date} ({last.title}), in {len(kinds)} kinds"
                             f"{', each labelled with its title and date' if labelled else ''}."))


MAX_NEIGHBOURS = 8  # a centred map beyond this is a wall of labels at 10 px: the rest are "+N more"


def concept_map(concepts: pd.DataFrame, links: pd.DataFrame, centre: str | None = None,
                title: str | None = None, ax: Axes | None = None,
                nodes: str = "concepts", edges: str = "stated relations",
                max_neighbours: int = MAX_NEIGHBOURS) -> Chart:
    """Concepts as labelled points and stated relations as arrows, laid out so no labels overlap.

    With `centre`, that concept stands in the middle and its direct neighbours in two columns, left
    and right, each neighbour's label (its name, then the relation in italics) beside it, away from
    the arrows; the figure grows with the number of neighbours, of which at most `max_neighbours`
    are drawn (those with most relations to the centre, then in the texts' order), the others
    counted under the map as "+N more". Otherwise every linked concept is
    placed on a circle, its label pointing outwards. `nodes` and `edges` name what the points and
    arrows are in the description (tables and links, for the dataset's own map).
    """
    names = concepts.set_index("concept_id")["name"]
    own = ax is None
    relation_of: dict[str, list[str]] = {}
    more = 0
    if centre is not None:
        links = links[(links["source"] == centre) | (links["target"] == centre)]
        neighbour = links["target"].where(links["source"] == centre, links["source"])
        ranked = neighbour.value_counts(sort=False).sort_values(ascending=False, kind="stable").index
        more = max(0, len(ranked) - max_neighbours)
        links = links[neighbour.isin(ranked[:max_neighbours])]
        for link in links.itertuples():
            outward = link.source == centre
            relation_of.setdefault(link.target if outward else link.source, []).append(
                f"{'→' if outward else '←'} {link.relation.replace('_', ' ')}")
        others = sorted((set(links["source"]) | set(links["target"])) - {centre},
                        key=lambda node: str(names.get(node, node)).casefold())
        labels = {node: _wrap(names.get(node, node), 30) + "\n" + "; ".join(relation_of[node]) for node in others}
        positions, lines = _two_columns(others, {node: label.count("\n") + 1 for node, label in labels.items()})
        line_inches = 1.3 * _points("medium") / 72
        centre_lines = _wrap(names.get(centre, centre), 26).count("\n") + 1  # below the centre: half the height
        ax = _axes(ax, (12, max(4.5, lines * line_inches, 2 * centre_lines * line_inches + 0.4) + 1.4
                        + (0.4 if more else 0)))
        positions[centre] = (0.0, 0.0)
    else:
        others = sorted(set(links["source"]) | set(links["target"]))
        labels = {node: _wrap(names.get(node, node), 18) for node in others}
        ax = _axes(ax, (10, 7.5))
        positions = {node: (math.cos(2 * math.pi * i / max(len(others), 1)),
                            math.sin(2 * math.pi * i / max(len(others), 1))) for i, node in enumerate(others)}
    ax.clear()
    ax.set_axis_off()
    for link in links.itertuples():
        (x0, y0), (x1, y1) = positions[link.source], positions[link.target]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "->", "color": PALETTE[7], "alpha": 0.5, "shrinkA": 10, "shrinkB": 10})
    for node, (x, y) in positions.items():
        is_centre = node == centre
        ax.scatter([x], [y], s=300 if is_centre else 120, color=PALETTE[1] if is_centre else PALETTE[0], zorder=3)
        if is_centre:
            ax.text(x, y - 0.06, _wrap(names.get(node, node), 26), ha="center", va="top", fontsize="medium",
                    fontweight="bold", zorder=4, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1})
        elif centre is not None:
            ax.text(x * 1.05, y, labels[node], ha="left" if x > 0 else "right", va="center", fontsize="medium")
        else:
            ax.text(x * 1.1, y * 1.1, labels[node], fontsize="small", va="center",
                    ha="left" if x > 0.3 else "right" if x < -0.3 else "center")
    ax.set_xlim(-2.5, 2.5) if centre is not None else ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.1 - (0.25 if more else 0), 1.1) if centre is not None else ax.set_ylim(-1.35, 1.3)
    if more:
        ax.text(0, -1.25, f"+{more} more related {'concept' if more == 1 else 'concepts'}, listed beside the map",
                ha="center", va="center", fontsize="medium", style="italic")
    label = names.get(centre, centre) if centre else "all linked concepts"
    title = title or f"Concept map: {label}"
    wrapped = _wrap(title, 70)
    ax.set_title(wrapped, y=1.0)  # pinned: matplotlib need not measure the (hidden) axes to place it
    if own:
        title_px = _points(matplotlib.rcParams["axes.titlesize"]) * ax.figure.dpi / 72
        top = ((wrapped.count("\n") + 1) * 1.3 * title_px + 14) / (ax.figure.get_size_inches()[1] * ax.figure.dpi)
        ax.figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - top)
    if centre is None:
        _label_edges(ax, links, positions)  # last: measured where the labels finally stand
    if links.empty:
        ax.text(0, 0.3, "the texts state no relation for this concept", ha="center")
        return Chart(ax.figure, f"{title}: the texts state no relation between this concept and another.")
    shown_more = f"; {more} more related concepts are left off the map" if more else ""
    return Chart(ax.figure, f"{title}: {text.plural(len(positions), nodes.rstrip('s'))} joined by "
                            f"{text.plural(len(links), edges.rstrip('s'))}{shown_more}.")


def _label_edges(ax: Axes, links: pd.DataFrame, positions: dict[str, tuple[float, float]]) -> None:
    """Write each relation on its arrow, at the first point along it (middle first) where the label
    overlaps no label already drawn; a label with no free place is left off (its arrow stays).
    A whole map is drawn once in a notebook, so measuring the labels here costs nothing a learner waits for."""
    renderer = ax.figure.canvas.get_renderer()
    taken = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]  # not the arrows (empty texts)
    for link in links.itertuples():
        (x0, y0), (x1, y1) = positions[link.source], positions[link.target]
        label = ax.text(0, 0, link.relation.replace("_", " "), fontsize="x-small", color=PALETTE[5],
                        ha="center", va="center")
        for share in (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85):
            label.set_position((x0 + share * (x1 - x0), y0 + share * (y1 - y0)))
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
        else:
            label.remove()


def _two_columns(nodes: list[str], lines: dict[str, int]) -> tuple[dict[str, tuple[float, float]], int]:
    """Positions for a centred map's neighbours: the first half (by lines of label) in a right-hand
    column at x = 1, the rest on the left at x = -1, each node given vertical room for its label.
    Returns the positions and the number of label lines in the taller column."""
    total = sum(lines[node] + 1 for node in nodes)
    columns: list[list[str]] = [[], []]
    used = 0
    for node in nodes:
        columns[0 if used < total / 2 else 1].append(node)
        used += lines[node] + 1
    tallest = max((sum(lines[n] + 1 for n in column) for column in columns), default=1)
    positions = {}
    for x, column in zip((1.0, -1.0), columns):
        top = sum(lines[n] + 1 for n in column) / tallest  # a short column is centred, not stretched
        cursor = top
        for node in column:
            height = 2 * (lines[node] + 1) / tallest
            positions[node] = (x, cursor - height / 2)
            cursor -= height
    return positions, tallest


def _wrap(label: str, width: int = 22) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


def heatmap(matrix: pd.DataFrame, title: str, xlabel: str, ylabel: str, ax: Axes | None = None,
            what: str = "counts", skip_diagonal: bool = False) -> Chart:
    """A labelled heat map of a square or rectangular table, each cell annotated with its value.

    `skip_diagonal` leaves a co-occurrence matrix's diagonal (an item with itself) out of the
    description, which then names the largest pair of two different items.
    """
    ax = _axes(ax, (1.0 + 0.7 * len(matrix.columns), 1.0 + 0.6 * len(matrix.index)))
    ax.clear()
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap=SEQUENTIAL, aspect="auto")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=45, ha="right")
    ax.set_yticks(range(len(matrix.index)), matrix.index)
    top = matrix.to_numpy(dtype=float).max() if matrix.size else 0
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=8,
                color="black" if value > top * 0.6 else "white")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=what)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if not matrix.size:
        return Chart(ax.figure, f"{title}: nothing to show.")
    stacked = matrix.stack()
    if skip_diagonal:
        stacked = stacked[[row != col for row, col in stacked.index]]
    (row, col) = stacked.idxmax()
    return Chart(ax.figure, (f"{title}: {len(matrix.index)} by {len(matrix.columns)} {what}; "
                             f"the largest is {row} with {col} ({stacked.max():g})."))
