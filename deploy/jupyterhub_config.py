# A class on one machine: JupyterHub for the course (see deploy/README.md).
#
#   sudo COURSE_ENV=/opt/shared-future/.venv COURSE_ADMINS=teacher \
#        /opt/shared-future/.venv/bin/jupyterhub -f deploy/jupyterhub_config.py
#
# - Students log in with their account on this machine (PAM) and each gets a JupyterLab server
#   running as their own Unix user (LocalProcessSpawner), in their own home folder.
# - Every server runs from one course environment shared by all users (COURSE_ENV: the virtual
#   environment made by README's install, with the `hub` extra). It carries the course package,
#   the JupyterLab setting that keeps charts in widgets from drawing blank (README, "Blank charts")
#   and nbgitpuller, which gives each student their own copy of the course from the class link.
# - The proxy is configurable-http-proxy from npm (`npm ci` in the course folder installs it).
# - Each student's server and kernels run in a control group capped in memory, CPU and processes,
#   in a home only they can read (shared_future.hub_spawner).
# - A Lab terminal opens in the student's copy of the course with the course environment first on
#   PATH (a login shell would reset PATH), so README's grading command works as written.
# - Servers idle for an hour are stopped (jupyterhub-idle-culler); the students' files stay.
#
# Settings come from the environment, so that this file stays as it is:
#   COURSE_ENV        the shared course environment (default: the Python running the hub)
#   COURSE_HUB_URL    where the hub listens (default http://:8000; put HTTPS in front of it)
#   COURSE_ADMINS     comma-separated accounts that may see and stop every server
#   COURSE_STUDENTS   comma-separated accounts allowed to log in (default: every account of the machine)
#   COURSE_HUB_STATE  where the hub keeps its database and cookie secret (default /var/lib/shared-future-hub)
#   COURSE_IDLE_SECONDS  idle time after which a server is stopped (default 3600)
#   COURSE_MEMORY_MB, COURSE_CPUS, COURSE_PROCESSES  caps on each student's server and kernels
#                     (default 1024 MB, 1 core, 256 processes; src/shared_future/hub_spawner.py)
import os
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

from shared_future.hub_spawner import capped
from shared_future.launch import TARGET

c = get_config()  # noqa: F821 (JupyterHub provides it)

COURSE = Path(__file__).resolve().parents[1]
COURSE_ENV = Path(os.environ.get("COURSE_ENV", sys.prefix))
STATE = Path(os.environ.get("COURSE_HUB_STATE", "/var/lib/shared-future-hub"))
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
STATE.chmod(0o700)  # the database and cookie secret: the hub's alone


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [str(COURSE / "node_modules" / ".bin" / "configurable-http-proxy")]

c.JupyterHub.authenticator_class = "pam"
c.Authenticator.admin_users = _names("COURSE_ADMINS")
if _names("COURSE_STUDENTS"):
    c.Authenticator.allowed_users = _names("COURSE_STUDENTS")
else:
    c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = capped(LocalProcessSpawner)
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment = {"PATH": f"{COURSE_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
TERMINAL = f'cd "$HOME/{TARGET}" 2>/dev/null; exec /bin/bash -i'  # bash -i keeps the server's PATH
c.Spawner.args = [f"--ServerApp.terminado_settings=shell_command={['/bin/bash', '-c', TERMINAL]!r}"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

IDLE = int(os.environ.get("COURSE_IDLE_SECONDS", "3600"))
c.JupyterHub.implicit_spawn_seconds = 1  # a culled student's next visit starts their server again
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={IDLE}", f"--cull-every={max(1, min(IDLE // 2, 300))}"],
}]
