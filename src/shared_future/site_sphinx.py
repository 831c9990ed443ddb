"""The course website's own Sphinx extension (listed in `book/conf.py`): alt text and launch links.

- Every chart a notebook draws is followed by a printed line `Chart description: ...` (the
  one-sentence description for screen readers). The page's image of that chart gets the sentence
  as its alt text; a chart without a description is a build warning, which the site build turns
  into an error.
- Every page starts with two links that open it live: on the class's JupyterHub (through
  nbgitpuller, `course_hub_url`) and on Binder. An instructor's notes on a notebook open that
  notebook; any other page that is not a notebook opens the first one.
- The search index holds pinyin without tone marks (`ToneFreeEnglish`).
"""
from __future__ import annotations

import html
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.search import languages
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

from . import launch

DESCRIPTION = "Chart description: "
START = "notebooks/00_start_here.ipynb"
NOTES = "instructors/notes/"  # instructors/notes/05_global_governance is the notes on notebooks/05_global_governance
logger = logging.getLogger(__name__)


def descriptions(text: str) -> list[str]:
    """The chart descriptions printed in a cell's output, in order."""
    return [line[len(DESCRIPTION):].strip() for line in text.splitlines() if line.startswith(DESCRIPTION)]


def _in_output(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.container) and "cell_output" in node.get("classes", []):
            return True
        node = node.parent
    return False


def describe_charts(app, doctree: nodes.document, docname: str) -> None:
    """Give each chart image of a page the next description printed after it, in page order.

    Usually the description is printed in the chart's own cell; a notebook may print it in the
    next cell. A chart left without one, or a description with no chart before it, is a warning.
    """
    waiting: list[nodes.image] = []
    for node in doctree.findall(lambda n: isinstance(n, (nodes.image, nodes.literal_block)) and _in_output(n)):
        if isinstance(node, nodes.image):
            if not node.get("alt"):
                waiting.append(node)
            continue
        for sentence in descriptions(node.astext()):
            if not waiting:
                logger.warning(f"a '{DESCRIPTION.strip()}' line with no chart before it", location=node)
                continue
            waiting.pop(0)["alt"] = sentence
    for image in waiting:
        logger.warning(f"a chart without a printed '{DESCRIPTION.strip()}' line after it: "
                       "every chart needs its one-sentence description", location=image)


def notebook_path(app, pagename: str) -> str:
    """The course file a page shows (a notebook's own path, or the notebook its notes are on; else the first notebook)."""
    if pagename.startswith(NOTES) and f"notebooks/{pagename.removeprefix(NOTES)}" in app.env.all_docs:
        pagename = f"notebooks/{pagename.removeprefix(NOTES)}"
    source = Path(app.env.doc2path(pagename, base=False)) if pagename in app.env.all_docs else None
    return source.as_posix() if source is not None and source.suffix == ".ipynb" else START


def launch_html(hub: str, repository: str, branch: str, path: str) -> str:
    hub_link = html.escape(launch.nbgitpuller_url(hub, repository, branch, path))
    binder_link = html.escape(launch.binder_url(repository, branch, path))
    return (f'<nav class="course-launch" aria-label="Run this page">Run <code>{html.escape(path)}</code>: '
            f'<a href="{hub_link}">on the class JupyterHub</a> · <a href="{binder_link}">on Binder</a></nav>\n')


def add_launch_links(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or "body" not in context:
        return
    config = app.config
    context["body"] = launch_html(config.course_hub_url, config.course_repository, config.course_branch,
                                  notebook_path(app, pagename)) + context["body"]


def fold(word: str) -> str:
    """A word without tone marks or accents: "rénlèi" -> "renlei"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


class ToneFreeEnglish(SearchEnglish):
    """English search whose index holds pinyin without tone marks, so "renlei" finds "rénlèi",
    as the glossary widget does (a reader rarely types tone marks). The query is stemmed by the
    browser's English stemmer, which leaves "renlei" as it is."""

    def stem(self, word: str) -> str:
        return super().stem(fold(word))


def setup(app) -> dict:
    languages["en"] = ToneFreeEnglish
    app.add_config_value("course_hub_url", "", "html")
    app.add_config_value("course_repository", "", "html")
    app.add_config_value("course_branch", "", "html")
    app.connect("doctree-resolved", describe_charts)  # after myst-nb picks each output's format
    app.connect("html-page-context", add_launch_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
