"""The understanding questions measure reading: no cheap strategy earns their points, the feedback is
no oracle, and each student gets a variant of their own that the grader regrades with the same seed.

The cheap strategies are those an examiner used on the earlier questions: join an option's text to a
table's column, join an item to the table row that annotates it, answer by an id's order or by one
letter throughout, and take the paragraph a sibling prompt names.
"""
from __future__ import annotations

import json
import re
import sys
import types

import nbformat
import pytest

from shared_future import data, exercises
from shared_future.checks import CheckError, variants
from shared_future.checks.pools import NO_NAME
from shared_future.grading import checking

TABLES = {resource["name"]: data.load(resource["name"])
          for resource in json.loads((data.ROOT / "data" / "datapackage.json").read_text())["resources"]}
STUDENTS = [f"student {n}" for n in range(40)] + ["Ada Lovelace", "wang.li", "李华"]


def pooled_questions():
    for number in exercises.numbers():
        module = exercises.checks_module(number)
        for qid in module.QUESTIONS:
            if hasattr(getattr(module, qid), "pool"):
                yield pytest.param(number, qid, getattr(module, qid), id=f"ex{number}-{qid}")


POOLED = list(pooled_questions())


def plain(value) -> str:
    return " ".join(str(value).replace("’", "'").split()).casefold()


def passes(check, answer, student: str) -> bool:
    with variants.seeded(student):
        try:
            check(answer)
        except CheckError:
            return False
    return True


def understanding_qids(number: str) -> list[str]:
    notebook = nbformat.read(exercises.solution_path(number), as_version=4)
    return [exercises.tag(c)["question"] for c in notebook.cells
            if exercises.role(c) == "check" and exercises.tag(c).get("kind") == "understanding"]


# Understanding questions still asked as "pick every statement the tables bear out" (`chosen`): their
# options are statements checked against tables or computed rates, not a column's values, and their
# key is recomputed from the data; each wrong pick is told only "not the right set".
CHOSEN = {("03", "q8"), ("05", "q8")}


def test_every_other_understanding_question_is_drawn_from_a_pool():
    chosen = {(number, qid) for number in exercises.numbers() for qid in understanding_qids(number)
              if not hasattr(getattr(exercises.checks_module(number), qid), "pool")}
    assert chosen == CHOSEN


@pytest.mark.parametrize(("number", "qid"), sorted(CHOSEN))
def test_all_or_none_never_answers_a_pick_every_question(number, qid):
    module = exercises.checks_module(number)
    options = getattr(module, f"{qid.upper()}_OPTIONS")
    for answer in (list(options), []):
        with pytest.raises(CheckError):
            getattr(module, qid)(answer)


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_the_pool_holds_three_times_the_items_shown_and_every_option_is_right_somewhere(number, qid, check):
    pool = check.pool
    assert pool.pool_id == f"{number}.{qid}" and pool.shown >= 3 and len(pool.items) >= 3 * pool.shown
    assert {item.key() for item in pool.items} == set(pool.options)
    assert len({item.text() for item in pool.items}) == len(pool.items), "an item twice"


# --- the cheap strategies ---------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_no_option_is_a_value_of_a_table_column(number, qid, check):
    """An option that is a column's value (`same_government`, `supports`) is found by a join, not by reading."""
    values = {plain(v) for table in TABLES.values() for column in table for v in table[column].dropna().unique()}
    assert not [text for text in check.pool.options.values() if plain(text) in values]


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_no_item_shows_an_id_whose_order_or_row_gives_the_answer(number, qid, check):
    ids = {str(v) for table in TABLES.values() for column in table.columns
           if column.endswith("_id") for v in table[column].dropna().unique()}
    for item in check.pool.items:
        assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", item.text())], item.text()


def join_answer(check, student: str) -> list[str] | None:
    """The letters a learner gets by finding each item in a table and reading an option off the row, if any."""
    letters = []
    options = {plain(text): key for key, text in check.pool.options.items()}
    for item in check.pool.draw(student):
        shown = plain(item.text().strip('"'))
        found = None
        for table in TABLES.values():
            for column in [c for c in table.columns if table[c].map(lambda v: isinstance(v, str)).any()]:
                cells = table[column].dropna().map(plain)
                rows = table.loc[cells.index[cells.map(lambda c: len(c) >= 20 and (c in shown or shown in c))]]
                for value in rows.drop(columns=column).to_numpy().ravel():
                    found = found or options.get(plain(value))
        if found is None:
            return None
        letters.append(found)
    return letters


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_a_join_from_the_items_or_the_options_to_the_tables_earns_nothing(number, qid, check):
    for student in STUDENTS[:4]:
        answer = join_answer(check, student)
        assert answer is None or not passes(check, answer, student), student


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_one_letter_throughout_never_earns_the_points(number, qid, check):
    """The draw never shows items that all have the same answer, so `["A", "A", "A"]` is always wrong."""
    for student in STUDENTS:
        for letter in check.pool.options:
            assert not passes(check, [letter] * check.pool.shown, student), (student, letter)


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_no_other_prompt_names_a_paragraph_the_question_offers(number, qid, check):
    offered = {int(n) for text in check.pool.options.values() for n in re.findall(r"^paragraph (\d+)$", text)}
    cells = nbformat.read(exercises.solution_path(number), as_version=4).cells
    own = next(c.get("id") for c in cells if c.get("id") == f"{qid}-prompt")
    named = set()
    for cell in cells:
        if cell.cell_type == "markdown" and cell.get("id") != own:
            for run in re.findall(r"paragraphs? ((?:\d+(?:, | and |-)?)+)", cell.source):
                named |= {int(n) for n in re.findall(r"\d+", run)}
            named |= {int(n) for n in re.findall(r"para_no`? `?(\d+)", cell.source)}
            for item in check.pool.items:  # nor does any other prompt quote an item
                assert plain(item.text().strip('"')) not in plain(cell.source), cell.get("id")
    assert not offered & named


