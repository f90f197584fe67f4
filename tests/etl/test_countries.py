from __future__ import annotations

import pytest

from etl.countries import country_rows, resolve_country


@pytest.mark.parametrize(
    ("value", "iso3"),
    [
        ("Republic of Moldova", "MDA"),
        ("Moldova", "MDA"),
        ("North Macedonia", "MKD"),
        ("UK", "GBR"),
        ("United Kingdom", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("  türkiye ", "TUR"),
        ("MD", "MDA"),
        ("mda", "MDA"),
        ("Bosnia and Herzegovina", "BIH"),
        ("Slovakia", "SVK"),
        ("Czech Republic", "CZE"),
        ("Kosovo", "XKX"),
        ("The Netherlands", "NLD"),
    ],
)
def test_common_forms_resolve_to_alpha3(value: str, iso3: str) -> None:
    assert resolve_country(value) == iso3


@pytest.mark.parametrize("value", ["Europe", "Abroad", "", "XX", "Atlantis", None])
def test_non_countries_do_not_resolve(value: str | None) -> None:
    assert resolve_country(value) is None


def test_council_of_europe_members_and_parties_are_flagged() -> None:
    rows = {r[0]: r for r in country_rows()}
    members = [iso3 for iso3, r in rows.items() if r[3]]
    parties = [iso3 for iso3, r in rows.items() if r[4]]
    assert len(members) == 46
    assert sorted(set(parties) - set(members)) == ["BLR", "ISR"]
    assert not rows["RUS"][3] and not rows["RUS"][4]
    assert sum(r[5] for r in rows.values()) == 40  # States that answered the 2021 questionnaire
