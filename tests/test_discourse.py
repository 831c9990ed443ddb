"""The discourse measures of notebook 07, on small made-up texts whose answers can be counted by eye."""
import pandas as pd
import pytest

from shared_future import data, discourse


def frame(*texts, doc_id="d"):
    return pd.DataFrame({"doc_id": doc_id, "para_no": range(1, len(texts) + 1), "text": list(texts)})


def test_authority_sentences_name_the_speaker_and_skip_plain_sentences():
    paras = frame("Trade grew. General Secretary Xi Jinping has pointed out that peace matters.",
                  "As an old Chinese saying goes, “Water wears stone.”")
    found = discourse.authority_sentences(paras)
    assert list(found["speaker"]) == ["Xi Jinping (General Secretary)", "Chinese tradition"]
    assert found.iloc[0]["sentence"].startswith("General Secretary")
    assert discourse.authority_sentences(frame("Nobody is quoted here.")).empty


def test_per_thousand_counts_whole_words_case_insensitively():
    # 10 words; "All" and "all" count, "allow" and "overall" do not
    paras = frame("All countries allow overall growth and all of them always")
    rates = discourse.per_thousand(paras, terms=("all", "always", "never"))
    assert rates.loc["all", "d"] == pytest.approx(200.0)
    assert rates.loc["always", "d"] == pytest.approx(100.0)
    assert rates.loc["never", "d"] == 0


def test_repeated_ngrams_stay_inside_paragraphs_and_skip_stopword_runs():
    paras = frame("win win cooperation of the", "of the win win cooperation")
    found = discourse.repeated_ngrams(paras, n=3)
    assert list(found["ngram"]) == ["win win cooperation"]
    assert found.iloc[0]["count"] == 2
    # "cooperation of the win" would only exist if the n-grams ran across the paragraph break
    assert discourse.repeated_ngrams(paras, n=4, min_count=1)["ngram"].str.contains("cooperation of the win").sum() == 0


def test_shared_ngrams_are_those_of_every_text():
    paras = pd.concat([frame("a shared future for mankind", doc_id="x"),
                       frame("the shared future for all", doc_id="y")])
    assert discourse.shared_ngrams(paras, n=3) == ["shared future for"]


def test_channel_of_matches_whole_cue_phrases():
    bodies = pd.DataFrame({"body_id": ["idcpc", "cpaffc", "cpc"],
                           "cues": ["political parties", "friendship city", None]})
    assert discourse.channel_of("It invited members of African political parties.", bodies) == ["idcpc"]
    assert discourse.channel_of("It built friendship city ties.", bodies) == ["cpaffc"]
    assert discourse.channel_of("Partisan politics.", bodies) == []


def test_every_body_cue_occurs_in_a_text():
    """A cue no sentence of the texts contains cannot place any sentence: it is a typo or dead."""
    corpus = " ".join(data.corpus_text(d) for d in ("he_yin_2025", "wang_yi_2025")).lower()
    bodies = data.load("bodies").dropna(subset=["cues"])
    dead = [c for cues in bodies["cues"] for c in cues.split("|") if c.lower() not in corpus]
    assert not dead, f"bodies.cues that no text contains: {dead}"


def test_body_levels_count_steps_to_a_root():
    from shared_future import bodies as bodies_module
    frame = pd.DataFrame({"body_id": ["top", "mid", "low", "alone"], "parent_id": [None, "top", "mid", None]})
    assert bodies_module.levels(frame).to_dict() == {"top": 0, "mid": 1, "low": 2, "alone": 0}


def test_body_diagram_draws_one_box_per_body():
    from shared_future import bodies as bodies_module
    table = data.load("bodies")
    fig = bodies_module.diagram(table)
    boxes = [t for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    assert len(boxes) == len(table)
