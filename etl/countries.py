"""Resolve country names and codes in any common form to ISO 3166 alpha-3.

Codes and the names ISO 3166 gives come from ``pycountry``; every other spelling public
tables use ("Korea, South", "Gambia, The", "Swaziland", "Bosnia", demonyms such as
"Romanian" or "Nigerians") is matched by the regular expressions of ``country_converter``,
a library kept for exactly this. Regions, groups and residual categories are refused by
name first (``etl/reference/country_groups.csv`` and the library's own continent and UN
region names), so that "Southern Africa" never becomes South Africa. A steward's
``mappings/countries.csv`` (see :mod:`etl.mappings`) is consulted before all of it.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

import pycountry

from etl.reference import convention_parties, country_groups

if TYPE_CHECKING:
    import country_converter as coco

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
    return index


@cache
def _converter() -> coco.CountryConverter:
    """``country_converter``'s table, read so that every pandas version parses it alike.

    Its own loader lets pandas 3 turn Namibia's ISO2 code ``NA`` into a missing value,
    which breaks the library's start-up; reading every cell as text avoids that.
    """
    import country_converter as coco
    import pandas as pd

    logging.getLogger("country_converter").setLevel(logging.ERROR)  # misses are ours to report
    path = coco.country_converter.COUNTRY_DATA_FILE
    data = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False).replace("", pd.NA)
    data["ISO2"] = data["ISO2"].fillna("(?!)")  # territories without a code never match
    return coco.CountryConverter(country_data=data)


@cache
def _groups() -> dict[str, str]:
    groups = {_key(name): why for name, why in country_groups().items()}
    data = _converter().data
    for column, why in (("continent", "a continent"), ("UNregion", "a region")):
        for name in data[column].dropna().unique():
            groups.setdefault(_key(str(name)), why)
    return groups


def group_reason(value: str | None) -> str | None:
    """Why ``value`` names no single country (a region, a group...), or None.

    >>> group_reason("Southern Africa"), group_reason("South Africa")
    ('a region', None)
    """
    return None if value is None else _groups().get(_key(value))


@cache
def _resolve(key: str) -> str | None:
    if not key:
        return None
    if key in _index():
        return _index()[key]
    if key in _groups():
        return None
    found = _converter().convert(key, src="regex", to="ISO3", not_found=None)
    if isinstance(found, str) and found in _known_iso3():
        return found
    return None  # no match, or several countries fit


@cache
def _known_iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(EXTRA_COUNTRIES)


def resolve_country(value: str | None) -> str | None:
    """ISO alpha-3 code for a country name, code or demonym, or None when it is not a country.

    >>> [resolve_country(v) for v in ["Republic of Moldova", "UK", "Türkiye", "mk", "FRA"]]
    ['MDA', 'GBR', 'TUR', 'MKD', 'FRA']
    >>> [resolve_country(v) for v in ["Korea, South", "Gambia, The", "Romanian", "Nigerians"]]
    ['KOR', 'GMB', 'ROU', 'NGA']
    >>> resolve_country("Europe") is None, resolve_country("Southern Africa") is None
    (True, True)
    """
    if value is None:
        return None
    from etl.mappings import steward_country

    mapped = steward_country(value)
    if mapped is not None:
        return mapped or None
    return _resolve(_key(value))


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
