"""Every page against a real small warehouse built by the ETL from generated demo data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from apphelpers import PAGES, ROOT, assert_no_exception, charts, open_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    db = out / "warehouse.duckdb"
    for args in (
        ["demo", "--out", str(out / "src"), "--cases", "2000", "--quiet"],
        ["build", "--source", str(out / "src"), "--db", str(db)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "etl", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    return db


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo_build(demo_warehouse, monkeypatch, page, lang):
    monkeypatch.setenv("THB_WAREHOUSE", str(demo_warehouse))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    at = open_page(page, {"lang": lang, "countries": "FRA,DEU"})
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    badge = {"en": "Synthetic demo data", "fr": "Données de démonstration synthétiques"}[lang]
    assert badge in at.markdown[0].value
    if page != "pages/methods.py":
        figs = charts(at)
        assert figs and all(fig["data"] for fig in figs.values()), f"{page}: empty chart"
    infos = [i.value for i in at.info]
    assert not any("No data for this selection" in i for i in infos), infos
