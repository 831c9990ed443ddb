"""Shared plumbing of the browser tests: a real server on 127.0.0.1 and headless Debian Chromium.

The browser tests see what a learner sees: rendered widgets, not their text fallback, and charts
that redraw when a control changes. Chromium comes from Debian (`/usr/bin/chromium`), driven by
Playwright; nothing downloads a browser. Without Chromium the tests skip, except under CI, where
`.ci/run` installs it and a missing browser is a failure.
"""
from __future__ import annotations

import base64
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]


def require_chromium() -> None:
    """Skip where no Chromium is installed; under CI a missing browser is an error."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Debian's chromium ({CHROMIUM} is missing)")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    pytest.importorskip("playwright")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# No fixed budget for a page: the tests wait for what they need (the server answering, a selector,
# the kernel idle) and fail at once when the server dies. These limits only stop a hung run.
SERVER_START_S = 600
ELEMENT_MS = 600_000


def wait_for(url: str, seconds: float, process: subprocess.Popen, log: Path) -> None:
    """Poll `url` until the server answers (any HTTP status below 500: a 404 is an answer), failing
    early with the server's log if the server died. Never a page that makes the server work."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
            time.sleep(0.3)
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def server(command: list[str], ready_path: str, port: int, workdir: Path, env: dict[str, str], cwd: Path = ROOT):
    """Run a server command until the block ends, then stop it and everything it started."""
    log = workdir / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}{ready_path}", SERVER_START_S, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def isolated_env(workdir: Path) -> dict[str, str]:
    """A user with fresh JupyterLab settings and runtime folders, as on a new machine."""
    env = dict(os.environ)
    for var, folder in (("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                        ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "config")):
        (workdir / folder).mkdir(exist_ok=True)
        env[var] = str(workdir / folder)
    env.pop("MPLBACKEND", None)  # the kernel must use the notebook's inline backend
    # as README's `. .venv/bin/activate` does: a Lab terminal finds this environment's pytest
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def image_ink(src: str) -> float:
    """Share of an <img>'s pixels that are not near-white: 0 for a blank chart."""
    import numpy as np
    from PIL import Image

    payload = src.split(",", 1)[1] if src.startswith("data:") else src
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(payload))).convert("L"))
    return float((pixels < 240).mean()) if pixels.size else 0.0


CHART = ".sf-chart-pane img"


def chart_src(box) -> str:
    image = box.locator(CHART).first
    image.wait_for(timeout=ELEMENT_MS)
    return image.get_attribute("src")


def wait_for_no_chart(box) -> None:
    """A view without a chart leaves no chart image behind (no stale chart under a message)."""
    box.locator(CHART).first.wait_for(state="detached", timeout=60_000)


def wait_for_new_chart(box, previous: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        images = box.locator(CHART)
        if images.count():
            src = images.first.get_attribute("src")
            if src and src != previous:
                return src
        time.sleep(0.1)
    raise AssertionError("the chart did not change after the control changed")


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_serious(page, include: list[str]) -> list[str]:
    """axe-core's serious and critical violations among the course's own elements (`include`,
    CSS selectors), one line each: JupyterLab's and Voila's own chrome are not ours to fix."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (README's test command does)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async (include) => (await axe.run({include: include.map(s => [s])},
            {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`)""", include)
    return violations


# Where each chart image stands and how large its text shows: its box, and the ratio of its shown
# to its natural width (a chart drawn at 100 dpi and shown at half size shows 15 pt type at 10 px).
CHART_BOXES = """(root) => [...root.querySelectorAll('.sf-chart img')].filter(i => i.offsetParent !== null).map(i => {
  const r = i.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, centre: r.top + r.height / 2, scale: r.width / i.naturalWidth};
})"""

# Words of the prose that the browser broke across two lines (a word whose box has two line rects).
# A word is letters and digits: "China-Arab" may wrap after its hyphen, as in print, not inside "China".
BROKEN_WORDS = """(root) => {
  const broken = [];
  for (const p of root.querySelectorAll('p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}’']+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
