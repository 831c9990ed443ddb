"""Written responses in Chinese or Japanese are counted in characters at the translators' ratio, by the
learner's check and the gradebook alike."""
from __future__ import annotations

import pytest

from shared_future import wordcount
from shared_future.checks import CheckError, written
from shared_future.grading import checking

# 30 Han characters between two punctuation marks (the old count: 2 "words")
SENTENCE = "王毅在文章中写道，构建人类命运共同体是习近平外交思想的核心理念。"
CHINESE = SENTENCE * 11  # 330 characters: 220 words at 1.5 characters a word


def test_a_full_chinese_response_is_counted_in_characters(capsys):
    assert sum("\u4e00" <= c <= "\u9fff" for c in CHINESE) == 330
    assert wordcount.words(CHINESE) == 330 / 1.5
    written({}, "q9")(CHINESE)
    assert capsys.readouterr().out.startswith(
        "Q9: submitted (220 words (counting 330 Chinese characters at 1.5 a word)).")
    assert checking.words(CHINESE) == 220, "the gradebook counts as the learner's check does"


def test_a_short_chinese_response_says_how_it_was_counted():
    with pytest.raises(CheckError) as caught:
        written({}, "q9")(SENTENCE * 3)
    assert str(caught.value).startswith("Q9: is 60 words long (counting 90 Chinese characters at 1.5 a word); write 150 to 250")


@pytest.mark.parametrize(("response", "words"), [
    ("Wang Yi writes that the concept is new.", 8),  # English: as before
    ("人类命运共同体 (a community with a shared future)", 5 + 6),  # 7 characters round to 5 words, and 6 English words
    ("2025年", 1 + 1),  # the number is a word; one character rounds to one
    ("王毅はこう書いている。", 4),  # Japanese (it has kana): 10 characters at 2.5
    ("왕이 외교부장은 이렇게 썼다", 4),  # Korean puts spaces between words
])
def test_each_script_is_counted_by_its_convention(response, words):
    assert wordcount.words(response) == words


def test_the_rule_is_stated_where_the_learner_reads_about_the_check():
    assert "1.5 characters a word" in written({}, "q9").__doc__
