"""Widgets: drive their controls' .value as a learner would and read what they show."""
import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from shared_future import charts, data, text, widgets  # noqa: E402

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


def test_paragraph_browser_follows_the_number_and_the_text(tables):
    browser = widgets.paragraph_browser(tables["paragraphs"])
    doc = browser.controls["doc_id"]
    doc.value = "wang_yi_2025"
    para = browser.controls["para_no"]
    assert para.max == int((tables["paragraphs"].doc_id == "wang_yi_2025").sum())
    para.value = 14
    row = tables["paragraphs"].query("doc_id == 'wang_yi_2025' and para_no == 14").iloc[0]
    assert "section II" in browser.last_view.html and row.text[:60] in browser.last_view.html
    assert f"Paragraph 14 (highlighted) has {row.words} words" in browser.last_view.chart.description
    doc.value = "he_yin_2025"
    para = browser.controls["para_no"]  # a new box, with the new text's range from the start
    assert para.value == 1 and para.max == int((tables["paragraphs"].doc_id == "he_yin_2025").sum())
    assert para in browser.row.children and "he_yin_2025" in browser.last_view.html
    para.value = 2
    assert "paragraph 2 of" in browser.last_view.html


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
    assert f"<p>{len(expected)} paragraph" in filt.last_view.html


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
        assert unit in selector.last_view.text()


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_glossary_search_answers_odd_input_with_a_message(tables, query):
    view = widgets.search_glossary(tables["glossary"], query)
    assert view.html.startswith("<p")
    assert "Traceback" not in view.html


def test_glossary_search_finds_chinese_and_toneless_pinyin(tables):
    row = tables["glossary"].iloc[0]
    toneless = widgets.fold(row.pinyin.split()[0])
    for query in (row.name_zh, toneless, row.term.upper()):
        assert row.term in widgets.search_glossary(tables["glossary"], query).text()


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_kwic_answers_odd_input_with_a_message(tables, query):
    view = widgets.kwic_view(tables["paragraphs"], query, widgets.ALL)
    assert view.html.startswith("<p") and "Traceback" not in view.html


def test_kwic_widget_counts_occurrences(tables):
    search = widgets.kwic_search(tables["paragraphs"])
    search.controls["query"].value = "Global South"
    total = tables["paragraphs"].text.str.count(r"(?i)(?<!\w)global south(?!\w)").sum()
    assert f"<p>{total} occurrences (whole words only).</p>" in search.last_view.html
    search.controls["query"].value = "nation"
    inside = tables["paragraphs"].text.str.count("(?i)nation").sum()
    search.controls["whole_words"].value = False
    assert f"<p>{inside} occurrences (also inside longer words).</p>" in search.last_view.html
    search.controls["query"].value = "Global South"
    search.controls["doc_id"].value = "he_yin_2025"
    assert "does not occur in he_yin_2025" in search.last_view.html


def test_word_frequency_number_changes_the_chart(tables):
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


# --- what a learner sees: no stale chart, short tables, units kept apart ----------------------

def test_a_view_without_a_chart_removes_the_previous_chart(tables):
    search = widgets.kwic_search(tables["paragraphs"])
    assert "<img" in search.chart_pane.value
    for query in ("人类命运共同体", "", "zzzzqq"):
        search.controls["query"].value = query
        assert search.last_view.chart is None
        assert search.chart_pane.value == "", f"a chart stayed under the message for {query!r}"
    explorer = widgets.concept_explorer(tables["concepts"], tables["concept_links"])
    assert "<img" in explorer.chart_pane.value
    explorer.controls["concept_id"].value = explorer.controls["concept_id"].options[-1][1]  # no map: too few relations
    assert explorer.last_view.chart is None and explorer.chart_pane.value == ""


def test_the_chart_comes_before_the_table_and_the_table_is_cut(tables):
    filt = widgets.mention_filter(tables["mentions"], tables["actors"], max_rows=8)
    body = filt.children[-1]
    assert body.children[0] is filt.chart_pane and filt.table_pane in body.children[1].children
    assert filt.table_pane.value.count("<tr>") == 1 + 8  # the header and eight rows
    assert "more rows" in filt.table_pane.value


