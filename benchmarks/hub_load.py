"""A class arriving at once on the one-machine hub: `python benchmarks/hub_load.py [--students 10 30 60]`.

For each N (stepped, a fresh hub each time), N simulated students arrive within one minute (evenly
spaced) and each: gets a server (the hub's REST API: what the hub does once a student has logged
in), pulls the course with nbgitpuller (its `git-pull/api`, the same stream the class link's page
reads), opens notebook 02 in a kernel (a session, as JupyterLab makes one) and runs every code cell
through the kernel's websocket, then picks ten concepts in the notebook's concept explorer (a
widget `update` message, as the browser sends it). Prints per N: time to a ready server and to a
finished notebook (median, p95, worst), failures and their causes, the widget's round trip, peak
memory of the hub, the proxy, each server and each kernel, the machine's CPU, and the load average
(other jobs on the machine show there).

Why a short asyncio script and not Locust: each simulated student is one long scripted session
(server, pull, kernel websocket, widget messages) rather than many independent HTTP requests, and
what matters is each step's duration per student; tornado (already in the hub's environment) speaks
both HTTP and the kernel websocket, so nothing new is installed.

Bounded: 127.0.0.1 only, at most `--students` students, each step with a time limit, the whole
run for one N at most `--budget` seconds; the hub and everything it started are stopped at the end.
As root the run puts itself in a memory-capped control group (`--memory-cap-gb`, default 12), so it
can never take the whole machine's memory. The hub runs deploy/jupyterhub_config.py with the test
swaps of tests/test_hub.py (DummyAuthenticator; SimpleLocalProcessSpawner, capped as in the deployed
hub) and one service token for the simulated students. Writes JSON to benchmarks/results/hub_load.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/02_community_with_a_shared_future.ipynb"
TARGET = "shared-future-notebooks"
STEP_LIMIT_S = {"server": 300, "pull": 300, "notebook": 600, "widget": 120}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publish_course(folder: Path) -> Path:
    """The student edition in a local git repository (as tests/test_hub.py publishes it)."""
    sys.path.insert(0, str(ROOT / "src"))
    from shared_future import student

    repo = folder / "course"
    student.write_folder(repo)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "student edition"]):
        student._git(*args, env=student.AUTHOR, repo=repo)
    return repo


class Hub:
    """The deploy configuration on 127.0.0.1 with the test swaps and one service token."""

    def __init__(self, workdir: Path, extra_config: str = "", env: dict[str, str] | None = None):
        self.workdir, self.token = workdir, secrets.token_hex(16)
        self.port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = workdir / "load_config.py"
        config.write_text(f"""
