"""Downloads: a self-describing header and no formula a spreadsheet would run."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from app.export import SYNTHETIC_MARK, ExportHeader, neutralise, to_csv, to_xlsx

HEADER = ExportHeader(
    title="Cases by technology",
    source="Demo case records",
    wave="2021",
    filters={"countries": "ALB"},
    small_count_threshold=5,
    synthetic=True,
    created=date(2025, 3, 1),
    period="2015-2022",
    protection="protected with differential privacy",
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Albania", "Albania"),
        ("<5", "<5"),
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_starts_with_the_header_block():
    text = to_csv(pd.DataFrame({"country": ["ALB"], "cases": ["<5"]}), HEADER).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# title,Cases by technology"
    assert SYNTHETIC_MARK in lines[1]
    for expected in (
        "# source,Demo case records",
        "# wave,2021",
        "# filter: countries,ALB",
        "# date,2025-03-01",
    ):
        assert expected in lines
    assert "# period,2015-2022" in lines
    assert "# protection,counts protected with differential privacy" in lines
    assert any(line.startswith("# small counts,") and "<5" in line for line in lines)
    assert lines[-2:] == ["country,cases", "ALB,<5"]


def test_real_data_has_no_synthetic_mark():
    header = ExportHeader(title="t", source="s")
    assert SYNTHETIC_MARK not in to_csv(pd.DataFrame({"a": [1]}), header).decode("utf-8-sig")


def test_csv_neutralises_cells_and_column_names():
    df = pd.DataFrame({"=bad": ["=1+1", "ok"], "n": [-1, 2]})
    text = to_csv(df, HEADER).decode("utf-8-sig")
    assert "'=bad,n" in text
    assert "'=1+1,-1" in text  # numbers stay numbers


def test_xlsx_has_about_and_data_sheets_and_is_safe():
    df = pd.DataFrame({"label": ["@evil", "fine"], "value": [10, 0]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(df, HEADER, "cases")))
    assert book.sheetnames == ["about", "cases"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=2, values_only=True)}
    assert about["warning"] == SYNTHETIC_MARK
    data = list(book["cases"].iter_rows(values_only=True))
    assert data[0] == ("label", "value")
    assert data[1] == ("'@evil", 10)
    assert book["cases"]["A2"].data_type == "s"
