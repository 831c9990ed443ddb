"""Charts are titled, labelled, colour-blind safe and described in words."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from shared_future import charts, data  # noqa: E402


def test_bar_chart_is_labelled_and_described():
    chart = charts.bar(pd.Series({"a": 3, "b": 7}), "Title", "x", "y", what="things")
    ax = chart.figure.axes[0]
    assert (ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()) == ("Title", "x", "y")
    assert [p.get_height() for p in ax.patches] == [3, 7]
    assert mcolors.to_hex(ax.patches[0].get_facecolor()) == charts.PALETTE[0].lower()
    assert chart.description == "Title: 2 bars of things; the largest is b (7)."


def test_bar_chart_switches_to_log_scale_for_wide_ranges():
    chart = charts.bar(pd.Series({"countries": 155, "people": 2.8e9}), "T", "x", "y", horizontal=True)
    assert chart.figure.axes[0].get_xscale() == "log"
    assert "logarithmic" in chart.description


def test_empty_bar_chart_says_so():
    assert "no values" in charts.bar(pd.Series(dtype=float), "T", "x", "y").description


def test_timeline_marks_inexact_dates():
    events = data.load("events")
    chart = charts.timeline(events)
    assert str(len(events)) in chart.description
    assert "hollow" in chart.figure.axes[0].get_xlabel()


def test_concept_map_centres_on_a_concept():
    concepts, links = data.load("concepts"), data.load("concept_links")
    chart = charts.concept_map(concepts, links, centre="scientific_system")
    neighbours = links[(links.source == "scientific_system") | (links.target == "scientific_system")]
    assert f"joined by {len(neighbours)} stated relations" in chart.description


def test_heatmap_describes_its_largest_cell():
    matrix = pd.DataFrame([[1, 5], [2, 0]], index=["r1", "r2"], columns=["c1", "c2"])
    chart = charts.heatmap(matrix, "H", "cols", "rows")
    assert chart.description == "H: 2 by 2 counts; the largest is r1 with c2 (5)."


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_palette_is_okabe_ito(colour):
    okabe_ito = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"}
    assert colour.lower() in okabe_ito


def test_count_axes_have_whole_number_ticks():
    chart = charts.bar(pd.Series({"a": 1, "b": 3}), "T", "x", "y")
    chart.figure.canvas.draw()
    ticks = chart.figure.axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)


def test_by_unit_never_mixes_units():
    values = pd.Series([150, 100, 6.4, 5], index=["countries", "tariff lines", "trade growth", "more countries"])
    units = pd.Series(["countries", "percent", "percent", "countries"], index=values.index)
    groups = charts.by_unit(values, units)
    assert list(groups) == ["countries", "percent"]
    assert groups["percent"].to_dict() == {"tariff lines": 100, "trade growth": 6.4}
    assert sorted(groups["countries"]) == [5, 150]


def text_boxes(chart) -> list:
    figure = chart.figure
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return [(t.get_text(), t.get_window_extent(renderer)) for ax in figure.axes for t in ax.texts
            if t.get_text().strip() and t.get_visible()]


def overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    for i, (a_text, a) in enumerate(boxes):
        for b_text, b in boxes[i + 1:]:
            if a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1:
                found.append((a_text, b_text))
    return found


def test_concept_map_labels_never_overlap():
    concepts, links = data.load("concepts"), data.load("concept_links")
    for centre in sorted(set(links.source) | set(links.target)):
        chart = charts.concept_map(concepts, links, centre=centre)
        assert not overlaps(text_boxes(chart)), f"{centre}: labels overlap: {overlaps(text_boxes(chart))[:3]}"
        assert_inside(chart, centre)


def test_table_map_labels_never_overlap():
    links = data.table_links()
    nodes = pd.DataFrame({"concept_id": data.table_names(), "name": data.table_names()})
    chart = charts.concept_map(nodes, links, title="How the tables link", nodes="tables", edges="links")
    assert not overlaps(text_boxes(chart)), overlaps(text_boxes(chart))


def assert_inside(chart, name: str) -> None:
    """Everything each Axes draws (title, labels, ticks, texts) lies inside the figure: nothing is cut."""
    figure = chart.figure
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    width, height = figure.canvas.get_width_height()
    for ax in figure.axes:
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, \
            f"{name}: something is cut ({box} outside {width}x{height})"


@pytest.mark.parametrize("horizontal", [True, False])
def test_bar_chart_keeps_long_labels_and_titles_inside(horizontal):
    series = pd.Series({f"partnership actions for modernization number {i}": 10 + i for i in range(12)})
    chart = charts.bar(series, "A long title that says what the chart shows in more words than usual", "x", "y",
                       horizontal=horizontal)
    assert_inside(chart, "bar")


def test_a_centred_map_caps_its_neighbours_and_says_how_many_more():
    concepts, links = data.load("concepts"), data.load("concept_links")
    degree = pd.concat([links.source, links.target]).value_counts()
    busiest = degree.index[0]
    neighbours = (set(links[links.source == busiest].target) | set(links[links.target == busiest].source)) - {busiest}
    assert len(neighbours) > charts.MAX_NEIGHBOURS  # the data has a concept worth capping
    chart = charts.concept_map(concepts, links, centre=busiest)
    more = len(neighbours) - charts.MAX_NEIGHBOURS
    assert f"+{more} more related concepts" in [t.get_text() for t in chart.figure.axes[0].texts][-1]
    assert f"{charts.MAX_NEIGHBOURS + 1} concepts" in chart.description and f"{more} more" in chart.description


def test_a_few_milestones_are_each_labelled():
    events = data.load("events").head(charts.LABELLED_EVENTS)
    chart = charts.timeline(events)
    labels = [t.get_text() for t in chart.figure.axes[0].texts]
    assert len(labels) == len(events) and all(date in " ".join(labels) for date in events["date"])
    assert not overlaps(text_boxes(chart))
    assert len(charts.timeline(data.load("events")).figure.axes[0].texts) == 0  # many events: no labels
