"""A Kubernetes pod on this machine, closely enough to test what the course's image does in one.

The *image* is what repo2docker builds from the student edition: an environment outside the home
folder holding the course's dependencies, into which `postBuild` installs the course, run from the
edition's folder as repo2docker runs it. Here the environment is a virtual environment whose
dependencies are this checkout's (links to the same installed packages: pyproject.toml's, which
tests/test_environment.py holds equal to environment.yml's), so building it costs seconds, not a
download; `postBuild` itself runs as written, with pip.

A *pod* runs a container's command in bubblewrap the way a pod runs it: the system read-only, the
container's volumes bound at their mount paths (anything else under /home and /tmp is gone), user
1000 with no capabilities, no network, its own processes, and a `/proc` whose `/proc/sys` is
read-only, as the runtime's masked `/proc` leaves it (a nested sandbox cannot mount a fresh
`/proc` under it).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

SKIPPED = ("shared_future", "shared_future_notebooks-", "_editable_impl_", "a1_coverage", "__pycache__")


def build_image(edition: Path, prefix: Path) -> Path:
    """The image's environment at `prefix`, with the course installed by the edition's own `postBuild`."""
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    ours = Path(sysconfig.get_paths()["purelib"])
    theirs = prefix / Path(sysconfig.get_paths()["purelib"]).relative_to(sys.prefix)
    for entry in ours.iterdir():  # every dependency, not this checkout's editable course
        if not entry.name.startswith(SKIPPED):
            (theirs / entry.name).symlink_to(entry)
    for script in Path(sys.prefix, "bin").iterdir():  # console scripts (pip, pytest, gitpuller ...), run by the image's Python
        if script.is_file() and not script.name.startswith(("python", "activate")) and not (prefix / "bin" / script.name).exists():
            lines = script.read_bytes().split(b"\n", 1)
            if lines[0].startswith(b"#!") and b"python" in lines[0] and len(lines) == 2:
                target = prefix / "bin" / script.name
                target.write_bytes(b"#!" + str(prefix / "bin" / "python").encode() + b"\n" + lines[1])
                target.chmod(0o755)
    env = {**os.environ, "PATH": f"{prefix / 'bin'}:/usr/bin:/bin", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(["bash", "postBuild"], cwd=edition, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return prefix


def run(command: list[str], *, binds: dict[str, tuple[Path, bool]], workdir: str, env: dict[str, str],
        timeout: int = 600) -> subprocess.CompletedProcess:
    """`command` in a simulated pod: `binds` maps a mount path to (host folder, writable)."""
    args = ["bwrap"]
    for entry in sorted(Path("/").iterdir()):  # the system as the image's, read-only
        if entry.name not in ("home", "tmp", "run", "proc", "dev") and (entry.is_dir() or entry.is_symlink()):
            args += ["--symlink", os.readlink(entry), str(entry)] if entry.is_symlink() else ["--ro-bind", str(entry), str(entry)]
    args += ["--tmpfs", "/home", "--tmpfs", "/tmp", "--tmpfs", "/run",
            "--dev", "/dev", "--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys",
            "--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--clearenv"]
    for mount, (folder, writable) in sorted(binds.items()):
        args += ["--bind" if writable else "--ro-bind", str(folder), mount]
    for path in env.get("PATH", "").split(":"):  # the image's environment, over any volume that would hide it
        if path.startswith(("/tmp/", "/home/")) and Path(path).parent.is_dir():
            args += ["--ro-bind", str(Path(path).parent), str(Path(path).parent)]
    if sys.prefix.startswith(("/tmp/", "/home/")):  # where the image's dependency links point (`build_image`)
        args += ["--ro-bind", sys.prefix, sys.prefix]
    for name, value in env.items():
        args += ["--setenv", name, value]
    args += ["--remount-ro", "/", "--chdir", workdir, "--", *command]  # readOnlyRootFilesystem
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def image_env(prefix: Path, home: str = "/home/jovyan") -> dict[str, str]:
    """The environment repo2docker's image gives a container: its environment first on the PATH."""
    return {"PATH": f"{prefix / 'bin'}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "USER": "jovyan"}
