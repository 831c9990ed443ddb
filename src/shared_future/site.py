"""Build the course website: `python -m shared_future.site [--out DIR] [--hub URL]`.

The site is a Sphinx build (myst-nb and sphinx-book-theme; it builds offline) whose configuration
lives in `book/`. This module first lays out its pages in a staging folder:

- the notebooks, run one at a time in course order (`export.executed`: widgets show their static
  copy, never "VBox(...)");
- the learner's exercise notebooks, unexecuted and without solutions (never the solution notebooks);
- the dataset's README, a data dictionary written from `datapackage.json`, and the sources table;
- "For instructors": every Markdown page under `instructors/` (subfolders kept, e.g.
  `instructors/notes/*.md`) and the pages that `INSTRUCTOR_PAGES` generates (a folder named as a
  generated page, such as `instructors/exemplars/`, is that page's data, not pages), listed in the front
  page's "For instructors" table of contents where it names `instructors/index` (the section's
  index, syllabus, profiles and loop first, then the notes in notebook order, then the rest).

then runs Sphinx on it. `book/conf.py` holds the settings an instructor changes (the repository that
Binder and nbgitpuller fetch, its branch, the JupyterHub address); `--hub`, `--repository` and
`--branch` override them for one build.

The instructors' pages hold facilitation notes, exemplars and model answers: a site published to
students is built with `--without-instructors`, which leaves the section out (the front page's "For
instructors" part then lists only the demo dashboard). The student edition never holds
`instructors/` either (`shared_future.student`).
"""
from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

import nbformat
import pandas as pd

from . import exemplars, export, model_answers
from .data import ROOT
from .exercises import EXERCISES_DIR

BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
INSTRUCTORS = ROOT / "instructors"
INSTRUCTORS_ENTRY = "instructors/index"  # the front page's "For instructors" toctree names the section by this
FIRST = ["syllabus", "profiles", "loop"]  # the instructors' pages an instructor reads first, in this order
# Instructor pages written at build time from data rather than kept as Markdown: file name (under
# instructors/) -> a function returning the page's Markdown. The model answer sheet
# (`model_answers.page`) and the rubric exemplars (`exemplars.page`) are registered here.
INSTRUCTOR_PAGES: dict[str, Callable[[], str]] = {"model_answers.md": model_answers.page, "exemplars.md": exemplars.page}


def course_notebooks() -> list[Path]:
    """The notebooks in course order (00 ... 08), then the demo dashboard."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(NOTEBOOKS.glob("demo_*.ipynb"))


def _table_html(frame: pd.DataFrame) -> str:
    """An HTML table with a header row and no index, the way every page of the site shows tables."""
    return frame.to_html(index=False, border=0, na_rep="", escape=False, classes="course-table")


def dictionary_page(datapackage: Path) -> str:
    """The data dictionary as a MyST page: one section per table, one row per field."""
    package = json.loads(datapackage.read_text(encoding="utf-8"))
    parts = ["# Data dictionary\n",
             "Every table of `data/`, field by field, as `datapackage.json` describes it.\n"]
    for resource in package["resources"]:
        schema = resource["schema"]
        keys = schema.get("primaryKey", [])
        keys = [keys] if isinstance(keys, str) else keys
        rows = [{"field": html.escape(field["name"]),
                 "type": html.escape(field.get("type", "")),
                 "required": "yes" if field.get("constraints", {}).get("required") or field["name"] in keys else "",
                 "meaning": html.escape(field.get("description", ""))}
                for field in schema["fields"]]
        parts += [f"## {resource['name']}\n",
                  f"`{resource['path']}`: {html.escape(resource.get('description', ''))}\n",
                  _table_html(pd.DataFrame(rows)) + "\n"]
    return "\n".join(parts)


def sources_page(sources_csv: Path) -> str:
    """The outside sources as a MyST page: a table whose addresses are links."""
    sources = pd.read_csv(sources_csv, dtype=str, keep_default_na=False)
    for column in sources.columns:
        sources[column] = sources[column].map(html.escape)
    sources["url"] = [f'<a href="{url}">{url}</a>' if url else "" for url in sources["url"]]
    return ("# Sources\n\nEvery outside source that a row of the dataset cites (`data/sources.csv`).\n\n"
            + _table_html(sources) + "\n")


def with_title(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with a level-1 heading: a page needs a title, and a notebook made for Voila
    (the projector dashboard) may have none. The title is made from the file name."""
    titled = any(cell.cell_type == "markdown" and cell.source.lstrip().startswith("# ") for cell in nb.cells)
    if not titled:
        heading = nbformat.v4.new_markdown_cell("# " + name.replace("_", " ").capitalize())
        if (nb.nbformat, nb.nbformat_minor) < (4, 5):
            heading.pop("id", None)  # cell ids came with format 4.5
        nb.cells.insert(0, heading)
    return nb


