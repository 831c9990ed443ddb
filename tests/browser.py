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
