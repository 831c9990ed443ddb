"""Widgets: drive their controls' .value as a learner would and read what they show."""
import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from shared_future import data, widgets  # noqa: E402

ODD_QUERIES = ["", "   ", "(", "*", "[", "x" * 500, "人类命运共同体", "zzzzqq"]


@pytest.fixture(scope="module")
def tables():
    return data.load_all()


def test_table_picker_shows_each_tables_dictionary(tables):
    picker = widgets.table_picker(tables)
    for name in tables:
        picker.controls["name"].value = name
        assert f"{name}.csv</b>: {len(tables[name])} rows" in picker.last_view.html
        for field in data.schema(name)["fields"]:
            assert field["name"] in picker.last_view.html


def test_paragraph_browser_follows_the_slider_and_the_text(tables):
    browser = widgets.paragraph_browser(tables["paragraphs"])
    doc, para = browser.controls["doc_id"], browser.controls["para_no"]
    doc.value = "wang_yi_2025"
    assert para.max == int((tables["paragraphs"].doc_id == "wang_yi_2025").sum())
    para.value = 14
    row = tables["paragraphs"].query("doc_id == 'wang_yi_2025' and para_no == 14").iloc[0]
    assert "section II" in browser.last_view.html and row.text[:60] in browser.last_view.html
    assert f"Paragraph 14 (highlighted) has {row.words} words" in browser.last_view.chart.description
    doc.value = "he_yin_2025"
    assert para.value == 1 and para.max == int((tables["paragraphs"].doc_id == "he_yin_2025").sum())


def test_paragraph_view_refuses_a_paragraph_that_does_not_exist(tables):
    assert "has paragraphs 1 to" in widgets.paragraph_view(tables["paragraphs"], "he_yin_2025", 99).html


def test_concept_explorer_shows_definition_chinese_and_relations(tables):
    explorer = widgets.concept_explorer(tables["concepts"], tables["concept_links"])
    concept = tables["concepts"].dropna(subset=["name_zh"]).iloc[0]
    explorer.controls["concept_id"].value = concept.concept_id
    html = explorer.last_view.html
    assert concept.name_zh in html and concept.pinyin in html
    assert "writes:" in html
    before = explorer.last_view.chart
    explorer.controls["concept_id"].value = "scientific_system"
    assert explorer.last_view.chart is not before
    assert "stated relations" in explorer.last_view.chart.description


def test_mention_filter_narrows_by_region_and_actor(tables):
    filt = widgets.mention_filter(tables["mentions"], tables["actors"])
    filt.controls["region"].value = "Europe"
    europeans = set(tables["actors"].query("region == 'Europe'").name)
    options = {label for label, _ in filt.controls["actor_id"].options} - {widgets.ALL}
    assert options == europeans
    filt.controls["actor_id"].value = "serbia"
    expected = tables["mentions"].query("actor_id == 'serbia'")
    assert f"<p>{len(expected)} paragraphs.</p>" in filt.last_view.html


def test_claims_browser_keeps_to_its_theme(tables):
    browser = widgets.claims_browser(tables["claims"])
    for theme in tables["claims"].theme.unique():
        browser.controls["theme"].value = theme
        assert f"<p>{(tables['claims'].theme == theme).sum()} numbers.</p>" in browser.last_view.html


def test_initiative_selector_keeps_units_apart(tables):
    selector = widgets.initiative_selector(tables["concepts"], tables["claims"])
    selector.controls["concept_id"].value = "gsi"
    gsi = tables["claims"][tables["claims"].quote.str.contains(r"\bGSI\b") & (tables["claims"].number_type == "count")]
    assert not gsi.empty
    for unit in gsi.unit:
        assert unit in selector.last_view.html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_glossary_search_answers_odd_input_with_a_message(tables, query):
    view = widgets.search_glossary(tables["glossary"], query)
    assert view.html.startswith("<p")
    assert "Traceback" not in view.html


def test_glossary_search_finds_chinese_and_toneless_pinyin(tables):
    row = tables["glossary"].iloc[0]
    toneless = widgets.fold(row.pinyin.split()[0])
    for query in (row.name_zh, toneless, row.term.upper()):
        assert row.term in widgets.search_glossary(tables["glossary"], query).html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_kwic_answers_odd_input_with_a_message(tables, query):
    view = widgets.kwic_view(tables["paragraphs"], query, widgets.ALL)
    assert view.html.startswith("<p") and "Traceback" not in view.html


def test_kwic_widget_counts_occurrences(tables):
    search = widgets.kwic_search(tables["paragraphs"])
    search.controls["query"].value = "Global South"
    total = tables["paragraphs"].text.str.count("(?i)global south").sum()
    assert f"<p>{total} occurrences.</p>" in search.last_view.html
    search.controls["doc_id"].value = "he_yin_2025"
    assert "does not occur in he_yin_2025" in search.last_view.html


def test_word_frequency_slider_changes_the_chart(tables):
    freq = widgets.word_frequencies(tables["paragraphs"])
    seen = set()
    for top in (5, 6, 7):
        freq.controls["top"].value = top
        ax = freq.last_view.chart.figure.axes[0]
        assert len(ax.patches) == top
        seen.add(freq.last_view.chart.description)
    assert len(seen) == 3
    freq.controls["drop_stopwords"].value = False
    assert "the" in [t.get_text() for t in freq.last_view.chart.figure.axes[0].get_yticklabels()]


def test_claim_classifier_gives_feedback_both_ways(tables):
    classifier = widgets.claim_classifier(tables["claims"])
    claim = tables["claims"].iloc[5]
    classifier.controls["claim_id"].value = claim.claim_id
    classifier.controls["guess"].value = claim.statement_kind
    assert "Yes:" in classifier.last_view.html
    wrong = next(k for k in widgets.STATEMENT_KINDS if k != claim.statement_kind)
    classifier.controls["guess"].value = wrong
    assert "Not quite:" in classifier.last_view.html and claim.statement_kind in classifier.last_view.html
    other = tables["claims"].iloc[6].claim_id
    classifier.controls["claim_id"].value = other
    assert classifier.controls["guess"].value is None