load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})
from jupyterhub.spawner import SimpleLocalProcessSpawner
from shared_future.hub_spawner import capped
c.JupyterHub.bind_url = "http://127.0.0.1:{self.port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = capped(SimpleLocalProcessSpawner)
c.SimpleLocalProcessSpawner.home_dir_template = {str(workdir / 'homes' / '{username}')!r}
c.Spawner.args += {['--allow-root'] if os.geteuid() == 0 else []!r}
c.JupyterHub.services.append({{"name": "class", "api_token": {self.token!r}}})
c.JupyterHub.load_roles.append({{"name": "class", "services": ["class"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}})
{extra_config}
""")
        self.env = {**os.environ, "COURSE_ENV": sys.prefix, "COURSE_HUB_STATE": str(workdir / "state"), **(env or {})}
        self.env.pop("MPLBACKEND", None)
        self.log = open(workdir / "hub.log", "w")
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    async def ready(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hub exited: {(self.workdir / 'hub.log').read_text()[-2000:]}")
            try:
                await self.api("GET", "/hub/api/")
                return
            except (OSError, HTTPClientError):
                await asyncio.sleep(0.5)
        raise TimeoutError("hub did not start")

    async def api(self, method: str, path: str, body=None, timeout: float = 60, raw: bool = False,
                  ok: tuple[int, ...] = (), follow: bool = True):
        """A request with the service's token; a status in `ok` is an answer, not an error."""
        request = HTTPRequest(self.url + path, method=method, request_timeout=timeout,
                              headers={"Authorization": f"token {self.token}"},
                              body=None if body is None else json.dumps(body),
                              allow_nonstandard_methods=True, follow_redirects=follow)
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code >= 300 and response.code not in ok:
            raise HTTPClientError(response.code, response=response)
        return response if raw else (json.loads(response.body) if response.body else None)

    def stop(self) -> float:
        """Stop the hub (it stops the proxy and servers), kill anything left; returns the seconds it took."""
        started = time.monotonic()
        try:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.log.close()
        return time.monotonic() - started


class Student:
    """One simulated student's session: server, pull, notebook 02 in a kernel, ten widget changes."""

    def __init__(self, hub: Hub, name: str, repo: Path):
        self.hub, self.name, self.repo = hub, name, repo
        self.times: dict[str, float] = {}
        self.widget_ms: list[float] = []
        self.failure: str | None = None

    async def start_server(self) -> None:
        try:
            await self.hub.api("POST", f"/hub/api/users/{self.name}", {})
        except HTTPClientError as err:
            if err.code != 409:
                raise
        await self.hub.api("POST", f"/hub/api/users/{self.name}/server", {}, timeout=STEP_LIMIT_S["server"])
        deadline = time.monotonic() + STEP_LIMIT_S["server"]
        while time.monotonic() < deadline:
            server = (await self.hub.api("GET", f"/hub/api/users/{self.name}"))["servers"].get("", {})
            if server.get("ready"):
                return
            if not server.get("pending") and not server.get("ready"):
                raise RuntimeError(f"the hub gave up starting the server: {self.hub_says()}")
            await asyncio.sleep(0.5)
        raise TimeoutError("server not ready")

    def hub_says(self) -> str:
        """The hub log's last warning or error about this student (why their server did not start)."""
        lines = [line for line in (self.hub.workdir / "hub.log").read_text(errors="replace").splitlines()
                 if self.name in line and (line.startswith(("[W", "[E")) or "Error" in line)]
        return lines[-1][-200:] if lines else "nothing in the hub's log"

    async def pull(self) -> None:
        query = urllib.parse.urlencode({"repo": f"file://{self.repo}", "branch": "main", "targetpath": TARGET})
        response = await self.hub.api("GET", f"/user/{self.name}/git-pull/api?{query}",
                                      timeout=STEP_LIMIT_S["pull"], raw=True)
        events = [json.loads(line[5:]) for line in response.body.decode().splitlines() if line.startswith("data:")]
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"pull failed: {events[-1].get('message') if events else 'no answer'}")

    async def kernel(self):
        session = await self.hub.api("POST", f"/user/{self.name}/api/sessions",
                                     {"path": f"{TARGET}/{NOTEBOOK}", "type": "notebook", "name": "",
                                      "kernel": {"name": "python3"}})
        return await KernelSocket.open(self.hub, self.name, session["kernel"]["id"])

    async def run(self, offset: float, t0: float) -> None:
        await asyncio.sleep(offset)
        started = time.monotonic()
        self.times["arrived"] = started - t0
        step = "server"
        try:
            await self.start_server()
            self.times["server ready"] = time.monotonic() - started
            step = "pull"
            await self.pull()
            self.times["pulled"] = time.monotonic() - started
            step = "notebook"
            kernel = await self.kernel()
            try:
                cells = json.loads((self.hub.workdir / "homes" / self.name / TARGET / NOTEBOOK).read_text())["cells"]
                for cell in cells:
                    if cell["cell_type"] == "code":
                        reply = await kernel.execute("".join(cell["source"]), STEP_LIMIT_S["notebook"])
                        if reply["status"] != "ok":
                            raise RuntimeError(f"cell failed: {reply.get('ename')}: {reply.get('evalue')}")
                self.times["notebook done"] = time.monotonic() - started
                step = "widget"
                picker = kernel.dropdown()
                for change in range(10):
                    sent = time.monotonic()
                    await kernel.update(picker, {"index": (change + 1) % kernel.options(picker)},
                                        STEP_LIMIT_S["widget"])
                    self.widget_ms.append(1000 * (time.monotonic() - sent))
            finally:
                kernel.close()
        except Exception as err:  # a failure is a result: its cause is reported
            self.failure = f"{step}: {type(err).__name__}: {err}"[:300]


