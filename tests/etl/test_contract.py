"""The warehouse contract (etl/warehouse.toml): the demo build holds exactly what it declares,
its data tests catch what breaks it, and the docs are the tables it generates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import schema
from etl.build import private_path

ROOT = Path(__file__).resolve().parents[2]


def _columns(con: duckdb.DuckDBPyConnection, schema_name: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [schema_name],
    ).fetchall()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, []).append((column, data_type))
    return found


def test_the_demo_build_holds_exactly_the_declared_relations_columns_and_types(demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        schemas = {
            r[0]
            for r in con.execute("select distinct table_schema from information_schema.tables").fetchall()
        }
        assert schemas == set(schema.SCHEMAS)
        for schema_name in schema.SCHEMAS:
            found = _columns(con, schema_name)
            declared = {r.name: [(c.name, c.type) for c in r.columns] for r in schema.relations(schema_name)}
            assert sorted(found) == sorted(declared), f"relations of {schema_name}"
            for name, columns in declared.items():
                assert found[name] == columns, f"{schema_name}.{name}"
    finally:
        con.close()


def test_both_files_pass_every_data_test(demo_warehouse: Path) -> None:
    for path in (demo_warehouse, private_path(demo_warehouse)):
        con = duckdb.connect(str(path), read_only=True)
        try:
            assert schema.failures(con) == []
        finally:
            con.close()


#: (what is done to the demo warehouse, the one test that must then fail)
BREAKAGES = [
    (
        "insert into marts.case_counts select * from marts.case_counts limit 1",
        "case_counts: key (source, year, country_iso3, exploitation_type)",
    ),
    ("update marts.victim_counts set victims = null where rowid = 0", "victim_counts.victims: not null"),
    (
        "update marts.technology_counts set technology = 'telepathy' where rowid = 0",
        "technology_counts.technology: accepted values",
    ),
    (
        "update marts.victim_counts set category = 'unknown' where rowid = 0",
        "victim_counts.category: accepted values",
    ),
    (
        "update marts.stage_counts set country_iso3 = 'ZZZ' where rowid = 0",
        "stage_counts.country_iso3: relationship to countries.iso3",
    ),
    (
        "update marts.strategies set wave_id = 'no-such-wave' where rowid = 0",
        "strategies.wave_id: relationship to waves.wave_id",
    ),
    ("update marts.challenge_severity set score = 100.5 where rowid = 0", "challenge_severity.score: range"),
    (
        "update marts.case_counts set cases_online_recruitment = cases + 1 where rowid = 0",
        "case_counts: check cases_online_recruitment <= cases",
    ),
    (
        "insert into marts.questionnaire_diff select * replace (null as to_question_id, null as to_item) "
        "from marts.questionnaire_diff where from_question_id is not null limit 1",
        "questionnaire_diff: unique (from_wave, to_wave, from_question_id, from_item)",
    ),
    (
        "insert into meta.problems values (999, 'cases/x.csv', null, 2, 'year', '2099', 'a year', 'error')",
        "problems.load_id: relationship to loads.load_id",
    ),
    ("update meta.problems set severity = 'fatal'", None),  # the demo has no problem to break
]


@pytest.mark.parametrize(("sql", "failing"), BREAKAGES, ids=[b[1] or "nothing to break" for b in BREAKAGES])
def test_the_data_tests_catch_each_breach(
    demo_warehouse: Path, tmp_path: Path, sql: str, failing: str | None
) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(sql)
        assert [test.name for test, _ in schema.failures(con)] == ([failing] if failing else [])
    finally:
        con.close()


def test_other_countries_pass_only_where_the_contract_allows_them(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("delete from marts.technology_counts where country_iso3 = '_other'")
        con.execute(
            "update marts.technology_counts set country_iso3 = '_other' "
            "where rowid = (select min(rowid) from marts.technology_counts)"
        )
        assert schema.failures(con) == []
        con.execute("update marts.challenge_severity set country_iso3 = '_other' where rowid = 0")
        assert [t.name for t, _ in schema.failures(con)] == [
            "challenge_severity.country_iso3: relationship to countries.iso3"
        ]
    finally:
        con.close()


def test_the_docs_hold_the_tables_the_contract_generates() -> None:
    docs = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert "<!-- contract: marts -->" in docs and "<!-- contract: meta -->" in docs
    assert schema.render_docs(docs) == docs, "run `python -m etl contract --write-docs`"


def test_the_app_lists_every_public_relation_and_its_counts() -> None:
    from app.queries import meta

    declared = tuple(r.name for r in schema.relations("marts") if r.download)
    assert declared == meta.PUBLIC_RELATIONS
    assert set(declared) == {r.name for r in schema.relations("marts")} - {"questionnaire_diff"}
    assert meta.COUNT_COLUMNS["case_counts"] == ("cases", "victims", "cases_online_recruitment")
    assert set(meta.COUNT_COLUMNS) == {
        "case_counts", "victim_counts", "technology_counts", "stage_counts", "stage_technology_counts",
        "modus_operandi_counts", "series", "sources",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            '[marts.x]\ndescription = "d"\ncolumns = { a = { type = "INTEGER", description = "a", not_nul = true } }',
            "unknown key(s) ['not_nul']",
        ),
        (
            '[marts.x]\ndescription = "d"\nkey = ["b"]\ncolumns = { a = { type = "INTEGER", description = "a" } }',
            "not declared",
        ),
        (
            '[marts.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR", description = "a", vocabulary = "colour" } }',
            "no vocabulary 'colour'",
        ),
        (
            '[marts.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR", description = "a", references = "y.b" } }',
            "references undeclared y.b",
        ),
        (
            '[mart.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR", description = "a" } }',
            "unknown schema",
        ),
        ('[marts.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR" } }', "a type and a description"),
        (
            '[marts.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR", description = "a" } }\n'
            '[meta.x]\ndescription = "d"\ncolumns = { a = { type = "VARCHAR", description = "a" } }',
            "declared in more than one schema",
        ),
    ],
)
def test_the_contract_refuses_what_it_does_not_understand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, message: str
) -> None:
    contract = tmp_path / "warehouse.toml"
    contract.write_text(entry + "\n", encoding="utf-8")
    monkeypatch.setattr(schema, "CONTRACT_FILE", contract)
    schema.relations.cache_clear()
    try:
        with pytest.raises(schema.ContractError, match=re.escape(message)):
            schema.relations()
    finally:
        schema.relations.cache_clear()
