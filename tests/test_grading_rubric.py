"""Written responses: read them with their rubric, mark them (command line or sheet), partly or wholly; overrides;
the concept report. No kernel: the graded results are made here and stored in a gradebook."""
from __future__ import annotations

import copy
import dataclasses
import html

import pandas as pd
import pytest

from shared_future import exemplars, exercises, grade, grading
from shared_future.grading import gradebook, marking
from shared_future.grading.pipeline import Graded

RESPONSE = "Wang Yi writes as a member of the leadership. " * 20 + "<script>alert(1)</script>"


def store(db, exercise, graded: list[Graded]) -> None:
    version = gradebook.register(db, exercise)
    run = gradebook.start_run(db, exercise.number, version, {})
    for g in graded:
        gradebook.record(db, run, exercise, version, g, f"{g.student}.ipynb", g.student, gradebook.now())


@pytest.fixture()
def marked(tmp_path):
    """Exercise 01 graded for two students: ann answered everything, bob nothing; files written from the gradebook."""
    exercise = grading.Exercise.load("01")
    (written,) = exercise.written
    db = gradebook.connect(tmp_path / "gradebook.db")
    store(db, exercise, [Graded("ann", {q: (True, "") for q in exercise.points}, responses={written: RESPONSE},
                                warnings=["Q2: 2 cells are marked as its answer cell; only the last one is graded"]),
                         Graded("bob", {q: (False, f"{q.upper()}: not answered yet") for q in exercise.points})])
    out = tmp_path / "gradebook-01"
    grading.export(db, exercise, out)
    return exercise, written, out, db


def summary(out):
    return pd.read_csv(out / "summary.csv", keep_default_na=False).set_index("student")


def test_grading_records_the_response_and_writes_what_marking_needs(marked):
    exercise, qid, out, _ = marked
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ann", qid), ["kind", "status", "points"]].tolist() == ["written", "submitted", 0]
    assert book.loc[("ann", qid), "words"] == str(9 * 20 + 4)  # the sentence 20 times, and "script alert 1 script"
    assert book.loc[("bob", qid), "status"] == "missing"
    page = (out / f"responses-{qid}.html").read_text()
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert all(c["criterion"].replace("`", "")[:20] in page.replace("`", "") or c["id"] in page for c in exercise.rubrics[qid])
    assert "0 of 4 criteria marked" in page and "python -m shared_future.grade mark --exercise 01 ann q9" in page
    calibration = page[page.index("<h2>Calibration exemplars</h2>"):page.index("<h2>ann</h2>")]
    assert page.index("<h2>Rubric</h2>") < page.index("<h2>Calibration exemplars</h2>"), "beside the rubric, before the responses"
    assert calibration.count('<details class="exemplar">') == 3 and "not real students' work" in calibration
    for exemplar in exemplars.of("01", qid):
        top = sum(c["points"] for c in exercise.rubrics[qid])
        assert f"<summary>{exemplar.level.capitalize()}: {exemplar.total} of {top} points" in calibration
        assert html.escape(exemplar.response).replace("\n", "<br>") in calibration, "the response, escaped"
        assert all(html.escape(m.why) in calibration for m in exemplar.marks)
        assert all(f'Deliberate misquote (not in the texts): "{html.escape(q)}"' in calibration for q in exemplar.misquotes)
    sheet = pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str)
    assert list(sheet.columns) == ["student", "question", "criterion", "points"]
    criteria = [c["id"] for c in exercises.rubrics("01")[qid]]
    assert sheet[sheet["student"] == "ann"]["criterion"].tolist() == criteria
    assert set(sheet[sheet["student"] == "ann"]["points"]) == {""} and set(sheet[sheet["student"] == "bob"]["points"]) == {"0"}
    assert "only the last one is graded" in summary(out).loc["ann", "warnings"]
    assert "only the last one is graded" in (out / "feedback" / "ann.html").read_text()