class KernelSocket:
    """A kernel's websocket (the Jupyter server's `channels`), as JupyterLab uses it."""

    def __init__(self, socket_):
        self.socket, self.session = socket_, uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}

    @classmethod
    async def open(cls, hub: Hub, name: str, kernel_id: str) -> KernelSocket:
        url = hub.url.replace("http", "ws") + f"/user/{name}/api/kernels/{kernel_id}/channels"
        request = HTTPRequest(url, headers={"Authorization": f"token {hub.token}"}, request_timeout=120)
        return cls(await websocket_connect(request, max_message_size=256 * 2**20))

    async def send(self, msg_type: str, content: dict, timeout: float) -> dict:
        """Send a shell message; wait for its reply and for the kernel to be idle after it."""
        msg_id = uuid.uuid4().hex
        await self.socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        reply, idle = ({"status": "ok"} if msg_type == "comm_msg" else None), False  # a comm_msg has no reply
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            raw = await asyncio.wait_for(self.socket.read_message(), max(0.1, deadline - time.monotonic()))
            if raw is None:
                raise RuntimeError("the kernel's websocket closed (kernel died?)")
            if isinstance(raw, bytes):
                continue  # binary frames: widget buffers
            msg = json.loads(raw)
            kind = msg["header"]["msg_type"]
            if kind == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
                self.widgets[msg["content"]["comm_id"]] = msg["content"]["data"].get("state", {})
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return reply

    async def execute(self, code: str, timeout: float) -> dict:
        return await self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False}, timeout)

    def dropdown(self) -> str:
        return next(comm for comm, state in self.widgets.items() if state.get("_model_name") == "DropdownModel")

    def options(self, comm: str) -> int:
        return len(self.widgets[comm].get("_options_labels", [])) or 1

    async def update(self, comm: str, state: dict, timeout: float) -> None:
        """A widget change as the browser sends it; returns once the kernel has redrawn the view."""
        await self.send("comm_msg", {"comm_id": comm, "data": {"method": "update", "state": state,
                                                               "buffer_paths": []}}, timeout)

    def close(self) -> None:
        self.socket.close()


class Sampler(threading.Thread):
    """Every second: each process's memory (hub, proxy, servers, kernels) and the machine's CPU."""

    KINDS = {"configurable-http-proxy": "proxy", "jupyterhub-singleuser": "server",
             "ipykernel_launcher": "kernel", "jupyterhub_idle_culler": "culler"}

    def __init__(self, hub_pid: int):
        super().__init__(daemon=True)
        self.hub_pid, self.stopped = hub_pid, threading.Event()
        self.peak_mb: dict[str, float] = {}  # kind -> the largest single process seen
        self.peak_total_mb = 0.0
        self.cpu: list[float] = []

    def kind(self, proc: psutil.Process) -> str | None:
        if proc.pid == self.hub_pid:
            return "hub"
        line = " ".join(proc.cmdline())
        return next((kind for key, kind in self.KINDS.items() if key in line), None)

    def run(self) -> None:
        psutil.cpu_percent()
        while not self.stopped.wait(1.0):
            self.cpu.append(psutil.cpu_percent())
            total = 0.0
            for proc in self.processes():
                try:
                    mb = proc.memory_info().rss / 2**20
                    kind = self.kind(proc)
                except psutil.Error:
                    continue
                total += mb
                if kind:
                    self.peak_mb[kind] = max(self.peak_mb.get(kind, 0.0), mb)
            self.peak_total_mb = max(self.peak_total_mb, total)

    def processes(self) -> list[psutil.Process]:
        try:
            hub = psutil.Process(self.hub_pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.Error:
            return []

    def per_student_mb(self) -> list[dict[str, float]]:
        """Each server with its kernels, now: resident (RSS) and unique (USS, what one more student adds)."""
        found = []
        for proc in self.processes():
            try:
                if self.kind(proc) != "server":
                    continue
                family = [proc, *proc.children(recursive=True)]
                info = [p.memory_full_info() for p in family]
            except psutil.Error:
                continue
            found.append({"rss": sum(i.rss for i in info) / 2**20, "uss": sum(i.uss for i in info) / 2**20})
        return found


def spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "worst": ordered[-1]}


async def one_class(students: int, arrival_s: float, budget_s: float, repo: Path, workdir: Path) -> dict:
    # tornado's client queues requests past 10 at once: each student holds a few open, so allow them all
    AsyncHTTPClient.configure(None, max_clients=4 * students + 10)
    hub = Hub(workdir)
    load_before = os.getloadavg()
    try:
        started = time.monotonic()
        await hub.ready()
        hub_start = time.monotonic() - started
        sampler = Sampler(hub.process.pid)
        sampler.start()
        class_ = [Student(hub, f"s{i:03d}", repo) for i in range(students)]
        t0 = time.monotonic()
        runs = [asyncio.create_task(s.run(i * arrival_s / max(1, students), t0)) for i, s in enumerate(class_)]
        done, pending = await asyncio.wait(runs, timeout=budget_s)
        for task in pending:
            task.cancel()
        for s in class_:
            if s.failure is None and "notebook done" not in s.times:
                s.failure = "budget: the run's time limit ended first"
        memory = sampler.per_student_mb()
        sampler.stopped.set()
        sampler.join()
        failures: dict[str, int] = {}
        for s in class_:
            if s.failure:
                failures[s.failure] = failures.get(s.failure, 0) + 1
        return {
            "students": students, "arrival_s": arrival_s, "hub_start_s": hub_start,
            "load_average_before": load_before, "load_average_after": os.getloadavg(),
            "server_ready_s": spread([s.times["server ready"] for s in class_ if "server ready" in s.times]),
            "notebook_done_s": spread([s.times["notebook done"] for s in class_ if "notebook done" in s.times]),
            "widget_round_trip_ms": spread([ms for s in class_ for ms in s.widget_ms]),
            "failures": failures, "ok": sum(1 for s in class_ if not s.failure),
            "peak_mb_per_process": sampler.peak_mb, "peak_mb_all_processes": sampler.peak_total_mb,
            "per_student_mb_after_notebook": spread([m["rss"] for m in memory]),
            "per_student_uss_mb_after_notebook": spread([m["uss"] for m in memory]),
            "cpu_percent_of_machine": spread(sampler.cpu), "cores": psutil.cpu_count(),
            "elapsed_s": time.monotonic() - t0,
        }
    finally:
        result_stop = hub.stop()
        print(f"  (hub stopped in {result_stop:.1f} s)", flush=True)


