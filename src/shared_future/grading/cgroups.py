"""One control group per submission, where the machine lets the grader make one: caps on the whole sandbox.

Resource limits (`setrlimit`, in `sandbox`) cap each process, and a submission may start many:
twenty processes of 2 GB each would still take 40 GB, and a fork bomb could fill the process
table (`RLIMIT_NPROC` does not bind a grader running as root, as CI does, and would count all of
the instructor's processes otherwise). Only a Linux control group caps processes together: the
group's `pids` cap stops a fork bomb at `Limits.processes`, its `memory` cap makes the kernel's
OOM killer pick a process *of the submission* once they hold `Limits.group_memory_mb` between them.

The grader may create groups when it runs as root: cgroup v1, as on this project's CI machine
(tested there), or v2 (untested here), where the group goes at the top of the hierarchy because
v2 lets a group with processes of its own have no capped subgroups. Elsewhere `problem()` says
why, the grade command says that these two caps are off, and grading goes on with the per-process caps.
"""
from __future__ import annotations

import functools
import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CONTROLLERS = ("pids", "memory")
V1_FILES = {"pids": "pids.max", "memory": "memory.limit_in_bytes"}
V2_FILES = {"pids": "pids.max", "memory": "memory.max"}


def _mounts() -> dict[str, Path]:
    """Where each controller's hierarchy is mounted: v1 controllers by name, the v2 hierarchy as "unified"."""
    found: dict[str, Path] = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        dash = fields.index("-")
        fstype, mount, options = fields[dash + 1], Path(fields[4]), fields[dash + 3].split(",")
        if fstype == "cgroup2":
            found.setdefault("unified", mount)
        elif fstype == "cgroup":
            for name in CONTROLLERS:
                if name in options:
                    found.setdefault(name, mount)
    return found


def _own_groups() -> dict[str, str]:
    """This process's group in each hierarchy, from /proc/self/cgroup ("unified" for v2)."""
    groups = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        number, controllers, path = line.split(":", 2)
        if number == "0":
            groups["unified"] = path
        for name in controllers.split(","):
            groups[name] = path
    return groups


def _layout() -> dict[str, Path]:
    """controller → the folder a new group goes in: under the grader's own group in v1 where both controllers
    have a hierarchy, else at the top of the v2 hierarchy."""
    mounts, own = _mounts(), _own_groups()
    if all(name in mounts for name in CONTROLLERS):
        return {name: mounts[name] / own.get(name, "/").lstrip("/") for name in CONTROLLERS}
    if "unified" in mounts:  # v2 lets only the top group hold processes beside subgroups with controllers
        return {"unified": mounts["unified"]}
    return {}


@dataclass
class Group:
    """A submission's control group: one folder per hierarchy, each with its caps written."""

    dirs: list[Path]

    @classmethod
    def create(cls, processes: int, memory_mb: int) -> Group:
        """A new group with these caps; raises OSError (with the reason) where the machine does not allow one."""
        layout = _layout()
        if not layout:
            raise OSError("this system mounts no cgroup hierarchy with the pids and memory controllers")
        name = f"shared-future-{uuid.uuid4().hex[:12]}"
        caps = {"pids": str(processes), "memory": str(memory_mb * 2**20)}
        group = cls([])
        try:
            for controller, parent in layout.items():
                folder = parent / name
                folder.mkdir()
                group.dirs.append(folder)
                files = V2_FILES if controller == "unified" else {controller: V1_FILES[controller]}
                for cap, file in files.items():
                    (folder / file).write_text(caps[cap])
        except OSError:
            group.remove()
            raise
        return group

    def join(self) -> None:
        """Move the calling process into the group (called in the child, before it runs anything)."""
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text("0")

    def remove(self) -> None:
        """Kill every process still in the group, then remove its folders."""
        for folder in self.dirs:
            for _ in range(50):  # a process may still be forking while the group is emptied
                pids = [int(p) for p in _read(folder / "cgroup.procs").split()]
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.01)
            for _ in range(50):  # the kernel lets go of a group a moment after its last process died
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        return ""


@functools.lru_cache(maxsize=1)
def problem() -> str:
    """Why submissions cannot get a control group here, or "" when they can (a probe group is made and removed)."""
    try:
        Group.create(processes=64, memory_mb=64).remove()
    except OSError as err:
        return f"no control group for each submission ({err.strerror or err})"
    return ""
