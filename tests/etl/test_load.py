"""The reference schema a load reads: made as tables for a build, as views for a check."""

from __future__ import annotations

import duckdb
import pytest

from etl import load

RELATIONS = ("labels", "codes", "categories", "countries", "published_figures", "source_coverage")


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM ref.{relation} ORDER BY ALL").fetchall()


def test_a_check_s_views_hold_what_a_build_s_tables_hold() -> None:
    tables, views = duckdb.connect(), duckdb.connect()
    load.init_reference(tables)
    load.reference_views(views)
    for relation in RELATIONS:
        assert _rows(views, relation) == _rows(tables, relation), relation
        assert _rows(views, relation), f"ref.{relation} is empty: the test could not fail"


def test_each_check_has_a_country_map_of_its_own() -> None:
    first, second = duckdb.connect(), duckdb.connect()
    load.reference_views(first)
    load.reference_views(second)
    first.execute("INSERT INTO ref.country_map VALUES ('Atlantis', 'ATL')")
    assert _rows(first, "country_map") == [("Atlantis", "ATL")]
    assert _rows(second, "country_map") == []


def test_without_a_temporary_file_the_tables_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "_reference_file", lambda: None)
    con = duckdb.connect()
    load.reference_views(con)
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'ref'"
        ).fetchall()
    )
    assert kinds["labels"] == "BASE TABLE"
    assert _rows(con, "countries")
