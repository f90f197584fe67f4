"""The real UNODC GLOTIP downloads (2023 and 2025 releases) from ../shared/external."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from command_line import run_main
from shared_external import external

from etl.build import build_warehouse
from etl.cli import main as etl_main
from etl.importers import Converted, convert

#: Reading each release takes seconds; the quick run checks the same layouts in small
#: workbooks written by tests/importers/glotip_files.py (test_glotip.py).
pytestmark = pytest.mark.slow

RELEASES = {
    "2023": ("unodc_data_glotip.xlsx", "2023-05-30", 46_556),
    "2025": ("unodc_data_glotip_2025-04-14.xlsx", "2025-04-14", 58_769),
}
_converted: dict[str, Converted] = {}


def converted(release: str) -> Converted:
    if release not in _converted:
        result = convert(external(RELEASES[release][0]))
        assert result is not None
        _converted[release] = result
    return _converted[release]


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_every_row_is_loaded_or_quarantined(release: str) -> None:
    result = converted(release)
    assert result.importer == "unodc_glotip"
    assert (result.vintage, result.rows_in_file) == RELEASES[release][1:]
    assert result.table.num_rows + len(result.problems) == result.rows_in_file
    assert len({p.row for p in result.problems}) == len(result.problems)
    loaded_rows = set(result.table.column("_row").to_pylist())
    assert loaded_rows.isdisjoint(p.row for p in result.problems)


def test_small_counts_stay_suppressed() -> None:
    result = converted("2023")
    statuses = Counter(
        zip(result.table.column("status").to_pylist(),
            (v is None for v in result.table.column("value").to_pylist()), strict=True)
    )  # fmt: skip
    assert set(statuses) == {("reported", False), ("suppressed", True)}
    assert statuses[("suppressed", True)] > 20_000


def _value(result: Converted, **key: str) -> list[tuple[str | None, str]]:
    defaults = {"sex": "total", "age_group": "total", "exploitation_type": "total",
                "citizenship": "total"}  # fmt: skip
    wanted = {**defaults, **key}
    return [
        (r["value"], r["status"])
        for r in result.table.to_pylist()
        if all(r[k] == v for k, v in wanted.items())
    ]


@pytest.mark.parametrize(
    ("release", "key", "expected"),
    [
        ("2023", {"country": "ROU", "indicator": "persons_prosecuted", "year": "2013"}, ("552", "reported")),
        ("2023", {"country": "AFG", "indicator": "offences", "year": "2013"}, ("103", "reported")),
        ("2023", {"country": "AFG", "indicator": "persons_suspected", "year": "2013"}, ("167", "reported")),
        ("2023", {"country": "AFG", "indicator": "detected_victims", "year": "2017",
                  "exploitation_type": "labour"}, (None, "suppressed")),
        ("2025", {"country": "ROU", "indicator": "detected_victims", "year": "2020"}, ("596", "reported")),
        ("2025", {"country": "ROU", "indicator": "detected_victims", "year": "2020", "sex": "female"},
         ("463", "reported")),
        ("2025", {"country": "ROU", "indicator": "detected_victims", "year": "2020", "sex": "female",
                  "age_group": "adult"}, ("257", "reported")),
        ("2025", {"country": "ROU", "indicator": "detected_victims", "year": "2020",
                  "exploitation_type": "sexual"}, ("426", "reported")),
    ],
)  # fmt: skip
def test_known_values_land_where_they_belong(release: str, key, expected) -> None:
    assert _value(converted(release), **key) == [expected]


def test_nationality_words_of_the_2025_release_are_countries() -> None:
    result = converted("2025")
    unmapped = {p.value for p in result.problems if "a country, or a category listed" in p.expected}
    # what is left is not a citizenship: questionnaire field codes and bare numbers
    assert all(v.startswith("Q6.1_") or v.isdigit() for v in unmapped), sorted(unmapped)
    citizenships = set(result.table.column("citizenship").to_pylist())
    assert {"ROU", "NGA", "CHN", "PHL", "GBR"} <= citizenships


def test_an_implausible_value_is_quarantined_with_the_line_that_accepts_it() -> None:
    result = converted("2025")
    andorra = [
        p for p in result.problems if p.value == "6,112,019" and "other persons_convicted" in p.expected
    ]
    assert len(andorra) == 2  # Andorra 2022 and El Salvador 2021 carry the same figure
    assert andorra[0].severity == "quarantine"
    assert (
        andorra[0].fix
        == "add to mappings/accepted_values.csv: AND,2022,persons_convicted,6112019,checked with"
    )
    assert not _value(result, country="AND", indicator="persons_convicted", year="2022",
                      citizenship="domestic")  # fmt: skip


def test_regional_aggregates_and_repatriation_are_quarantined() -> None:
    result = converted("2023")
    countries = set(result.table.column("country").to_pylist())
    assert {"CAR", "EEU", "SAM"}.isdisjoint(countries)
    reasons = Counter(p.column for p in result.problems)
    assert reasons["Iso3_code"] == 957 + 26  # regional codes, and rows without a code
    assert any("dimension not mapped" in p.expected for p in result.problems)


def test_contradicting_rows_are_never_picked() -> None:
    result = converted("2023")
    conflicts = [p for p in result.problems if "conflict" in p.expected]
    assert conflicts
    loaded = set(result.table.column("_row").to_pylist())
    assert loaded.isdisjoint(p.row for p in conflicts)


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_etl_check_recognises_the_download_where_it_lies(release: str) -> None:
    path = external(RELEASES[release][0])
    done = run_main(etl_main, "check", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{path}: WARNINGS" in done.stdout
    assert "layout: unodc_glotip (UNODC GLOTIP country data" in done.stdout
    result = converted(release)
    rejected = result.rows_in_file - result.table.num_rows
    assert (
        f"rows read: {result.rows_in_file:,}; accepted: {result.table.num_rows:,}; rejected: {rejected:,}"
        in done.stdout
    )


def test_both_releases_load_side_by_side_with_their_vintages(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "series").mkdir(parents=True)
    for name, _, _ in RELEASES.values():
        shutil.copyfile(external(name), source / "series" / name)
    (source / "manifest.json").write_text(json.dumps({"synthetic": False}), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        sources = con.execute(
            "SELECT vintage::VARCHAR, rows, is_synthetic FROM marts.sources WHERE family = 'series' ORDER BY 1"
        ).fetchall()
        loads = con.execute(
            "SELECT file, vintage, rows_read, rows_loaded, rows_rejected FROM meta.loads ORDER BY file"
        ).fetchall()
        problems = dict(con.execute("SELECT load_id, count(*) FROM meta.problems GROUP BY ALL").fetchall())
        ids = dict(con.execute("SELECT file, load_id FROM meta.loads").fetchall())
        romania = con.execute(
            "SELECT vintage::VARCHAR, value FROM marts.series WHERE country_iso3 = 'ROU' AND year = 2020 "
            "AND indicator = 'detected_victims' AND sex = 'total' AND age_group = 'total' "
            "AND exploitation_type = 'total' AND citizenship = 'total' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert [s[0] for s in sources] == ["2023-05-30", "2025-04-14"]
    assert all(not s[2] for s in sources)
    for file, vintage, read, loaded, rejected in loads:
        release = next(r for r, (n, _, _) in RELEASES.items() if f"series/{n}" == file)
        assert (vintage, read) == RELEASES[release][1:]
        assert loaded + rejected == read
        assert problems[ids[file]] == rejected  # every quarantined row kept, with its reason
    assert romania[-1] == ("2025-04-14", 596.0)
