"""The one-machine hub with real Unix accounts: students cannot reach each other's work, one student's
runaway code is stopped or throttled while another's notebook runs, and an idle server is culled
without losing files.

Unlike tests/test_hub.py, this hub keeps the deploy configuration's own spawner (LocalProcessSpawner,
capped by `shared_future.hub_spawner`): each student's server runs as their own Unix user, made by
`useradd` for the test (and removed after). Their homes are made world-readable first, as `useradd
-m` and logins that make homes with umask 022 leave them, so the test shows the hub closing them.
The course environment is one students can run, as deploy/README.md says to build it: a venv of
the system's Python (a Python under /root, like this checkout's, is unreadable to students),
reusing this environment's packages. Needs root, `useradd` and cgroup v1's memory, cpu and pids
controllers, as on the project's CI machine; skipped elsewhere.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

import hub_load_module

SYSTEM_PYTHON = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
CGROUPS = [Path("/sys/fs/cgroup") / c for c in ("memory", "cpu", "pids")]
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("useradd") or not all(p.is_dir() for p in CGROUPS)
    or not SYSTEM_PYTHON.exists(),
    reason="needs root, useradd, cgroup v1 (memory, cpu, pids) and the system's Python of this version")


hub_load = hub_load_module.load()


def course_environment(folder: Path) -> Path:
    """A venv of the system's Python that students can run, with this environment's packages."""
    env = folder / "course-env"
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(env)], check=True)
    site = env / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    (site / "course.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    for shared in ("etc", "share"):  # the Jupyter settings and extensions (terminals, nbgitpuller, Lab)
        (env / shared).symlink_to(Path(sys.prefix) / shared)
    script = env / "bin" / "jupyterhub-singleuser"
    script.write_text(f"#!{env / 'bin' / 'python'}\nfrom jupyterhub.singleuser import main\nmain()\n")
    script.chmod(0o755)
    return env


@pytest.fixture(scope="module")
def classroom():
    """Two real students (world-readable homes), the instructor's grading folder, the hub (capped spawner)."""
    top = Path(tempfile.mkdtemp(prefix="sfn-class-", dir="/tmp"))
    top.chmod(0o755)  # students must reach their homes and the course environment inside it
    names = {role: f"sf{role[0]}{uuid.uuid4().hex[:6]}" for role in ("ada", "bob")}
    made = []
    try:
        env = course_environment(top)
        (top / "homes").mkdir(mode=0o755)
        for role, name in names.items():
            home = top / "homes" / name
            subprocess.run(["useradd", "-M", "-d", str(home), "-s", "/bin/bash", name], check=True)
            made.append(name)
            home.mkdir(mode=0o755)
            shutil.chown(home, name, name)
        ada_home = top / "homes" / names["ada"]
        answers = ada_home / "answers.txt"
        answers.write_text("ada's answer to Q3\n")
        shutil.chown(answers, names["ada"], names["ada"])
        answers.chmod(0o644)  # as a student's editor would leave it under umask 022
        grading = top / "instructor" / "grading"  # deploy/README.md: grading folders in the instructor's 0700 home
        grading.mkdir(parents=True)
        (top / "instructor").chmod(0o700)
        (grading / "gradebook.csv").write_text("student,total\n")
        (top / "state").mkdir(mode=0o755)  # the hub must close its state folder itself
        hub = hub_load.Hub(top, extra_config="""
from jupyterhub.spawner import LocalProcessSpawner
c.JupyterHub.spawner_class = capped(LocalProcessSpawner)
c.Spawner.args = [a for a in c.Spawner.args if a != '--allow-root']
""", env={"COURSE_ENV": str(env), "COURSE_MEMORY_MB": "700", "COURSE_CPUS": "0.5"})
        try:
            asyncio.run(hub.ready())
            yield {"hub": hub, "names": names, "top": top, "answers": answers, "grading": grading}
        finally:
            hub.stop()
    finally:
        for name in made:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)  # this test's own users only
            subprocess.run(["userdel", name], check=False)
        shutil.rmtree(top, ignore_errors=True)


async def start(hub, name: str) -> None:
    """Start `name`'s server, unless it is running already (an earlier test of the module started it)."""
    try:
        if (await hub.api("GET", f"/hub/api/users/{name}"))["servers"].get("", {}).get("ready"):
            return
    except hub_load.HTTPClientError:
        pass  # no such user yet
    await hub_load.Student(hub, name, Path("/nonexistent")).start_server()


async def terminal(hub, name: str, command: str) -> str:
    """Type `command` in a new terminal of `name`'s server; return what the terminal printed."""
    model = await hub.api("POST", f"/user/{name}/api/terminals", {})
    url = hub.url.replace("http", "ws") + f"/user/{name}/terminals/websocket/{model['name']}"
    socket_ = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {hub.token}"}))
    try:
        await socket_.write_message(json.dumps(["stdin", command + "; echo END-OF-$((6*7))\r"]))
        out, deadline = "", time.monotonic() + 120
        while "END-OF-42" not in out:
            raw = await asyncio.wait_for(socket_.read_message(), deadline - time.monotonic())
            kind, *rest = json.loads(raw)
            if kind == "stdout":
                out += rest[0]
        return out
    finally:
        socket_.close()


