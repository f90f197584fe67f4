"""Resolve country names and codes in any common form to ISO 3166 alpha-3."""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry

from etl.reference import convention_parties, country_aliases

#: Codes in use that ISO 3166 does not assign (Kosovo's user-assigned code).
EXTRA_COUNTRIES = {"XKX": ("XK", "Kosovo")}


def _key(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    return " ".join(text.replace(".", "").split())


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index[_key(value)] = country.alpha_3
    for iso3, (iso2, name) in EXTRA_COUNTRIES.items():
        index.update({_key(iso3): iso3, _key(iso2): iso3, _key(name): iso3})
    index.update({_key(alias): iso3 for alias, iso3 in country_aliases().items()})
    return index


def resolve_country(value: str | None) -> str | None:
    """ISO alpha-3 code for a country name or code, or None when it is not a country.

    >>> [resolve_country(v) for v in ["Republic of Moldova", "UK", "Türkiye", "mk", "FRA"]]
    ['MDA', 'GBR', 'TUR', 'MKD', 'FRA']
    >>> resolve_country("Europe") is None
    True
    """
    if value is None:
        return None
    return _index().get(_key(value))


def country_rows() -> list[tuple[str, str, str, bool, bool, bool]]:
    """(iso3, iso2, name, coe_member, convention_party, responded_2021) for every country."""
    flags = {r["iso3"]: r for r in convention_parties()}
    rows = []
    entries = [(c.alpha_3, c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries]
    entries += [(iso3, iso2, name) for iso3, (iso2, name) in EXTRA_COUNTRIES.items()]
    for iso3, iso2, name in entries:
        flag = flags.get(iso3, {})
        rows.append(
            (
                iso3,
                iso2,
                name,
                flag.get("coe_member") == "true",
                flag.get("convention_party") == "true",
                flag.get("responded_2021") == "true",
            )
        )
    return rows
