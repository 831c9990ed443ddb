"""Widget latency in the browser, as a learner waits for it: `python benchmarks/run.py --browser [--moves N] [--alone]`.

For each widget of `run.widget_cases`: JupyterLab (headless Debian Chromium, 1440x900) opens the
course notebook that builds it and runs it whole (Run All Cells) in a new kernel, as a learner
does; then the widget's control is changed N times, the first move about a second after the run
ends. With `--alone`, a notebook that builds only that widget instead (a new kernel that has drawn
nothing else: the worst case for a first move). Each move is timed inside the page, from the
control's change event to the new view painted: the new chart image decoded and the next frame
drawn, or, for a view without a chart, its new text shown. The kernel, the widget messages over the
websocket, the image decoding and the page's layout are all inside that time; the benchmark's own
round trips to the browser are not (the Lab test, polling the page from Python, reports 75-250 ms more).
Which view each move must end on (the chart's alt text, or the text of a view without a chart) is
computed beforehand by building the same widget in this process.

Goal (issue 23): first move < 300 ms and median < 150 ms for every widget. Prints one table line
per widget; measured, never asserted (timings depend on the machine and its load).
"""
from __future__ import annotations

import html
import html.parser
import shutil
import json
import re
import secrets
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the browser tests' server and Chromium plumbing

from browser import ELEMENT_MS, chromium_page, free_port, isolated_env, root_flags, server  # noqa: E402

PAUSE_MS = 1000  # between the widget shown and its first move, and between moves: a learner's pace

# Runs in the page: set the control to the step's value as a learner's input would, then resolve
# with the milliseconds until the expected view is painted.
MOVE = r"""(box, step) => new Promise((resolve, reject) => {
  const chartPane = box.querySelector('.sf-chart-pane');
  const body = box.querySelector('.sf-explorer-body');
  const words = body.querySelector(':scope > .widget-vbox');  // the text and the table
  const squash = s => s.replace(/\s+/g, '');
  const before = (chartPane.querySelector('img') || {}).src || '';
  let started = 0, reply = 0, done = false;
  const finish = img => {
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    const shown = performance.now() - started;
    const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(
      {total: performance.now() - started, reply: reply, shown: shown})));
    img ? img.decode().then(painted, painted) : painted();
  };
  const check = () => {
    if (done) return;
    const img = chartPane.querySelector('img');
    if (step.alt !== null) {
      if (img && img.alt === step.alt && img.src !== before) finish(img);
    } else if (!img && squash(words.textContent) === step.text) {
      finish(null);
    }
  };
  const observer = new MutationObserver(records => {
    // the view's first change (not the control's own): the kernel's first message back has come
    if (!reply && records.some(r => body.contains(r.target))) reply = performance.now() - started;
    check();
  });
  observer.observe(box, {subtree: true, childList: true, attributes: true, characterData: true});
  const timer = setTimeout(() => { observer.disconnect();
    reject(new Error(`no expected view after 60 s: ${JSON.stringify(step)}`)); }, 60000);
  const control = box.querySelector('.sf-controls').children[step.control];
  started = performance.now();
  if (step.kind === 'select') {
    const select = control.querySelector('select');
    select.selectedIndex = step.index;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  } else if (step.kind === 'buttons') {
    control.querySelectorAll('button')[step.index].click();
  } else {
    const input = control.querySelector('input');
    input.value = String(step.value);
    input.dispatchEvent(new Event(step.kind === 'number' ? 'change' : 'input', {bubbles: true}));
  }
})"""


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def squashed_text(markup: str) -> str:
    """The text of an HTML fragment without any whitespace, as the page's `squash(textContent)`."""
    parser = _Text()
    parser.feed(markup)
    return re.sub(r"\s+", "", "".join(parser.parts))


def control_step(control, value) -> dict:
    """How the page sets `control` to `value`: its kind, and the option's index where it has options."""
    import ipywidgets

    if isinstance(control, ipywidgets.ToggleButtons):
        return {"kind": "buttons", "index": list(control._options_values).index(value)}
    if isinstance(control, ipywidgets.Dropdown):
        return {"kind": "select", "index": list(control._options_values).index(value)}
    if isinstance(control, ipywidgets.BoundedIntText):
        return {"kind": "number", "value": value}
    return {"kind": "text", "value": value}


def planned_moves(case: tuple, moves: int, next_value) -> tuple[str, list[dict]]:
    """The widget's heading, and its moves, each with the view it must end on, from the same widget built here
    (`next_value`: run.py's choice of the i-th value, so both benchmarks make the same moves)."""
    _, build, args, control, values = case
    explorer = build(*args)
    index = list(explorer.controls).index(control)
    steps = []
    for i in range(moves):
        value = next_value(explorer, control, values, i)
        step = control_step(explorer.controls[control], value) | {"control": index}
        shown = explorer.chart_pane.value, explorer.pane.value + explorer.table_pane.value
        explorer.controls[control].value = value
        chart = explorer.last_view.chart
        words = explorer.pane.value + explorer.table_pane.value
        if (explorer.chart_pane.value, words) != shown:  # a move that changes nothing shows nothing to time
            steps.append(step | {"alt": chart.description if chart is not None else None,
                                 "text": squashed_text(words)})
    return title_of(explorer), steps


