"""The dashboard in the Council of Europe's two languages: messages, numbers, dates, names.

Messages are marked ``_("...")`` in the code and translated in gettext catalogs
(``app/locales/<lang>/LC_MESSAGES/<domain>.po``, read with Babel); English is the source
language. The language is chosen per visitor (``?lang=fr``) and passed to
:func:`translator`; nothing is installed for the whole process, so two visitors may read two
languages at the same time. Numbers and dates are formatted for the language with Babel
(``1 234,5`` and ``1 déc. 2026`` in French); country names come from the ISO 3166
translations that pycountry ships.
"""

from __future__ import annotations

import datetime as dt
import gettext
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pycountry
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
#: The languages of the interface, with their own names.
LANGS: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT = "en"

Translator = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message


def language(value: object) -> str:
    """A supported language code, or the default.

    >>> language("fr"), language("de"), language(None)
    ('fr', 'en', 'en')
    """
    text = str(value or "").lower()
    return text if text in LANGS else DEFAULT


@cache
def catalog(lang: str, domain: str = "messages") -> dict[str, str]:
    """The translated messages of one language and domain (empty for English)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == DEFAULT or not path.is_file():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def translator(lang: str, domain: str = "messages") -> Translator:
    """``_`` for one language: the translation of a message, or the message itself.

    >>> translator("en")("Recorded cases")
    'Recorded cases'
    """
    table = catalog(language(lang), domain)
    return lambda message: table.get(message, message)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it.

    >>> number(1234.5, "en", 1), number(1234.5, "fr", 1).replace("\\u202f", " ")
    ('1,234.5', '1 234,5')
    """
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=language(lang))


def percent(value: float, lang: str, digits: int = 0) -> str:
    """A share in percent: ``70%`` in English, ``70 %`` in French.

    >>> percent(70, "en"), percent(70, "fr").replace("\\u202f", " ")
    ('70%', '70 %')
    """
    text = number(value, lang, digits)
    return f"{text}\u202f%" if language(lang) == "fr" else f"{text}%"


def date(value: dt.date, lang: str) -> str:
    """A date as the language writes it.

    >>> date(dt.date(2026, 12, 1), "en"), date(dt.date(2026, 12, 1), "fr")
    ('Dec 1, 2026', '1 déc. 2026')
    """
    return format_date(value, format="medium", locale=language(lang))


def sort_key(text: str) -> str:
    """A key that sorts names as a reader expects, accents and case ignored: "Égypte" among
    the E, not after "Zambie".

    >>> sorted(["Égypte", "Zambie", "Bélarus", "Belgique", "allemagne"], key=sort_key)
    ['allemagne', 'Bélarus', 'Belgique', 'Égypte', 'Zambie']
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold()


@cache
def _countries(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(iso3: str, english: str, lang: str) -> str:
    """A country's name in the language, from pycountry's ISO 3166 translations.

    >>> country_name("DEU", "Germany", "fr")
    'Allemagne'
    """
    lang = language(lang)
    if lang == DEFAULT:
        return english
    record = pycountry.countries.get(alpha_3=iso3)
    names = [english] + ([record.name] if record is not None else [])
    table = _countries(lang)
    for name in names:
        translated = table.gettext(name)
        if translated != name:
            return translated
    return english
