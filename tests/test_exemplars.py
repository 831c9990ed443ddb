"""The calibration exemplars: three per written question, marked with the rubric of the solution notebook, adding
up, in order, within the question's word limits, quoting the texts only word for word; the loader names the file
and the exemplar of a malformed file; the instructors' page shows them all, or says plainly that they are absent."""
from __future__ import annotations

import importlib
import re

import pytest

from shared_future import data, exemplars, exercises, grading, wordcount
from shared_future.grading import overlap

WRITTEN = {(number, qid): criteria for number in exercises.numbers() for qid, criteria in exercises.rubrics(number).items()}
FOUND = exemplars.load()
CASES = [(key, exemplar) for key in sorted(WRITTEN) for exemplar in FOUND.get(key, [])]
IDS = [f"{number}-{qid}-{e.level}" for (number, qid), e in CASES]


def plain(passage: str) -> str:
    """Spaces collapsed, the file's line wraps among them: how a quote is compared with the texts. Apostrophes and
    quotation marks are kept: a quote keeps the marks of what it quotes."""
    return " ".join(passage.split())


TEXTS = tuple(plain(p) for p in data.load("paragraphs")["text"])


def test_every_written_question_has_a_strong_an_adequate_and_a_weak_exemplar():
    assert len(WRITTEN) >= 8, "the exercises 01-08 each have a written question"
    assert {key: sorted(e.level for e in FOUND.get(key, [])) for key in WRITTEN} == {
        key: sorted(exemplars.LEVELS) for key in WRITTEN}
    assert set(FOUND) <= set(WRITTEN), "an exemplar file names a question with no rubric"


@pytest.mark.parametrize(("key", "exemplar"), CASES, ids=IDS)
def test_each_marking_follows_the_rubric_and_adds_up(key, exemplar):
    rubric = {c["id"]: c["points"] for c in WRITTEN[key]}
    assert [m.criterion for m in exemplar.marks] == list(rubric), "the criteria marked are the rubric's, in order"
    for mark in exemplar.marks:
        assert 0 <= mark.points <= rubric[mark.criterion], mark
        assert len(mark.why.split()) >= 8 and mark.why.endswith("."), f"{mark.criterion}: a sentence on why"
    assert sum(m.points for m in exemplar.marks) == exemplar.total


@pytest.mark.parametrize("key", sorted(WRITTEN))
def test_strong_scores_more_than_adequate_and_adequate_more_than_weak(key):
    totals = {e.level: e.total for e in FOUND[key]}
    assert totals["strong"] > totals["adequate"] > totals["weak"], totals


@pytest.mark.parametrize(("key", "exemplar"), CASES, ids=IDS)
def test_each_exemplar_passes_the_questions_own_length_check(key, exemplar, capsys):
    """Strong and adequate are within the word limits, and so is the weak one: the check refuses any other length,
    so the weak responses a marker reads are mostly within them too."""
    number, qid = key
    check = getattr(importlib.import_module(f"shared_future.checks.ex{number}"), qid)
    check(exemplar.response)  # raises when the response is too short or too long
    assert f"{qid.upper()}: submitted ({wordcount.length(exemplar.response)})" in capsys.readouterr().out


@pytest.mark.parametrize(("key", "exemplar"), CASES, ids=IDS)
def test_exemplars_quote_the_texts_only_word_for_word(key, exemplar):
    """Curly quotes are quotes of the texts, exactly (punctuation and apostrophes too); a weak response's deliberate
    misquote is in straight quotes, as a student types them, and is indeed not in the texts."""
    quotes = [plain(q) for q in re.findall(r"“([^“”]+)”", exemplar.response)]
    assert quotes or exemplar.level == "weak", "a strong or adequate response quotes the texts"
    for quote in quotes:
        assert any(quote in paragraph for paragraph in TEXTS), f"not word for word in the texts: {quote}"
    straight = [plain(q) for q in re.findall(r'"([^"]+)"', exemplar.response)]
    for misquote in map(plain, exemplar.misquotes):
        assert misquote in straight, f"the deliberate misquote is not in the response: {misquote}"
        loose = misquote.lower().replace("’", "'")
        assert not any(loose in p.lower().replace("’", "'") for p in TEXTS), f"a 'misquote' that is in the texts: {misquote}"


