"""Run a notebook for reading without a kernel: the building block of the course website.

`python -m shared_future.site` builds the website from notebooks run here, one at a time in course
order. Widgets cannot run in a static page, so each one shows its static fallback: the text and
chart of its default selection (see `widgets.Explorer._repr_mimebundle_`). No widget state is
kept, so no page tries to fetch the widget library from the internet.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_outputs(nb: nbformat.NotebookNode) -> None:
    """Drop the widgets' state and live views, leaving each widget's static fallback.

    (The state is recorded while running and dropped here: nbclient's Output-widget capture
    fails when told not to record it.)
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


# The kernel's own log, errors only: each kernel otherwise warns that it "is running over TCP
# without encryption", ten lines of noise in a site build that talks to its kernels on 127.0.0.1.
QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]


def executed(notebook: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """The notebook run top to bottom in a fresh kernel (in its own folder), widgets made static."""
    nb = nbformat.read(notebook, as_version=4)
    ExecutePreprocessor(timeout=timeout, extra_arguments=QUIET_KERNEL).preprocess(
        nb, {"metadata": {"path": str(notebook.parent)}})
    static_outputs(nb)
    return nb