def title_of(explorer) -> str:
    """The widget's heading, by which the page finds it among the notebook's outputs."""
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.children[0].value))


def widget_notebook(case: tuple, folder: Path) -> str:
    """A notebook that builds only this widget, as a course notebook does; its file name."""
    name, build = case[0], case[1]
    source = f"from shared_future import widgets\n\nwidgets.{build.__name__}()"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    filename = re.sub(r"\W+", "_", name) + ".ipynb"
    nbformat.write(notebook, folder / filename)
    return filename


def run_notebook(page, url: str, token: str, path: str) -> None:
    """Open the notebook in a workspace of its own, run all its cells as a learner does (Run > Run
    All Cells), and wait until none is queued or running."""
    page.goto(f"{url}/lab/workspaces/{Path(path).stem}/tree/{path}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=ELEMENT_MS)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=ELEMENT_MS)
    prompt = page.locator(".jp-Notebook .jp-Cell.jp-CodeCell .jp-InputArea-prompt").first
    for _ in range(60):  # Lab drops a run asked for before the kernel has connected: ask again
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")  # Lab may ask on a busy machine
        if dialog.count():
            dialog.get_by_role("button", name="Select").click()
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_timeout(2000)
        if re.search(r"[*\d]", prompt.inner_text()):
            break
    page.wait_for_function("""() => {
        const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map(p => p.textContent);
        return prompts.length > 0 && prompts.every(t => !t.includes('*')) && prompts.some(t => /\\d/.test(t));
    }""", timeout=ELEMENT_MS)


def course_notebook(build) -> str:
    """The course notebook that builds this widget (`widgets.<function>(`), as a path under the course."""
    call = f"widgets.{build.__name__}("
    return next(f"notebooks/{path.name}" for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
                if call in path.read_text(encoding="utf-8"))


def shut_down_kernels(url: str, token: str) -> None:
    """Stop every session's kernel, so that one widget's kernel does not load the next one's run."""
    with urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=30) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def measure(page, title: str, steps: list[dict]) -> list[dict]:
    """Each move's times in ms: `total` to the new view painted, `reply` to the view's first change
    (the kernel's first message back: the text where it changes, else the chart), `shown` to the
    expected view in the page (before its image is decoded)."""
    box = page.locator(".sf-explorer", has=page.locator("h3", has_text=title)).first
    box.scroll_into_view_if_needed()  # where the learner sees it
    times = []
    for step in steps:
        page.wait_for_timeout(PAUSE_MS)
        times.append(box.evaluate(MOVE, step))
    return times


def bench_browser(cases: list[tuple], next_value, moves: int = 20, alone: bool = False) -> list[dict]:
    """First move and median per widget (`run.widget_cases`), in ms: each in the course notebook that
    builds it, run whole in a new kernel, or (`alone`) in a notebook that builds only that widget."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        course = workdir / "course"
        for folder in ("notebooks", "data"):  # Lab autosaves what it runs: a copy, never the course's own
            shutil.copytree(ROOT / folder, course / folder)
        port, token = free_port(), secrets.token_hex(16)
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                   f"--IdentityProvider.token={token}", "--notebook-dir=.", *root_flags()]
        with server(command, f"/api/status?token={token}", port, workdir, isolated_env(workdir),
                    cwd=course) as url, chromium_page(1440, 900) as page:
            for case in cases:
                title, steps = planned_moves(case, moves, next_value)
                where = widget_notebook(case, course) if alone else course_notebook(case[1])
                run_notebook(page, url, token, where)
                moves_ms = measure(page, title, steps)
                shut_down_kernels(url, token)
                rest = moves_ms[1:]
                rows.append({"widget": case[0], "notebook": Path(where).stem[:2] if not alone else "alone",
                             "first_ms": moves_ms[0]["total"],
                             "median_ms": statistics.median(m["total"] for m in rest),
                             "worst_ms": max(m["total"] for m in rest), "moves": len(moves_ms),
                             "first_reply_ms": moves_ms[0]["reply"],
                             "median_reply_ms": statistics.median(m["reply"] for m in rest)})
                print(f"  {case[0]}: " + " ".join(f"{m['total']:.0f} ({m['reply']:.0f})" for m in moves_ms)
                      + "  [ms to the view painted (to the view's first change)]", flush=True)
    return rows
