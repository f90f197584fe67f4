"""Country resolution for importers: the core's resolver, plus mojibake repair."""

from __future__ import annotations

from collections.abc import Callable

_core_resolve: Callable[[str | None], str | None] | None
try:
    from etl.countries import resolve_country as _imported

    _core_resolve = _imported
except ImportError:  # the core resolver is optional: ISO3 codes still pass through
    _core_resolve = None


def _fallback(value: str) -> str | None:
    import pycountry

    text = value.strip()
    found = pycountry.countries.get(alpha_3=text.upper()) if len(text) == 3 else None
    found = found or (pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None)
    return found.alpha_3 if found else None


def resolve_country(value: str | None) -> str | None:
    """ISO alpha-3 for a country name or code, or None when it is not a country.

    >>> resolve_country("MD"), resolve_country("Republic of Moldova"), resolve_country("CAR")
    ('MDA', 'MDA', None)
    """
    if not value:
        return None
    resolved = _core_resolve(value) if _core_resolve else _fallback(value)
    if resolved is None and "Ã" in value:
        # UTF-8 read as Latin-1 upstream ("TÃ¼rkiye"): undo it once and retry.
        try:
            repaired = value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        return resolve_country(repaired)
    return resolved
