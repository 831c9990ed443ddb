"""A notebook run for the website shows each widget's static fallback, never its text repr or live view."""
import re
from pathlib import Path

from shared_future import export


def test_executed_notebook_keeps_widgets_as_html_and_charts():
    nb = export.executed(Path(__file__).resolve().parents[1] / "notebooks" / "07_language_of_diplomacy.ipynb")
    assert "widgets" not in nb.metadata
    bundles = [output.get("data", {}) for cell in nb.cells for output in cell.get("outputs", [])]
    assert not [b for b in bundles if export.WIDGET_VIEW in b]
    pages = "".join(b.get("text/html", "") for b in bundles)
    for fallback in ("VBox(children=", "IntSlider(", "Dropdown(", "HBox(children="):
        assert fallback not in pages
    assert "<h3>Word frequencies</h3>" in pages and "<h3>Keyword in context</h3>" in pages
    assert len(re.findall(r"<img[^>]+alt=\"[^\"]+\"[^>]+src=\"data:image/png", pages)) >= 2
