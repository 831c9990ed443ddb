"""The HTML export shows each widget's static fallback, never its text repr."""
import re

from shared_future import export


def test_exported_notebook_shows_widgets_as_text_and_charts(tmp_path):
    page = export.export(export.ROOT / "notebooks" / "07_language_of_diplomacy.ipynb", tmp_path).read_text()
    for fallback in ("VBox(children=", "IntSlider(", "Dropdown(", "HBox(children="):
        assert fallback not in page
    assert "<h3>Word frequencies</h3>" in page and "<h3>Keyword in context</h3>" in page
    assert len(re.findall(r"<img[^>]+src=\"data:image/png", page)) >= 2
    assert "application/vnd.jupyter.widget-view+json" not in page
