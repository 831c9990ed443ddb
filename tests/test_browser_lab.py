"""JupyterLab in headless Chromium: notebooks 02 and 07 run, their widgets render, and their
charts redraw, never blank, each time a learner changes a control.

This is also the proof of the course's fix for JupyterLab 4.6 with ipykernel 7, whose default
(comm messages on kernel subshells) races matplotlib and leaves charts in Output widgets blank
or half drawn (jupyterlab/jupyterlab#19719): the server runs with the settings a user gets from
README's install, in an empty user settings folder.
"""
from __future__ import annotations

import json
import secrets
import shutil
import sys
import urllib.request

import pytest

from browser import (ROOT, chart_src, chromium_page, free_port, image_ink, isolated_env, require_chromium,
                     root_flags, server, wait_for_new_chart)

pytestmark = pytest.mark.browser
CHANGES = 10
# Share of non-white pixels below which a chart counts as blank: a one-node concept map with its
# title and labels inks about 0.9 %, a blank or title-only figure well under 0.3 %.
MIN_INK = 0.003


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_chromium()
    workdir = tmp_path_factory.mktemp("lab")
    # JupyterLab autosaves what it runs: it gets a copy of the notebooks, never the course's own files.
    shutil.copytree(ROOT / "notebooks", workdir / "notebooks")
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workdir}", *root_flags()]
    env = isolated_env(workdir)
    with server(command, f"/api/status?token={token}", port, workdir, env) as url:
        yield {"url": url, "token": token, "shots": workdir}


def test_lab_serves_the_subshell_fix(lab):
    """The installed overrides.json turns comms over subshells off for a user with no settings."""
    address = f"{lab['url']}/lab/api/settings/@jupyterlab/apputils-extension:kernels-settings?token={lab['token']}"
    with urllib.request.urlopen(address, timeout=10) as response:
        settings = json.load(response)
    assert settings["schema"]["properties"]["commsOverSubshells"]["default"] == "disabled"
    assert "commsOverSubshells" not in (settings.get("raw") or ""), "the user's own settings must be empty"


def accept_kernel_dialog(page) -> None:
    """Answer "Select Kernel" as a learner would, where JupyterLab asks (it may, on a busy machine,
    before it has read the kernel list)."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=3_000)
    except Exception:
        return
    dialog.get_by_role("button", name="Select").click()
    dialog.wait_for(state="detached", timeout=10_000)


def open_and_run(page, lab, notebook: str) -> None:
    """Open a notebook, run all its cells, and wait until no cell is still queued or running."""
    workspace = notebook.split("_")[0]  # a fresh workspace per notebook: only this one is open
    page.goto(f"{lab['url']}/lab/workspaces/nb{workspace}/tree/notebooks/{notebook}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    accept_kernel_dialog(page)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    try:
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map(p => p.textContent);
                return prompts.length > 0 && prompts.every(t => !t.includes('*')) && prompts.some(t => /\\d/.test(t));
            }""", timeout=180_000)
    except Exception:
        page.screenshot(path=str(lab["shots"] / f"{notebook}-timeout.png"))
        raise


def assert_rendered(page, notebook: str) -> None:
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert not [e for e in errors if "Traceback" in e or "Error" in e], f"{notebook}: a cell failed: {errors}"
    text = page.locator(".jp-Notebook").inner_text()
    for fallback in ("IntSlider(", "VBox(children=", "Dropdown(", "HBox(children="):
        assert fallback not in text, f"{notebook}: widget shown as text ({fallback}...)"


def explorer(page, title: str):
    """The widget box whose heading is `title` (innermost, in case a box holds it)."""
    box = page.locator(".widget-vbox", has=page.locator("h3", has_text=title)).last
    box.scroll_into_view_if_needed()
    return box


def assert_redraws(box, change, shots, name: str) -> None:
    """Change a control CHANGES times; each time the chart must change and carry ink."""
    src = chart_src(box)
    assert image_ink(src) > MIN_INK, f"{name}: the first chart is blank"
    for i in range(CHANGES):
        change(i)
        src = wait_for_new_chart(box, src)
        assert image_ink(src) > MIN_INK, f"{name}: change {i + 1} drew a blank chart"
    box.screenshot(path=str(shots / f"{name}.png"))


def test_notebook_07_slider_redraws_the_frequency_chart(lab):
    with chromium_page() as page:
        open_and_run(page, lab, "07_language_of_diplomacy.ipynb")
        assert_rendered(page, "07")
        assert page.locator(".widget-slider").count() >= 1
        assert page.locator(".widget-dropdown").count() >= 1
        box = explorer(page, "Word frequencies")
        handle = box.locator(".widget-slider .noUi-handle").first

        def step(_i: int) -> None:
            handle.focus()
            handle.press("ArrowRight")

        assert_redraws(box, step, lab["shots"], "07_word_frequencies")
        page.screenshot(path=str(lab["shots"] / "07_page.png"))


def test_notebook_02_dropdown_redraws_the_concept_map(lab):
    with chromium_page() as page:
        open_and_run(page, lab, "02_community_with_a_shared_future.ipynb")
        assert_rendered(page, "02")
        assert page.locator(".widget-dropdown").count() >= 1
        box = explorer(page, "Concept explorer")
        select = box.locator(".widget-dropdown select").first
        options = select.locator("option").all_inner_texts()
        assert len(options) > CHANGES
        assert_redraws(box, lambda i: select.select_option(label=options[i + 1]), lab["shots"], "02_concept_explorer")
