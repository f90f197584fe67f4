"""A GLOTIP download dropped into a source folder goes through the whole build as real data."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from etl.build import build_warehouse


def test_glotip_in_a_synthetic_folder_keeps_its_own_source_and_status(
    glotip_file: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    (source / "series").mkdir(parents=True)
    glotip_file.rename(source / "series" / glotip_file.name)
    (source / "manifest.json").write_text(json.dumps({"synthetic": True}), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        sources = con.execute("SELECT source, vintage::VARCHAR, is_synthetic FROM marts.sources").fetchall()
        loads = con.execute(
            "SELECT rows_read, rows_loaded + rows_rejected, importer FROM meta.loads"
        ).fetchall()
        quarantined = con.execute(
            "SELECT count(*) FROM meta.problems WHERE severity = 'quarantine'"
        ).fetchone()[0]
        loaded = con.execute("SELECT count(*) FROM marts.series").fetchone()[0]
    finally:
        con.close()
    assert sources == [("UNODC Global Report on Trafficking in Persons (GLOTIP)", "2023-05-30", False)]
    ((read, accounted, importer),) = loads
    assert importer == "unodc_glotip" and read == accounted
    assert loaded + quarantined == read  # one quarantine record per row kept out
