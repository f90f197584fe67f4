"""The French interface: every message translated, nothing English left on a French page,
placeholders kept, vocabularies labelled, and numbers written the French way."""

from __future__ import annotations

import ast
import csv
import json
import string
from pathlib import Path

import pytest
from apphelpers import PAGES, ROOT, assert_no_exception, charts, open_page

from app import export, i18n, registry, translations

FOREIGN = [lang for lang in i18n.LANGS if lang != i18n.DEFAULT]
DOMAINS = translations.present_domains()


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_of_the_code_is_translated(lang, domain):
    assert translations.untranslated(lang, domain) == [], "run `python -m app.translations` and translate"


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalog_holds_only_messages_the_code_uses(lang, domain):
    used = set(translations.source_messages(domain))
    stale = [m.id for m in translations.read_catalog(lang, domain) if m.id and m.id not in used]
    assert stale == [], "run `python -m app.translations` to drop them"


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder_and_markup(lang, domain):
    for message in translations.read_catalog(lang, domain):
        if not message.id or not message.string:
            continue
        assert _fields(message.string) == _fields(message.id), message.id
        for mark in ("**", "`", "<br>", "\n\n"):
            assert message.string.count(mark) == message.id.count(mark), (mark, message.id)


def test_the_update_keeps_translations_and_adds_new_messages_untranslated(tmp_path, monkeypatch):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text('_("Old")\n_("New {n}")\nN_("Label")\n', encoding="utf-8")
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Old"\nmsgstr "Ancien"\n\nmsgid "Gone"\nmsgstr "Parti"\n', encoding="utf-8")
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path / "locales")
    monkeypatch.setattr(translations, "DOMAINS", {"messages": (("pages", [("**.py", "python")]),)})
    translations.update("fr", "messages")
    kept = {m.id: m.string for m in translations.read_catalog("fr", "messages") if m.id}
    assert kept == {"Old": "Ancien", "New {n}": "", "Label": ""}
    assert translations.untranslated("fr", "messages") == ["New {n}", "Label"]
    assert translations.main(["--check"]) == 1


def test_every_code_of_every_vocabulary_has_a_french_label():
    def codes(name: str) -> set[tuple[str, str]]:
        with (ROOT / "etl" / "reference" / name).open(encoding="utf-8") as handle:
            return {(r["vocabulary"], r["code"]) for r in csv.DictReader(handle)}

    english, french = codes("codes.csv"), codes("labels_fr.csv")
    assert english - french - {("vocabulary", "vocabulary")} == set()
    assert french - english == set()


#: Modules whose calls put text on screen.
_DRAWING = {"st", "ui", "urlstate", "charts"}


