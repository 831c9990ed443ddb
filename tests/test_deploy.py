"""The Kubernetes files that cannot run here (no cluster) still agree with the course: valid YAML,
pinned versions, the same nbgitpuller folder and first notebook as the class link, a login that is not
open, manifests valid for the Kubernetes versions the chart supports and within the "restricted" Pod
Security standard, and a grading Job that calls the grader with options it has. (They run in simulated
pods in tests/test_kubernetes.py.)"""
import copy
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from kubernetes_validate import utils as kubernetes_validate

from shared_future import launch

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def test_zero_to_jupyterhub_values_pin_the_image_and_limit_each_student():
    values = yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())
    single = values["singleuser"]
    assert single["image"]["tag"] and single["image"]["tag"] != "latest"
    assert single["memory"]["limit"] and single["cpu"]["limit"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    puller = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert puller[0] == "gitpuller" and puller[-1] == launch.TARGET
    assert single["defaultUrl"] == "/" + launch.lab_path("notebooks/00_start_here.ipynb")
    header = (DEPLOY / "kubernetes" / "config.yaml").read_text()
    assert re.search(r"--version \d+\.\d+\.\d+", header) and re.search(r"repo2docker==\d", header)


def _manifests() -> list[dict]:
    return list(yaml.safe_load_all((DEPLOY / "kubernetes" / "grade-job.yaml").read_text()))


def _job() -> dict:
    return next(m for m in _manifests() if m["kind"] == "Job")


def _grader(job: dict) -> dict:
    return next(c for c in job["spec"]["template"]["spec"]["initContainers"] if c["name"] == "grade")


def test_grading_job_calls_the_grader_with_options_it_has():
    job = _job()
    assert job["spec"]["completionMode"] == "Indexed"
    command = " ".join(_grader(job)["command"])
    assert command.startswith("python -m shared_future.grade ")
    usage = subprocess.run([sys.executable, "-m", "shared_future.grade", "--help"],
                           capture_output=True, text=True).stdout
    for option in re.findall(r"(--[a-z-]+)", command):
        assert option in usage, f"the grader has no {option} option"
    publish = " ".join(job["spec"]["template"]["spec"]["containers"][0]["args"])
    assert "$JOB_COMPLETION_INDEX" in publish.split("/grading/gradebooks", 1)[1], "each pod writes its own gradebook"


# The chart's defaults: the dummy authenticator (any name, any password) and admins who can open any server.
OPEN_AUTHENTICATORS = {"dummy", "null", "jupyterhub.auth.DummyAuthenticator", "jupyterhub.auth.NullAuthenticator"}
ALLOW_RULES = ("allowed_users", "allowed_groups", "allowed_organizations", "allowed_teams", "allowed_projects",
               "allowed_idps", "allowed_google_groups", "hosted_domain")


def login_problems(values: dict) -> list[str]:
    """What makes a hub from these chart values open to anyone, or its admins able to open students' servers."""
    config = values.get("hub", {}).get("config", {})
    hub = config.get("JupyterHub", {})
    problems = []
    if hub.get("authenticator_class", "dummy") in OPEN_AUTHENTICATORS:
        problems.append("the dummy authenticator lets anyone in")
    if any(section.get("allow_all") for section in config.values()):
        problems.append("allow_all lets every user of the identity provider in")
    if not any(section.get(rule) for section in config.values() for rule in ALLOW_RULES):
        problems.append("no allow rule (allowed_users or allowed_groups)")
    if hub.get("admin_access", True):  # the chart's default is true
        problems.append("admin_access lets admins open every student's server")
    return problems


def test_the_hub_login_is_not_open():
    values = yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())
    assert login_problems(values) == []
    oauth = values["hub"]["config"]["GenericOAuthenticator"]
    assert all(oauth[key] for key in ("client_id", "client_secret", "authorize_url", "token_url", "userdata_url"))


def unknown_login_settings(values: dict) -> list[str]:
    """Settings of config.yaml's hub.config that its JupyterHub and authenticator would ignore (a misspelling)."""
    from importlib.metadata import entry_points

    from jupyterhub.app import JupyterHub

    config = values["hub"]["config"]
    name = config["JupyterHub"]["authenticator_class"]
    authenticator = next(e for e in entry_points(group="jupyterhub.authenticators") if e.name == name).load()
    known = {"JupyterHub": set(JupyterHub.class_trait_names(config=True)),
             authenticator.__name__: set(authenticator.class_trait_names(config=True))}
    return [f"{section}.{key}" for section, settings in config.items() for key in settings
            if key not in known.get(section, ())]


def test_the_login_settings_are_the_authenticators_own():
    values = yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())
    assert unknown_login_settings(values) == []
    values["hub"]["config"]["GenericOAuthenticator"]["allowed_group"] = ["typo"]
    assert unknown_login_settings(values) == ["GenericOAuthenticator.allowed_group"]


