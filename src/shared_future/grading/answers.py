"""Answers out of the student's kernel as plain data, and back into values the checks can read.

Why plain data: the kernel runs student code, so anything it hands over is hostile. A pickle
would run code when loaded; an object would carry methods the student wrote. So each answer
leaves the kernel as JSON built only from numbers, strings, lists and tagged dicts: tables
(`Series`, `DataFrame`, `Index`, arrays) as their values and dtypes, and a chart as its
*description* (titles, axis labels and scales, tick positions and labels, bars, lines). The
grader reads that JSON with a size cap and rebuilds ordinary values; a chart becomes a fresh
matplotlib Axes drawn from the description, so the course's checks read it as they would the
learner's own chart, without any of the learner's objects. A description is checked against
`CHART_LIMITS` before anything is drawn from it (`chart_problem`): matplotlib builds an object per
bar and per tick, so a forged description of 200,000 bars took the grader 90 s and 2 GB.

`save` runs in the kernel (the graded copy calls it where the check cell was); `load` and
`restore` run in the grader.
"""
from __future__ import annotations

import datetime as dt
import json
import numbers
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

MAX_BYTES = 20_000_000  # an answer larger than this is not an exercise answer
MAX_DEPTH = 40
TAG = "$"
# The most a chart description may hold, checked before anything is drawn from it. A course chart has
# fewer than 50 bars, a few lines of at most some hundred points, and short labels; these limits are
# ten times that and more, and drawing a chart at every limit takes the grader well under a second.
CHART_LIMITS = {"axes": 12, "bars": 500, "lines": 50, "points": 20_000, "ticks": 500, "text": 1_000}


class Undefined:
    """The answer's variable did not exist after its answer cell (the cell raised, or never assigned it)."""


class Unreadable:
    """An answer the grader could not take in: `reason` says why (too large, a kind of object it cannot carry)."""

    def __init__(self, reason: str):
        self.reason = reason


# --- in the kernel: value -> plain data ----------------------------------------------------------

def _tagged(kind: str, **fields: Any) -> dict:
    return {TAG: kind, **fields}


def _values(values: Any, depth: int) -> list:
    return [to_plain(value, depth + 1) for value in list(values)]


def _ticks(axis: Any) -> dict:
    """Tick positions and the labels drawn at them, as the checks read them (the formatter's text)."""
    locations = [float(loc) for loc in axis.get_majorticklocs()]
    return {"locs": locations, "labels": [str(label) for label in axis.get_major_formatter().format_ticks(locations)]}


def describe_axes(ax: Any) -> dict:
    """A chart as plain data: titles, labels, scales, ticks, bars (x, y, width, height) and lines."""
    from matplotlib.container import BarContainer

    bars = [{"orientation": container.orientation,
             "rects": [[float(r.get_x()), float(r.get_y()), float(r.get_width()), float(r.get_height())] for r in container]}
            for container in ax.containers if isinstance(container, BarContainer)]
    lines = [{"x": _values(line.get_xdata(orig=True), 0), "xpos": [float(x) for x in line.get_xdata(orig=False)],
              "y": [float(y) for y in line.get_ydata(orig=False)]} for line in ax.get_lines()]
    return _tagged("axes", titles={loc: ax.get_title(loc=loc) for loc in ("center", "left", "right")},
                   suptitle=ax.figure.get_suptitle() if ax.figure is not None else "",
                   xlabel=ax.get_xlabel(), ylabel=ax.get_ylabel(), xscale=ax.get_xscale(), yscale=ax.get_yscale(),
                   xticks=_ticks(ax.xaxis), yticks=_ticks(ax.yaxis), bars=bars, lines=lines, has_data=bool(ax.has_data()))