def test_frame_html_aligns_text_left_and_writes_numbers_as_people_do():
    frame = pd.DataFrame({"quote": ["China is a major trading partner"], "value": [2.8e9], "year": pd.array([2024], "Int64"),
                          "outside_value": [float("nan")]})
    table = widgets.frame_html(frame)
    assert '<td style="text-align:left;vertical-align:top">China is a major trading partner</td>' in table
    assert ">2,800,000,000</td>" in table and ">2024</td>" in table
    assert "nan" not in table.lower() and "&lt;NA&gt;" not in table and "2024.0" not in table


def test_concept_options_sort_regardless_of_case(tables):
    options = widgets.concept_options(tables["concepts"], tables["concept_links"])
    assert len(options) == len(tables["concepts"])
    degree = pd.concat([tables["concept_links"].source, tables["concept_links"].target]).value_counts()
    mapped = [name for name, cid in options if degree.get(cid, 0) >= widgets.MAPPED_RELATIONS]
    assert [name for name, _ in options[:len(mapped)]] == sorted(mapped, key=str.lower)


def test_concept_view_folds_long_relation_lists_and_maps_only_real_networks(tables):
    view = widgets.concept_view("community_shared_future", tables["concepts"], tables["concept_links"], {
        "wang_yi_2025": "Wang Yi", "he_yin_2025": "He Yin"})
    assert view.html.split("<details>")[0].count("<li>") == widgets.LISTED_RELATIONS
    links = tables["concept_links"]
    degree = pd.concat([links.source, links.target]).value_counts()
    lonely = degree[degree == 1].index[0]
    single = widgets.concept_view(lonely, tables["concepts"], links, {"wang_yi_2025": "Wang Yi", "he_yin_2025": "He Yin"})
    assert single.chart is None and "1 stated relation:" in single.html


def chart_views(tables):
    """Every view a widget can show for the values its controls offer (each control in turn),
    yielded while its chart is current (a widget redraws the same figure for its next view)."""
    t = tables
    makers = {
        "paragraphs": widgets.paragraph_browser(t["paragraphs"]), "concepts": widgets.concept_explorer(
            t["concepts"], t["concept_links"]), "mentions": widgets.mention_filter(t["mentions"], t["actors"]),
        "claims": widgets.claims_browser(t["claims"]), "initiatives": widgets.initiative_selector(t["concepts"], t["claims"]),
        "kwic": widgets.kwic_search(t["paragraphs"]), "frequencies": widgets.word_frequencies(t["paragraphs"]),
    }
    for name, explorer in makers.items():
        for control_name, control in explorer.controls.items():
            values = [v if not isinstance(v, tuple) else v[1] for v in getattr(control, "options", [])]
            for value in values or [control.value]:
                control.value = value
                yield f"{name} {control_name}={value}", explorer.last_view


def test_no_chart_puts_two_units_on_one_axis(tables):
    """Each value axis of a claims chart carries figures of one unit only, named on the axis."""
    claims = tables["claims"]
    checked = 0
    for name, view in chart_views(tables):
        if view.chart is None or not name.startswith(("claims", "initiatives")):
            continue
        for ax in view.chart.figure.axes:
            unit = ax.get_xlabel().removeprefix("unit: ")
            labels = [label.get_text() for label in ax.get_yticklabels()]
            assert labels, name
            rows = claims[claims["counted"].map(lambda counted: any(counted.startswith(label.rstrip("…"))
                                                                      for label in labels))]
            assert set(rows["unit"]) == {unit}, f"{name}: one axis mixes {sorted(set(rows['unit']))}"
            checked += 1
    assert checked > 10


