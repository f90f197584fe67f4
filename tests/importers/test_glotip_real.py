"""The real UNODC GLOTIP download, read from ../shared/external (CI has it)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from etl.importers import Converted, convert

#: The real download, when the shared folder sits beside the repository (CI has it).
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "unodc_data_glotip.xlsx"
pytestmark = pytest.mark.skipif(
    not REAL.is_file(), reason=f"the real GLOTIP download is not at {REAL} (outside CI)"
)


@pytest.fixture(scope="module")
def converted() -> Converted:
    result = convert(REAL)
    assert result is not None
    return result


def test_every_row_is_loaded_or_quarantined(converted: Converted) -> None:
    assert converted.importer == "unodc_glotip"
    assert converted.rows_in_file == 46_556
    assert converted.table.num_rows + len(converted.problems) == converted.rows_in_file
    assert len({p.row for p in converted.problems}) == len(converted.problems)
    loaded_rows = set(converted.table.column("_row").to_pylist())
    assert loaded_rows.isdisjoint(p.row for p in converted.problems)


def test_vintage_is_the_files_own_date(converted: Converted) -> None:
    assert converted.vintage == "2023-05-30"


def test_small_counts_stay_suppressed(converted: Converted) -> None:
    statuses = Counter(
        zip(converted.table.column("status").to_pylist(),
            (v is None for v in converted.table.column("value").to_pylist()), strict=True)
    )  # fmt: skip
    assert set(statuses) == {("reported", False), ("suppressed", True)}
    assert statuses[("suppressed", True)] > 20_000


def _value(converted: Converted, **key: str) -> list[tuple[str | None, str]]:
    defaults = {"sex": "total", "age_group": "total", "exploitation_type": "total",
                "citizenship": "total"}  # fmt: skip
    wanted = {**defaults, **key}
    return [
        (r["value"], r["status"])
        for r in converted.table.to_pylist()
        if all(r[k] == v for k, v in wanted.items())
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ({"country": "ROU", "indicator": "persons_prosecuted", "year": "2013"},
         ("552", "reported")),
        ({"country": "AFG", "indicator": "offences", "year": "2013"}, ("103", "reported")),
        ({"country": "AFG", "indicator": "persons_suspected", "year": "2013"}, ("167", "reported")),
        ({"country": "AFG", "indicator": "detected_victims", "year": "2017",
          "exploitation_type": "labour"}, (None, "suppressed")),
    ],
)  # fmt: skip
def test_known_values_land_where_they_belong(converted: Converted, key, expected) -> None:
    assert _value(converted, **key) == [expected]


def test_regional_aggregates_and_repatriation_are_quarantined(converted: Converted) -> None:
    countries = set(converted.table.column("country").to_pylist())
    assert {"CAR", "EEU", "SAM"}.isdisjoint(countries)
    reasons = Counter(p.column for p in converted.problems)
    assert reasons["Iso3_code"] == 957 + 26  # regional codes, and rows without a code
    assert any("dimension not mapped" in p.expected for p in converted.problems)


def test_contradicting_rows_are_never_picked(converted: Converted) -> None:
    conflicts = [p for p in converted.problems if "conflict" in p.expected]
    assert conflicts
    loaded = {r for r in converted.table.column("_row").to_pylist()}
    assert loaded.isdisjoint(p.row for p in conflicts)
