"""environment.yml (conda, Binder) and pyproject.toml (pip) install the same packages."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_pyproject_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    listed = set()
    environment = (ROOT / "environment.yml").read_text()
    for line in environment.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"\s+- ([A-Za-z][\w.\-]*)", line)
        if m and m.group(1) not in ("pip", "python"):
            listed.add(_name(m.group(1)))
    assert wanted == listed, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"


def test_jupyterlab_setting_ships_with_the_package():
    """The subshell fix (README, "Blank charts") is installed into share/jupyter/lab/settings."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"jupyter-settings/overrides.json" = "share/jupyter/lab/settings/overrides.d/shared-future-notebooks.json"' in pyproject
    assert '"commsOverSubshells": "disabled"' in (ROOT / "jupyter-settings" / "overrides.json").read_text()
