"""The Kubernetes files that cannot run here (no cluster) still agree with the course: valid YAML,
pinned versions, the same nbgitpuller folder and first notebook as the class link, and a grading Job
that calls the grader with options it has."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

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


def test_grading_job_calls_the_grader_with_options_it_has():
    job = yaml.safe_load((DEPLOY / "kubernetes" / "grade-job.yaml").read_text())
    assert job["spec"]["completionMode"] == "Indexed"
    command = " ".join(job["spec"]["template"]["spec"]["containers"][0]["args"])
    assert command.startswith("python -m shared_future.grade ")
    usage = subprocess.run([sys.executable, "-m", "shared_future.grade", "--help"],
                           capture_output=True, text=True).stdout
    for option in re.findall(r"(--[a-z-]+)", command):
        assert option in usage, f"the grader has no {option} option"
    assert "${JOB_COMPLETION_INDEX}" in command.split("--out", 1)[1], "each pod writes its own gradebook"