def instructor_entries(pages: list[str]) -> list[str]:
    """The instructors' pages in the order the front page lists them: the section's index, the
    syllabus, profiles and loop, the notes in notebook order, then the rest (exemplars, model
    answers). `pages` are names relative to `instructors/`, without the suffix. One flat list: a
    nested table of contents would give the sidebar a toggle without an accessible name."""
    first = [page for page in ["index", *FIRST] if page in pages]
    notes = sorted(page for page in pages if page.startswith("notes/"))
    rest = sorted(page for page in pages if page not in first and page not in notes)
    return [f"instructors/{page}" for page in first + notes + rest]


def stage_instructors(source: Path, instructors: Path = INSTRUCTORS,
                      generated: dict[str, Callable[[], str]] | None = None) -> list[str]:
    """Lay out the "For instructors" section in `source/instructors`: every Markdown page of
    `instructors` (subfolders kept) and each generated page; returns the page names staged. The
    Markdown files of a folder named as a generated page (`exemplars/` for `exemplars.md`) are what
    that page is written from, so they are not staged as pages of their own."""
    generated = INSTRUCTOR_PAGES if generated is None else generated
    target = source / "instructors"
    data_folders = {Path(name).with_suffix("").as_posix() for name in generated}
    for page in sorted(instructors.rglob("*.md")):
        if page.relative_to(instructors).parent.as_posix() in data_folders:
            continue
        (target / page.relative_to(instructors)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target / page.relative_to(instructors))
    for name, write in generated.items():
        if (target / name).exists():
            raise RuntimeError(f"instructors/{name} is both a Markdown file and a generated page: keep one")
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(write(), encoding="utf-8")
    return sorted(page.relative_to(target).with_suffix("").as_posix() for page in target.rglob("*.md"))


def list_instructors(front_page: Path, entries: list[str]) -> None:
    """Put `entries` in the front page's table of contents where it names the instructors' section
    (none: a class-facing site, without the section)."""
    text = front_page.read_text(encoding="utf-8")
    if f"\n{INSTRUCTORS_ENTRY}\n" not in text:
        raise RuntimeError(f"{front_page} names no {INSTRUCTORS_ENTRY} in its toctree: the section cannot be placed")
    front_page.write_text(text.replace(f"\n{INSTRUCTORS_ENTRY}\n", "".join(f"\n{entry}" for entry in entries) + "\n"),
                          encoding="utf-8")


def progress(line: str) -> None:
    """A line of the build's progress, shown at once even when the output goes to a pipe or a log."""
    print(line, flush=True)


def stage(source: Path, log=progress, instructors: bool = True) -> None:
    """Lay out every page of the site in `source`, running the notebooks in course order; with
    `instructors` false, without the instructors' section."""
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(BOOK, source, ignore=shutil.ignore_patterns("_build", "_static", "_templates", "conf.py"))
    (source / "notebooks").mkdir()
    notebooks = course_notebooks()
    for number, notebook in enumerate(notebooks, 1):
        started = time.monotonic()
        log(f"[{number}/{len(notebooks)}] running {notebook.name} ...")
        nbformat.write(with_title(export.executed(notebook), notebook.stem), source / "notebooks" / notebook.name)
        log(f"[{number}/{len(notebooks)}] ran {notebook.name} in {time.monotonic() - started:.0f} s")
    (source / "exercises").mkdir()
    for exercise in sorted(EXERCISES_DIR.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy(exercise, source / "exercises" / exercise.name)
    (source / "data").mkdir()
    shutil.copy(ROOT / "data" / "README.md", source / "data" / "README.md")
    (source / "data" / "dictionary.md").write_text(dictionary_page(ROOT / "data" / "datapackage.json"), encoding="utf-8")
    (source / "data" / "sources.md").write_text(sources_page(ROOT / "data" / "sources.csv"), encoding="utf-8")
    list_instructors(source / "index.md", instructor_entries(stage_instructors(source)) if instructors else [])


def build(out: Path, settings: dict[str, str] | None = None, log=progress, instructors: bool = True) -> Path:
    """Stage the pages and build the HTML site into `out`; returns the front page."""
    from sphinx.cmd.build import build_main

    source = out.parent / f"{out.name}-source"
    stage(source, log, instructors)
    overrides = [f"-D{name}={value}" for name, value in (settings or {}).items()]
    status = build_main(["-b", "html", "-q", "-W", "--keep-going", "-c", str(BOOK), *overrides,
                         str(source), str(out)])
    if status:
        raise RuntimeError(f"Sphinx reported problems (exit {status}); see the messages above")
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BOOK / "_build" / "html")
    parser.add_argument("--hub", help="the JupyterHub address for the launch links, e.g. https://hub.example.edu")
    parser.add_argument("--repository", help="the git repository that Binder and nbgitpuller fetch")
    parser.add_argument("--branch", help="its branch (the student edition)")
    parser.add_argument("--without-instructors", action="store_true",
                        help="leave out the instructors' section (notes, exemplars, model answers): for a site students read")
    args = parser.parse_args(argv)
    settings = {name: value for name, value in (("course_hub_url", args.hub), ("course_repository", args.repository),
                                                 ("course_branch", args.branch)) if value}
    started = time.monotonic()
    try:
        front = build(args.out.resolve(), settings, instructors=not args.without_instructors)
    except RuntimeError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"built {front} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
