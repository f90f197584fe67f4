from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from tiny_source import CASES, RESPONSES_WIDE, SERIES, write_source

from etl.build import BuildReport, build_warehouse, private_path, warehouse_path
from etl.problems import InputError, WarehouseError
from etl.schema import SCHEMA_VERSION


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildReport]:
    """The tiny source, its warehouse and the build's report, built once for the tests that
    only read them."""
    root = tmp_path_factory.mktemp("built")
    source = write_source(root / "source")
    return source, root / "w.duckdb", build_warehouse(source, root / "w.duckdb")


def test_build_fills_every_public_relation(built: tuple[Path, Path, BuildReport]) -> None:
    _, db, report = built
    assert report.rows["waves"] == 1
    assert query(db, "SELECT schema_version, is_synthetic FROM meta.build_info") == [(SCHEMA_VERSION, True)]
    # mean over States, "dk" left out: encryption 5,4,3 -> 100, 75, 50; data volume 4,dk,2 -> 75, 25
    summary = dict(
        (
            (c, (round(m, 6), n, dk))
            for c, m, n, dk in query(
                db,
                "SELECT challenge, mean_score, n_countries, n_dont_know FROM marts.challenge_severity_summary",
            )
        )
    )
    assert summary == {"encryption": (75.0, 3, 0), "data_volume": (50.0, 2, 1)}
    assert query(
        db, "SELECT published_score FROM marts.challenge_severity_summary WHERE challenge = 'encryption'"
    ) == [(80.0,)]
    # training gap = need * (100 - provision) / 100: ALB need 5 -> 100, provision 0 -> 0 => 100
    gaps = dict(query(db, "SELECT country_iso3, gap_score FROM marts.training_gap"))
    assert gaps == {"ALB": 100.0, "MDA": 75.0 * 50 / 100, "GBR": 50.0 * 0 / 100}
    assert query(db, "SELECT country_iso3, in_use FROM marts.strategies ORDER BY 1") == [
        ("ALB", True),
        ("GBR", True),
        ("MDA", False),
    ]
    assert sorted(query(db, "SELECT iso3 FROM marts.countries WHERE iso3 IN ('ALB', 'MDA', 'GBR')")) == [
        ("ALB",),
        ("GBR",),
        ("MDA",),
    ]
    # NGO answers are kept in answers, never in State measures
    assert query(db, "SELECT respondent_type, value_code FROM marts.answers WHERE question_id = 'N1'") == [
        ("ngo", "recruitment|control")
    ]


def test_exact_case_marts_count_each_case_once_per_technology(built: tuple[Path, Path, BuildReport]) -> None:
    _, db, _ = built
    private = private_path(db)
    trends = query(
        private,
        "SELECT country_iso3, year, exploitation_type, technology, cases, victims "
        "FROM exact.mo_trends WHERE stage = 'recruitment' ORDER BY ALL",
    )
    assert trends == [
        ("ALB", 2019, "labour", "job_ads", 1, 1),
        ("ALB", 2019, "labour", "social_media", 1, 1),
        ("ALB", 2019, "sexual", "social_media", 1, 2),
    ]
    summary = query(
        private,
        "SELECT country_iso3, exploitation_type, cases, victims, cases_online_recruitment, "
        "cases_convicted, is_synthetic FROM exact.case_summary ORDER BY 1, 2",
    )
    assert summary == [
        ("ALB", "labour", 1, 1, 1, 0, True),
        ("ALB", "sexual", 1, 2, 1, 1, True),
        ("MDA", "sexual", 1, 3, 0, 0, True),
    ]


def test_the_public_file_holds_the_release_and_no_exact_layer(built: tuple[Path, Path, BuildReport]) -> None:
    _, db, _ = built
    schemas = {r[0] for r in query(db, "SELECT DISTINCT table_schema FROM information_schema.tables")}
    assert schemas == {"marts", "meta"}
    tables = {
        r[0]
        for r in query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'")
    }
    assert {"case_counts", "victim_counts", "technology_counts", "release_info"} <= tables
    assert not tables & {"case_summary", "mo_trends", "mo_tags"}
    private = {
        r[0] for r in query(private_path(db), "SELECT DISTINCT table_schema FROM information_schema.tables")
    }
    assert {"raw", "staging", "exact", "ledger", "marts", "meta"} <= private