def test_without_the_instructors_folder_the_marking_page_says_exemplars_are_not_available(marked, monkeypatch):
    exercise, qid, out, db = marked
    monkeypatch.setattr(exemplars, "FOLDER", out / "no-instructors")
    grading.export(db, exercise, out)
    page = (out / f"responses-{qid}.html").read_text()
    assert "Calibration exemplars are not available here" in page and "<details" not in page
    assert "ann" in page and "0 of 4 criteria marked" in page, "the rest of the page is as before"


def test_the_sheet_round_trip_adds_rubric_points_to_the_auto_graded_ones(marked):
    exercise, qid, out, db = marked
    sheet = pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str)
    maximum = {c["id"]: c["points"] for c in exercise.rubrics[qid]}
    ann = sheet["student"] == "ann"
    sheet.loc[ann, "points"] = [str(maximum[c] - (i == 0)) for i, c in enumerate(sheet.loc[ann, "criterion"])]
    auto = sum(p for q, p in exercise.points.items() if q != qid)
    for changed in (len(maximum), 0):  # importing again changes nothing
        assert marking.import_sheet(db, "01", sheet, "me") == changed
        grading.export(db, exercise, out)
        assert summary(out).loc["ann", "score"] == auto + sum(maximum.values()) - 1
        assert summary(out).loc["bob", "score"] == 0 and summary(out).loc["ann", "max"] == auto + sum(maximum.values())
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ann", qid), "message"] == f"{qid.upper()}: {sum(maximum.values()) - 1} of {sum(maximum.values())} rubric points"
    assert pd.read_csv(out / "canvas.csv").set_index("SIS Login ID").loc["ann", "Exercise 01"] == auto + sum(maximum.values()) - 1
    assert "Total: " + str(auto + sum(maximum.values()) - 1) in (out / "feedback" / "ann.html").read_text()
    assert summary(out).loc["ann", "marking"] == "all criteria marked"


def test_partial_marking_from_the_command_line_is_shown_as_partial(marked, tmp_path, monkeypatch, capsys):
    exercise, qid, out, _ = marked
    monkeypatch.chdir(tmp_path)
    assert grade.main(["mark", "--exercise", "01", "ann", qid, "c1=2", "c3=1"]) == 0
    assert "ann: " in capsys.readouterr().out
    total = len(exercise.rubrics[qid])
    assert summary(out).loc["ann", "marking"] == f"2 of {total} criteria marked"
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ann", qid), "points"] == 3
    assert book.loc[("ann", qid), "message"].endswith(f"so far (2 of {total} criteria marked)")
    assert f"2 of {total} criteria marked: c1=2 c3=1" in (out / f"responses-{qid}.html").read_text()
    assert grade.main(["mark", "--exercise", "01", "ann", qid, "c1=9"]) == 1
    assert "points must be a whole number from 0 to 2" in capsys.readouterr().err
    assert grade.main(["mark", "--exercise", "01", "zed", qid, "c1=1"]) == 1
    assert "no graded submission of exercise 01 from 'zed'" in capsys.readouterr().err


def test_an_override_replaces_the_points_and_says_why(marked, tmp_path, monkeypatch):
    _, _, out, _ = marked
    monkeypatch.chdir(tmp_path)
    assert grade.main(["override", "--exercise", "01", "bob", "q3", "1", "--reason", "right idea, typo in the id"]) == 0
    assert summary(out).loc["bob", "score"] == 1
    assert "instructor&#x27;s override: right idea, typo in the id" in (out / "feedback" / "bob.html").read_text()


@pytest.mark.parametrize(("change", "problem"), [
    (lambda s: s.assign(points="99"), "points must be a whole number from 0 to"),
    (lambda s: s.assign(points="two"), "points must be a whole number"),
    (lambda s: pd.concat([s, s.iloc[:1]]), "this row appears twice"),
    (lambda s: s.assign(criterion="c99"), "no such question and criterion"),
    (lambda s: s.assign(student="zed"), "no such student"),
    (lambda s: s.rename(columns={"points": "score"}), "the sheet's columns must be"),
])
def test_a_badly_filled_sheet_is_refused_with_the_reason(marked, capsys, change, problem, tmp_path, monkeypatch):
    _, _, out, db = marked
    monkeypatch.chdir(tmp_path)
    sheet = pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str).assign(points="1")
    change(sheet).to_csv(out / "rubric.csv", index=False)
    assert grade.main(["import", "--exercise", "01", str(out / "rubric.csv")]) == 1
    assert problem in capsys.readouterr().err
    assert db.execute("SELECT count(*) FROM marks").fetchone() == (0,)


