"""The defects an examiner found by answering every prompt independently: each stays fixed.

A correct answer the checks rejected, a wrong one they accepted, and prompts that could be read
another way. The answers below are built from the dataset, the way a learner would reach them.
"""
from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from shared_future import data, exercises, text  # noqa: E402
from shared_future.checks import CheckError, ex01, ex02, ex05, ex07, ex08  # noqa: E402
from shared_future.grading import answers  # noqa: E402

PARAGRAPHS = data.load("paragraphs")
WANG_YI = PARAGRAPHS[PARAGRAPHS["doc_id"] == "wang_yi_2025"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def problem_of(check, answer) -> str:
    with pytest.raises(CheckError) as caught:
        check(answer)
    return str(caught.value)


def prompt(number: str, qid: str) -> str:
    """The markdown prompt of a question: the cell just before its answer cell."""
    cells = nbformat.read(exercises.solution_path(number), as_version=4).cells
    answer = next(i for i, c in enumerate(cells) if exercises.role(c) == "answer" and exercises.tag(c)["question"] == qid)
    return cells[answer - 1].source


def test_07_q6_must_contain_matches_whole_words_only():
    """"global" is not in a sentence that only has "Globally"."""
    sentences = [s for p in WANG_YI["text"] for s in text.sentences(p)]
    only_globally = [s for s in sentences if "Globally" in s and " global" not in s.lower().replace("globally", "")]
    rates = ex07._rates_by_doc()
    if only_globally:
        answer = {"word": "global", "wang_yi_per_1000": rates.loc["global", "wang_yi_2025"], "sentence": only_globally[0]}
        assert "not the passage the question asks for" in problem_of(ex07.q6, answer)
    from shared_future.checks import quote_from
    with pytest.raises(CheckError, match="not the passage"):
        quote_from("Globally, we act.", "Globally, we act.", must_contain=["global"])
    quote_from("Global ties grow.", "Global ties grow.", must_contain=["global"])


def test_01_q5_accepts_the_sentence_without_its_full_stop():
    first = WANG_YI.set_index("para_no").loc[1, "text"]
    sentence = next(s for s in text.sentences(first) if "core concept" in s)
    assert sentence.endswith(".")
    ex01.q5(sentence[:-1])
    ex01.q5(sentence[:-1] + " ")
    assert "not one whole sentence" in problem_of(ex01.q5, sentence[:-10])


def test_01_q6_says_how_to_write_the_outlet():
    document = data.load("documents").set_index("doc_id").loc["wang_yi_2025"]
    evidence = next(s for p in WANG_YI["text"] for s in text.sentences(p) if "Xi Jinping" in s and len(text.words(s)) >= 8)
    short = document["outlet"].split()[0]
    message = problem_of(ex01.q6, {"author": document["author"], "outlet": short, "evidence": evidence})
    assert "only part of the outlet's name" in message and document["outlet"] not in message
    assert "as the `documents` table writes it" in prompt("01", "q6")


def test_02_q4_accepts_bars_at_numeric_year_positions():
    """A correct chart with integer years on a number axis is not told its bars lack labels, neither as drawn
    nor as the grader rebuilds it from its description (fixed tick labels, "2014" at 2014)."""
    per_year = data.load("events")["date"].str.slice(0, 4).value_counts().sort_index()
    for draw in (lambda ax: ax.bar(per_year.index.astype(int), per_year.to_numpy()),
                 lambda ax: ax.barh(per_year.index.astype(float), per_year.to_numpy()),
                 lambda ax: per_year.set_axis(per_year.index.astype(int)).plot.bar(ax=ax)):
        _fig, ax = plt.subplots()
        draw(ax)
        ax.set(title="Events per year", xlabel="year", ylabel="events")
        ex02.q4(ax)
        ex02.q4(answers.restore(json.loads(json.dumps(answers.to_plain(ax)))))
    _fig, ax = plt.subplots()
    ax.bar(per_year.index.astype(int), per_year.to_numpy() + 1)
    ax.set(title="Events per year", xlabel="year", ylabel="events")
    message = problem_of(ex02.q4, ax)
    assert "the bar for" in message and "not labelled" not in message


def test_05_q3_accepts_a_count_of_zero_kept_in_the_answer():
    claims = data.load("claims")
    governance = claims[claims["theme"] == "governance"]
    with_zeros = pd.crosstab(claims["theme"], claims["statement_kind"]).loc["governance"]
    assert (with_zeros == 0).any() or set(governance["statement_kind"]) == set(claims["statement_kind"])
    ex05.q3(with_zeros)
    ex05.q3(governance["statement_kind"].value_counts().to_dict() | {"no such kind": 0})
    assert "should not be there" in problem_of(ex05.q3, governance["statement_kind"].value_counts().to_dict() | {"x": 1})
    assert "kept as 0" in prompt("05", "q3")


def test_08_q5_says_that_reprinted_counts():
    sources = data.load("sources")
    assert '"reprinted"' in prompt("08", "q5")
    reprinted = sources[sources["note"].str.contains("reprinted", case=False, na=False)]
    whole_word = sources["publisher"].str.contains(r"\breprint\b", case=False, na=False) | \
        sources["note"].str.contains(r"\breprint\b", case=False, na=False)
    if len(reprinted) and not whole_word.all():
        assert "missing" in problem_of(ex08.q5, sources.loc[whole_word, "source_id"].tolist())


def test_01_q3_the_tuple_in_the_other_order_is_told_the_order():
    longest = PARAGRAPHS.loc[PARAGRAPHS["words"].idxmax()]
    message = problem_of(ex01.q3, (int(longest["para_no"]), longest["doc_id"]))
    assert "wrong order: give them in the order (doc_id, para_no)" in message
    assert "in the order `(doc_id, para_no)`" in prompt("01", "q3")


def test_02_q3_ids_instead_of_names_is_told_so():
    links, concepts = data.load("concept_links"), data.load("concepts")
    pillars = links.loc[(links["target"] == "scientific_system") & (links["relation"] == "part_of"), "source"]
    roles = links[links["source"].isin(pillars) & (links["target"] == "community_shared_future")]
    message = problem_of(ex02.q3, roles.set_index("relation")["source"])
    assert "`concept_id`s; the question asks for the `name`s, not ids" in message
    assert "names, not ids" in prompt("02", "q3")
    ids = roles.set_index("relation")["source"]
    named = ids.map(concepts.set_index("concept_id")["name"])
    ex02.q3(named)