def test_series_keep_status_and_defaults(built: tuple[Path, Path, BuildReport]) -> None:
    _, db, _ = built
    rows = query(
        db, "SELECT country_iso3, year, sex, value, status FROM marts.series ORDER BY year, country_iso3"
    )
    assert rows == [
        ("ALB", 2019, "total", 92.0, "reported"),
        ("ALB", 2020, "total", None, "suppressed"),
        ("MDA", 2020, "total", None, "not_available"),
        ("ALB", 2021, "female", 0.0, "reported"),
    ]


def test_every_row_is_traceable_to_its_file(built: tuple[Path, Path, BuildReport]) -> None:
    source, db, _ = built
    loads = query(
        private_path(db),
        "SELECT family, file, sha256, rows_loaded, outcome FROM meta.loads WHERE family = 'cases'",
    )
    digest = hashlib.sha256((source / "cases" / "cases.csv").read_bytes()).hexdigest()
    assert loads == [("cases", "cases/cases.csv", digest, 3, "loaded")]  # relative: no server path
    (source_dir,) = query(db, "SELECT source_dir FROM meta.build_info")[0]
    assert source_dir == source.name
    # the public file names the file but not how many case records it held
    public = query(db, "SELECT file, sha256, rows_loaded FROM meta.loads WHERE family = 'cases'")
    assert public == [("cases/cases.csv", digest, None)]


def test_long_and_wide_responses_give_the_same_marts(source: Path, tmp_path: Path) -> None:
    wide_db, long_db = tmp_path / "wide.duckdb", tmp_path / "long.duckdb"
    build_warehouse(source, wide_db)
    columns = {
        "Q1_1": ("S1", "encryption"),
        "Q1_2": ("S1", "data_volume"),
        "Q2_1": ("S2", "police_all_osint"),
        "Q3_1": ("S3", "police_all_osint"),
        "Q4_1": ("S4", "osint"),
        "Q5": ("S5", "value"),
        "N1": ("N1", "value"),
    }
    lines = RESPONSES_WIDE.strip().splitlines()
    header = lines[0].split(",")
    long_rows = ["respondent_id,question_id,item,answer"]
    for line in lines[1:]:
        cells = line.split(",")
        for name, cell in zip(header[1:], cells[1:], strict=True):
            if cell:
                long_rows.append(",".join([cells[0], *columns[name], cell]))
    long_source = write_source(tmp_path / "long", survey__w1__responses_csv=None)
    (long_source / "survey/w1/responses.csv").write_text("\n".join(long_rows) + "\n", encoding="utf-8")
    build_warehouse(long_source, long_db)
    sql = "SELECT * FROM marts.answers ORDER BY ALL"
    assert query(wide_db, sql) == query(long_db, sql)


def test_a_failed_build_leaves_the_previous_warehouse_whole(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    before = db.read_bytes(), private_path(db).read_bytes()
    (source / "cases" / "cases.csv").write_text(
        CASES + "C4,Atlantis,2099,sexual,,,,,,,1,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        build_warehouse(source, db)
    assert (db.read_bytes(), private_path(db).read_bytes()) == before
    assert {p.column for p in caught.value.problems} == {"country", "year"}
    # no leftovers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source", "w.duckdb", "w.private.duckdb"]


def test_readers_of_the_old_file_keep_reading_while_a_build_swaps(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    reader = duckdb.connect(":memory:")
    reader.execute("ATTACH ? AS wh (READ_ONLY)", [str(db)])
    (source / "series" / "series.csv").write_text(
        SERIES + "Albania,2018,detected_victims,,,,,70,reported,Test source,2023-05-30\n", encoding="utf-8"
    )
    build_warehouse(source, db)  # a writer is not refused: the new file replaces the old one
    assert reader.execute("SELECT count(*) FROM wh.marts.series").fetchone() == (4,)
    assert query(db, "SELECT count(*) FROM marts.series") == [(5,)]
    reader.close()


def test_warehouse_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("THB_WAREHOUSE", raising=False)
    assert warehouse_path() == Path("data/warehouse.duckdb")
    monkeypatch.setenv("THB_WAREHOUSE", str(tmp_path / "env.duckdb"))
    assert warehouse_path() == tmp_path / "env.duckdb"
    assert warehouse_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"


def test_read_only_folder_is_a_clear_error(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        import os

        if os.access(folder, os.W_OK):  # root can write anywhere: simulate with a file as parent
            target = tmp_path / "file-not-folder" / "w.duckdb"
            (tmp_path / "file-not-folder").write_text("x")
            with pytest.raises((WarehouseError, OSError)):
                build_warehouse(source, target)
        else:
            with pytest.raises(WarehouseError, match="read-only"):
                build_warehouse(source, folder / "w.duckdb")
    finally:
        folder.chmod(0o700)
