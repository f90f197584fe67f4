"""Every message of the brief has its French, with the same placeholders; the package ships
the template and the catalogs."""

from __future__ import annotations

import fnmatch
import tomllib

from brief_helpers import ROOT

from app import i18n, translations

PO = ROOT / "app" / "locales" / "fr" / "LC_MESSAGES" / "brief.po"


def test_every_message_of_the_brief_has_a_french_translation():
    """The brief's messages are the catalog tool's domain ``brief``: all of them translated."""
    marked = translations.source_messages("brief")
    assert len(marked) > 60
    assert all(where.startswith("app/brief/") for places in marked.values() for where, _line in places)
    assert translations.untranslated("fr", "brief") == []
    assert "Key figures" in marked and "{year} wave" in marked


def test_the_catalog_is_read_by_the_app():
    _ = i18n.translator("fr", "brief")
    assert _("Key figures") == "Chiffres clés"
    assert i18n.translator("en", "brief")("Key figures") == "Key figures"


def test_the_package_ships_the_template_and_the_catalogs():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["app"]
    app = ROOT / "app"
    for path in (app / "brief" / "brief.typ", PO):
        relative = path.relative_to(app).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
    assert "typst" in str(config["project"]["dependencies"])
