"""The instructor's kit (`instructors/`) holds to the course's rules.

- Every discussion prompt of notebooks 00-08 (a cell marked **Discuss**, or a question that notebook 08
  makes one by its metadata) carries an id (`"discussion": "NN-slug"` in its cell's metadata) and has facilitation notes under that id in `instructors/notes/<notebook>.md`, whose
  sections follow the notes' format.
- Nothing invented: every `[perspective pNN]`, `[source ID]` and `[doc_id ¶N]` names a row of the
  dataset; every text in curly quotes “…” occurs verbatim in what the dataset holds as someone's
  words (`kit_provenance`: the texts, a perspective's quote or summary, a context row's summary, an
  outcome's or initiative's quote, a source's own words) or in a check's string; every `> **Check says:**` line is an
  excerpt of at least 6 words of a string in `src/shared_future/checks/`. Whitespace is normalised;
  apostrophes and quotes are not (a quote keeps the marks of what it quotes, as the dataset's
  provenance tests require). A quotation may leave words out with "…": each part must then occur, in
  order, in one string (in a check's f-string, "…" also stands for a value the message fills in).
- Every `python -m shared_future...` command the kit shows names a real module (and subcommand)
  whose argument parser accepts it as written; the syllabus's points per exercise are the exercises'.
"""
from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import shlex
import sys
from functools import cache
from pathlib import Path
from unittest import mock

import nbformat
import pytest

from kit_provenance import dataset_quotations, reference_problems
from shared_future import data, exercises, site

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "instructors"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[0-8]_*.ipynb"))
CHECKS = ROOT / "src" / "shared_future" / "checks"
ID_RE = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")
QUOTE_RE = re.compile(r"“([^“”]*)”")
CHECK_SAYS_RE = re.compile(r"^> \*\*Check says:\*\* (.+)$", re.M)
ELISION_RE = re.compile(r"\s*(?:…|\.\.\.)\s*")
CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
COMMAND_RE = re.compile(r"python -m (shared_future[\w.]*)([^`\n]*)")


def kit_pages() -> list[Path]:
    return sorted(KIT.rglob("*.md"))


def normal(text: str) -> str:
    return " ".join(text.split())


# --- facilitation notes for every discussion prompt -------------------------------------------------

def discussion_cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "markdown"
            and ("**Discuss" in "".join(cell["source"]) or "discussion" in cell["metadata"])]


def notes_path(notebook: Path) -> Path:
    return KIT / "notes" / f"{notebook.stem}.md"


