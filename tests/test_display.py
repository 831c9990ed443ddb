"""Tables read as the data holds them: whole numbers whole, years plain, text left, Chinese unbroken,
no empty header, wide tables folded, and every DataFrame a notebook shows drawn the same way."""
import re

import nbformat
import pandas as pd
from nbclient import NotebookClient

from shared_future import data, display


def cells(table: str, tag: str = "td") -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", table)]


def test_numbers_as_the_data_holds_them_and_text_left():
    frame = pd.DataFrame({"quote": ["China is a major trading partner", "x"], "value": [155.0, 6.4],
                          "first_year": [2013.0, None], "unit": ["countries", "percent"]})
    table = display.frame_html(frame)
    assert cells(table)[:4] == ["China is a major trading partner", "155", "2013", "countries"]
    assert cells(table)[6] == ""  # missing: empty, never "nan"
    assert "2013" in cells(table) and "2,013" not in table and "155.0" not in table
    assert '<td style="text-align:left;vertical-align:top">China is a major' in table


def test_a_year_in_a_value_column_has_no_separator_but_an_amount_does():
    claims = data.load("claims")
    table = display.frame_html(claims[claims["unit"].isin(["year", "countries"])], 100)
    years = claims.loc[claims["unit"] == "year", "value"].astype(int).astype(str)
    assert all(year in cells(table) for year in years)
    assert not any(re.fullmatch(r"\d,\d\d\d", cell) and cell.replace(",", "") in set(years) for cell in cells(table))


def test_chinese_is_kept_whole_and_no_header_is_empty():
    glossary = data.load("glossary").set_index("term")
    table = display.frame_html(glossary, 5, index=True)
    assert 'lang="zh" style="word-break:keep-all"' in table
    assert all(header.strip() for header in cells(table, "th"))


def test_a_wide_table_folds_its_other_columns_one_click_away():
    claims = data.load("claims")
    table = display.frame_html(claims, 3)
    first = table.split("<details>")[0]
    assert len(cells(first.split("</thead>")[0], "th")) == display.MAX_COLUMNS
    rest = list(claims.columns[display.MAX_COLUMNS:])
    assert f"+{len(rest)} more columns: {', '.join(rest)}" in table


def test_a_notebook_shows_dataframes_as_course_tables():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from shared_future import data\ndata.load('mentions')")])
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    shown = notebook.cells[0].outputs[0]["data"]["text/html"]
    rows = len(data.load("mentions"))
    assert shown.startswith('<table class="sf-table">') and "…" in shown and f"{rows} rows × " in shown
