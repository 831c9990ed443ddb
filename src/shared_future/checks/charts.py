"""Checks of charts: a labelled bar chart or line chart with the expected data, however it was drawn."""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from .core import CheckError, _pairs, _scalar, _show, _wrong_type
from .values import _compare_pairs, _value_problem

def _axes(answer: Any) -> Axes:
    """The chart handed in: an Axes, or a Figure that holds exactly one chart with data."""
    if isinstance(answer, Figure):
        drawn = [ax for ax in answer.axes if ax.has_data()]
        if len(drawn) != 1:
            raise CheckError(f"is a figure with {len(drawn)} charts in it; hand in the Axes of the one asked for")
        return drawn[0]
    if not isinstance(answer, Axes):
        raise _wrong_type("a matplotlib Axes (the `ax` you drew on, or what `Series.plot.bar()` returns)", answer)
    return answer


def _require_labels(ax: Axes) -> None:
    """A chart must say what it shows: a title (or figure title) and both axis labels."""
    titles = [ax.get_title(loc=loc) for loc in ("center", "left", "right")] + [ax.figure.get_suptitle()]
    titled = any(title.strip() for title in titles)
    lacking = [name for name, present in (("title", titled), ("x-axis label", ax.get_xlabel().strip()),
                                          ("y-axis label", ax.get_ylabel().strip())) if not present]
    if lacking:
        raise CheckError(f"the chart has no {' and no '.join(lacking)}")


def _label_at(axis: Axis, position: float) -> str | None:
    """The tick label drawn at `position` on `axis` ("II" for a bar at x=1), or None if there is none."""
    locations = axis.get_majorticklocs()
    labels = axis.get_major_formatter().format_ticks(locations)
    return next((label for loc, label in zip(locations, labels) if abs(loc - position) < 1e-6 and label), None)


def _bar_label(axis: Axis, position: float) -> str | None:
    """What a bar at `position` is labelled with.

    Bars drawn at text labels (pandas, or `ax.bar(["I", "II"], ...)`) carry their tick label. Bars
    drawn at numbers (`ax.bar([2013, 2015], ...)`) are labelled by the number axis itself, whose
    ticks need not fall on every bar and may print an offset: their position is their label.
    """
    if _number_line(axis):
        return _show(round(position, 6))
    return _label_at(axis, position)


def _number_line(axis: Axis) -> bool:
    """Whether `axis` is a number line, on which a bar's position is its label.

    Matplotlib's own number axis has a ScalarFormatter. The grader's copy of a chart (rebuilt from
    its description, with the tick labels as drawn) has fixed labels instead; it is a number line
    when each label reads as the number at its tick ("2014" at 2014), so bars drawn at the years
    are labelled with the years there too.
    """
    if isinstance(axis.get_major_formatter(), ScalarFormatter):
        return True
    locations = axis.get_majorticklocs()
    labels = axis.get_major_formatter().format_ticks(locations)
    try:
        return len(locations) > 0 and all(math.isclose(float(label.replace("\u2212", "-")), loc, abs_tol=1e-9)
                                          for loc, label in zip(locations, labels))
    except ValueError:
        return False


def _bars(ax: Axes) -> list[tuple[str | None, float]]:
    """(label, length) of every bar, left to right (bottom to top for horizontal bars)."""
    found = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        vertical = container.orientation == "vertical"
        for bar in container:
            centre = bar.get_x() + bar.get_width() / 2 if vertical else bar.get_y() + bar.get_height() / 2
            length = bar.get_height() if vertical else bar.get_width()
            found.append((centre, _bar_label(ax.xaxis if vertical else ax.yaxis, centre), _scalar(length)))
    return [(label, length) for _, label, length in sorted(found, key=lambda bar: bar[0])]


def bar_chart(answer: Any, expected: Any, *, what: str = "bars", ordered: bool = False) -> None:
    """A labelled bar chart whose bars (label → height, labels as text) equal `expected`.

    Vertical or horizontal, from pandas or from `ax.bar`, an Axes or its Figure; the bars in any
    order unless `ordered` (then left to right, or bottom to top).
    """
    ax = _axes(answer)
    _require_labels(ax)
    bars = _bars(ax)
    if not bars:
        raise CheckError("the chart has no bars — draw them with `ax.bar(...)` or `Series.plot.bar()`")
    wanted = [(str(label), height) for label, height in _pairs(expected)]
    labels = {label for label, _ in bars}
    if None in labels or not labels & {label for label, _ in wanted}:
        raise CheckError(f"the bars are not labelled with the {what} — use the {what} as the bars' positions")
    _compare_pairs(bars, wanted, what=what, value_noun="bar", ordered=ordered)


def line_chart(answer: Any, y: Iterable[float], *, x: Iterable | None = None) -> None:
    """A labelled chart with a line through the values `y` (at positions or tick labels `x`, if given)."""
    ax = _axes(answer)
    _require_labels(ax)
    lines = ax.get_lines()
    if not lines:
        raise CheckError("the chart has no line — draw it with `ax.plot(...)` or `Series.plot()`")
    wanted_y = [_scalar(v) for v in y]
    right_y = [line for line in lines if len(line.get_ydata()) == len(wanted_y)
               and not any(_value_problem(g, w) for g, w in zip(line.get_ydata(), wanted_y))]
    if not right_y:
        raise CheckError("no line on the chart goes through the expected values")
    if x is None:
        return
    wanted_x = [str(_scalar(v)) for v in x]
    for line in right_y:
        positions = line.get_xdata(orig=False)
        drawn = [str(_scalar(v)) for v in line.get_xdata(orig=True)]
        labels = [_label_at(ax.xaxis, float(p)) for p in positions]
        if wanted_x in (drawn, labels):
            return
    raise CheckError("the line has the right values, but not at the right places on the x axis")