def sections(markdown: str, level: int) -> dict[str, str]:
    """Heading text -> the text under it (to the next heading of the same or a higher level)."""
    marks = "#" * level
    parts = re.split(rf"^{marks} (.+)$", markdown, flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


def test_there_are_discussion_prompts_to_facilitate():
    assert len(NOTEBOOKS) == 9
    assert sum(len(discussion_cells(notebook)) for notebook in NOTEBOOKS) >= 20


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_discussion_prompt_has_an_id_and_notes(notebook):
    number = notebook.name[:2]
    ids = [cell.get("metadata", {}).get("discussion") for cell in discussion_cells(notebook)]
    unnamed = [cell["source"][0][:70] for cell, id_ in zip(discussion_cells(notebook), ids) if not id_]
    assert not unnamed, f"{notebook.name}: discussion prompts without a \"discussion\" id: {unnamed}"
    bad = [id_ for id_ in ids if not (ID_RE.fullmatch(id_) and id_.startswith(number + "-"))]
    assert not bad, f"{notebook.name}: ids not of the form {number}-slug: {bad}"
    assert len(set(ids)) == len(ids), f"{notebook.name}: an id is used twice: {ids}"
    notes = notes_path(notebook)
    assert notes.is_file(), f"no instructor notes for {notebook.name}: write {notes.relative_to(ROOT)}"
    facilitation = sections(notes.read_text(encoding="utf-8"), 2).get("Facilitation notes", "")
    headed = [heading.split(" · ")[0] for heading in sections(facilitation, 3)]
    missing = [id_ for id_ in ids if id_ not in headed]
    assert not missing, f"{notes.name}: no '### <id> · ...' under '## Facilitation notes' for {missing}"
    stale = [id_ for id_ in headed if id_ not in ids]
    assert not stale, f"{notes.name}: notes for prompts {notebook.name} does not have: {stale}"


def test_discussion_ids_are_unique_across_the_course():
    ids = [cell["metadata"]["discussion"] for notebook in NOTEBOOKS for cell in discussion_cells(notebook)
           if "discussion" in cell.get("metadata", {})]
    assert len(set(ids)) == len(ids), sorted(id_ for id_ in ids if ids.count(id_) > 1)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notes_follow_the_format(notebook):
    notes = notes_path(notebook)
    assert notes.is_file(), f"no instructor notes for {notebook.name}: write {notes.relative_to(ROOT)}"
    markdown = notes.read_text(encoding="utf-8")
    assert markdown.startswith(f"# Instructor notes · {notebook.name[:2]} "), "the title: # Instructor notes · NN <title>"
    top = sections(markdown, 2)
    expected = ["Timing", "Where learners stumble", "Facilitation notes"]
    assert [heading for heading in top if heading in expected] == expected, f"sections in this order: {expected}"
    timing = sections(top["Timing"], 3)
    assert {"50-minute class", "90-minute class"} <= set(timing), "Timing needs a 50- and a 90-minute plan"
    empty = [heading for heading in [*expected[:2], *timing] if not normal({**top, **timing}[heading])]
    assert not empty, f"empty sections: {empty}"


# --- nothing invented ---------------------------------------------------------------------------------

def _strings(tree: ast.AST) -> list[str]:
    """Every string constant of a module; an f-string with "…" where it fills in a value."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append("".join(part.value if isinstance(part, ast.Constant) else "…" for part in node.values))
    return found


@cache
def check_strings(checks: Path = CHECKS) -> tuple[str, ...]:
    return tuple(normal(s) for path in sorted(checks.rglob("*.py"))
                 for s in _strings(ast.parse(path.read_text(encoding="utf-8"))) if s.strip())


@cache
def quotable() -> tuple[str, ...]:
    """What a curly-quoted text may quote: what the dataset holds as someone's words (`kit_provenance`),
    and the checks' strings."""
    return tuple(normal(text) for text in dataset_quotations()) + check_strings()


def occurs(quotation: str, strings: tuple[str, ...]) -> bool:
    """`quotation` stands in one of `strings`, its parts in order where "…" leaves words out."""
    parts = [part for part in ELISION_RE.split(normal(quotation)) if part]
    for string in strings:
        position = 0
        for part in parts:
            position = string.find(part, position)
            if position < 0:
                break
            position += len(part)
        else:
            return bool(parts)
    return False


def provenance_problems(markdown: str) -> list[str]:
    """What in an instructor's page is not traceable to the dataset or the checks (empty: all is).
    Code (a command, a `[source ID]` that shows the form) is not a reference; a check's message
    keeps its code (`groupby`), as the learner sees it."""
    problems = reference_problems(CODE_RE.sub("", markdown))
    for quotation in QUOTE_RE.findall(markdown):
        if not occurs(quotation, quotable()):
            problems.append(f"“{quotation}”: not verbatim in a text, a perspective, context, outcome or check")
    for said in CHECK_SAYS_RE.findall(markdown):
        said = said.strip()
        if len(said) > 1 and said[0] in "“\"" and said[-1] in "”\"":  # the message in quotation marks
            said = said[1:-1]
        if len(said.split()) < 6:
            problems.append(f"Check says {said!r}: quote at least 6 words of the check's message")
        elif not occurs(said, check_strings()):
            problems.append(f"Check says {said!r}: not a string of src/shared_future/checks/ "
                            "(write … where the message fills in a value)")
    return problems


def test_the_kit_has_its_pages():
    for name in ("index", "syllabus", "profiles", "loop"):
        assert (KIT / f"{name}.md").is_file(), name


@pytest.mark.parametrize("page", kit_pages(), ids=lambda p: p.relative_to(KIT).as_posix())
def test_every_reference_and_quotation_is_traceable(page):
    problems = provenance_problems(page.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_every_generated_instructor_page_is_traceable():
    """The pages the site writes for instructors (model answers, exemplars) keep the same rules."""
    problems = [f"{name}: {problem}" for name, write in site.INSTRUCTOR_PAGES.items()
                for problem in provenance_problems(write())]
    assert not problems, "\n".join(problems)


def test_the_provenance_check_finds_a_planted_bad_note(tmp_path):
    paragraph = data.load("paragraphs").iloc[3]
    perspective = data.load("perspectives").iloc[0]
    words = perspective["quote"].split()
    good = (f"Wang Yi writes “{paragraph.text[:60]}” [{paragraph.doc_id} ¶{paragraph.para_no}]; "
            f"{perspective.holder} [perspective {perspective.perspective_id}] [source {perspective.source_id}]: "
            f"“{' '.join(words[:3])} … {' '.join(words[-3:])}”.\n\n"
            "> **Check says:** " + max(check_strings(), key=len)[:80] + "\n")
    (tmp_path / "good.md").write_text(good, encoding="utf-8")
    assert provenance_problems((tmp_path / "good.md").read_text(encoding="utf-8")) == []
    bad = (good.replace(perspective.perspective_id, "p999")
           + f"\n[source no_such_source] [{paragraph.doc_id} ¶999]\n"
           + "He said “a sentence that no text and no holder ever wrote”.\n"
           + "> **Check says:** the check never says these words in this order at all\n"
           + "> **Check says:** too short\n")
    (tmp_path / "bad.md").write_text(bad, encoding="utf-8")
    problems = provenance_problems((tmp_path / "bad.md").read_text(encoding="utf-8"))
    assert len(problems) == 6, problems
    for expected in ("[perspective p999]", "[source no_such_source]", "¶999]", "no holder ever wrote",
                     "never says these words", "at least 6 words"):
        assert any(expected in problem for problem in problems), expected


def test_apostrophes_are_kept_as_the_text_has_them():
    apostrophe = next(p for p in data.load("paragraphs")["text"] if "’" in p)
    i = apostrophe.index("’")
    excerpt = apostrophe[max(0, i - 30):i + 30]
    assert occurs(excerpt, quotable()) and not occurs(excerpt.replace("’", "'"), quotable())


# --- commands and points ------------------------------------------------------------------------------

def kit_commands() -> list[str]:
    found = [f"{module} {args.strip()}".strip() for page in kit_pages()
             for module, args in COMMAND_RE.findall(page.read_text(encoding="utf-8"))]
    return sorted(set(found))


class Parsed(Exception):
    """Raised in place of running a command once its arguments parsed."""


def test_the_loop_shows_the_instructors_commands():
    loop = (KIT / "loop.md").read_text(encoding="utf-8")
    for module in ("release", "student", "launch", "grade", "site"):
        assert f"python -m shared_future.{module}" in loop, module
    for subcommand in ("mark", "export", "--regrade"):
        assert re.search(rf"python -m shared_future\.grade [^`\n]*{subcommand}", loop), subcommand


def command_problem(command: str) -> str:
    """Why `python -m <command>` would not run as written ("": it would). The module's `main` runs
    with `parse_args` stopping it once the arguments parsed, so nothing is graded or written. A
    module named in prose without arguments need only exist with a `main`."""
    name, *args = shlex.split(command)
    try:
        module = importlib.import_module(name)
    except ImportError as err:
        return f"python -m {name}: {err}"
    if not callable(getattr(module, "main", None)):
        return f"python -m {name}: no main()"
    if not args:
        return ""
    parse = argparse.ArgumentParser.parse_args

    def parse_and_stop(self, argv=None, namespace=None):
        raise Parsed(parse(self, argv, namespace))

    with mock.patch.object(argparse.ArgumentParser, "parse_args", parse_and_stop):
        try:
            module.main(args)
        except SystemExit as stop:
            return f"`python -m {command}` does not parse (exit {stop.code})"
        except Parsed:
            return ""
    return f"`python -m {command}` ran without parsing its arguments with argparse"


@pytest.mark.parametrize("command", kit_commands())
def test_every_command_of_the_kit_parses(command):
    assert command_problem(command) == ""


def test_the_command_check_refuses_what_would_not_run():
    assert "does not parse" in command_problem("shared_future.grade mark --exercise 01 ada q9 --colour red")
    assert "does not parse" in command_problem("shared_future.grade submissions/ --exercise")
    assert "No module" in command_problem("shared_future.collect submissions/")
    assert command_problem("shared_future.grade mark --exercise 01 ada q9 c1=2") == ""


def test_the_syllabus_gives_each_exercises_points():
    table = re.findall(r"^\| (\d\d) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", (KIT / "syllabus.md").read_text(encoding="utf-8"), re.M)
    stated = {number: tuple(map(int, points)) for number, *points in table}
    actual = {}
    for number in exercises.numbers():
        balance = exercises.points_balance(nbformat.read(exercises.solution_path(number), as_version=4))
        actual[number] = (balance["pandas"], balance["understanding"], balance["written"], sum(balance.values()))
    assert stated == actual


def test_the_syllabus_gives_each_notebooks_estimated_time():
    stated = re.findall(r"notebook (\d\d) \((\d+) min\)", (KIT / "syllabus.md").read_text(encoding="utf-8"))
    assert {number for number, _ in stated} == {notebook.name[:2] for notebook in NOTEBOOKS}
    for number, minutes in stated:
        (notebook,) = [n for n in NOTEBOOKS if n.name.startswith(number)]
        assert f"**Estimated time:** {minutes} minutes" in notebook.read_text(encoding="utf-8"), number