def test_a_students_terminal_cannot_read_anothers_work_or_the_hubs_secrets(classroom):
    hub, names, top = classroom["hub"], classroom["names"], classroom["top"]
    ada_home = top / "homes" / names["ada"]
    targets = {"ada's home": f"ls {ada_home}", "ada's answers": f"cat {classroom['answers']}",
               "the hub's database": f"head -c 16 {top / 'state' / 'jupyterhub.sqlite'}",
               "the cookie secret": f"cat {top / 'state' / 'jupyterhub_cookie_secret'}",
               "the instructor's grading folder": f"ls {classroom['grading']}"}

    async def scenario():
        await asyncio.gather(start(hub, names["ada"]), start(hub, names["bob"]))
        whoami = await terminal(hub, names["bob"], "id -un")
        seen = {what: await terminal(hub, names["bob"], command) for what, command in targets.items()}
        return whoami, seen

    whoami, seen = asyncio.run(scenario())
    assert names["bob"] in whoami, "bob's terminal runs as bob"
    for what, output in seen.items():
        assert "Permission denied" in output, f"bob's terminal could read {what}:\n{output}"
    assert oct(ada_home.stat().st_mode & 0o777) == "0o700", "the hub made ada's home private"
    assert "ada's answer" not in seen["ada's answers"]
    print("\nbob's terminal, reading what is not his:")
    for what, output in seen.items():
        line = next(line for line in output.splitlines() if "Permission denied" in line)
        print(f"  {what}: {line.strip()[-90:]}")


def group_of(username: str, controller: str) -> Path:
    """The control group (cgroup v1) that `username`'s Jupyter server runs in."""
    import psutil

    server = next(p for p in psutil.process_iter(["username", "cmdline"])
                  if p.info["username"] == username and "jupyterhub-singleuser" in " ".join(p.info["cmdline"] or []))
    for line in Path(f"/proc/{server.pid}/cgroup").read_text().splitlines():
        if controller in line.split(":")[1].split(","):
            return Path("/sys/fs/cgroup") / controller / line.split(":", 2)[2].lstrip("/")
    raise LookupError(controller)


async def kernel_of(hub, name: str):
    model = await hub.api("POST", f"/user/{name}/api/kernels", {"name": "python3"})
    return await hub_load.KernelSocket.open(hub, name, model["id"])


def oom_kills(group: Path) -> int:
    """How many processes of the control group the kernel's OOM killer has stopped."""
    return int(dict(line.split() for line in (group / "memory.oom_control").read_text().splitlines())["oom_kill"])


BUSY = """import subprocess, sys
loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(8)]"""
BOB_CELL = """from shared_future import data
len(data.load("paragraphs")), len(data.load("concepts"))"""
BOB_LIMIT_S = 60


def test_one_students_runaway_code_is_stopped_while_anothers_notebook_runs(classroom):
    hub, names = classroom["hub"], classroom["names"]
    memory_cap_mb = 700  # COURSE_MEMORY_MB of the fixture

    async def scenario():
        await asyncio.gather(*(start(hub, name) for name in names.values()))
        ada, bob = await kernel_of(hub, names["ada"]), await kernel_of(hub, names["bob"])
        try:
            await ada.execute(BUSY, 60)  # eight busy loops, beside the kernel
            window = 8.0
            cpu = group_of(names["ada"], "cpu")
            throttled_before = int(dict(l.split() for l in (cpu / "cpu.stat").read_text().splitlines())["nr_throttled"])
            started = time.monotonic()
            bob_reply = await bob.execute(BOB_CELL, BOB_LIMIT_S)
            bob_seconds = time.monotonic() - started
            await asyncio.sleep(max(0.0, window - bob_seconds))
            stat = dict(l.split() for l in (cpu / "cpu.stat").read_text().splitlines())
            await ada.execute("[p.kill() for p in loops]", 60)
            memory = group_of(names["ada"], "memory")
            killed_before = oom_kills(memory)
            try:  # the kernel dies without a reply; the server restarts it and keeps the websocket open
                await ada.execute("hog = 'x' * (2 * 1024**3)", 60)
                bomb = "ran"
            except asyncio.TimeoutError:
                bomb = "no reply"
            bomb = f"{bomb}, {oom_kills(memory) - killed_before} process(es) killed by the OOM killer"
            failcnt = int((memory / "memory.failcnt").read_text())
            peak_mb = int((memory / "memory.max_usage_in_bytes").read_text()) / 2**20
            started = time.monotonic()
            bob_after = await bob.execute(BOB_CELL, BOB_LIMIT_S)
            bob_after_seconds = time.monotonic() - started
        finally:
            ada.close()
            bob.close()
        return (bob_reply, bob_seconds, int(stat["nr_throttled"]) - throttled_before, stat, bomb, failcnt,
                peak_mb, bob_after, bob_after_seconds)

    (bob_reply, bob_seconds, throttled, stat, bomb, failcnt, peak_mb, bob_after,
     bob_after_seconds) = asyncio.run(scenario())
    assert throttled > 0, f"ada's busy loops were never throttled: {stat}"
    assert bob_reply["status"] == "ok" and bob_seconds < BOB_LIMIT_S
    assert bomb.startswith("no reply, 1 "), f"ada's 2 GB string: {bomb}, not killed at the {memory_cap_mb} MB cap"
    assert failcnt > 0 and peak_mb <= memory_cap_mb + 1
    assert bob_after["status"] == "ok", "bob's kernel lives on after ada's was killed"
    print(f"\nada: 8 busy loops throttled {throttled} times in {stat['nr_throttled']} periods "
          f"({int(stat['throttled_time']) / 1e9:.1f} s held back); 2 GB string: {bomb}, at {peak_mb:.0f} MB")
    print(f"bob meanwhile: data cell in {bob_seconds:.1f} s; after ada's kernel was killed: {bob_after_seconds:.1f} s")