def to_plain(value: Any, depth: int = 0) -> Any:
    """`value` as JSON-ready plain data; a kind the course's answers never take becomes an "other" tag."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if depth > MAX_DEPTH:
        raise ValueError("the answer is nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if value is Ellipsis:
        return _tagged("ellipsis")
    if isinstance(value, np.generic):
        return to_plain(value.item(), depth)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if value is pd.NA or value is pd.NaT:
        return _tagged("na")
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return _tagged("timestamp", iso=value.isoformat())
    if isinstance(value, list):
        return _values(value, depth)
    if isinstance(value, tuple):
        return _tagged("tuple", items=_values(value, depth))
    if isinstance(value, (set, frozenset)):
        return _tagged("set", items=_values(value, depth))
    if isinstance(value, dict):
        return _tagged("dict", items=[[to_plain(k, depth + 1), to_plain(v, depth + 1)] for k, v in value.items()])
    if isinstance(value, pd.Series):
        return _tagged("series", values=_values(value, depth), index=to_plain(value.index, depth + 1),
                       name=to_plain(value.name, depth + 1), dtype=str(value.dtype))
    if isinstance(value, pd.Index):
        return _tagged("index", values=_values(value, depth), name=to_plain(value.name, depth + 1), dtype=str(value.dtype))
    if isinstance(value, pd.DataFrame):
        return _tagged("frame", columns=_values(value.columns, depth), index=to_plain(value.index, depth + 1),
                       data=[_values(value.iloc[:, i], depth + 1) for i in range(value.shape[1])],
                       dtypes=[str(t) for t in value.dtypes])
    if isinstance(value, np.ndarray):
        return _tagged("array", values=to_plain(value.tolist(), depth), dtype=str(value.dtype))
    if isinstance(value, pd.api.extensions.ExtensionArray):
        return _tagged("array", values=_values(value, depth), dtype=str(value.dtype))
    if isinstance(value, Axes):
        return describe_axes(value)
    if isinstance(value, Figure):
        return _tagged("figure", suptitle=value.get_suptitle(), axes=[describe_axes(ax) for ax in value.axes])
    return _tagged("other", type=type(value).__name__)


def save(qid: str, namespace: dict, folder: str) -> None:
    """In the kernel: write `namespace[qid]` as plain JSON to `folder/qid.json` (what the grader checks)."""
    if qid not in namespace:
        payload: Any = _tagged("undefined")
    else:
        try:
            payload = to_plain(namespace[qid])
        except Exception as err:  # an answer the grader cannot carry is reported as such, not as a crash
            payload = _tagged("unreadable", reason=f"the answer could not be read ({type(err).__name__}: {err})")
    text = json.dumps({"question": qid, "answer": payload})
    if len(text) > MAX_BYTES:
        text = json.dumps({"question": qid, "answer": _tagged("unreadable", reason=f"the answer is larger than {MAX_BYTES // 1_000_000} MB")})
    Path(folder, f"{qid}.json").write_text(text, encoding="utf-8")


# --- in the grader: plain data -> values ---------------------------------------------------------

def _restore_list(items: Any) -> list:
    if not isinstance(items, list):
        raise ValueError("a list was expected")
    return [restore(item) for item in items]


def _typed(make: Any, dtype: str) -> Any:
    """`make` with its dtype put back where pandas can (Int64, category, string); as inferred otherwise."""
    try:
        return make.astype(dtype)
    except (TypeError, ValueError):
        return make


def _index(data: Any) -> pd.Index:
    value = restore(data)
    return value if isinstance(value, pd.Index) else pd.Index(value)


def _draw_axes(ax: Any, spec: dict) -> None:
    """Draw on `ax` exactly what `describe_axes` recorded, so that a check reads the same chart."""
    for container in spec.get("bars", []):
        rects = container["rects"]
        if container["orientation"] == "vertical":
            ax.bar([r[0] for r in rects], [r[3] for r in rects], width=[r[2] for r in rects],
                   bottom=[r[1] for r in rects], align="edge")
        else:
            ax.barh([r[1] for r in rects], [r[2] for r in rects], height=[r[3] for r in rects],
                    left=[r[0] for r in rects], align="edge")
    for line in spec.get("lines", []):
        x = _restore_list(line["x"])
        numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in x)
        ax.plot(x if numeric else line["xpos"], line["y"])
    ax.set_xscale(spec.get("xscale", "linear"))
    ax.set_yscale(spec.get("yscale", "linear"))
    for axis, ticks in ((ax.xaxis, spec["xticks"]), (ax.yaxis, spec["yticks"])):
        axis.set_ticks(ticks["locs"], [str(label) for label in ticks["labels"]])
    for loc, title in spec.get("titles", {}).items():
        if loc in ("center", "left", "right") and title:
            ax.set_title(str(title), loc=loc)
    ax.set_xlabel(str(spec.get("xlabel", "")))
    ax.set_ylabel(str(spec.get("ylabel", "")))


def _numbers(values: Any, what: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return [f"its {what} are not a list of numbers"]
    return []


def _axes_problems(spec: Any) -> list[str]:
    """What in one Axes description breaks `CHART_LIMITS` or is not of the shape `describe_axes` writes."""
    if not isinstance(spec, dict):
        return ["an Axes description is not a dict"]
    limits, problems = CHART_LIMITS, []
    containers, lines = spec.get("bars", []), spec.get("lines", [])
    if not isinstance(containers, list) or not isinstance(lines, list):
        return ["its bars or lines are not lists"]
    if not all(isinstance(c, dict) and isinstance(c.get("rects"), list) for c in containers):
        return ["its bars are not of the shape the grader writes"]
    bars = sum(len(c["rects"]) for c in containers)
    if bars > limits["bars"]:
        problems.append(f"it has {bars:,} bars (a course chart has fewer than 50; the grader reads at most {limits['bars']})")
    elif not all(isinstance(r, list) and len(r) == 4 and not _numbers(r, "bars") for c in containers for r in c["rects"]):
        problems.append("its bars are not four numbers each")
    if len(lines) > limits["lines"]:
        problems.append(f"it has {len(lines):,} lines (the grader reads at most {limits['lines']})")
    elif not all(isinstance(line, dict) for line in lines):
        problems.append("its lines are not of the shape the grader writes")
    else:
        points = sum(len(line.get(key) or []) for line in lines for key in ("x", "y") if isinstance(line.get(key), list))
        if points > 2 * limits["points"]:
            problems.append(f"its lines have {points // 2:,} points (the grader reads at most {limits['points']:,})")
        for line in lines:
            problems += _numbers(line.get("y"), "line values") + _numbers(line.get("xpos"), "line positions")
    for name in ("xticks", "yticks"):
        ticks = spec.get(name)
        if not isinstance(ticks, dict) or not isinstance(ticks.get("locs"), list) or not isinstance(ticks.get("labels"), list):
            problems.append(f"its {name} are not of the shape the grader writes")
        elif max(len(ticks["locs"]), len(ticks["labels"])) > limits["ticks"]:
            problems.append(f"it has {max(len(ticks['locs']), len(ticks['labels'])):,} {name} (the grader reads at most {limits['ticks']})")
        else:
            problems += _numbers(ticks["locs"], f"{name} positions")
            texts = ticks["labels"]
            if any(not isinstance(t, str) or len(t) > limits["text"] for t in texts):
                problems.append(f"its {name} labels are not texts of at most {limits['text']} characters")
    titles = spec.get("titles", {})
    texts = [*(titles.values() if isinstance(titles, dict) else [titles]), spec.get("xlabel", ""), spec.get("ylabel", ""), spec.get("suptitle", "")]
    if any(not isinstance(t, str) or len(t) > limits["text"] for t in texts):
        problems.append(f"its titles and labels are not texts of at most {limits['text']} characters")
    return problems


def chart_problem(data: dict) -> str:
    """Why a chart description cannot be drawn (over `CHART_LIMITS`, or not of the shape the grader writes); "" if it can."""
    specs = data.get("axes") if data.get(TAG) == "figure" else [data]
    if not isinstance(specs, list):
        return "the chart's description is not of the shape the grader writes"
    if len(specs) > CHART_LIMITS["axes"]:
        return f"the chart has {len(specs):,} Axes (the grader reads at most {CHART_LIMITS['axes']})"
    problems = [problem for spec in specs for problem in _axes_problems(spec)]
    if data.get(TAG) == "figure" and not isinstance(data.get("suptitle", ""), str):
        problems.append("its title is not text")
    return f"the chart was not read: {problems[0]}" if problems else ""


def restore(data: Any) -> Any:
    """Plain data (from `to_plain`) back to a value: lists, tuples, dicts, pandas objects, a chart's Axes."""
    if not isinstance(data, dict):
        return _restore_list(data) if isinstance(data, list) else data
    kind = data.get(TAG)
    if kind == "ellipsis":
        return Ellipsis
    if kind == "na":
        return pd.NA
    if kind == "timestamp":
        return pd.Timestamp(str(data["iso"]))
    if kind == "tuple":
        return tuple(_restore_list(data["items"]))
    if kind == "set":
        return set(_restore_list(data["items"]))
    if kind == "dict":
        return {restore(k): restore(v) for k, v in data["items"]}
    if kind == "series":
        series = pd.Series(_restore_list(data["values"]), index=_index(data["index"]), name=restore(data["name"]), dtype=object)
        return _typed(series.infer_objects(), str(data["dtype"]))
    if kind == "index":
        return _typed(pd.Index(_restore_list(data["values"]), name=restore(data["name"])), str(data["dtype"]))
    if kind == "frame":
        index = _index(data["index"])
        frame = pd.DataFrame({i: pd.Series(_restore_list(values), index=index, dtype=object).infer_objects()
                              for i, values in enumerate(data["data"])}, index=index)
        for i, dtype in enumerate(data["dtypes"]):
            frame.isetitem(i, _typed(frame.iloc[:, i], str(dtype)))
        frame.columns = pd.Index(_restore_list(data["columns"]))
        return frame
    if kind == "array":
        return np.array(restore(data["values"]))
    if kind in ("axes", "figure"):
        from matplotlib.figure import Figure

        problem = chart_problem(data)
        if problem:
            return Unreadable(problem)

        figure = Figure()
        specs = data["axes"] if kind == "figure" else [data]
        axes = [figure.add_subplot(len(specs), 1, i + 1) for i in range(len(specs))]
        for ax, spec in zip(axes, specs):
            _draw_axes(ax, spec)
        if data.get("suptitle"):
            figure.suptitle(str(data["suptitle"]))
        return figure if kind == "figure" else axes[0]
    if kind == "undefined":
        return Undefined()
    if kind == "unreadable":
        return Unreadable(str(data.get("reason", "the answer could not be read")))
    if kind == "other":
        return type(str(data.get("type", "object"))[:60] or "object", (), {})()
    raise ValueError(f"unknown kind {kind!r}")


def load(folder: Path, qid: str) -> Any:
    """The answer to `qid` that the kernel saved in `folder`; `Undefined` if there is none, `Unreadable` if it is bad."""
    path = folder / f"{qid}.json"
    if not path.is_file():
        return Undefined()
    if path.stat().st_size > MAX_BYTES + 1000:
        return Unreadable(f"the answer is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(content, dict) or content.get("question") != qid:
            return Unreadable("the saved answer is not the one for this question")
        return restore(content["answer"])
    except (ValueError, KeyError, TypeError, IndexError, RecursionError) as err:
        return Unreadable(f"the saved answer could not be read ({type(err).__name__})")

