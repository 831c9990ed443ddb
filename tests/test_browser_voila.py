"""The projector demo: Voila serves notebooks/demo_dashboard.ipynb without code, and its widgets
redraw their charts when a control changes, in headless Chromium."""
from __future__ import annotations

import sys

import pytest

from browser import chart_src, chromium_page, free_port, image_ink, isolated_env, require_chromium, server, wait_for_new_chart

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    require_chromium()
    pytest.importorskip("voila")
    workdir = tmp_path_factory.mktemp("voila")
    port = free_port()
    command = [sys.executable, "-m", "voila", "notebooks/demo_dashboard.ipynb", "--no-browser",
               f"--port={port}", "--Voila.ip=127.0.0.1"]
    with server(command, "/", port, workdir, isolated_env(workdir)) as url:
        yield {"url": url, "shots": workdir}


def test_dashboard_hides_code_and_redraws_on_change(voila):
    with chromium_page(1600, 1000) as page:
        page.goto(voila["url"], timeout=120_000)
        page.wait_for_selector(".sf-dashboard .widget-tab", timeout=120_000)
        assert "from shared_future import" not in page.content(), "Voila must not show code"
        panel = page.locator(".sf-dashboard .widget-vbox", has=page.locator("h3", has_text="Concept explorer")).last
        before = chart_src(panel)
        panel.locator(".widget-dropdown select").first.select_option(index=3)
        after = wait_for_new_chart(panel, before)
        assert image_ink(after) > 0.003
        page.screenshot(path=str(voila["shots"] / "dashboard.png"))