@pytest.mark.parametrize("change, problem", [
    (lambda c: c["JupyterHub"].update(authenticator_class="dummy"), "dummy"),
    (lambda c: c["JupyterHub"].pop("authenticator_class"), "dummy"),
    (lambda c: c["GenericOAuthenticator"].update(allow_all=True), "allow_all"),
    (lambda c: c["GenericOAuthenticator"].pop("allowed_groups"), "no allow rule"),
    (lambda c: c["JupyterHub"].update(admin_access=True), "admin_access"),
    (lambda c: c["JupyterHub"].pop("admin_access"), "admin_access"),
])
def test_the_login_check_finds_an_open_hub(change, problem):
    values = yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())
    change(values["hub"]["config"])
    assert any(problem in found for found in login_problems(values))


# The chart (4.3.3) supports Kubernetes 1.28 and later; kubernetes-validate knows up to 1.37.
KUBERNETES_VERSIONS = [f"1.{minor}.0" for minor in range(28, 38)]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_is_valid_kubernetes(version):
    for manifest in _manifests():
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_validation_rejects_a_misspelt_field():
    job = _job()
    job["spec"]["template"]["spec"]["securityContext"]["fsGroupp"] = 100
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(job, KUBERNETES_VERSIONS[-1], strict=True)


def restricted_problems(pod: dict) -> list[str]:
    """Where a pod spec breaks the "restricted" Pod Security standard (which includes "baseline")."""
    problems = []
    if pod.get("securityContext", {}).get("seccompProfile", {}).get("type") not in ("RuntimeDefault", "Localhost"):
        problems.append("the pod's seccomp profile must be RuntimeDefault or Localhost")
    if any(pod.get(key) for key in ("hostNetwork", "hostPID", "hostIPC")):
        problems.append("host namespaces")
    if any("hostPath" in volume for volume in pod.get("volumes", [])):
        problems.append("hostPath volume")
    for container in pod.get("initContainers", []) + pod["containers"]:
        context = container.get("securityContext", {})
        if context.get("seccompProfile", {}).get("type", "RuntimeDefault") not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{container['name']}: seccomp {context['seccompProfile']['type']}")
        if context.get("privileged") or context.get("allowPrivilegeEscalation", True):
            problems.append(f"{container['name']}: privilege escalation")
        if context.get("capabilities", {}).get("drop") != ["ALL"] or context.get("capabilities", {}).get("add"):
            problems.append(f"{container['name']}: capabilities not all dropped")
        if context.get("procMount", "Default") != "Default":
            problems.append(f"{container['name']}: unmasked /proc")
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        problems.append("runAsNonRoot")
    return problems


def test_the_grading_pods_meet_the_restricted_pod_security_standard():
    pod = _job()["spec"]["template"]["spec"]
    assert restricted_problems(pod) == []
    assert pod["securityContext"]["fsGroup"] and pod["automountServiceAccountToken"] is False
    claims = {m["metadata"]["name"] for m in _manifests() if m["kind"] == "PersistentVolumeClaim"}
    assert {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"] if "persistentVolumeClaim" in v} <= claims
    grader = _grader(_job())
    assert [m["mountPath"] for m in grader["volumeMounts"] if m["name"] == "grading"] == [], "the submission never sees the volume"


def test_the_pod_security_check_finds_an_unconfined_grader():
    pod = copy.deepcopy(_job()["spec"]["template"]["spec"])
    pod["initContainers"][1]["securityContext"] = {**pod["initContainers"][1]["securityContext"],
                                                   "seccompProfile": {"type": "Unconfined"}}
    assert any("Unconfined" in problem for problem in restricted_problems(pod))


# The chart's values schema is not on PyPI, npm or Debian: fetch the chart once (deploy/README.md,
# "What was tested"), then this test validates config.yaml against it.
CHART = Path(os.environ.get("SHARED_FUTURE_CHART", Path.home() / ".cache" / "shared-future" / "chart-4.3.3" / "jupyterhub"))


def _merged(defaults: dict, values: dict) -> dict:
    """Helm's merge of the chart's values.yaml with the instructor's (maps merged, the rest replaced)."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


@pytest.mark.skipif(not (CHART / "values.yaml").is_file(), reason=f"the chart is not in {CHART} (deploy/README.md)")
def test_config_yaml_is_valid_for_the_pinned_chart():
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["version"] == "4.3.3" and chart["appVersion"].startswith("5.4.")
    schema_file = next(p for p in (CHART / "values.schema.json", CHART / "values.schema.yaml") if p.is_file())
    schema = yaml.safe_load(schema_file.read_text())  # JSON is YAML
    values = _merged(yaml.safe_load((CHART / "values.yaml").read_text()),
                     yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text()))
    validator = jsonschema.Draft7Validator(schema)
    assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(values)] == []
    assert list(validator.iter_errors(_merged(values, {"singleuser": {"memory": {"limitt": "1G"}}}))), "the schema is not blind"
