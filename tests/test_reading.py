"""A text read whole is prose: every paragraph once, in order, with its anchor; no monospace block."""
import html
import re

from shared_future import data, reading


def test_every_paragraph_is_a_paragraph_with_its_anchor_in_order():
    paragraphs = data.paragraphs_of("wang_yi_2025")
    shown = reading.whole_text("wang_yi_2025")._repr_html_()
    ids = re.findall(r'<p id="([^"]+)"', shown)
    assert len(ids) == len(paragraphs) == len(set(ids))
    assert ids[0] == "wang_yi_2025-I-1" and ids[-1].startswith("wang_yi_2025-III-")
    positions = [shown.index(html.escape(t)) for t in paragraphs["text"]]
    assert positions == sorted(positions)
    assert shown.count("<h4") == paragraphs["section"].nunique()  # a heading per section


def test_prose_is_never_a_monospace_or_preformatted_block():
    shown = reading.whole_text("he_yin_2025")._repr_html_()
    assert "<pre" not in shown and "monospace" not in shown and "break-all" not in shown
    assert 'href="#he_yin_2025-1"' in shown  # a text without sections: anchors by number alone


def test_plain_text_fallback_keeps_the_citations():
    paragraphs = data.paragraphs_of("he_yin_2025")
    plain = repr(reading.whole_text("he_yin_2025"))
    assert plain.count("[¶") == len(paragraphs)
