"""Export the executed notebooks as HTML for reading without a kernel: `python -m shared_future.export`.

Each notebook is run top to bottom and written to `html/` (ignored by git). Widgets cannot run in
a static page, so each one shows its static fallback: the text and chart of its default
selection (see `widgets.Explorer._repr_mimebundle_`). No widget state is kept, so no page tries
to fetch the widget library from the internet.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

from .data import ROOT

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


def export(notebook: Path, out_dir: Path, timeout: int = 300) -> Path:
    """Run one notebook in a fresh kernel (in its own folder) and write it as HTML."""
    nb = nbformat.read(notebook, as_version=4)
    ExecutePreprocessor(timeout=timeout).preprocess(
        nb, {"metadata": {"path": str(notebook.parent)}})
    static_outputs(nb)
    body, _resources = HTMLExporter().from_notebook_node(nb)
    target = out_dir / f"{notebook.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--out", type=Path, default=ROOT / "html")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        print(f"wrote {export(notebook, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
