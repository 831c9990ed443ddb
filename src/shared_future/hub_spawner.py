"""Each student's JupyterLab on the one-machine hub in a private home and a control group of its own.

LocalProcessSpawner runs a student's server as their Unix user but caps nothing: one student's
`while True` or a list of a billion numbers takes the machine from the rest of the class. The
Littlest JupyterHub caps each server through systemd; here the hub (root) makes a Linux control
group per server, as the grader does for a submission (`grading.cgroups`), and the server and every
kernel it starts run inside it:

- **memory** (`COURSE_MEMORY_MB`, default 1024): past it, the kernel's OOM killer stops a process
  of *that* student (the biggest: their kernel, which JupyterLab restarts), never a neighbour's;
- **processes** (`COURSE_PROCESSES`, default 256): a fork bomb stops there;
- **CPU** (`COURSE_CPUS`, default 1 core): a busy loop is throttled to this share of the machine.

It also keeps each student's work private, which `useradd -m` and homes made at first login
(pam_mkhomedir, umask 022) do not: the home is made `0700` before the server starts, and the server
runs with umask 077. Where the machine gives the hub no control group (not root, no cgroup
hierarchy with these controllers), the server starts without caps and the hub's log says so.
"""
from __future__ import annotations

import os
import pwd
from pathlib import Path

from .grading.cgroups import Group

CPU_ROOT = Path("/sys/fs/cgroup/cpu")  # cgroup v1's CPU controller (v2's `cpu.max` is not handled here)
PERIOD_US = 100_000


def caps_from_environment() -> dict[str, float]:
    """The per-student caps the deployment sets (environment variables, so the config file stays as it is)."""
    return {"memory_mb": int(os.environ.get("COURSE_MEMORY_MB", "1024")),
            "processes": int(os.environ.get("COURSE_PROCESSES", "256")),
            "cpus": float(os.environ.get("COURSE_CPUS", "1"))}


class CpuGroup:
    """A cgroup v1 CPU group with a quota of `cpus` cores (CFS bandwidth control)."""

    def __init__(self, name: str, cpus: float):
        self.folder = CPU_ROOT / name
        self.folder.mkdir()
        (self.folder / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (self.folder / "cpu.cfs_quota_us").write_text(str(int(cpus * PERIOD_US)))

    def join(self) -> None:
        (self.folder / "cgroup.procs").write_text("0")

    def remove(self) -> None:
        try:
            self.folder.rmdir()  # its processes were killed by the memory/pids group's removal
        except OSError:
            pass


def capped(base: type) -> type:
    """`base` (a LocalProcessSpawner) with each server in a private home and a capped control group."""

    class CappedSpawner(base):
        caps = caps_from_environment()

        def _home(self) -> Path:
            home = getattr(self, "home_dir", None)  # SimpleLocalProcessSpawner (tests) sets it
            return Path(home or pwd.getpwnam(self.user.name).pw_dir)

        async def start(self):
            home = self._home()
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(home, 0o700)
            self._remove_groups()  # a start that failed before left its group
            try:
                self._groups.append(Group.create(self.caps["processes"], self.caps["memory_mb"]))
                if CPU_ROOT.is_dir():
                    self._groups.append(CpuGroup(self._groups[0].dirs[0].name, self.caps["cpus"]))
            except OSError as err:
                self.log.warning("No per-student caps for %s (%s): memory and CPU are shared", self.user.name, err)
            try:
                return await super().start()
            except BaseException:
                self._remove_groups()
                raise

        def make_preexec_fn(self, name):
            become_student = super().make_preexec_fn(name)
            groups = list(getattr(self, "_groups", []))

            def preexec():
                for group in groups:  # as root, before the server drops to the student's user
                    group.join()
                os.umask(0o077)
                become_student()

            return preexec

        async def stop(self, now=False):
            try:
                await super().stop(now=now)
            finally:
                self._remove_groups()

        def _remove_groups(self) -> None:
            for group in getattr(self, "_groups", []):
                group.remove()
            self._groups = []

    CappedSpawner.__name__ = f"Capped{base.__name__}"
    return CappedSpawner
