"""Load the course dataset as typed DataFrames, refusing a table that breaks its schema.

The schema lives in `data/datapackage.json` (Frictionless Data Package), so the loader, the
data dictionary and any outside tool read the same rules. A learner who breaks a CSV by hand
gets a message that names the file, the row and the column, and says how to restore it;
loading never writes to `data/`.
"""
from __future__ import annotations

import json
import re
import time
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import text

def course_folder(start: Path | None = None) -> Path:
    """The course folder (data/, notebooks/, exercises/) this process works in.

    The checkout that holds this package when it has one: the editable install, a student edition
    with its own `src/` on the path, and the grader's sandbox, which mounts its copy there. Where the
    package is installed on its own (a Kubernetes image, whose build-time copy of the course is hidden
    by each student's volume mounted over the home folder), the nearest folder, from the current one
    up, holding `data/datapackage.json`: the student's own copy that nbgitpuller pulled, where
    notebooks and their kernels run, or the private folder of a submission being graded.
    """
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "data" / "datapackage.json").is_file():
        return checkout
    here = (start or Path.cwd()).resolve()
    found = next((folder for folder in (here, *here.parents) if (folder / "data" / "datapackage.json").is_file()), None)
    return found or here  # no course here: loading says which data/ file is missing


ROOT = course_folder()
DATA_DIR = ROOT / "data"
DERIVED = {"paragraphs", "mentions"}


class DataError(ValueError):
    """A table that cannot be used as it is: the message says where and how to fix it."""


def _restore_hint(name: str) -> str:
    if name in DERIVED:
        return "rebuild it with `python -m shared_future.build`"
    return f"restore it with `git checkout data/{name}.csv`"


def _fail(name: str, problem: str, row: int | None = None, column: str | None = None) -> DataError:
    where = f"data/{name}.csv"
    if row is not None:
        where += f", line {row}"
    if column is not None:
        where += f", column '{column}'"
    return DataError(f"{where}: {problem}. To undo a change, {_restore_hint(name)}.")


@lru_cache(maxsize=8)
def _package(data_dir: Path) -> dict:
    if not (data_dir / "datapackage.json").is_file():
        raise DataError(f"There is no course dataset in {data_dir}: open the notebook from the course folder "
                        "(the one holding data/, notebooks/ and exercises/).")
    with open(data_dir / "datapackage.json", encoding="utf-8") as fh:
        return json.load(fh)


def schema(name: str, data_dir: Path = DATA_DIR) -> dict:
    """The Frictionless schema of one table: its fields, primary key and foreign keys."""
    for resource in _package(Path(data_dir))["resources"]:
        if resource["name"] == name:
            return resource["schema"]
    names = ", ".join(table_names(data_dir))
    raise DataError(f"There is no table called {name!r}. The tables are: {names}.")


def describe(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The data dictionary of one table: each column, its type and its meaning, from datapackage.json.

    One place for the dictionary, so the table picker, the notebooks and the test that every field is
    described all read the same words.
    """
    return pd.DataFrame([{"column": f["name"], "type": f["type"], "meaning": f.get("description", "")}
                         for f in schema(name, data_dir)["fields"]], columns=["column", "type", "meaning"])


def table_names(data_dir: Path = DATA_DIR) -> list[str]:
    """The tables of the dataset, in the order the data dictionary presents them."""
    return [r["name"] for r in _package(Path(data_dir))["resources"]]


def table_links(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The foreign keys of the dataset as (source, target, relation) rows: which table points where."""
    rows = []
    for resource in _package(Path(data_dir))["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            rows.append({"source": resource["name"], "target": fk["reference"]["resource"],
                         "relation": "+".join(fk["fields"])})
    return pd.DataFrame(rows, columns=["source", "target", "relation"]).drop_duplicates(["source", "target"])


