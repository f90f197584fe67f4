"""The profile page offers its printable counterpart: the brief of its country, wave and language."""

from __future__ import annotations

import pytest
from brief_helpers import ROOT
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from app.brief import render

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("lang", "country"), [("fr", "FRA"), ("en", "MDA")])
def test_the_profile_page_downloads_the_brief_it_shows(warehouse, wh, monkeypatch, lang, country):
    monkeypatch.setenv("THB_WAREHOUSE", str(warehouse))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    offered: dict[str, tuple] = {}
    register = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name or ""] = (data_callable, mimetype)
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"countries": country, "wave": "2025", "lang": lang})
    at.run()
    at.switch_page("pages/profile.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"en": "Download the country brief (PDF)", "fr": "Télécharger la fiche pays (PDF)"}[lang] in labels
    make, mime = offered[f"brief-{country}-2025-{lang}.pdf"]
    assert mime == "application/pdf"
    assert make() == render(wh, country, "2025", lang, 5)
