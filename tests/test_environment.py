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


def test_the_students_jupyterhub_is_the_charts():
    """jupyterhub-singleuser in the students' image speaks to the chart's hub: the same minor version."""
    from packaging.specifiers import SpecifierSet

    header = (ROOT / "deploy" / "kubernetes" / "config.yaml").read_text()
    hub = re.search(r"Chart [\d.]+ runs JupyterHub ([\d.]+)", header).group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_spec = next(r for r in project["optional-dependencies"]["hub"] if _name(r) == "jupyterhub")
    conda_spec = re.search(r"^\s+- (jupyterhub[^\s#]*)", (ROOT / "environment.yml").read_text(), re.M).group(1)
    assert pip_spec.replace(" ", "") == conda_spec
    allowed = SpecifierSet(pip_spec[len("jupyterhub"):])
    assert hub in allowed and f"{hub.rsplit('.', 1)[0]}.99" in allowed
    assert not any(f"{major}.0.0" in allowed for major in range(int(hub.split(".")[0]) + 1, 10)), "a newer major version"
