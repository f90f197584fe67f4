"""Every message of the brief has its French, with the same placeholders; the package ships
the template and the catalogs; the profile page offers the brief."""

from __future__ import annotations

import fnmatch
import re
import tomllib

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from brief_helpers import ROOT

from app import i18n

PO = ROOT / "app" / "locales" / "fr" / "LC_MESSAGES" / "brief.po"
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def marked() -> set[str]:
    """The messages marked ``_(...)`` in app/brief, as Babel extracts them."""
    found = extract_from_dir(
        str(ROOT / "app" / "brief"), method_map=[("**.py", "python")], keywords={"_": None}
    )
    return {message for _file, _line, message, _comments, _context in found}


def test_every_message_of_the_brief_has_a_french_translation():
    messages = marked()
    assert len(messages) > 60
    with PO.open("rb") as handle:
        po = read_po(handle, locale="fr", domain="brief")
    translated = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    missing = sorted(messages - set(translated))
    assert not missing, f"no French in {PO.name} for: {missing}"
    for message in messages:
        assert sorted(_PLACEHOLDER.findall(translated[message])) == sorted(_PLACEHOLDER.findall(message)), (
            message
        )
    unused = sorted(set(translated) - messages)
    assert not unused, f"{PO.name} translates messages the brief no longer has: {unused}"


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
