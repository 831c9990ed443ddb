"""The model answer sheet (`instructors/model_answers.csv`) covers every item of every understanding
question, agrees with the checks' keys, cites the texts or the tables, quotes them word for word,
and the instructors' page shows all of it; a malformed sheet is told where it is broken.

The sheet is written by hand and the keys are the checks' (several computed from the tables), so a
corrected table or key that contradicts a why fails here until the why is corrected too.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter

import nbformat
import pytest

from kit_provenance import REFERENCE_RE, dataset_quotations, reference_problems
from shared_future import data, exercises, model_answers, student
from shared_future.checks import CheckError
from shared_future.model_answers import SheetError

SHEET = model_answers.sheet_path()
QUESTIONS = model_answers.questions()
POOLED = [q for q in QUESTIONS if q.pool]
CHOICES = [q for q in QUESTIONS if q.options]
TABLES = {r["name"] for r in json.loads((data.ROOT / "data" / "datapackage.json").read_text())["resources"]}


def raw_rows() -> list[dict[str, str]]:
    with open(SHEET, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ANSWERS = model_answers.load()


def test_the_understanding_questions_are_the_fourteen_pools_and_the_two_pick_every_questions():
    assert len(POOLED) >= 14 and sum(len(q.pool.items) for q in POOLED) >= 174
    assert {q.key for q in CHOICES} >= {"03.q8", "05.q8"}


def test_every_understanding_question_of_the_exercises_has_a_place_on_the_sheet():
    """A question the notebooks mark as understanding is a pool or a pick among `QN_OPTIONS`: the sheet covers both kinds."""
    marked = {f"{number}.{exercises.tag(cell)['question']}" for number in exercises.numbers()
              for cell in nbformat.read(exercises.solution_path(number), as_version=4).cells
              if exercises.role(cell) == "check" and exercises.tag(cell).get("kind") == "understanding"}
    assert marked == {q.key for q in QUESTIONS}


def test_every_item_and_option_has_exactly_one_row_and_no_row_is_orphaned():
    counts = Counter((row["question"], row["item"]) for row in raw_rows())
    expected = {(q.key, ref) for q in QUESTIONS for ref in model_answers.refs(q)}
    assert not [key for key in expected if counts[key] != 1], "items with no row, or with more than one"
    assert not set(counts) - expected, "rows that name no item of any question"


@pytest.mark.parametrize("question", POOLED, ids=lambda q: q.key)
def test_each_rows_letter_is_the_key_the_check_computes(question):
    wrong = [(item.ref(), ANSWERS[(question.key, item.ref())].right, item.key()) for item in question.pool.items
             if ANSWERS[(question.key, item.ref())].right != item.key()]
    assert not wrong, "the sheet's letter (second) differs from the check's key (third)"


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.key)
def test_the_sheets_picks_are_the_ones_the_check_accepts(question, capsys):
    rights = {letter: ANSWERS[(question.key, letter)].right for letter in question.options}
    assert set(rights.values()) <= {"yes", "no"}
    picks = [letter for letter, right in rights.items() if right == "yes"]
    try:
        question.check(picks)
    except CheckError as err:
        pytest.fail(f"the check does not take the sheet's picks {picks}: {err}")
    assert "correct" in capsys.readouterr().out


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.key)
def test_accepts_tells_a_wrong_set_of_picks_from_the_right_one(question):
    picks = model_answers.picks(question, ANSWERS)
    assert model_answers.accepts(question, picks)
    assert not model_answers.accepts(question, [letter for letter in question.options if letter not in picks])


def test_every_why_names_a_passage_or_a_table():
    tables = "|".join(sorted(TABLES))
    cites = re.compile(rf"\bparagraphs? \d+|`({tables})`|{REFERENCE_RE.pattern}")
    assert not [(a.question, a.item) for a in ANSWERS.values() if len(a.why.split()) < 8 or not cites.search(a.why)]


def test_every_reference_in_a_why_names_a_row_of_the_dataset():
    """`[source ID]`, `[perspective pNN]` and `[doc_id ¶N]`, the kit's forms of reference, each name a real row."""
    kinds = {match.group(1) or "paragraph" for a in ANSWERS.values() for match in REFERENCE_RE.finditer(a.why)}
    assert kinds == {"source", "perspective", "paragraph"}
    assert not [(a.question, a.item, problem) for a in ANSWERS.values() for problem in reference_problems(a.why)]


def test_every_curly_quote_in_a_why_is_verbatim_in_the_texts_or_the_datasets_quotes():
    sources = dataset_quotations()
    quoted = [(a.question, a.item, q) for a in ANSWERS.values() for q in re.findall(r"“(.+?)”", a.why)]
    assert quoted, "the whys quote the texts"
    assert not [q for q in quoted if not any(q[2] in source for source in sources)]