def guess_score(number: str) -> tuple[float, int]:
    """(expected points of a learner who answers each understanding question at random, their total)."""
    module = exercises.checks_module(number)
    qids = understanding_qids(number)
    def chance(qid: str) -> float:  # a pool's, or a random subset of a pick-every question's options
        check = getattr(module, qid)
        return check.pool.guess_chance() if hasattr(check, "pool") else 0.5 ** len(getattr(module, f"{qid.upper()}_OPTIONS"))
    return sum(module.QUESTIONS[q] * chance(q) for q in qids), sum(module.QUESTIONS[q] for q in qids)


@pytest.mark.parametrize("number", exercises.numbers())
def test_random_guessing_earns_under_a_quarter_of_the_understanding_points(number):
    expected, total = guess_score(number)
    assert total >= 6 and expected < 0.25 * total


# --- feedback that is no oracle -----------------------------------------------------------------------

def message(check, answer, student: str) -> str:
    with variants.seeded(student), pytest.raises(CheckError) as caught:
        check(answer)
    return str(caught.value)


@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_a_wrong_answer_is_told_where_to_reread_never_how_many_items_are_wrong(number, qid, check):
    letters = list(check.pool.options)
    for student in STUDENTS[:8]:
        items = check.pool.draw(student)
        key = [item.key() for item in items]
        wrong = [[letters[(letters.index(k) + 1) % len(letters)] if i < count else k for i, k in enumerate(key)]
                 for count in range(1, len(key) + 1)]
        said = {message(check, answer, student) for answer in wrong}
        assert len(said) == 1, "the message changes with the number of wrong items: an oracle"
        line = said.pop()
        assert line.startswith(f"{qid.upper()}: is not right. Hint: re-read ")
        assert all(item.passage() in line for item in items) and not re.search(r"\d+ of the", line)


# --- variants per student --------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "qid", "check"), POOLED)
def test_each_student_draws_a_variant_of_their_own_and_always_the_same(number, qid, check):
    draws = {student: tuple(item.text() for item in check.pool.draw(student)) for student in STUDENTS}
    assert len(set(draws.values())) >= 0.8 * len(STUDENTS), "neighbours would share a key"
    assert check.pool.draw("Ada  LOVELACE") == check.pool.draw("ada lovelace")
    assert all(tuple(item.text() for item in check.pool.draw(s)) == d for s, d in draws.items())


def test_the_grader_regrades_each_submission_with_its_own_seed():
    module = exercises.checks_module("02")
    key = [item.key() for item in module.q8.pool.draw("ada")]
    other = next(s for s in STUDENTS if [i.key() for i in module.q8.pool.draw(s)] != key)
    assert checking.check(module, "q8", key, "ada") == (True, "")
    passed, said = checking.check(module, "q8", key, other)
    assert not passed and said.startswith("Q8: is not right")


def notebook_with(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Exercise"),
                                           nbformat.v4.new_code_cell(source)])


@pytest.mark.parametrize(("source", "recorded"), [
    ('STUDENT = "Ada  Lovelace"', "ada lovelace"),
    ('# my name\nSTUDENT = "wang.li"', "wang.li"),
    ('STUDENT = ""', ""),
    ('STUDENT = f"{__import__(\'os\').getlogin()}"', ""),  # not a plain string: never run
    ('STUDENT = NAME', ""),
    ('STUDENT = ("a"', ""),
])
def test_the_grader_reads_the_typed_name_as_text_and_falls_back_to_the_file_name(source, recorded):
    assert variants.recorded(notebook_with(source)) == recorded
    assert variants.of_submission(notebook_with(source), "Ada_File") == (recorded or "ada_file")


def test_in_the_kernel_the_typed_name_wins_then_the_hub_login(monkeypatch):
    kernel = types.ModuleType("__main__")
    monkeypatch.setitem(sys.modules, "__main__", kernel)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    check = exercises.checks_module("01").q8
    with pytest.raises(CheckError) as caught:
        check(["A", "B", "C"])
    assert NO_NAME in str(caught.value)
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-login")
    assert variants.current() == "hub-login"
    kernel.STUDENT = "  Ada Lovelace "
    assert variants.current() == "ada lovelace"
    with variants.seeded("graded"):
        assert variants.current() == "graded"
    assert variants.current() == "ada lovelace"


# --- the pools on the discourse and the initiatives (issue 18) ---------------------------------------

def test_each_booster_item_has_exactly_one_booster_so_the_question_names_one_word():
    """07 Q10 asks what *the* booster of a sentence does: a sentence with two would have two answers."""
    from shared_future import discourse, text
    pool = exercises.checks_module("07").q10.pool
    for item in pool.items:
        hits = [w for w in text.words(item.shows.sentence()) if w.lower() in discourse.BOOSTERS]
        assert len(hits) == 1, (item.ref(), hits)


def test_no_initiative_item_is_found_by_searching_the_initiatives_table():
    """05 Q10 is answered by reading what each initiative proposes, not by a text search of `initiatives`:
    no item contains a key term, the founding quote or a four-word run of a row's `proposes`."""
    from shared_future import discourse, text
    table = data.load("initiatives")
    pool = exercises.checks_module("05").q10.pool
    runs = set()
    for row in table.itertuples():
        runs |= set(discourse.ngrams([w.lower() for w in text.words(row.proposes + " " + row.quote)], 4))
        runs |= {term.casefold() for term in row.key_terms.split("|")}
    for item in pool.items:
        shown = " ".join(w.lower() for w in text.words(item.text()))
        assert not [run for run in runs if run in shown], item.text()