def cap_memory(gigabytes: float) -> str:
    """Move this process (and so the hub and every student it starts) into a memory-capped cgroup v1 group."""
    if gigabytes <= 0:
        return "no memory cap on the run (--memory-cap-gb 0)"
    if os.geteuid() != 0:
        return "not root: no memory cap on the run"
    own = next((line.split(":", 2)[2] for line in Path("/proc/self/cgroup").read_text().splitlines()
                if line.split(":")[1] == "memory"), None)
    base = Path("/sys/fs/cgroup/memory")
    if own is None or not base.is_dir():
        return "no cgroup v1 memory controller: no memory cap on the run"
    group = base / own.lstrip("/") / f"shared-future-load-{os.getpid()}"
    group.mkdir(exist_ok=True)
    (group / "memory.limit_in_bytes").write_text(str(int(gigabytes * 2**30)))
    (group / "cgroup.procs").write_text(str(os.getpid()))
    return f"run capped at {gigabytes} GB ({group})"


def report(result: dict) -> str:
    def fmt(spread_, unit="s"):
        return "-" if not spread_ else "{median:.1f} / {p95:.1f} / {worst:.1f}".format(**spread_) + f" {unit}"
    peak = result["peak_mb_per_process"]
    return "\n".join([
        f"N = {result['students']} (arriving over {result['arrival_s']:.0f} s; load average before "
        f"{result['load_average_before'][0]:.1f}, after {result['load_average_after'][0]:.1f}; "
        f"{result['cores']} cores)",
        f"  ok {result['ok']}/{result['students']}; failures: {result['failures'] or 'none'}",
        f"  server ready (median / p95 / worst): {fmt(result['server_ready_s'])}",
        f"  notebook 02 done: {fmt(result['notebook_done_s'])}",
        f"  widget round trip: {fmt(result['widget_round_trip_ms'], 'ms')}",
        "  peak MB per process: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(peak.items())),
        f"  peak MB all processes: {result['peak_mb_all_processes']:.0f}",
        f"  per student after notebook 02, RSS: {fmt(result['per_student_mb_after_notebook'], 'MB')}; "
        f"USS: {fmt(result['per_student_uss_mb_after_notebook'], 'MB')}",
        f"  machine CPU % (median / p95 / worst): {fmt(result['cpu_percent_of_machine'], '%')}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--arrival", type=float, default=60, help="seconds over which the students arrive")
    parser.add_argument("--budget", type=float, default=900, help="time limit of one N's run, in seconds")
    parser.add_argument("--memory-cap-gb", type=float, default=12, help="0: no cap")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hub_load.json")
    args = parser.parse_args(argv)
    print(cap_memory(args.memory_cap_gb), flush=True)
    try:
        return run_classes(args)
    finally:
        leave_memory_cap()


def leave_memory_cap() -> None:
    """Back to the group the run started in, and remove the capped group (empty once the hubs stopped)."""
    own = Path("/sys/fs/cgroup/memory") / next((line.split(":", 2)[2] for line in Path("/proc/self/cgroup")
                                                .read_text().splitlines() if line.split(":")[1] == "memory"), "/").lstrip("/")
    if own.name.startswith("shared-future-load-"):
        (own.parent / "cgroup.procs").write_text(str(os.getpid()))
        try:
            own.rmdir()
        except OSError:
            pass


def run_classes(args) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="hub-load-") as tmp:
        repo = publish_course(Path(tmp))
        for n in args.students:
            workdir = Path(tmp) / f"n{n}"
            workdir.mkdir()
            result = asyncio.run(one_class(n, args.arrival, args.budget, repo, workdir))
            results.append(result)
            print(report(result), flush=True)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=1))
    return 0 if all(r["ok"] == r["students"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