@pytest.mark.parametrize("key", sorted(WRITTEN))
def test_no_exemplar_is_flagged_as_pasted_from_the_texts_the_prompt_or_the_rubric(key):
    """Even the weak ones are written, not pasted: a calibration exemplar models a response the marker reads."""
    sources = {name: t for name, t in overlap.course_sources(grading.Exercise.load(key[0]), key[1]).items()
               if not name.startswith(overlap.EXEMPLAR)}
    for exemplar in FOUND[key]:
        assert overlap.flags({exemplar.level: exemplar.response}, sources) == {exemplar.level: []}


def test_each_file_says_it_was_written_for_calibration():
    for path in sorted(exemplars.FOLDER.glob("*.md")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert text.count("Written for calibration") == 1 and "is a real student's work" in text, path.name
        assert path.stem == exercises.solution_path(path.name[:2]).stem, "named as its exercise"


GOOD = exemplars.FOLDER / "01_the_documents.md"


@pytest.mark.parametrize(("change", "problem"), [
    (lambda t: t.replace("| c2 | 1 |", "| c2 | one |"), "points must be a whole number, not 'one' (row c2)"),
    (lambda t: t.replace("| **total** | **4** | |\n", ""), "no marks table"),
    (lambda t: t.replace("## Weak", "## Poor"), "the heading must be one of Strong, Adequate, Weak"),
    (lambda t: re.sub(r"(## Adequate\n\n)(> .*\n)+", r"\1", t), "no response"),
    (lambda t: t.replace("| c3 | 0 |", "| c3 | 0 | x |"), "a table row needs 3 cells"),
    (lambda t: t.replace("## Weak\n", "## Weak\n\nA stray line.\n"), "a line that is neither the response"),
])
def test_a_malformed_file_is_refused_naming_the_file_and_the_exemplar(tmp_path, change, problem):
    broken = change(GOOD.read_text(encoding="utf-8"))
    assert broken != GOOD.read_text(encoding="utf-8")
    (tmp_path / GOOD.name).write_text(broken, encoding="utf-8")
    with pytest.raises(exemplars.ExemplarError) as caught:
        exemplars.load(tmp_path)
    assert str(caught.value).startswith(f"{GOOD.name}, exemplar ") and problem in str(caught.value)


def test_a_file_with_a_wrong_title_or_a_level_twice_is_refused(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    (tmp_path / GOOD.name).write_text(text.replace("# Calibration exemplars", "# Exemplars"), encoding="utf-8")
    with pytest.raises(exemplars.ExemplarError, match=f"^{GOOD.name}: the first line must be"):
        exemplars.load(tmp_path)
    (tmp_path / GOOD.name).write_text(text.replace("## Adequate", "## Strong"), encoding="utf-8")
    with pytest.raises(exemplars.ExemplarError, match="needs one section per level"):
        exemplars.load(tmp_path)


def test_the_page_shows_every_exemplar_with_its_marks():
    page = exemplars.page()
    assert page.startswith("# Rubric calibration") and "not a real student's work" in page
    for (number, qid), exemplar in CASES:
        assert f"## Exercise {number} · {qid.upper()}" in page
        assert exemplar.label(WRITTEN[number, qid]) in page
        first = exemplar.response.splitlines()[0]
        assert f"> {first}" in page
        for mark in exemplar.marks:
            assert f"| {mark.criterion} | {mark.points} of " in page and mark.why in page
        assert all(f'"{quote}" (not in the texts' in page for quote in exemplar.misquotes)
    assert page.count("\n### ") == len(CASES)


def test_without_the_instructors_folder_the_page_and_lookups_say_so(tmp_path):
    absent = tmp_path / "instructors" / "exemplars"
    assert not exemplars.available(absent) and exemplars.of("01", "q9", absent) is None
    page = exemplars.page(absent)
    assert exemplars.ABSENT in page and "###" not in page
    assert exemplars.of("01", "q9") == FOUND["01", "q9"]
