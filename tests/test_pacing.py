"""The time-estimate rule, on small notebooks whose expected minutes are worked out by hand."""
import pytest

from shared_future import data, pacing, text


def notebook(*cells):
    return {"cells": [{"cell_type": kind, "source": source} for kind, source in cells]}


def test_prose_code_and_prompts_each_count():
    # 240 words (5 + 229 + 6) = 2 min; 3 code cells = 6 min; 2 prompts = 6 min; total 14 -> rounded up to 15
    nb = notebook(("markdown", "# Title\n\n**Estimated time:** 15 minutes\n\n" + "word " * 229),
                  ("markdown", "**Question:** why? **Try this:** change it."),
                  ("code", "a = 1"), ("code", "b = 2"), ("code", "a + b"))
    counts = pacing.counts(nb)
    assert counts["code_cells"] == 3 and counts["prompts"] == 2
    assert counts["words"] == 240
    assert pacing.estimate(nb) == 15
    assert pacing.stated(nb) == 15


def test_rounds_up_to_the_next_five_minutes():
    assert pacing.estimate(notebook(("code", "1"))) == 5                  # 2 min -> 5
    assert pacing.estimate(notebook(*[("code", "1")] * 5)) == 10          # exactly 10 stays 10
    assert pacing.estimate(notebook(*[("code", "1")] * 6)) == 15          # 12 -> 15


def test_a_text_printed_whole_adds_its_reading_time():
    words = len(text.words(data.corpus_text("he_yin_2025")))
    nb = notebook(("code", 'reading.whole_text("he_yin_2025")'))
    assert pacing.counts(nb)["text_words"] == words
    expected = 5 * -(-(2 + words / 150) // 5)
    assert pacing.estimate(nb) == expected


def test_stated_reads_about_and_missing_estimates():
    assert pacing.stated(notebook(("markdown", "**Estimated time:** about 45 minutes"))) == 45
    assert pacing.stated(notebook(("markdown", "# No estimate here"))) is None


def test_write_estimates_changes_only_the_stated_minutes(tmp_path):
    import json
    path = tmp_path / "01_demo.ipynb"
    nb = notebook(("markdown", "# Demo\n\n**Estimated time:** 99 minutes\n"), ("code", "1"))
    nb.update({"metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert pacing.write_estimates(tmp_path) == {"01_demo": 5}
    written = json.loads(path.read_text(encoding="utf-8"))
    assert "".join(written["cells"][0]["source"]) == "# Demo\n\n**Estimated time:** 5 minutes\n"
    assert written["cells"][1] == nb["cells"][1]


@pytest.mark.parametrize("minutes_per_code_cell", [pacing.MINUTES_PER_CODE_CELL])
def test_the_rule_is_the_one_readme_states(minutes_per_code_cell):
    readme = (data.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{pacing.WORDS_PER_MINUTE} words a minute" in readme
    assert f"{minutes_per_code_cell} minutes per code cell" in readme
    assert f"{pacing.MINUTES_PER_PROMPT} minutes\nper prompt" in readme or f"{pacing.MINUTES_PER_PROMPT} minutes per prompt" in readme
    assert f"{pacing.TEXT_WORDS_PER_MINUTE} words a minute" in readme
