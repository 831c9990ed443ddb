"""Written responses: read them with their rubric, mark them in the generated CSV, merge the marks into the gradebook."""
from __future__ import annotations

import pandas as pd
import pytest

from shared_future import exercises, grading
from shared_future.grading import rubric
from shared_future.grading.pipeline import Graded

RESPONSE = "Wang Yi writes as a member of the leadership. " * 20 + "<script>alert(1)</script>"


@pytest.fixture()
def marked(tmp_path):
    """Exercise 01 graded for two students (no kernel needed): ann answered everything, bob nothing."""
    exercise = grading.Exercise.load("01")
    (written,) = exercise.written
    graded = [Graded("ann", {q: (True, "") for q in exercise.points}, responses={written: RESPONSE}),
              Graded("bob", {q: (False, f"{q.upper()}: not answered yet") for q in exercise.points})]
    out = tmp_path / "gradebook-01"
    grading.write_reports(exercise, graded, out)
    return exercise, written, out


def test_grading_records_the_response_and_writes_what_marking_needs(marked):
    exercise, qid, out = marked
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ann", qid), ["kind", "status", "points"]].tolist() == ["written", "submitted", 0]
    assert book.loc[("ann", qid), "words"] == str(9 * 20 + 4)  # the sentence 20 times, and "script alert 1 script"
    assert book.loc[("bob", qid), "status"] == "missing"
    page = (out / f"responses-{qid}.html").read_text()
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert all(c["criterion"].replace("`", "")[:20] in page.replace("`", "") or c["id"] in page for c in exercise.rubrics[qid])
    sheet = pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str)
    assert list(sheet.columns) == ["student", "question", "criterion", "points"]
    criteria = [c["id"] for c in exercises.rubrics("01")[qid]]
    assert sheet[sheet["student"] == "ann"]["criterion"].tolist() == criteria
    assert set(sheet[sheet["student"] == "ann"]["points"]) == {""} and set(sheet[sheet["student"] == "bob"]["points"]) == {"0"}


def test_the_round_trip_adds_rubric_points_to_the_auto_graded_ones(marked):
    exercise, qid, out = marked
    sheet = pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str)
    maximum = {c["id"]: c["points"] for c in exercise.rubrics[qid]}
    sheet.loc[sheet["student"] == "ann", "points"] = [str(maximum[c] - (i == 0)) for i, c in enumerate(sheet.loc[sheet["student"] == "ann", "criterion"])]
    sheet.to_csv(out / "rubric.csv", index=False)
    auto = sum(p for q, p in exercise.points.items() if q != qid)
    for _ in range(2):  # merging again changes nothing
        assert rubric.main([str(out), "--exercise", "01"]) == 0
        scores = pd.read_csv(out / "summary.csv", keep_default_na=False).set_index("student")
        assert scores.loc["ann", "score"] == auto + sum(maximum.values()) - 1
        assert scores.loc["bob", "score"] == 0 and scores.loc["ann", "max"] == auto + sum(maximum.values())
    book = pd.read_csv(out / "gradebook.csv", keep_default_na=False).set_index(["student", "question"])
    assert book.loc[("ann", qid), "message"] == f"{qid.upper()}: {sum(maximum.values()) - 1} of {sum(maximum.values())} rubric points"
    assert pd.read_csv(out / "canvas.csv").set_index("SIS Login ID").loc["ann", "Exercise 01"] == auto + sum(maximum.values()) - 1
    assert "Total: " + str(auto + sum(maximum.values()) - 1) in (out / "feedback" / "ann.html").read_text()


@pytest.mark.parametrize(("change", "problem"), [
    (lambda s: s.assign(points="99"), "points must be a whole number from 0 to"),
    (lambda s: s.assign(points=""), "points must be a whole number"),
    (lambda s: s.iloc[1:], "rows are missing"),
    (lambda s: s.assign(criterion="c99"), "no such question and criterion"),
    (lambda s: s.assign(student="zed"), "no such student"),
    (lambda s: s.rename(columns={"points": "score"}), "the sheet's columns must be"),
])
def test_a_badly_filled_sheet_is_refused_with_the_reason(marked, capsys, change, problem):
    _, _, out = marked
    before = (out / "gradebook.csv").read_bytes()
    change(pd.read_csv(out / "rubric.csv", keep_default_na=False, dtype=str)).to_csv(out / "rubric.csv", index=False)
    assert rubric.main([str(out), "--exercise", "01"]) == 1
    assert problem in capsys.readouterr().err
    assert (out / "gradebook.csv").read_bytes() == before


def test_class_summary_across_exercises(marked, tmp_path_factory):
    from shared_future.grading import report

    _, _, first = marked
    second = tmp_path_factory.mktemp("gradebook-02")
    pd.DataFrame({"student": ["ann", "cy"], "question": ["q1", "q1"], "points": [3, 1]}).to_csv(second / "gradebook.csv", index=False)
    table = report.class_summary([first, second]).set_index("student")
    assert list(table.columns) == ["exercise 01", "exercise 02", "total"]
    assert table.loc["ann", "exercise 02"] == 3 and table.loc["cy", "total"] == 1
    assert pd.isna(table.loc["cy", "exercise 01"]), "a student missing from an exercise has no score there, not 0"
    assert table.loc["ann", "total"] == table.loc["ann", "exercise 01"] + 3
