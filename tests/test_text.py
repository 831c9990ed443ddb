"""Words, sentences, numbers and keyword in context: the rules every count in the course uses."""
import pytest

from shared_future import data, text


def test_words_keep_compounds_and_figures_whole():
    assert text.words("On Dec. 31, 2024, win-win China’s 2.8 billion over 3,000") == [
        "On", "Dec", "31", "2024", "win-win", "China’s", "2.8", "billion", "over", "3,000"]


def test_tokens_fold_case_and_possessive():
    assert text.tokens("China’s Chinese CHINA") == ["china", "chinese", "china"]


def test_sentences_do_not_break_after_abbreviations():
    para = "The 78th session of the U.N. General Assembly adopted it. On Dec. 31, 2024, it entered into force."
    assert text.sentences(para) == ["The 78th session of the U.N. General Assembly adopted it.",
                                    "On Dec. 31, 2024, it entered into force."]


@pytest.mark.parametrize("value,quote", [
    (82, "Eighty-two countries have joined"), (2.8e9, "over 2.8 billion people"), (3000, "over 3,000 cities"),
    (70, "the 70th Anniversary"), (1, "for the first time"), (6.4, "grew by 6.4 percent"), (21, "the 21st century"),
    (5, "a five-year span"), (2, "No. 02, 2025"),
])
def test_value_in_quote_accepts_each_written_form(value, quote):
    assert text.value_in_quote(value, quote)


@pytest.mark.parametrize("value,quote", [(64, "grew by 6.4 percent"), (8, "the 78th session"), (15, "155 countries")])
def test_value_in_quote_rejects_partial_matches(value, quote):
    assert not text.value_in_quote(value, quote)


def test_number_spans_find_digits_words_and_dates():
    found = [span[2] for span in text.number_spans("Eighty-two, 2.8 billion, 2025-2027, On Dec. 31, 2024, one Earth")]
    assert found == ["Eighty-two", "2.8 billion", "2025", "2027", "Dec. 31, 2024"]


def test_paragraphs_skip_masthead_and_headings():
    paragraphs = text.split_paragraphs("wang_yi_2025", data.corpus_text("wang_yi_2025"))
    assert paragraphs[0].section == "I" and paragraphs[0].text.startswith("Building a community")
    assert {p.section for p in paragraphs} == {"I", "II", "III"}
    assert all(p.text.strip() not in {"I", "II", "III"} for p in paragraphs)


@pytest.fixture(scope="module")
def paragraphs():
    return data.corpus_paragraphs()


@pytest.mark.parametrize("query", ["(", "*", "[a-z]+", ".", "\\"])
def test_kwic_treats_patterns_as_plain_text(paragraphs, query):
    for line in text.kwic(paragraphs, query):
        assert line["match"] == query


def test_kwic_is_case_insensitive_and_complains_clearly(paragraphs):
    assert len(text.kwic(paragraphs, "GLOBAL SOUTH")) == len(text.kwic(paragraphs, "global south")) > 0
    with pytest.raises(ValueError, match="Type a word"):
        text.kwic(paragraphs, "   ")
    with pytest.raises(ValueError, match="at most"):
        text.kwic(paragraphs, "x" * 500)


def test_plural_agrees_with_the_count():
    assert [text.plural(n, "paragraph") for n in (0, 1, 2)] == ["0 paragraphs", "1 paragraph", "2 paragraphs"]
    assert text.plural(1, "country") == "1 country" and text.plural(155, "country") == "155 countries"


@pytest.mark.parametrize("label, width, expected", [
    ("China is a major trading partner", 14, "China is a…"),
    ("China is a major trading partner", 40, "China is a major trading partner"),
    ("Supercalifragilistic", 8, "Superca…"),
])
def test_shorten_cuts_at_a_word(label, width, expected):
    assert text.shorten(label, width) == expected
    assert len(text.shorten(label, width)) <= width


@pytest.mark.parametrize("value, thousands, expected", [
    (2024.0, False, "2024"), (2800000000.0, True, "2,800,000,000"), (6.4, True, "6.4"), (155, True, "155"),
    (float("nan"), True, ""), (None, True, ""), ("percent", True, "percent"),
])
def test_format_number_writes_numbers_as_people_do(value, thousands, expected):
    assert text.format_number(value, thousands) == expected


def test_format_number_leaves_pandas_missing_values_empty():
    import pandas as pd

    assert text.format_number(pd.array([None], dtype="Int64")[0]) == ""


def test_kwic_says_whole_words_or_not_and_cuts_contexts_at_word_boundaries(paragraphs):
    inside = text.kwic(paragraphs, "nation")
    whole = text.kwic(paragraphs, "nation", whole_words=True)
    assert len(whole) < len(inside) and all(line["match"].lower() == "nation" for line in whole)
    by_para = {(p.doc_id, p.para_no): p.text for p in paragraphs}
    for line in inside:
        source = by_para[(line["doc_id"], line["para_no"])]
        for context in (line["left"], line["right"]):
            assert context in source
        left_start = source.index(line["left"] + line["match"] + line["right"])
        assert left_start == 0 or not source[left_start - 1].isalnum() or not line["left"][:1].isalnum()
        end = left_start + len(line["left"] + line["match"] + line["right"])
        assert end == len(source) or not source[end].isalnum() or not line["right"][-1:].isalnum()


def test_quoted_runs_keep_the_quoted_words_and_leave_out_the_rest():
    note = "Abstract: “The first step is a “strategic partnership.”” It adds that “ties are often elevated”."
    assert text.quoted_runs(note) == ["The first step is a “strategic partnership.”", "ties are often elevated"]
    assert text.quoted_runs("Open “and never closed") == ["and never closed"]
    assert text.quoted_runs("no quotation here") == []
