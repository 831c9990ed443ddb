"""Evidence beside the claims: independence is carried along, gaps only where figures compare."""
import pytest

from shared_future import data, evidence


def test_only_sources_outside_the_texts_government_count_as_independent():
    assert evidence.is_independent("international_organisation")
    assert evidence.is_independent("scholarly")
    for kind in ("same_government", "state_media", "reprint", None):
        assert not evidence.is_independent(kind)
    schema_kinds = next(f for f in data.schema("sources")["fields"] if f["name"] == "independence")["constraints"]["enum"]
    assert set(evidence.INDEPENDENCE_LABELS) == set(schema_kinds), "every independence kind needs a plain-words label"
    assert set(evidence.SHORT_LABELS) == set(schema_kinds), "and a short one for tables"


def test_outside_checks_carry_the_independence_of_their_source():
    checks = evidence.outside_checks().set_index("claim_id")
    claims = data.load("claims")
    assert set(checks.index) == set(claims.loc[claims["outside_value"].notna(), "claim_id"])
    # 193 UN members comes from the UN's own library; the 155 Belt and Road comparison from Xinhua
    assert checks.loc["hy04", "independence"] == "international_organisation" and checks.loc["hy04", "independent"]
    assert checks.loc["wy15", "independence"] == "state_media" and not checks.loc["wy15", "independent"]


def test_no_gap_between_figures_that_measure_different_things():
    checks = evidence.outside_checks()
    result = evidence.gaps(checks)
    assert set(result["comparable"]) == {"same_measure"}
    # 183 diplomatic partners vs 193 UN members, and "some 190 small boats" vs 193: no gap at all
    assert not {"hy04", "wy29"} & set(result["claim_id"])
    friend_cities = result.set_index("claim_id").loc["hy11"]
    assert friend_cities["gap"] == 3054 - 3000
    assert friend_cities["gap_percent"] == pytest.approx(1.8)


def test_gaps_refuses_a_frame_without_comparable():
    with pytest.raises(ValueError, match="comparable"):
        evidence.gaps(data.load("claims").drop(columns="comparable"))


def test_perspectives_for_a_claim_keep_their_source_independence():
    views = evidence.perspectives_for("claim", "hy04").set_index("perspective_id")
    assert {"p01", "p02", "p03"} <= set(views.index)
    assert views.loc["p01", "independence"] == "independent_media" and views.loc["p01", "independent"]
    assert views.loc["p02", "independence"] == "same_government" and not views.loc["p02", "independent"]


def test_a_view_is_independent_only_when_holder_and_copy_both_are():
    """The UN-record case: the UN's record of the "unanimously" vote read on the UN's own page is
    independent; the same record read on a third party's copy is not (the copy is not the record);
    the co-drafting government praising the vote is a party to it, whoever publishes its page."""
    assert evidence.is_independent_view("third_party", "international_organisation")
    assert not evidence.is_independent_view("third_party", "reprint")
    assert not evidence.is_independent_view("party", "third_party_government")
    assert not evidence.is_independent_view("own_government", "independent_media")
    views = evidence.perspectives_for("statement", "s08").set_index("perspective_id")
    un_record, co_drafter = views.loc["p10"], views.loc["p25"]
    assert un_record["holder_relation"] == "third_party" and un_record["independent_holder"]
    assert co_drafter["holder_relation"] == "party" and co_drafter["independent_copy"]
    assert not co_drafter["independent"], "a co-drafting government is not an independent view of its own vote"
    assert views["independent"].tolist() == [
        evidence.is_independent_view(h, c) for h, c in zip(views["holder_relation"], views["independence"])]


def test_view_independence_counts_holder_and_copy_apart():
    table = evidence.view_independence()
    views = data.load("perspectives")
    assert table.loc["total", "total"] == len(views)
    assert set(table.index) - {"total"} == set(views["holder_relation"])
    assert table.loc["third_party"].drop("total").sum() == (views["holder_relation"] == "third_party").sum()


def test_checkability_does_not_count_a_party_or_a_metaphor_as_independent_evidence():
    table = evidence.checkability("08").set_index("id")
    # "some 190 small boats" is a figure of speech: the UN's 193 beside it checks nothing
    assert table.loc["wy29", "evidence"] == "cannot be settled by evidence"
    # Nauru's foreign minister at the signing is a party, so s10 has no independent view
    assert table.loc["s10", "check_independently"] == "no" and "a party to it" in table.loc["s10", "evidence"]


def test_perspectives_for_rejects_unknown_targets_with_a_clear_message():
    with pytest.raises(ValueError, match="target_type must be one of"):
        evidence.perspectives_for("country", "usa")
    with pytest.raises(ValueError, match="no claim 'wy99'"):
        evidence.perspectives_for("claim", "wy99")


def test_weigh_block_shows_text_views_sources_and_a_question_without_a_verdict():
    block = evidence.weigh("statement", "s08")
    assert "How would you weigh this?" in block.text and "unanimously adopted" in block.text
    assert "adopted by consensus" in block.text and "a copy on a third-party site" in block.text
    assert "state-owned media" in block.text
    assert block.text.rstrip().endswith("what would you still want to know?")
    assert block._repr_html_() == block.html and "<q>" in block.html
    for verdict in ("is wrong", "is false", "is true", "is correct"):
        assert verdict not in block.text


def test_weigh_block_includes_the_outside_figure_and_escapes_html():
    block = evidence.weigh("claim", "hy04")
    assert "Outside figure 193" in block.text and "different definition" in block.text
    assert "United Nations, Dag Hammarskj" in block.text
    assert "<script" not in block.html and "’" in block.html  # curly quotes kept, markup escaped


def test_weigh_block_without_views_says_so():
    block = evidence.weigh("claim", "wy07")
    assert "no other view" in block.text


def test_checkability_says_which_claims_can_be_checked_independently():
    table = evidence.checkability("04").set_index("id")
    assert table.loc["wy15", "check_independently"] == "yes"  # CFR and AFP report on participation
    assert table.loc["wy16", "check_independently"] == "no"   # customs and commerce ministry only
    assert table.loc["wy16", "evidence"].startswith("only ")
    assert "wy40" in table.index and table.loc["wy40", "evidence"] == "cannot be settled by evidence"  # an aspiration
    assert table["evidence"].str.len().max() <= 50 and table["quote"].str.len().max() <= 50  # pandas shows 50
    everything = evidence.checkability("08")
    assert len(everything) == len(data.load("claims")) + len(data.load("statements"))
    assert set(evidence.checkability("07")["kind"]) == {"statement"}


def test_checkability_refuses_an_unknown_notebook():
    with pytest.raises(ValueError, match="02 ... 08"):
        evidence.checkability("09")


def test_every_content_notebook_has_items():
    for notebook in ("02", "03", "04", "05", "06", "07", "08"):
        assert len(evidence.checkability(notebook)) > 0, notebook


def test_weigh_block_for_a_statement_gives_what_would_settle_it_and_the_reading_lesson():
    block = evidence.weigh("statement", "s20")
    assert "What would settle it:" in block.text and "Reading lesson:" in block.text
    assert "no other view" in evidence.weigh("statement", "s24").text  # "more than ever": nobody weighed yet
    first = evidence.weigh("statement", "s16")
    assert "Shanghai Daily" in first.text and "Reading lesson:" in first.text
    plain = evidence.weigh("statement", "s04")
    assert "Reading lesson" not in plain.text
