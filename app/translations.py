"""Keep the translation catalogs in step with the code.

``python -m app.translations`` extracts every marked message (``_``, ``N_``, ``tr``) from
the dashboard's code and merges it into each language's catalog: new messages are added
untranslated, translations of messages no longer in the code are dropped, existing ones are
kept. It then lists what is left to translate and exits non-zero if anything is. The tests
run the same check, so a message added without its translation cannot land.

Two domains: ``brief`` is the PDF country brief (``app/brief/``), ``messages`` everything
else a visitor reads.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.i18n import DEFAULT, LANGS, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "tr": None}
#: Each domain's files, as (folder, Babel method map) pairs under the project root.
DOMAINS: dict[str, tuple[tuple[str, list[tuple[str, str]]], ...]] = {
    "messages": (
        ("app", [("brief/**.py", "ignore"), ("**.py", "python")]),
        ("pages", [("**.py", "python")]),
        (".", [("dashboard.py", "python")]),
    ),
    "brief": (("app/brief", [("**.py", "python")]),),
}


def source_messages(domain: str) -> dict[str, list[tuple[str, int]]]:
    """Every marked message of the domain, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for folder, method_map in DOMAINS[domain]:
        base = ROOT / folder
        if not base.is_dir():
            continue
        for filename, lineno, message, _comments, _context in extract_from_dir(
            base, method_map=method_map, keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                where = (Path(folder) / filename).as_posix().removeprefix("./")
                found.setdefault(message, []).append((where, lineno))
    return found


def present_domains() -> list[str]:
    """The domains whose code is part of this installation."""
    return [d for d, places in DOMAINS.items() if any((ROOT / folder).is_dir() for folder, _m in places)]


def catalog_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _catalog(lang: str, domain: str) -> Catalog:
    return Catalog(
        locale=lang,
        domain=domain,
        project="thb-dashboard",
        version="1",
        header_comment=f"# {lang} translations of the THB dashboard ({domain}).\n"
        "# Update the messages with `python -m app.translations`, then translate the empty ones.",
        fuzzy=False,
    )


def read_catalog(lang: str, domain: str) -> Catalog:
    path = catalog_path(lang, domain)
    if not path.is_file():
        return _catalog(lang, domain)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def untranslated(lang: str, domain: str) -> list[str]:
    """Messages of the code that the language's catalog does not translate (or marks fuzzy)."""
    catalog = read_catalog(lang, domain)
    done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    return [m for m in source_messages(domain) if m not in done]


def update(lang: str, domain: str) -> Path:
    """Merge the code's messages into the catalog, keeping every existing translation."""
    old = read_catalog(lang, domain)
    new = _catalog(lang, domain)
    new.creation_date = old.creation_date  # a rerun with nothing new changes nothing
    for message, places in source_messages(domain).items():
        kept = old.get(message)
        new.add(message, kept.string if kept else "", locations=places, flags=kept.flags if kept else ())
    path = catalog_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, new, width=100, sort_output=False, include_lineno=False)
    return path


def _foreign() -> Iterator[str]:
    yield from (lang for lang in LANGS if lang != DEFAULT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.translations", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list what is left to translate")
    args = parser.parse_args(argv)
    missing = 0
    for lang in _foreign():
        for domain in present_domains():
            if not args.check:
                print(f"updated {update(lang, domain).relative_to(ROOT)}")
            left = untranslated(lang, domain)
            missing += len(left)
            for message in left:
                print(f"{lang}/{domain}: untranslated: {message!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
