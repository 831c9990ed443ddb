"""The Kubernetes configuration in simulated pods (tests/simulated_pod.py): a student's server with their
own volume over the home folder, and the grading Job's containers run with the manifest's own commands."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
import yaml

import simulated_pod
from shared_future import exercises, launch

ROOT = Path(__file__).resolve().parents[1]
KUBERNETES = ROOT / "deploy" / "kubernetes"
HOME = "/home/jovyan"
PURELIB = Path(sysconfig.get_paths()["purelib"]).relative_to(sys.prefix)  # site-packages, inside an environment

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap (apt-get install bubblewrap)")


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """(student edition, the image's environment): what repo2docker builds from the edition."""
    base = tmp_path_factory.mktemp("image")
    edition = base / "edition"
    result = subprocess.run([sys.executable, "-m", "shared_future.student", "--out", str(edition)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return edition, simulated_pod.build_image(edition, base / "env")


@pytest.fixture(scope="module")
def student_branch(image, tmp_path_factory):
    """A git repository whose branch `student` holds the edition, as the class link's repository does."""
    edition, _ = image
    repo = tmp_path_factory.mktemp("remote") / "course"
    shutil.copytree(edition, repo)
    for args in (["init", "-q", "-b", "student"], ["add", "-A"], ["commit", "-q", "-m", "edition"]):
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@localhost", *args], check=True)
    return repo


def _values():
    return yaml.safe_load((KUBERNETES / "config.yaml").read_text())


def _job():
    return next(d for d in yaml.safe_load_all((KUBERNETES / "grade-job.yaml").read_text()) if d["kind"] == "Job")


def _in_student_pod(command, image, home, student_branch, workdir=HOME):
    _, prefix = image
    binds = {HOME: (home, True), "/run/course": (student_branch, False)}
    return simulated_pod.run(command, binds=binds, workdir=workdir, env=simulated_pod.image_env(prefix))


def test_a_student_pod_pulls_the_course_runs_notebook_00_and_grades_an_exercise(image, student_branch, tmp_path):
    """Whatever the image had in /home/jovyan is hidden by the student's own (empty) volume."""
    home = tmp_path / "volume"
    home.mkdir()
    puller = _values()["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    pulled = _in_student_pod([puller[0], "/run/course", *puller[2:]], image, home, student_branch)
    assert pulled.returncode == 0, pulled.stdout[-2000:] + pulled.stderr[-2000:]
    course = f"{HOME}/{launch.TARGET}"
    assert (home / launch.TARGET / "notebooks" / "00_start_here.ipynb").is_file()
    found = _in_student_pod(["python", "-c", "import shared_future.data as d; print(d.__file__); print(d.DATA_DIR)"],
                            image, home, student_branch, f"{course}/notebooks")
    assert found.stdout.split() == [str(image[1] / PURELIB / "shared_future" / "data.py"), f"{course}/data"], found.stderr

    executed = _in_student_pod(["python", "-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", "/tmp",
                                "notebooks/00_start_here.ipynb"], image, home, student_branch, course)
    assert executed.returncode == 0, executed.stderr[-3000:]

    solution = exercises.solution_path("01")  # the student answered every question
    answered = exercises.learner_path(solution).name  # the student's own copy, every answer filled in
    shutil.copy(solution, home / launch.TARGET / "exercises" / answered)
    graded = _in_student_pod(["pytest", "--nbval-lax", f"exercises/{answered}"], image, home, student_branch, course)
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-2000:]
    assert "Total:" in graded.stdout and str(ROOT) not in graded.stdout


def _container(name):
    spec = _job()["spec"]["template"]["spec"]
    return next(c for c in spec["initContainers"] + spec["containers"] if c["name"] == name)


def _run_container(name, image, volumes, index):
    """One container of the Job's pod, with its exact command, its volumes and its working folder."""
    edition, prefix = image
    container = _container(name)
    binds = {HOME: (edition, False)}  # the image's own copy of the course, as repo2docker leaves it
    for mount in container["volumeMounts"]:
        binds[mount["mountPath"]] = (volumes[mount["name"]], not mount.get("readOnly", False))
    env = {**simulated_pod.image_env(prefix), "JOB_COMPLETION_INDEX": str(index),
           **{variable["name"]: variable["value"] for variable in container.get("env", [])}}
    return simulated_pod.run(container.get("command", []) + container.get("args", []), binds=binds,
                             workdir=container.get("workingDir", "/"), env=env)


def test_the_grading_job_grades_each_submission_in_a_pod_of_its_own(image, tmp_path):
    job = _job()
    claim = tmp_path / "claim"
    (claim / "submissions").mkdir(parents=True)
    solution = exercises.solution_path("01")
    shutil.copy(solution, claim / "submissions" / "ada.ipynb")
    shutil.copy(exercises.learner_path(solution), claim / "submissions" / "bob.ipynb")  # nothing answered
    eve = nbformat.read(solution, as_version=4)  # right answers, and a go at everything else on the way
    first = next(cell for cell in eve.cells if exercises.role(cell) == "answer")
    first.source = ATTACK + first.source
    nbformat.write(eve, claim / "submissions" / "eve.ipynb")
    for index, student in enumerate(["ada", "bob", "eve"]):
        volumes = {"grading": claim}
        for volume in job["spec"]["template"]["spec"]["volumes"]:
            if "emptyDir" in volume:
                volumes[volume["name"]] = tmp_path / f"pod-{index}" / volume["name"]
                volumes[volume["name"]].mkdir(parents=True)
        for name in ("take", "grade", "publish"):
            result = _run_container(name, image, volumes, index)
            assert result.returncode == 0, f"{name}: {result.stdout[-2000:]} {result.stderr[-3000:]}"
        with open(claim / "gradebooks" / str(index) / "gradebook.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert {row["student"] for row in rows} == {student}, "each pod grades its one submission"
        points = sum(float(row["points"]) for row in rows)
        assert (points > 0) == (student != "bob")
    assert not [path for path in claim.rglob("*") if "eve-was-here" in path.name], "eve reached the shared volume"
    assert sorted(p.name for p in (claim / "submissions").iterdir()) == ["ada.ipynb", "bob.ipynb", "eve.ipynb"]


# A submission that tries the shared volume (other students' work and gradebooks) and the image's course.
ATTACK = """import pathlib
for _target in ["/grading/gradebooks/eve-was-here", "/grading/submissions/eve-was-here",
                "/grading/submissions/bob.ipynb", "/home/jovyan/data/eve-was-here"]:
    try:
        pathlib.Path(_target).write_text("eve-was-here")
    except OSError:
        pass
"""


def test_in_a_pod_that_cannot_sandbox_the_grader_says_why_and_waits_to_be_told(image, tmp_path):
    """The preflight: without `--unsandboxed` (the manifest's word that the pod is the sandbox) it grades nothing."""
    claim = tmp_path / "claim"
    (claim / "submissions").mkdir(parents=True)
    shutil.copy(exercises.solution_path("01"), claim / "submissions" / "ada.ipynb")
    volumes = {"grading": claim, **{name: tmp_path / name for name in ("in", "out", "tmp")}}
    for folder in volumes.values():
        folder.mkdir(exist_ok=True)
    assert _run_container("take", image, volumes, 0).returncode == 0
    grade = _container("grade")
    told = grade["command"]
    assert "--unsandboxed" in told
    edition, prefix = image
    binds = {HOME: (edition, False), "/in": (volumes["in"], False), "/out": (volumes["out"], True), "/tmp": (volumes["tmp"], True)}
    result = simulated_pod.run([arg for arg in told if arg != "--unsandboxed"], binds=binds, workdir=grade["workingDir"],
                               env={**simulated_pod.image_env(prefix), "HOME": "/tmp"})
    assert result.returncode == 2, result.stderr[-2000:]
    assert "cannot mount a fresh /proc" in result.stderr and not any(volumes["out"].iterdir())


def test_an_editable_install_is_hidden_by_the_students_volume(tmp_path):
    """The postBuild this replaced (`pip install -e .`) left the course in the home folder: no module in the pod."""
    edition = tmp_path / "edition"
    subprocess.run([sys.executable, "-m", "shared_future.student", "--out", str(edition)], check=True, capture_output=True)
    postbuild = edition / "postBuild"
    postbuild.write_text(re.sub(r"pip install (.*) \.$", r"pip install \1 -e .", postbuild.read_text(), flags=re.M))
    assert "-e ." in postbuild.read_text()
    prefix = simulated_pod.build_image(edition, tmp_path / "env")
    home = tmp_path / "volume"
    shutil.copytree(edition, home / launch.TARGET)  # even with the course pulled into the home folder
    result = simulated_pod.run(["python", "-c", "import shared_future"], binds={HOME: (home, True)},
                               workdir=f"{HOME}/{launch.TARGET}/notebooks", env=simulated_pod.image_env(prefix))
    assert "No module named 'shared_future'" in result.stderr