def test_dashboard_tables_show_at_most_eight_rows_and_export_as_html(tables):
    with matplotlib.rc_context():  # the dashboard's projector type must not leak into other tests
        board = widgets.dashboard(tables)
    for name, panel in board.panels.items():
        assert panel.table_pane.value.count("<tr>") <= 1 + widgets.PROJECTOR_ROWS, name
    static = board._repr_mimebundle_()["text/html"]
    assert "VBox(" not in static and "children=" not in static
    assert static.count("Static copy") == len(board.panels)
    assert "Voila" not in board.children[1].value and "install" not in board.children[1].value.lower()


@pytest.mark.parametrize("type_size", [{}, widgets.PROJECTOR_RC], ids=["notebook", "projector"])
def test_no_widget_chart_is_cut_at_the_figure_edge(tables, type_size):
    from test_charts import assert_inside

    drawn = 0
    with matplotlib.rc_context(type_size):
        for name, view in chart_views(tables):
            if view.chart is not None:
                assert_inside(view.chart, name)
                drawn += 1
    assert drawn > 50


# --- widget details: one figure as a number, the chosen actor marked, the learner's choice repeated ---

def test_a_single_support_figure_is_a_number_not_a_one_bar_chart(tables):
    claims = tables["claims"]
    for abbreviation in widgets.INITIATIVES:
        figures = claims[claims.quote.str.contains(rf"\b{abbreviation.upper()}\b") & (claims.number_type == "count")]
        view = widgets.initiative_view(tables["concepts"], claims, abbreviation)
        assert (view.chart is None) == (len(figures) <= 1), abbreviation
        if len(figures) == 1:
            figure = figures.iloc[0]
            assert f">{text.format_number(figure.value)}</span> {figure.unit}" in view.html


def test_the_chosen_actor_is_highlighted_even_beyond_the_top_bars(tables):
    filt = widgets.mention_filter(tables["mentions"], tables["actors"])
    per_actor = tables["mentions"].merge(tables["actors"], on="actor_id").query("region != 'China'").groupby("name")["count"].sum()
    rare = per_actor.sort_values(kind="stable").index[0]  # far below the top bars
    filt.controls["actor_id"].value = tables["actors"].set_index("name").loc[rare, "actor_id"]
    ax = filt.last_view.chart.figure.axes[0]
    assert rare in [label.get_text() for label in ax.get_yticklabels()]
    highlighted = [label.get_text() for label, bar in zip(ax.get_yticklabels(), ax.patches)
                   if matplotlib.colors.same_color(bar.get_facecolor(), charts.PALETTE[1])]
    assert highlighted == [rare]
    assert f"{rare} (highlighted)" in filt.last_view.chart.description


def test_the_classifier_repeats_each_choice_and_opens_on_a_sentence(tables):
    classifier = widgets.claim_classifier(tables["claims"])
    opening = tables["claims"].set_index("claim_id").loc[classifier.controls["claim_id"].value, "quote"]
    assert (tables["claims"].quote == opening).sum() == 1 and len(opening.split()) >= 8
    claim = tables["claims"].set_index("claim_id").loc[classifier.controls["claim_id"].value]
    wrong = [k for k in widgets.STATEMENT_KINDS if k != claim.statement_kind]
    shown = []
    for guess in wrong[:2]:
        classifier.controls["guess"].value = guess
        shown.append(classifier.last_view.html)
        assert f"You chose <b>{guess}</b>" in shown[-1]
    assert shown[0] != shown[1]
    labels = [label for label, _ in classifier.controls["claim_id"].options]
    assert len(set(labels)) == len(labels)  # no two statements read the same in the picker


def test_the_concept_explorer_opens_on_a_map_that_needs_no_cap(tables):
    concepts, links = tables["concepts"], tables["concept_links"]
    explorer = widgets.concept_explorer(concepts, links)
    centre = explorer.controls["concept_id"].value
    neighbours = set(links.query("source == @centre").target) | set(links.query("target == @centre").source)
    assert widgets.MAPPED_RELATIONS <= len(neighbours) <= charts.MAX_NEIGHBOURS
    assert explorer.last_view.chart is not None and "more related" not in explorer.last_view.chart.description
