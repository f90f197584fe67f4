"""The file-check page, driven through the dashboard, agrees with `python -m etl check`."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from command_line import run_main
from streamlit.testing.v1 import AppTest

from etl.cli import main as etl_main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "importers"


def _tiny_warehouse(path: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "warehouse_sql", ROOT / "tests" / "app" / "warehouse_sql.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_warehouse(path)


def _cli_counts(path: Path) -> tuple[int, int, int]:
    result = run_main(etl_main, "check", str(path))
    found = re.search(r"rows read: ([\d,]+); accepted: ([\d,]+); rejected: ([\d,]+)", result.stdout)
    assert found, result.stdout + result.stderr
    read, accepted, rejected = (int(g.replace(",", "")) for g in found.groups())
    return read, accepted, rejected


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("THB_WAREHOUSE", str(_tiny_warehouse(tmp_path / "warehouse.duckdb")))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/file_check.py")
    app.run()
    assert not app.exception, app.exception
    return app


def _metrics(app: AppTest) -> tuple[int, int, int]:
    values = {m.label: int(m.value.replace(",", "")) for m in app.metric}
    return (
        values["Rows read"],
        values["Rows accepted"],
        values["Rows rejected or quarantined"],
    )


@pytest.mark.parametrize(
    ("folder", "make"),
    [
        ("series", "glotip"),
        ("cases", "ctdc_kanon_layout.csv"),
    ],
)
def test_page_matches_etl_check(page: AppTest, glotip_file: Path, tmp_path: Path,
                                folder: str, make: str) -> None:  # fmt: skip
    source = glotip_file if make == "glotip" else FIXTURES / make
    same = tmp_path / folder / source.name
    same.parent.mkdir()
    same.write_bytes(source.read_bytes())

    page.file_uploader(key="file_check_upload").upload(source.name, source.read_bytes())
    page.run()
    assert not page.exception, page.exception
    assert _metrics(page) == _cli_counts(same)
    problems = next(d.value for d in page.dataframe if "Row" in d.value.columns)
    assert len(problems) > 0 and set(problems["Severity"]) == {"quarantine"}
    assert "not published" in " ".join(c.value for c in page.caption).lower()


def test_page_refuses_a_fake_workbook(page: AppTest) -> None:
    page.file_uploader(key="file_check_upload").upload("fake.xlsx", b"not a zip")
    page.run()
    assert any("Refused" in e.value for e in page.error)
    assert not page.metric
