"""A class on one JupyterHub (deploy/jupyterhub_config.py): two students log in in headless Chromium,
open the class's nbgitpuller link, run notebook 00, and each works in a private copy of the course
with the subshell fix (README, "Blank charts") active in their server.

The hub runs the deploy configuration itself, with two swaps that a test on one machine needs:
DummyAuthenticator instead of PAM (no Unix accounts or passwords to create) and
SimpleLocalProcessSpawner instead of LocalProcessSpawner (each student's home is a folder of the
test, and servers run as the test's own user). What the test proves does not depend on either:
who may log in, and under which Unix user a server runs, are decided before a server starts;
the course environment, the JupyterLab settings, nbgitpuller's copy in the student's home and
the proxy are the same code and configuration as in the deployed hub. The course comes from a
local git repository holding the student edition (no network).
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, require_chromium, server
from shared_future import launch, student

pytestmark = pytest.mark.browser
STUDENTS = ("ada", "bob")
NOTEBOOK = "notebooks/00_start_here.ipynb"


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """The student edition, committed in a local git repository, as an instructor would publish it."""
    repo = tmp_path_factory.mktemp("published") / "course"
    student.write_folder(repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "student edition"]):
        student._git(*args, env=student.AUTHOR, repo=repo)
    return repo


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    require_chromium()
    proxy = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        pytest.fail(f"{proxy} is missing: run `npm ci` (README's test command does)")
    workdir = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    homes = workdir / "homes"
    config = workdir / "test_config.py"
    config.write_text(f"""
load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.authenticator_class = "dummy"
from jupyterhub.spawner import SimpleLocalProcessSpawner
from shared_future.hub_spawner import capped
c.JupyterHub.spawner_class = capped(SimpleLocalProcessSpawner)
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}
c.Spawner.args += {['--allow-root'] if os.geteuid() == 0 else []!r}
""")
    env = {**os.environ, "COURSE_ENV": sys.prefix, "COURSE_HUB_STATE": str(workdir / "state")}
    env.pop("MPLBACKEND", None)
    started = time.monotonic()
    command = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)]
    with server(command, "/hub/health", port, workdir, env) as url:
        timings = {"hub start": time.monotonic() - started}
        yield {"url": url, "homes": homes, "shots": workdir, "timings": timings}
        stopping = time.monotonic()
    timings["hub stop"] = time.monotonic() - stopping
    print(f"  hub stop: {timings['hub stop']:.1f} s")
    # The hub stops the proxy and the students' servers as it exits; anything left is killed, and fails.
    leftovers = processes_in(workdir)
    for pid in leftovers:
        os.kill(pid, 9)
    assert not leftovers, f"processes of the test hub still running after it stopped: {leftovers}"


def processes_in(folder: Path) -> list[int]:
    """Processes working in `folder` or naming it on their command line (the hub, proxy, servers, kernels)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(proc / "cwd")
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(folder)) or str(folder) in cmdline:
            found.append(int(proc.name))
    return found


def log_in(page, url: str, name: str) -> None:
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    page.wait_for_url("**/hub/**", timeout=60_000)


def run_all(page, shot: Path) -> None:
    """Run every cell of the open notebook, answering "Select Kernel" if JupyterLab asks."""
    try:
        _run_all(page)
    except Exception:
        page.screenshot(path=str(shot))
        raise


def _run_all(page) -> None:
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    started = """() => [...document.querySelectorAll('.jp-InputArea-prompt')].some(p => /[*\\d]/.test(p.textContent))"""
    for _attempt in range(3):  # a click before JupyterLab has made the notebook current does nothing
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        try:
            if dialog.count():
                dialog.get_by_role("button", name="Select").click()
            page.locator(".jp-Notebook .jp-Cell").first.click(timeout=10_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=10_000)
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(timeout=10_000)
            page.wait_for_function(started, timeout=15_000)
            break
        except Exception:  # the "Select Kernel" dialog opened after it was looked for: answer it next time
            if not dialog.count():
                page.keyboard.press("Escape")  # close a menu left open
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map(p => p.textContent);
            return prompts.length > 0 && prompts.every(t => !t.includes('*')) && prompts.some(t => /\\d/.test(t));
        }""", timeout=120_000)


def learner_command() -> str:
    """README's grading command for learners, as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"<!-- tested: learner -->\n```\n(.*?)\n```", readme).group(1)


TERMINAL_TEXT = """[...document.querySelectorAll('.jp-Terminal .xterm-accessibility-tree > div, .jp-Terminal .xterm-rows > div')]
                   .map(row => row.textContent).join('\\n')"""


