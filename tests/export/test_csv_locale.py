"""CSV downloads are inert in every locale: a hostile loaded source name read back with ';'."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pandas as pd
import pytest
from tiny_source import write_source

from app.export import ExportHeader, to_csv
from etl.build import build_warehouse

HOSTILE = "Ministry;=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def sources_frame(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """``marts.sources`` of a build whose source and series are named by a hostile text."""
    tmp_path = tmp_path_factory.mktemp("hostile_name")
    source = write_source(tmp_path / "source")
    (source / "manifest.json").write_text(
        json.dumps({"synthetic": True, "source": HOSTILE}), encoding="utf-8"
    )
    series = (source / "series" / "series.csv").read_text(encoding="utf-8")
    (source / "series" / "series.csv").write_text(
        series.replace("Test source", f'"{HOSTILE}"'), encoding="utf-8"
    )
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT family, source, rows FROM marts.sources ORDER BY ALL").df()
    finally:
        con.close()


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_hostile_source_name_stays_one_inert_cell(delimiter: str, sources_frame: pd.DataFrame) -> None:
    frame = sources_frame
    assert HOSTILE in set(frame["source"])
    text = to_csv(frame, ExportHeader("sources", HOSTILE)).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), (delimiter, row)
    cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
    assert "Ministry;'=cmd|' /C calc'!A0" in cells  # read back whole with ',', and inert