STRAIGHT_QUOTE = re.compile(r'"([^"]+)"|(?<!\w)\'([^\']+)\'(?!\w)')


def test_no_why_quotes_a_passage_in_straight_quotes():
    """A run of five or more words in straight quotes is a quotation the curly-quote test would not check.

    Straight quotes are for a word or a short phrase mentioned as such (the word "always").
    """
    assert STRAIGHT_QUOTE.findall("the word 'always' and \"all the more\"") == [("", "always"), ("all the more", "")]
    long = [(a.question, a.item, "".join(match)) for a in ANSWERS.values() for match in STRAIGHT_QUOTE.findall(a.why)
            if len("".join(match).split()) >= 5]
    assert not long, "quote these in curly quotes, word for word"


def test_no_why_has_an_unbalanced_curly_quote():
    assert not [(a.question, a.item) for a in ANSWERS.values() if a.why.count("“") != a.why.count("”")]


def test_the_page_shows_every_item_its_right_option_and_its_why():
    page = model_answers.page()
    for question in POOLED:
        for item in question.pool.items:
            answer = ANSWERS[(question.key, item.ref())]
            assert f"{item.text()}  \n   **{item.key()}** ({question.pool.options[item.key()]}). {answer.why}" in page
    for question in CHOICES:
        for letter, option in question.options.items():
            assert f"**{letter}**: {option}" in page and ANSWERS[(question.key, letter)].why in page
    assert "update the row" not in page and "No row in the model answer sheet" not in page
    assert page.count("\n## Exercise ") == len({q.number for q in QUESTIONS})


def test_the_page_flags_a_row_that_no_longer_agrees_with_the_check(tmp_path):
    rows = raw_rows()
    first = next(row for row in rows if row["question"] == POOLED[0].key)
    first["right"] = next(key for key in POOLED[0].pool.options if key != first["right"])
    for row in rows:
        if row["question"] == CHOICES[0].key:
            row["right"] = "no"
    sheet = tmp_path / "model_answers.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=model_answers.COLUMNS)
        writer.writeheader()
        writer.writerows(row for row in rows if row["question"] != POOLED[-1].key)
    page = model_answers.page(sheet)
    assert f"says {first['right']}, the check now says" in page
    assert "The check no longer accepts these picks" in page
    assert page.count(model_answers.NO_ROW) == len(POOLED[-1].pool.items)


# --- a malformed sheet is told where --------------------------------------------------------------

GOOD = 'question,item,right,why\n03.q7,"A statement, with a comma.",A,"Wang Yi, paragraph 2, says so."\n'


@pytest.mark.parametrize(("text", "where"), [
    ("question,item,letter,why\n", "line 1: the header"),
    (GOOD + "03.q7,Another statement,A\n", "line 3: 3 fields"),
    (GOOD + '03.q7,"A multi-line\nstatement",B,\n04.q7,x,A,y\n', "line 3, column 'why'"),
    (GOOD + "3.7,Another statement,A,why\n", "line 3, column 'question'"),
    (GOOD + GOOD.split("\n", 1)[1], "line 3: the row repeats line 2"),
])
def test_a_malformed_sheet_is_told_its_file_line_and_column(tmp_path, text, where):
    sheet = tmp_path / "model_answers.csv"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(SheetError) as err:
        model_answers.load(sheet)
    assert str(sheet) in str(err.value) and where in str(err.value)


def test_a_multi_line_field_does_not_shift_the_line_numbers(tmp_path):
    sheet = tmp_path / "model_answers.csv"
    sheet.write_text(GOOD + '03.q7,"A multi-line\nstatement",B,why\n04.q7,x,A,\n', encoding="utf-8")
    with pytest.raises(SheetError, match="line 5, column 'why'"):
        model_answers.load(sheet)


def test_without_the_instructors_folder_the_loader_says_where_it_looked(tmp_path):
    with pytest.raises(SheetError, match="instructors/ folder") as err:
        model_answers.load(model_answers.sheet_path(tmp_path))
    assert str(tmp_path) in str(err.value)


def test_the_command_writes_the_page(tmp_path):
    assert model_answers.main(["--out", str(tmp_path / "page.md")]) == 0
    assert (tmp_path / "page.md").read_text(encoding="utf-8") == model_answers.page()


def test_the_student_edition_leaves_the_sheet_out():
    """The sheet is the answer key with reasons: committed in the course, never in what learners get."""
    def paths(tree: str) -> list[str]:
        return student._git("ls-tree", "-r", "--name-only", tree).decode().splitlines()

    sheet = SHEET.relative_to(data.ROOT).as_posix()
    assert sheet in paths("HEAD"), "the sheet is committed"
    assert sheet not in paths(student.edition_tree())