def test_class_summary_across_exercises(marked, tmp_path_factory):
    from shared_future.grading import report

    _, _, first, _ = marked
    second = tmp_path_factory.mktemp("gradebook-02")
    pd.DataFrame({"student": ["ann", "cy"], "question": ["q1", "q1"], "points": [3, 1]}).to_csv(second / "gradebook.csv", index=False)
    table = report.class_summary([first, second]).set_index("student")
    assert list(table.columns) == ["exercise 01", "exercise 02", "total"]
    assert table.loc["ann", "exercise 02"] == 3 and table.loc["cy", "total"] == 1
    assert pd.isna(table.loc["cy", "exercise 01"]), "a student missing from an exercise has no score there, not 0"
    assert table.loc["ann", "total"] == table.loc["ann", "exercise 01"] + 3


# --- the concept report ------------------------------------------------------------------------

def with_concepts(exercise, tagged: dict[str, list[str] | None]):
    """The exercise with these questions' check-cell `concepts` set (None: the key taken out)."""
    notebook = copy.deepcopy(exercise.notebook)
    for cell in notebook.cells:
        qid = exercises.tag(cell).get("question")
        if exercises.role(cell) == "check" and qid in tagged:
            cell.metadata[exercises.METADATA_KEY].pop("concepts", None)
            if tagged[qid] is not None:
                cell.metadata[exercises.METADATA_KEY]["concepts"] = tagged[qid]
    return dataclasses.replace(exercise, notebook=notebook)


def test_the_concept_report_gives_each_concept_its_share_of_right_answers(tmp_path):
    exercise = with_concepts(grading.Exercise.load("01"), {"q7": ["community_shared_future"],
                                                          "q8": ["community_shared_future", "not_a_concept"]})
    right = {"ann": {"q7", "q8"}, "bob": {"q7"}, "cy": set(), "dee": {"q8"}}
    db = gradebook.connect(tmp_path / "gradebook.db")
    store(db, exercise, [Graded(s, {q: (q in ok, "") for q in exercise.points}) for s, ok in right.items()])
    grading.export(db, exercise, tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "concepts.csv", keep_default_na=False).set_index("concept_id")
    both = sum(len(ok) for ok in right.values())
    assert table.loc["community_shared_future", ["answers", "right"]].tolist() == [2 * len(right), both]
    assert table.loc["not_a_concept", ["answers", "right"]].tolist() == [len(right), sum("q8" in ok for ok in right.values())]
    assert table.loc["not_a_concept", "name"] == "(not in data/concepts.csv)"
    assert table.loc["community_shared_future", "name"] == "community with a shared future for mankind"
    assert list(table["share_right"]) == sorted(table["share_right"]), "what to teach again comes first"
    page = (tmp_path / "out" / "concepts.html").read_text()
    assert "community with a shared future for mankind" in page and (tmp_path / "out" / "concepts.png").stat().st_size > 0


def test_without_concept_metadata_the_report_says_so(tmp_path):
    exercise = grading.Exercise.load("01")
    exercise = with_concepts(exercise, dict.fromkeys(exercise.points))
    db = gradebook.connect(tmp_path / "gradebook.db")
    store(db, exercise, [Graded("ann", {q: (True, "") for q in exercise.points})])
    out = tmp_path / "gradebook-01"
    grading.export(db, exercise, out)
    assert pd.read_csv(out / "concepts.csv").empty
    assert "No question of this exercise names a concept yet" in (out / "concepts.html").read_text()
