"""Hostile text in every text field that can reach a download never becomes a formula.

A fixture warehouse puts formula-like text in labels, country names, source names and
vintages, codes, wave labels and organisations; every page is run, every CSV and Excel
download it offers is built, and so is the download of every public relation. No cell may
start like a formula unless it is a number, no workbook cell may be a formula, and the
hostile text must be there, neutralised, so that the test could fail. A PDF (the country
brief) holds no action, script, link or attached file, and prints hostile text as text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from privacy_helpers import PAGES, open_page, write_warehouse
from streamlit.runtime.media_file_manager import MediaFileManager

from app.disclosure import display_frame
from app.export import ExportHeader, to_csv, to_xlsx
from app.queries import DirectReader, meta

HOSTILE = ('=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_H = [h.replace("'", "''") for h in HOSTILE]
SQL = f"""
update marts.labels set label = (['{_H[0]}', '{_H[1]}', '{_H[2]}', '{_H[3]}', e'\\t=1', e'\\r=1'])[(1 + hash(code) % 6)::bigint];
update marts.countries set name = '{_H[0]}' where iso3 = 'ALB';
update marts.countries set name = '{_H[3]}' where iso3 = 'AUT';
update marts.countries set name = e'\\t=1' where iso3 = 'FRA';
update marts.waves set label = '{_H[1]}', source = '{_H[3]}' where wave_id = '2025';
update marts.waves set source = e'\\r=1' where wave_id = '2021';
update marts.technology_counts set technology = '+1+1' where technology = 'dark_web';
update marts.modus_operandi_counts set modus_operandi = '-2';
update marts.case_counts set source = '{_H[0]}';
update marts.victim_counts set source = '{_H[0]}';
update marts.technology_counts set source = '{_H[0]}';
update marts.stage_counts set source = '{_H[0]}';
update marts.stage_technology_counts set source = '{_H[0]}';
update marts.modus_operandi_counts set source = '{_H[0]}';
update marts.release_info set source = '{_H[0]}';
alter table marts.series alter vintage type varchar;
update marts.series set source = '{_H[3]}', vintage = '-2';
update marts.sources set source = '{_H[0]}', vintage = e'\\t=1' where family = 'cases';
update marts.sources set source = '{_H[3]}', vintage = '-2' where family = 'series';
update marts.strategies set strategy = '-2' where strategy = 'osint';
update marts.training_gap set audience = e'\\r=1' where audience = 'judges';
"""


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("hostile") / "warehouse.duckdb", sql=SQL)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """File name -> the callable a download button builds its file with, as pages register them."""
    seen: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_csv(name: str, data: bytes) -> list[str]:
    cells = _csv_cells(data)
    for cell in cells:
        if cell.startswith(FORMULA_START):
            assert _is_number(cell), f"{name}: cell {cell!r} would run as a formula"
    return cells


def _check_xlsx(name: str, data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}: {sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), f"{name}: {cell.value!r}"
                    texts.append(cell.value)
    return texts


#: What would let a PDF do something when opened or clicked.
PDF_ACTIONS = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/OpenAction",
    b"/AA",
    b"/URI",
    b"/SubmitForm",
    b"/EmbeddedFile",
)


def _check_pdf(name: str, data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-"), name
    for action in PDF_ACTIONS:
        assert action not in data, f"{name}: {action.decode()} in the PDF"
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


def _check(name: str, data: bytes) -> list[str]:
    if name.endswith(".pdf"):
        return _check_pdf(name, data)
    return _check_xlsx(name, data) if name.endswith(".xlsx") else _check_csv(name, data)


def test_fixture_is_hostile(hostile_warehouse):
    import duckdb

    con = duckdb.connect(str(hostile_warehouse), read_only=True)
    names = {r[0] for r in con.execute("select name from marts.countries").fetchall()}
    con.close()
    assert {HOSTILE[0], HOSTILE[3], HOSTILE[4]} <= names


@pytest.mark.parametrize("page", PAGES)
def test_every_download_of_every_page_is_inert(hostile_warehouse, monkeypatch, downloads, page):
    monkeypatch.setenv("THB_WAREHOUSE", str(hostile_warehouse))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    # the compare page draws only for countries chosen: two whose names are hostile
    at = open_page(page, {"countries": "ALB,AUT"} if page == "pages/compare.py" else None)
    assert not at.exception, [e.value for e in at.exception]
    assert downloads, f"{page} offers no download"
    names = set(downloads)
    assert {n for n in names if n.endswith(".csv")}, "no CSV download"
    assert {n for n in names if n.endswith(".xlsx")}, "no Excel download next to the CSV"
    seen: list[str] = []
    for name, build in downloads.items():
        data = build()
        lines = _check(name, data if isinstance(data, bytes) else data.encode("utf-8"))
        if name.endswith(".pdf"):
            # printed as it is: no cell to neutralise, nothing that runs
            assert any(h.strip() in line for h in HOSTILE for line in lines), f"{name}: no hostile text"
        seen += lines
    # every download says what it is
    for name, build in downloads.items():
        text = "\n".join(_check(name, build()))
        fields = (
            ("Sources and protection", "wave", "built on", "read <5")
            if name.endswith(".pdf")
            else ("source", "wave", "vintage", "date", "small counts")
        )
        for field in fields:
            assert field in text, f"{name} lacks its {field} line"
    neutralised = {"'" + h for h in HOSTILE}
    assert neutralised & set(seen), f"{page}: no hostile text reached a download, the test proves nothing"


@pytest.mark.parametrize("relation", meta.PUBLIC_RELATIONS)
def test_every_public_relation_download_is_inert(hostile_warehouse, relation):
    try:
        frame = meta.public_relation(DirectReader.open(hostile_warehouse), relation)
    except Exception as exc:  # a relation another part of the project adds later
        if "does not exist" in str(exc):
            pytest.fail(f"marts.{relation} is public but missing from the fixture warehouse")
        raise
    shown = display_frame(frame, 5)
    header = ExportHeader(title=f"marts.{relation}", source=HOSTILE[0], vintage=HOSTILE[2], wave=HOSTILE[5])
    for name, data in (
        (f"{relation}.csv", to_csv(shown, header)),
        (f"{relation}.xlsx", to_xlsx(shown, header)),
    ):
        cells = _check(name, data)
        assert "'" + HOSTILE[0] in cells
