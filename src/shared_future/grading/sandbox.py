"""One sandbox per submission: bubblewrap, resource caps, and no process left behind.

Why bubblewrap: it is a small, unprivileged tool (Debian package `bubblewrap`, the sandbox behind
Flatpak) that gives a process its own view of the file system and its own namespaces, without
Docker or root. Each submission's pytest/nbval run and its kernel see:

- the system (`/usr`), the Python installation and the course package, all read-only, with
  `shared_future.checks` replaced by an empty stub (the checks run outside, see `checking`);
- a private, writable temporary folder holding the graded copy and a copy of `data/`, and that
  copy again at the package's own data path, so `shared_future.data` reads and writes the copy;
- nothing else: no `exercises/solutions/`, no submissions folder, no home folder, no `/etc`
  beyond what a dynamic linker needs, no network (a namespace with only loopback), and a process
  namespace of its own, so that every process the submission starts, in whatever session, dies
  when grading of that submission ends.

Caps apply to every process inside (set before `bwrap` starts, inherited): address space
(`RLIMIT_AS`), file size (`RLIMIT_FSIZE`), core dumps off; cell output is capped by `watch`, the
plugin loaded into the sandboxed pytest. Where the machine allows, a control group (`cgroups`) also
caps the number of processes and the memory they hold together. Where bubblewrap is missing or cannot make namespaces,
`problem()` says why and `PROTECTIONS_OFF` lists what the instructor gives up with `--unsandboxed`.
"""
from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import data, exercises
from . import cgroups

PROTECTIONS_OFF = (
    "the course, the Python environment and your home folder are readable and writable by submissions",
    "exercises/solutions/ and the checks are readable by submissions",
    "other submissions in the folder are readable and writable",
    "the course's real data/ is reachable through its absolute path",
    "submissions have network access",
    "a process started in a session of its own can outlive grading",
)
STUB_CHECKS = '''"""The instructor's checks are not available while a submission runs: they run outside the sandbox."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    import types
    return types.ModuleType(f"shared_future.checks.{name} (not available while grading)")
'''
ETC_FILES = ("ld.so.cache", "ld.so.conf", "localtime", "nsswitch.conf", "passwd", "group", "fonts", "matplotlibrc")


@dataclass(frozen=True)
class Limits:
    """Caps for one submission: memory per process, size of any file it writes, output per cell, and (where
    `cgroups` can make a group) its processes and their memory together."""

    memory_mb: int = 2048
    file_mb: int = 200
    output_mb: int = 2
    processes: int = 256  # threads count too: an honest run (bwrap, pytest, the kernel) uses about 30
    disk_mb: int = 500  # all files in the private folder together (an honest run writes under 5 MB)
    files: int = 10_000
    total_memory_mb: int = 0  # 0: the cap per process plus 1 GB for pytest and the rest

    @property
    def group_memory_mb(self) -> int:
        return self.total_memory_mb or self.memory_mb + 1024


@functools.lru_cache(maxsize=1)
def problem() -> str:
    """Why submissions cannot be sandboxed on this machine, or "" when bubblewrap works."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    try:
        probe = subprocess.run(["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/", "/",
                                "--proc", "/proc", "--dev", "/dev", "true"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bubblewrap could not start ({err})"
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here ({probe.stderr.strip() or probe.returncode})"
    return ""


def _system_mounts() -> list[str]:
    """/usr read-only, the merged-/usr links (/bin, /lib ...) as they are, and the few /etc files needed."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        path = Path("/", name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


def _package_parent() -> Path:
    """The folder holding the course package the grader itself imported (a checkout's `src/`, or site-packages)."""
    return Path(exercises.__file__).resolve().parents[1]


def _python_dirs() -> list[Path]:
    """The interpreter, the environment and the course package: what the sandbox must be able to import."""
    package_parent = _package_parent()
    dirs: list[Path] = []
    for path in sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package_parent}, key=lambda p: len(p.parts)):
        if not any(path.is_relative_to(d) for d in dirs) and not path.is_relative_to("/usr"):
            dirs.append(path)
    return dirs


def prepare(workdir: Path) -> None:
    """The private folder's contents: a copy of data/, a stub checks package, and homes for the tools' caches."""
    shutil.copytree(data.DATA_DIR, workdir / "data", ignore=shutil.ignore_patterns("_*"))
    for name in ("home", "runtime", "mpl", "stub_checks", "answers", "exercises"):
        (workdir / name).mkdir()
    (workdir / "stub_checks" / "__init__.py").write_text(STUB_CHECKS, encoding="utf-8")
    import matplotlib  # its font list, so that the kernel does not rebuild it for every submission

    for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        shutil.copy(cache, workdir / "mpl")


def environment(workdir: Path, limits: Limits) -> dict[str, str]:
    """The only environment variables a submission sees: none of the instructor's."""
    return {
        "PATH": f"{Path(sys.executable).absolute().parent}:/usr/bin:/bin", "HOME": str(workdir / "home"), "LANG": "C.UTF-8",
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"), "JUPYTER_PLATFORM_DIRS": "1", "IPYTHONDIR": str(workdir / "home"),
        "MPLCONFIGDIR": str(workdir / "mpl"), "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
        # `python -m` would put the working folder, which the submission can write, first on the path:
        # a `pytest.py` planted there would be the next run's pytest (the kernel still adds it for the learner's code)
        "PYTHONSAFEPATH": "1",
        # nbval reads the graded copy once: jsonschema validates it in 11 ms, fastjsonschema first compiles
        # the schema (40 ms in all)
        "NBFORMAT_VALIDATOR": "jsonschema",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "SHARED_FUTURE_OUTPUT_MB": str(limits.output_mb),
        # the kernel imports the same course package as the grader, even where that is not the installed one
        "PYTHONPATH": str(_package_parent()),
    }