def grade_in_a_terminal(page, shot: Path) -> None:
    """File > New > Terminal, type README's command, and read the score card it prints (the terminal's
    screen-reader mode puts its screen's text in the page; what runs in it is the same)."""
    user_url = page.url.split("/lab")[0]
    saved = page.request.put(f"{user_url}/lab/api/settings/@jupyterlab/terminal-extension:plugin",
                             data=json.dumps({"raw": '{"screenReaderMode": true}'}),
                             headers={"X-XSRFToken": xsrf(page), "Content-Type": "application/json"})
    assert saved.ok, saved.text()
    page.reload()  # JupyterLab reads its settings as it loads
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="New").first.hover()
    page.locator(".lm-Menu-itemLabel", has_text="Terminal").first.click()
    terminal = page.locator(".jp-Terminal").last
    terminal.wait_for(state="attached", timeout=60_000)
    # Lab may still be restoring the notebook's tab after the reload and bring it to the front, even after the
    # terminal was shown: show the terminal's tab again until the terminal takes the click
    from playwright.sync_api import TimeoutError as NotClickable
    for attempt in range(5):
        page.locator(".lm-TabBar-tab", has_text="Terminal").last.click()
        terminal.wait_for(state="visible", timeout=60_000)
        page.wait_for_timeout(2000)  # the shell's first prompt
        try:
            terminal.click(timeout=5_000)
            break
        except NotClickable:
            if attempt == 4:
                raise
    page.keyboard.type(learner_command() + "; echo graded-with-$?")
    page.keyboard.press("Enter")
    try:
        page.wait_for_function(f"() => /graded-with-\\d/.test({TERMINAL_TEXT})", timeout=300_000)
    finally:
        page.screenshot(path=str(shot))
        shot.with_suffix(".html").write_text(terminal.inner_html())
    text = page.evaluate(f"() => {TERMINAL_TEXT}")
    assert "command not found" not in text and "No module named" not in text, text[-2000:]
    assert re.search(r"Total: \d+/\d+", text), f"no score card in the terminal:\n{text[-2000:]}"
    assert "graded-with-1" in text, "an unanswered exercise must fail"


def xsrf(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf" and c["path"].startswith("/user/"))


def has_outputs(path: Path) -> bool:
    return any(cell.get("outputs") for cell in json.loads(path.read_text())["cells"])


def test_two_students_each_run_their_own_copy(hub, course_repo):
    from playwright.sync_api import sync_playwright

    link = launch.nbgitpuller_url(hub["url"], str(course_repo), "main", NOTEBOOK)
    copies = {name: hub["homes"] / name / launch.TARGET / NOTEBOOK for name in STUDENTS}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name in STUDENTS:
                page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
                started = time.monotonic()
                log_in(page, hub["url"], name)
                page.goto(link)
                page.wait_for_url(f"**/user/{name}/lab/tree/{launch.TARGET}/{NOTEBOOK}", timeout=180_000)
                hub["timings"][f"{name}: log in, start server, pull the course"] = time.monotonic() - started
                other = [s for s in STUDENTS if s != name][0]
                if name == "bob":  # ada ran and saved her copy: bob's is untouched
                    assert has_outputs(copies["ada"]) and not has_outputs(copies["bob"])
                    contents = page.request.get(f"{hub['url']}/user/bob/api/contents/{launch.TARGET}/{NOTEBOOK}")
                    assert contents.ok and not any(c.get("outputs") for c in contents.json()["content"]["cells"])
                started = time.monotonic()
                run_all(page, hub["shots"] / f"{name}-timeout.png")
                hub["timings"][f"{name}: run notebook 00"] = time.monotonic() - started
                errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
                assert not [e for e in errors.all_inner_texts() if "Traceback" in e or "Error" in e]
                page.locator(".jp-Notebook").click()
                page.keyboard.press("Control+s")
                deadline = time.monotonic() + 30
                while not has_outputs(copies[name]) and time.monotonic() < deadline:
                    time.sleep(0.3)
                assert has_outputs(copies[name]), f"{name}'s saved copy has no outputs"
                page.screenshot(path=str(hub["shots"] / f"{name}-notebook-00.png"))
                if name == "ada":
                    started = time.monotonic()
                    grade_in_a_terminal(page, hub["shots"] / "ada-terminal.png")
                    hub["timings"]["ada: README's grading command in a Lab terminal"] = time.monotonic() - started

                settings = page.request.get(f"{hub['url']}/user/{name}/lab/api/settings/"
                                            "@jupyterlab/apputils-extension:kernels-settings").json()
                assert settings["schema"]["properties"]["commsOverSubshells"]["default"] == "disabled"
                assert "commsOverSubshells" not in (settings.get("raw") or ""), "the student's own settings are empty"
                forbidden = page.request.get(f"{hub['url']}/user/{other}/api/contents/{launch.TARGET}",
                                             max_redirects=0)
                assert not forbidden.ok, f"{name} can read {other}'s files through the hub"
                page.context.close()
        finally:
            browser.close()
    assert copies["ada"].read_bytes() != (course_repo / NOTEBOOK).read_bytes()
    print(f"\nJupyterHub timings (screenshots in {hub['shots']}):")
    for what, seconds in hub["timings"].items():
        print(f"  {what}: {seconds:.1f} s")
