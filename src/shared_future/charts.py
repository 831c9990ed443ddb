"""The course's charts: titled, labelled, colour-blind safe, each with a one-sentence description.

A chart function draws on a matplotlib Axes (made for it when none is given) and returns a
`Chart`: the figure plus a sentence that says what the chart shows, computed from the same data,
for learners who use a screen reader. `show(chart)` displays both. The simple bar charts that
learners should learn to write stay visible in the notebooks; here live the charts whose code
would bury the lesson (timeline, concept map, heat map) and the ones widgets redraw.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

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


def show(chart: Chart) -> None:
    """Display the figure, then print its description (for screen readers)."""
    from IPython.display import display

    display(chart.figure)
    plt.close(chart.figure)
    print(f"Chart description: {chart.description}")


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The Axes to draw on: the caller's, or a new figure's.

    No layout engine: Jupyter's inline backend already crops every figure to its contents
    (`bbox_inches="tight"`), and a constrained layout on top of that doubled the time a widget
    took to redraw its chart (benchmarks/run.py).
    """
    if ax is not None:
        return ax
    fig, ax = plt.subplots(figsize=size)
    plt.close(fig)  # shown explicitly by show(), never twice by the inline backend
    return ax


def _largest(series: pd.Series) -> str:
    return f"{series.idxmax()} ({series.max():g})"


def bar(series: pd.Series, title: str, xlabel: str, ylabel: str, ax: Axes | None = None,
        horizontal: bool = False, what: str = "values") -> Chart:
    """A bar per label of `series`, in the order given; the description names the largest bar.

    Where the values span more than two orders of magnitude (155 countries beside 2.8 billion
    people) the value axis is logarithmic, and the description says so.
    """
    ax = _axes(ax, (8, max(3, 0.35 * len(series))) if horizontal else (8, 4))
    ax.clear()
    labels = [str(label) for label in series.index]
    if horizontal:
        ax.barh(labels[::-1], series.to_numpy()[::-1], color=PALETTE[0])
    else:
        ax.bar(labels, series.to_numpy(), color=PALETTE[0])
        if max((len(label) for label in labels), default=0) > 8:
            ax.tick_params(axis="x", labelrotation=45)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if series.empty:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        return Chart(ax.figure, f"{title}: no {what} to show.")
    scale = ""
    if series.min() > 0 and series.max() / series.min() > 100:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        scale = " on a logarithmic scale"
    return Chart(ax.figure, f"{title}: {len(series)} bars of {what}{scale}; the largest is {_largest(series)}.")


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
    first, last = frame.sort_values("when").iloc[[0, -1]].itertuples()
    return Chart(ax.figure, (f"{title}: {len(frame)} events from {first.date} ({first.title}) "
                             f"to {last.date} ({last.title}), in {len(kinds)} kinds."))


def concept_map(concepts: pd.DataFrame, links: pd.DataFrame, centre: str | None = None,
                title: str | None = None, ax: Axes | None = None,
                nodes: str = "concepts", edges: str = "stated relations") -> Chart:
    """Concepts as labelled points and stated relations as arrows.

    With `centre`, only that concept and its direct neighbours are drawn, the centre in the
    middle; otherwise every linked concept is placed on a circle. `nodes` and `edges` name what
    the points and arrows are in the description (tables and links, for the dataset's own map).
    """
    ax = _axes(ax, (9, 7))
    ax.clear()
    ax.set_axis_off()
    names = concepts.set_index("concept_id")["name"]
    if centre is not None:
        links = links[(links["source"] == centre) | (links["target"] == centre)]
        others = sorted((set(links["source"]) | set(links["target"])) - {centre})
        positions = {centre: (0.0, 0.0)}
    else:
        others = sorted(set(links["source"]) | set(links["target"]))
        positions = {}
    for i, node in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1)
        positions[node] = (math.cos(angle), math.sin(angle))
    for link in links.itertuples():
        (x0, y0), (x1, y1) = positions[link.source], positions[link.target]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "->", "color": PALETTE[7], "alpha": 0.5, "shrinkA": 12, "shrinkB": 12})
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, link.relation.replace("_", " "), fontsize="x-small",
                color=PALETTE[5], ha="center", va="center")
    for node, (x, y) in positions.items():
        is_centre = node == centre
        ax.scatter([x], [y], s=300 if is_centre else 120, color=PALETTE[1] if is_centre else PALETTE[0], zorder=3)
        ax.text(x, y - 0.12, _wrap(names.get(node, node)), ha="center", va="top", fontsize="small",
                fontweight="bold" if is_centre else "normal")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.45, 1.3)
    label = names.get(centre, centre) if centre else "all linked concepts"
    title = title or f"Concept map: {label}"
    ax.set_title(title)
    if links.empty:
        ax.text(0, 0.3, "the texts state no relation for this concept", ha="center")
        return Chart(ax.figure, f"{title}: the texts state no relation between this concept and another.")
    return Chart(ax.figure, f"{title}: {len(positions)} {nodes} joined by {len(links)} {edges}.")


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
