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
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Title", "x", "y")
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
