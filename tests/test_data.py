"""The loader: typed tables, and a clear message for a broken one that never touches data/."""
import html
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from shared_future import data


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target)
    return target


def test_every_table_loads_with_its_schema_types():
    tables = data.load_all()
    assert set(tables) == set(data.table_names())
    assert pd.api.types.is_float_dtype(tables["claims"]["value"])
    assert str(tables["paragraphs"]["para_no"].dtype) == "Int64"
    for name, frame in tables.items():
        assert list(frame.columns) == [f["name"] for f in data.schema(name)["fields"]], name


def test_unknown_table_lists_the_real_ones():
    with pytest.raises(data.DataError, match="no table called 'claim'.*claims"):
        data.load("claim")


def _rewrite(path, edit):
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(edit(lines)), encoding="utf-8")


def test_renamed_column_names_file_line_and_column(data_copy):
    _rewrite(data_copy / "claims.csv", lambda lines: [lines[0].replace("value", "amount")] + lines[1:])
    with pytest.raises(data.DataError) as err:
        data.load("claims", data_copy)
    message = str(err.value)
    assert "data/claims.csv, line 1, column 'value'" in message
    assert "git checkout data/claims.csv" in message


def test_bad_number_names_its_row(data_copy):
    frame = pd.read_csv(data_copy / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[3, "value"] = "many"
    frame.to_csv(data_copy / "claims.csv", index=False)
    with pytest.raises(data.DataError, match=r"claims.csv, line 5, column 'value': 'many' is not a number"):
        data.load("claims", data_copy)


def test_broken_foreign_key_names_the_other_table(data_copy):
    frame = pd.read_csv(data_copy / "mentions.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "actor_id"] = "atlantis"
    frame.to_csv(data_copy / "mentions.csv", index=False)
    with pytest.raises(data.DataError, match=r"mentions.csv, line 2, column 'actor_id': atlantis is not in actors.csv.*shared_future.build"):
        data.load("mentions", data_copy)


def test_duplicate_key_and_bad_enum(data_copy):
    _rewrite(data_copy / "events.csv", lambda lines: lines[:2] + [lines[1]] + lines[2:])
    with pytest.raises(data.DataError, match="events.csv, line 3.*appears twice"):
        data.load("events", data_copy)
    frame = pd.read_csv(data_copy / "concepts.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "kind"] = "slogan"
    frame.to_csv(data_copy / "concepts.csv", index=False)
    with pytest.raises(data.DataError, match="concepts.csv, line 2, column 'kind': 'slogan' is not one of"):
        data.load("concepts", data_copy)


def test_missing_and_unparseable_files(data_copy):
    (data_copy / "glossary.csv").unlink()
    with pytest.raises(data.DataError, match="glossary.csv: the file is missing"):
        data.load("glossary", data_copy)
    (data_copy / "actors.csv").write_bytes(b"\xff\xfe\x00broken")
    with pytest.raises(data.DataError, match="actors.csv: the file is not UTF-8"):
        data.load("actors", data_copy)
    (data_copy / "events.csv").write_text('event_id,date\n"unclosed,2024\n', encoding="utf-8")
    with pytest.raises(data.DataError, match="events.csv"):
        data.load("events", data_copy)


def test_loading_never_writes_to_data():
    before = {p: p.stat().st_mtime_ns for p in data.DATA_DIR.rglob("*") if p.is_file()}
    data.load_all()
    after = {p: p.stat().st_mtime_ns for p in data.DATA_DIR.rglob("*") if p.is_file()}
    assert before == after


def test_unknown_independence_is_refused(data_copy):
    frame = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "independence"] = "trustworthy"
    frame.to_csv(data_copy / "sources.csv", index=False)
    with pytest.raises(data.DataError, match="sources.csv, line 2, column 'independence': 'trustworthy' is not one of"):
        data.load("sources", data_copy)


def test_every_field_of_every_table_is_described():
    """The data dictionary is complete: each field has a description in datapackage.json and a row in
    data/README.md, so the table picker and a human reader see the same meaning."""
    readme = (data.DATA_DIR / "README.md").read_text(encoding="utf-8")
    undescribed, undocumented = [], []
    for name in data.table_names():
        section = readme.split(f"### {name}.csv", 1)
        for field in data.schema(name)["fields"]:
            if not field.get("description", "").strip():
                undescribed.append(f"{name}.{field['name']}")
            if len(section) < 2 or f"| {field['name']} |" not in section[1].split("\n### ", 1)[0]:
                undocumented.append(f"{name}.{field['name']}")
    assert not undescribed, f"fields without a description in datapackage.json: {undescribed}"
    assert not undocumented, f"fields missing from data/README.md: {undocumented}"


def test_descriptions_come_with_the_schema():
    """`data.describe` gives the dictionary the table picker shows, in field order."""
    dictionary = data.describe("events")
    assert list(dictionary["column"]) == [f["name"] for f in data.schema("events")["fields"]]
    assert dictionary.set_index("column").loc["date_precision", "meaning"] == "how exact date is"


def test_the_table_picker_shows_every_description():
    """What the learner sees in notebook 00: each column's meaning, for a table added by any helper."""
    from shared_future import widgets
    tables = data.load_all()
    for name in tables:
        shown = html.unescape(widgets.table_view(name, tables).html)  # what the browser shows, whatever the escaping
        for meaning in data.describe(name)["meaning"]:
            assert meaning in shown, f"{name}: the picker does not show {meaning!r}"


def _age(path, seconds=60):
    """Set the file's modification time back, as for a file that has not changed for a while."""
    stamp = path.stat().st_mtime_ns - seconds * 10**9
    os.utime(path, ns=(stamp, stamp))


def test_a_table_read_again_is_a_fresh_copy_and_an_edit_is_seen(data_copy):
    for name in ("claims", "documents"):
        _age(data_copy / f"{name}.csv")
    first = data.load("claims", data_copy)
    first.loc[0, "value"] = -1.0  # a caller may change what it got
    second = data.load("claims", data_copy)
    assert second.loc[0, "value"] != -1.0
    pd.testing.assert_frame_equal(second, data.load("claims", data_copy))
    frame = pd.read_csv(data_copy / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "value"] = "12345"
    frame.to_csv(data_copy / "claims.csv", index=False)
    _age(data_copy / "claims.csv", 30)  # an older-looking edit is still an edit
    assert data.load("claims", data_copy).loc[0, "value"] == 12345


def test_a_file_edited_within_the_same_clock_tick_is_not_trusted_from_memory(data_copy):
    path = data_copy / "documents.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")  # just written, as by an editor a moment ago
    stat = path.stat()
    before = data.load("documents", data_copy)
    path.write_text(text.replace("keep promoting", "KEEP promoting", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same coarse time stamp
    assert data.load("documents", data_copy)["title"].str.contains("KEEP promoting").any()
    assert not before["title"].str.contains("KEEP promoting").any()


def test_a_war_named_after_a_country_is_not_a_mention_of_it():
    """“the War of Resistance Against Japanese Aggression” names a war, not Japan as an actor of the
    texts; an alias "Japanese" once counted it (mentions.csv is rebuilt from actors' aliases)."""
    mentions = data.load("mentions")
    japan = mentions[mentions["actor_id"] == "japan"]
    assert not japan["quote"].str.contains("Japanese Aggression").any()
    assert (japan["quote"].str.contains("Japan")).all() and len(japan) >= 1


def test_an_installed_package_finds_the_course_folder_it_runs_in(tmp_path, monkeypatch):
    """Installed outside a checkout (the Kubernetes image), the package uses the nearest course folder up from
    where it runs: the student's pulled copy, from its notebooks/ or exercises/, or a submission's private folder."""
    course = tmp_path / "course"
    (course / "data").mkdir(parents=True)
    (course / "data" / "datapackage.json").write_text("{}")
    (course / "notebooks").mkdir()
    monkeypatch.setattr(data, "__file__", str(tmp_path / "env" / "lib" / "site-packages" / "shared_future" / "data.py"))
    assert data.course_folder(course / "notebooks") == course
    assert data.course_folder(tmp_path) == tmp_path, "outside any course folder: its own, where loading says what is missing"
    with pytest.raises(data.DataError, match="no course dataset"):
        data.table_names(tmp_path / "data")


def test_a_checkout_uses_its_own_course_folder(tmp_path):
    """The editable install and a student edition with its src/ on the path: wherever they run from."""
    assert data.course_folder(tmp_path) == Path(data.__file__).resolve().parents[2]
