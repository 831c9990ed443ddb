"""What grading writes: the gradebook, summaries, pass rates, feedback for each student, LMS exports.

- `gradebook.csv`: one row per student and question (points, passed, the one-line message), as
  `marking.book` reads it from the database; a written question is `submitted` or `missing` with
  its word count and the rubric points marked so far;
- `summary.csv`: one row per student (score, marking progress, flags, late days, variant, warnings);
  `pass_rates.png`: one bar per question;
- `feedback/<student>.html`: each question, its points and its message, for the student;
- `canvas.csv` and `moodle.csv`: the total in the column layouts those LMSs import;
- `class_summary`: one row per student, one column per exercise, across several gradebooks.

Everything a submission contributes (its file name, its messages) is escaped before it goes into
HTML, and names are made safe before they become file names.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..charts import PALETTE

COLUMNS = ["student", "question", "kind", "points", "max_points", "passed", "status", "words", "message", "error"]


def summary(book: pd.DataFrame) -> pd.DataFrame:
    """One row per student: score, the maximum, and the reason if the submission broke."""
    return (book.groupby("student", sort=False)
            .agg(score=("points", "sum"), max=("max_points", "sum"), error=("error", "first"))
            .reset_index())


def pass_rates(book: pd.DataFrame) -> pd.DataFrame:
    """One row per question: how many passed (or submitted), out of how many, and the share in percent."""
    rates = book.groupby("question", sort=False).agg(points=("max_points", "first"), passed=("passed", "sum"),
                                                     submissions=("passed", "size"))
    rates["pass_rate"] = (100 * rates["passed"] / rates["submissions"]).round(1)
    return rates.reset_index()


def pass_rate_chart(rates: pd.DataFrame, number: str, path: Path) -> None:
    """A bar per question, the share of submissions that passed it, in a colour-blind-safe blue."""
    figure = Figure(figsize=(7, 4), layout="constrained")
    ax = figure.add_subplot()
    bars = ax.bar(rates["question"].str.upper(), rates["pass_rate"], color=PALETTE[0])
    ax.bar_label(bars, labels=[f"{rate:.0f}%" for rate in rates["pass_rate"]], padding=2)
    ax.set_ylim(0, 105)
    ax.set_title(f"Exercise {number}: share of {int(rates['submissions'].max())} submissions passing each question")
    ax.set_xlabel("question")
    ax.set_ylabel("submissions that passed (%)")
    figure.savefig(path, dpi=120)


def safe_name(student: str) -> str:
    """A student's name as a file name: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^\w.-]", "_", student).strip(".") or "student"


def feedback_html(number: str, student: str, rows: pd.DataFrame, notes: list[str] = ()) -> str:
    """One student's feedback page: a row per question with points and message, the total, and `notes`
    (the variant they were given, late days, what the grade did not see)."""
    body = "\n".join(
        f"<tr><td>{html.escape(str(r.question).upper())}</td><td>{r.points} / {r.max_points}</td>"
        f"<td>{html.escape(str(r.status))}</td><td>{html.escape(str(r.message))}</td></tr>" for r in rows.itertuples())
    error = rows["error"].iloc[0]
    note = "".join(f"<p><strong>Note:</strong> {html.escape(str(text))}</p>" for text in [error, *notes] if text)
    title = f"Exercise {html.escape(number)}: feedback for {html.escape(student)}"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.3em .6em;"
            "border-bottom:1px solid #ccc;text-align:left;vertical-align:top}</style></head><body>"
            f"<h1>{title}</h1>{note}<table><thead><tr><th>question</th><th>points</th><th>status</th><th>message</th>"
            f"</tr></thead><tbody>\n{body}\n</tbody></table><p><strong>Total: {rows['points'].sum()} / "
            f"{rows['max_points'].sum()}</strong></p></body></html>\n")


def lms_exports(number: str, scores: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The totals as Canvas and Moodle import them (students matched by login/username: name files by it)."""
    column = f"Exercise {number}"
    canvas = pd.DataFrame({"Student": scores["student"], "ID": "", "SIS User ID": "", "SIS Login ID": scores["student"],
                           "Section": "", column: scores["score"]})
    moodle = pd.DataFrame({"Username": scores["student"], column: scores["score"]})
    return {"canvas.csv": canvas, "moodle.csv": moodle}


def student_notes(row) -> list[str]:
    """What a student's feedback says besides the questions: variant, late days, warnings (from `marking.book`)."""
    return [f"your questions were variant {row.variant}" if row.variant else "",
            f"submitted {row.late_days} day(s) after the deadline" if row.late_days else "",
            *(str(row.warnings).split("; ") if row.warnings else [])]


def write_book(number: str, book: pd.DataFrame, out: Path, students: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every file that follows from a gradebook: the CSVs, the chart, the exports and the feedback pages.

    `students` (`marking.book`) adds each student's marking progress, flags, late days, variant and warnings.
    """
    out.mkdir(parents=True, exist_ok=True)
    scores, rates = summary(book), pass_rates(book)
    if students is not None:
        scores = scores.merge(students, on="student", how="left")
    book.to_csv(out / "gradebook.csv", index=False)
    scores.to_csv(out / "summary.csv", index=False)
    pass_rate_chart(rates, number, out / "pass_rates.png")
    for name, table in lms_exports(number, scores).items():
        table.to_csv(out / name, index=False)
    (out / "feedback").mkdir(exist_ok=True)
    notes = {} if students is None else {row.student: student_notes(row) for row in students.itertuples()}
    for student, rows in book.groupby("student", sort=False):
        page = feedback_html(number, str(student), rows, notes.get(student, []))
        (out / "feedback" / f"{safe_name(str(student))}.html").write_text(page, encoding="utf-8")
    return scores, rates


def read_book(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "gradebook.csv", keep_default_na=False, dtype={"student": str, "question": str})


def class_summary(folders: list[Path]) -> pd.DataFrame:
    """One row per student, one column per exercise (its score), and the total, from several gradebook folders."""
    columns = {}
    for folder in folders:
        book = read_book(folder)
        number = re.search(r"(\d\d)", folder.name)
        columns[f"exercise {number.group(1) if number else folder.name}"] = book.groupby("student", sort=True)["points"].sum()
    table = pd.DataFrame(columns).sort_index()
    table["total"] = table.sum(axis=1)
    return table.rename_axis("student").reset_index()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared_future.grading.report",
                                     description="One row per student, one column per exercise, from gradebook folders.")
    parser.add_argument("folders", nargs="+", type=Path, help="gradebook folders, e.g. gradebook-01 gradebook-02")
    parser.add_argument("--out", type=Path, default=Path("class_summary.csv"))
    args = parser.parse_args(argv)
    missing = [str(f) for f in args.folders if not (f / "gradebook.csv").is_file()]
    if missing:
        print(f"error: no gradebook.csv in {', '.join(missing)}", file=sys.stderr)
        return 2
    table = class_summary(args.folders)
    table.to_csv(args.out, index=False)
    print(table.to_string(index=False))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
