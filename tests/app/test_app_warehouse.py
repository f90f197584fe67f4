"""The app and its warehouse file: schema check, rebuilt file picked up, first-start build."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from apphelpers import DASHBOARD, assert_no_exception, open_page
from streamlit.testing.v1 import AppTest
from warehouse_sql import write_warehouse

from app import db


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/severity.py"])
def test_other_schema_version_shows_the_rebuild_command(tmp_path, monkeypatch, page):
    path = write_warehouse(tmp_path / "old.duckdb", schema_version=99)
    monkeypatch.setenv("THB_WAREHOUSE", str(path))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert_no_exception(at)
    assert at.error, "no message on a schema mismatch"
    assert "python -m etl build" in at.error[0].value
    assert "version 99" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value  # the file's name, never the server's path
    if page != "pages/overview.py":
        at.switch_page(page).run()
        assert_no_exception(at)
        assert "python -m etl build" in at.error[0].value


def test_missing_warehouse_without_demo_shows_a_message(tmp_path, monkeypatch):
    import etl.build

    def failing_build(source_dir: Path, db_path: Path, progress=None) -> None:
        raise OSError(f"no demo data in {source_dir}")

    monkeypatch.setattr(etl.build, "build_warehouse", failing_build)
    monkeypatch.setenv("THB_WAREHOUSE", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert_no_exception(at)
    assert "Could not build the warehouse" in at.error[0].value


def test_missing_warehouse_is_built_from_the_demo_data(tmp_path, monkeypatch):
    import etl.build

    calls = []

    def fake_build(source_dir: Path, db_path: Path, progress=None) -> None:
        calls.append((Path(source_dir), Path(db_path)))
        write_warehouse(Path(db_path))

    monkeypatch.setattr(etl.build, "build_warehouse", fake_build)
    target = tmp_path / "sub" / "w.duckdb"
    monkeypatch.setenv("THB_WAREHOUSE", str(target))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert_no_exception(at)
    assert calls == [(Path("data/demo"), target)]
    assert target.exists()
    assert at.title and not at.error


def test_a_rebuilt_file_is_picked_up_without_restart(tmp_path, monkeypatch):
    live = write_warehouse(tmp_path / "w.duckdb")
    monkeypatch.setenv("THB_WAREHOUSE", str(live))
    at = open_page("pages/methods.py")
    assert "Questionnaire 2025" in at.dataframe[1].value["Questionnaire wave"].tolist()

    # a build writes a new file beside the target and swaps it in
    fresh = write_warehouse(tmp_path / "w.new.duckdb")
    con = duckdb.connect(str(fresh))
    con.execute("update marts.waves set label = 'Rebuilt wave' where wave_id = '2025'")
    con.close()
    os.replace(fresh, live)

    at.run()
    assert_no_exception(at)
    assert "Rebuilt wave" in at.dataframe[1].value["Questionnaire wave"].tolist()


def test_connection_is_read_only(warehouse):
    con = db.connect(db.identify(warehouse))
    with pytest.raises(duckdb.Error):
        con.cursor().execute("create table wh.marts.x as select 1")


def test_identify_missing_file(tmp_path):
    with pytest.raises(db.WarehouseMissingError):
        db.identify(tmp_path / "nothing.duckdb")