def _bare_texts(path: Path) -> list[str]:
    """Literal words given straight to a call that draws (``st.caption("Some words")``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        while isinstance(owner, ast.Attribute):  # st.sidebar.caption
            owner = owner.value
        if not (isinstance(owner, ast.Name) and owner.id in _DRAWING):
            continue
        texts = [*node.args, *(k.value for k in node.keywords if k.arg in {"label", "help", "body", "title"})]
        for arg in texts:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                continue
            words = arg.value.strip()
            # words, or one capitalised word ("Show"); keys and codes are lower case
            word = words.isalpha() and words[:1].isupper() and words[1:].islower()
            if (" " in words and any(c.isalpha() for c in words) and not words.startswith("<")) or word:
                found.append(f"{path.name}:{node.lineno}: {words!r}")
    return found


def test_pages_give_streamlit_no_untranslated_text():
    files = [ROOT / p.file for p in registry.PAGES] + sorted((ROOT / "app").glob("*.py"))
    found = [hit for path in files for hit in _bare_texts(path)]
    # the language switch names itself in both languages, so that anyone can find it
    assert [hit for hit in found if not hit.endswith("'Language / Langue'")] == []


def test_the_check_of_bare_text_finds_it(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        'st.sidebar.caption("Cases per year")\nst.caption(_("Cases per year"))\n'
        'urlstate.selectbox("Show", ["count"], key="per")\nst.selectbox(_("Show"), ["count"])\n',
        encoding="utf-8",
    )
    assert _bare_texts(page) == ["page.py:1: 'Cases per year'", "page.py:3: 'Show'"]


_WIDGETS = ("selectbox", "multiselect", "radio", "button", "download_button", "toggle", "checkbox")


def _shown(at) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        texts += [str(e.value) for e in at.get(kind)]
    for kind in _WIDGETS:
        texts += [str(e.label) for e in at.get(kind)]
    for figure in charts(at).values():
        layout = figure.get("layout", {})
        texts.append(json.dumps(layout.get("title", {}), ensure_ascii=False))
        for axis in ("xaxis", "yaxis"):
            texts.append(json.dumps(layout.get(axis, {}).get("title", {}), ensure_ascii=False))
    return texts


#: English messages long enough that finding one on a French page means it was not translated
#: (the synthetic mark is quoted on purpose: downloads carry it in English first).
_ENGLISH = [
    m.id
    for m in translations.read_catalog("fr", "messages")
    if isinstance(m.id, str)
    and m.string
    and m.string != m.id
    and len(m.id) >= 14
    and not _fields(m.id)
    and m.id != export.SYNTHETIC_MARK
]
#: Every English message whose French differs from it.
_TRANSLATED = {
    m.id
    for m in translations.read_catalog("fr", "messages")
    if isinstance(m.id, str) and m.string and m.string != m.id
}


@pytest.mark.parametrize("page", PAGES)
def test_a_french_page_shows_no_english_message(app_env, page):
    at = open_page(page, {"lang": "fr", "countries": "AUT,FRA"})
    assert_no_exception(at)
    info = registry.by_file(page)
    assert at.title[0].value == i18n.translator("fr")(info.title)
    shown = "\n".join(_shown(at))
    assert [m for m in _ENGLISH if m in shown] == []
    # a control's label, however short, is never an English message that has a French one
    labels = {str(e.label) for kind in _WIDGETS for e in at.get(kind)}
    assert labels & _TRANSLATED == set()


def test_a_french_reader_keeps_french_on_the_next_page(app_env):
    at = open_page("pages/overview.py", {"lang": "fr"})
    at.switch_page("pages/trends.py").run()
    assert_no_exception(at)
    assert at.title[0].value == "Tendances des modes opératoires"
    assert at.query_params["lang"] == ["fr"] or at.query_params["lang"] == "fr"


def test_french_numbers_and_labels_on_a_page(app_env):
    at = open_page("pages/trends.py", {"lang": "fr", "countries": "AUT,FRA"})
    figures = charts(at)
    assert figures
    legends = {t.get("name") for f in figures.values() for t in f["data"]} - {None}
    with (ROOT / "etl/reference/labels_fr.csv").open(encoding="utf-8") as handle:
        french = {r["label"] for r in csv.DictReader(handle)}
    assert legends & french, legends
    assert "Autriche" in legends
    # every chart writes 1 234,5: a comma for decimals, a space between thousands
    assert {f["layout"].get("separators") for f in figures.values()} == {", "}
    english = open_page("pages/trends.py", {"countries": "AUT,FRA"})
    assert {f["layout"].get("separators") for f in charts(english).values()} == {".,"}


def test_countries_are_offered_in_the_readers_alphabetical_order(app_env):
    for lang, first in (("en", "Albania"), ("fr", "Albanie")):
        at = open_page("pages/overview.py", {"lang": lang})
        offered = list(at.multiselect(key="countries").options)
        assert offered[0] == first
        assert offered == sorted(offered, key=i18n.sort_key)


def test_french_names_sort_by_their_own_letters():
    names = {"DEU": "Germany", "AUT": "Austria", "BLR": "Belarus", "BEL": "Belgium", "EGY": "Egypt"}
    french = sorted((i18n.country_name(c, n, "fr") for c, n in names.items()), key=i18n.sort_key)
    # Germany is Allemagne, among the A; Bélarus before Belgique; Égypte among the E
    assert french == ["Allemagne", "Autriche", "Bélarus", "Belgique", "Égypte"]