def _read_raw(name: str, data_dir: Path) -> pd.DataFrame:
    path = Path(data_dir) / f"{name}.csv"
    if not path.exists():
        raise _fail(name, "the file is missing")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as err:
        raise _fail(name, f"the file is not UTF-8 text ({err.reason} at byte {err.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _fail(name, f"the file is not well-formed CSV ({err})".rstrip()) from None


def _check_columns(name: str, raw: pd.DataFrame, fields: list[dict]) -> None:
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing:
        raise _fail(name, f"the header lacks column(s) {', '.join(missing)}", row=1, column=missing[0])
    if extra:
        raise _fail(name, f"the header has unexpected column(s) {', '.join(extra)}", row=1, column=extra[0])


def _check_cells(name: str, raw: pd.DataFrame, fields: list[dict]) -> None:
    for field in fields:
        col, kind = field["name"], field["type"]
        rules = field.get("constraints", {})
        for idx, cell in raw[col].items():
            line = int(idx) + 2  # header is line 1
            if cell == "":
                if rules.get("required"):
                    raise _fail(name, "this cell is empty but must have a value", line, col)
                continue
            if kind == "integer" and not re.fullmatch(r"-?\d+", cell):
                raise _fail(name, f"{cell!r} is not a whole number", line, col)
            if kind == "number" and not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", cell):
                raise _fail(name, f"{cell!r} is not a number", line, col)
            if "enum" in rules and cell not in rules["enum"]:
                raise _fail(name, f"{cell!r} is not one of {', '.join(rules['enum'])}", line, col)
            if "pattern" in rules and not re.fullmatch(rules["pattern"], cell):
                raise _fail(name, f"{cell!r} does not have the form {rules['pattern']}", line, col)


def _check_primary_key(name: str, raw: pd.DataFrame, key: list[str]) -> None:
    dup = raw.duplicated(subset=key, keep="first")
    if dup.any():
        idx = int(dup.idxmax())
        value = ", ".join(raw.loc[idx, key])
        raise _fail(name, f"the key ({value}) appears twice", idx + 2, key[0])


def _check_foreign_keys(name: str, raw: pd.DataFrame, foreign_keys: list[dict], data_dir: Path) -> None:
    for fk in foreign_keys:
        other = fk["reference"]["resource"]
        known = set(_read_raw(other, data_dir)[fk["reference"]["fields"]].itertuples(index=False, name=None))
        for idx, values in enumerate(raw[fk["fields"]].itertuples(index=False, name=None)):
            if "" not in values and values not in known:
                raise _fail(name, f"{', '.join(values)} is not in {other}.csv", idx + 2, fk["fields"][-1])


def _typed(raw: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    df = raw.copy()
    for field in fields:
        col = field["name"]
        if field["type"] == "integer":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
        elif field["type"] == "number":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("float64")
        else:
            df[col] = df[col].replace("", None)
    return df


_LOADED: dict[tuple[str, Path], tuple[tuple, pd.DataFrame]] = {}
SETTLED_NS = 2 * 10**9  # a file changed more recently than this is read afresh: its time stamp may not yet tell


def _stamp(name: str, data_dir: Path, table_schema: dict) -> tuple | None:
    """(mtime, size, inode) of the table's file and of the files its foreign keys read; None if any is
    missing or too fresh to trust.

    Like git's "racy" rule: a file's modification time is coarse (a few milliseconds), so a file
    rewritten twice within one tick at the same size would look unchanged; such a file is not cached.
    """
    names = [name, *(fk["reference"]["resource"] for fk in table_schema.get("foreignKeys", []))]
    try:
        stats = [(data_dir / f"{n}.csv").stat() for n in names]
    except OSError:
        return None
    if time.time_ns() - max(st.st_mtime_ns for st in stats) < SETTLED_NS:
        return None
    return tuple((st.st_mtime_ns, st.st_size, st.st_ino) for st in stats)


def load(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One table of the dataset, checked against its schema and typed.

    Whole numbers come as pandas' nullable Int64, figures as float, empty cells as missing.
    Raises DataError naming file, line and column when the table is missing or malformed.

    A table already checked, whose files have not changed since, is returned from memory (a fresh
    copy each time, so a caller may change it): the instructor's grader computes every expected
    answer from the data for every submission, and reading and checking the same CSVs again was a
    tenth of a second per submission. An edited file is read and checked again.
    """
    data_dir = Path(data_dir)
    table_schema = schema(name, data_dir)
    key, stamp = (name, data_dir.resolve()), _stamp(name, data_dir, table_schema)
    cached = _LOADED.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1].copy()
    fields = table_schema["fields"]
    raw = _read_raw(name, data_dir)
    _check_columns(name, raw, fields)
    _check_cells(name, raw, fields)
    _check_primary_key(name, raw, table_schema["primaryKey"])
    _check_foreign_keys(name, raw, table_schema.get("foreignKeys", []), data_dir)
    table = _typed(raw, fields)[[f["name"] for f in fields]]
    if stamp is not None:
        _LOADED[key] = (stamp, table)
    return table.copy()


def load_all(data_dir: Path | str = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every table, by name."""
    return {name: load(name, data_dir) for name in table_names(Path(data_dir))}


def paragraphs_of(doc_id: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """The rows of paragraphs.csv for one text: the filter checks and notebooks start from."""
    paragraphs = load("paragraphs", data_dir)
    return paragraphs[paragraphs["doc_id"] == doc_id]


def corpus_text(doc_id: str, data_dir: Path | str = DATA_DIR) -> str:
    """The full text of a document, exactly as shipped."""
    documents = _read_raw("documents", Path(data_dir))
    row = documents[documents["doc_id"] == doc_id]
    if row.empty:
        raise DataError(f"There is no document {doc_id!r}; use one of {', '.join(documents['doc_id'])}.")
    return (Path(data_dir) / "corpus" / row.iloc[0]["file"]).read_text(encoding="utf-8")


def corpus_paragraphs(data_dir: Path | str = DATA_DIR) -> list[text.Paragraph]:
    """Every paragraph of both texts, split from the corpus files (not from paragraphs.csv)."""
    documents = _read_raw("documents", Path(data_dir))
    return [p for doc_id in documents["doc_id"] for p in text.split_paragraphs(doc_id, corpus_text(doc_id, data_dir))]


def _show_tables_as_the_course_does() -> None:
    """Every DataFrame a notebook leaves as a cell's value reads like the course's own tables
    (`display.frame_html`: whole numbers without ".0", text left-aligned, Chinese unbroken)."""
    from . import display

    display.install()


_show_tables_as_the_course_does()