def wrap(command: list[str], workdir: Path, hidden: list[Path]) -> list[str]:
    """`command` inside bubblewrap, seeing only what the module docstring lists; `hidden` folders stay out."""
    checks_dir = Path(exercises.__file__).resolve().parent / "checks"
    args = ["bwrap", "--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", *_system_mounts(), "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in _python_dirs():
        args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind", str(workdir / "stub_checks"), str(checks_dir)]
    for path in [exercises.SOLUTIONS_DIR, *hidden]:
        path = path.resolve()
        if any(path.is_relative_to(d) for d in _python_dirs()) and path.is_dir():
            args += ["--tmpfs", str(path)]
    args += ["--bind", str(workdir), str(workdir), "--bind", str(workdir / "data"), str(data.DATA_DIR.resolve()),
             "--chdir", str(workdir / "exercises"), "--"]
    return args + command


def _caps(limits: Limits, group: cgroups.Group | None) -> None:
    """Runs in the child before exec: the caps every process of the submission inherits, and its control group."""
    for kind, megabytes in ((resource.RLIMIT_AS, limits.memory_mb), (resource.RLIMIT_FSIZE, limits.file_mb)):
        resource.setrlimit(kind, (megabytes * 2**20, megabytes * 2**20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if group is not None:
        group.join()


def _kill_group(pid: int) -> None:
    """Kill the whole process group; in the sandbox the PID namespace ends with bwrap, taking every descendant."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class Finished:
    """How a sandboxed command ended: its exit code, or (None and) why it was stopped; the tail of its output."""

    returncode: int | None
    output: str
    stopped: str = ""


DISK_POLL = 0.25  # seconds between two looks at the private folder's size


def _usage(folder: Path, most: int) -> tuple[int, int]:
    """(bytes, entries) in `folder`, counting no further than `most` entries (a million tiny files must not stall the grader)."""
    size = entries = 0
    pending = [folder]
    while pending and entries <= most:
        try:
            with os.scandir(pending.pop()) as listing:
                for entry in listing:
                    entries += 1
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                    else:
                        size += entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue  # a folder removed while looking
    return size, entries


def _overuse(workdir: Path, limits: Limits) -> str:
    """Why the private folder holds too much, or ""."""
    size, entries = _usage(workdir, limits.files)
    if size > limits.disk_mb * 2**20:
        return f"the submission wrote more than {limits.disk_mb} MB into its folder and was stopped"
    if entries > limits.files:
        return f"the submission made more than {limits.files} files in its folder and was stopped"
    return ""


def run(command: list[str], workdir: Path, *, sandboxed: bool, hidden: list[Path], budget: float, limits: Limits) -> Finished:
    """Run `command` for one submission, in the sandbox or (if not `sandboxed`) only capped, and leave nothing running.

    Its output goes to a file in the private folder, not a pipe: a kernel that writes a flood
    straight to its inherited standard output fills at most `limits.file_mb` there, never the
    grader's memory.
    """
    argv = wrap(command, workdir, hidden) if sandboxed else command
    log = workdir / "output.log"
    group = None if cgroups.problem() else cgroups.Group.create(limits.processes, limits.group_memory_mb)
    try:
        with log.open("wb") as sink:
            process = subprocess.Popen(argv, cwd=workdir / "exercises", env=environment(workdir, limits),
                                       stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                       start_new_session=True, preexec_fn=functools.partial(_caps, limits, group))
        # The watcher stops the run at the budget or when its folder grows too big; the grader itself
        # waits with `wait()`, not `wait(timeout=...)`, which polls in sleeps of up to 50 ms.
        done, stopped = threading.Event(), []
        watcher = threading.Thread(target=_watch, args=(process.pid, workdir, limits, budget, done, stopped), daemon=True)
        watcher.start()
        try:
            process.wait()
        finally:
            done.set()
            watcher.join()
            _kill_group(process.pid)
            process.wait()
    finally:
        if group is not None:  # also whatever left the process group, unsandboxed, or a Popen that failed
            group.remove()
    with log.open("rb") as output:
        output.seek(max(0, log.stat().st_size - 5000))
        tail = output.read().decode("utf-8", "replace")
    return Finished(None, tail, stopped[0]) if stopped else Finished(process.returncode, tail)


def _watch(pid: int, workdir: Path, limits: Limits, budget: float, done: threading.Event, stopped: list[str]) -> None:
    """Runs beside a submission until `done`: kills it at the time budget, or when its folder holds too much.

    Files in the private folder go to the grader's disk, which no rlimit caps as a whole
    (`RLIMIT_FSIZE` caps each file); looking four times a second bounds what a submission can
    write to about the cap plus what a disk takes in a quarter of a second.
    """
    deadline = time.monotonic() + budget
    while not done.wait(DISK_POLL):
        reason = f"grading took longer than {budget:g} s and was stopped" if time.monotonic() > deadline else _overuse(workdir, limits)
        if reason:
            stopped.append(reason)
            _kill_group(pid)
            return
