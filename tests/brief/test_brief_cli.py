"""``python -m app.brief`` as a data steward runs it: files written, clear errors, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from brief_helpers import ROOT, Pdf
from command_line import run_main

from app.brief import render
from app.brief.__main__ import main as brief_main


def brief(*args: str) -> subprocess.CompletedProcess:
    return run_main(brief_main, *args)


def test_one_brief_is_written_and_is_the_same_file_each_time(warehouse, wh, tmp_path):
    out = tmp_path / "brief.pdf"
    done = brief("FRA", "--wave", "2025", "--lang", "fr", "--out", str(out), "--db", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert "brief.pdf" in done.stdout
    first = out.read_bytes()
    assert first.startswith(b"%PDF-")
    assert 1 <= len(Pdf(first).pages) <= 2
    again = brief("fra", "--wave", "2025", "--lang", "fr", "--out", str(out), "--db", str(warehouse))
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == first
    # the command's bytes are the library's
    assert render(wh, "FRA", "2025", "fr", 5) == first


def test_the_warehouse_comes_from_the_environment_and_the_file_has_a_default_name(warehouse, wh, tmp_path):
    # the entry point as a steward runs it, in a process of its own: the library's bytes
    env = {**os.environ, "THB_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app.brief", "MDA"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "MDA-2025-en.pdf").read_bytes() == render(wh, "MDA", "2025", "en", 5)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["XYZ"], "Unknown country 'XYZ'"),
        (["Frnace"], "did you mean FRA?"),
        (["FRA", "--wave", "2030"], "Unknown wave '2030': the warehouse holds the waves 2025, 2021."),
        (
            ["FRA", "--lang", "de"],
            "Unknown language 'de': the brief is written in en (English), fr (Français).",
        ),
        (["--all", "--wave", "1999"], "Unknown wave '1999'"),
    ],
)
def test_a_wrong_request_is_explained(warehouse, tmp_path, args, says):
    done = brief(*args, "--db", str(warehouse), "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_or_foreign_warehouse_is_explained(tmp_path):
    done = brief("FRA", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1
    assert "No warehouse at" in done.stderr and "python -m etl build" in done.stderr
    assert "Traceback" not in done.stderr
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    done = brief("FRA", "--db", str(junk))
    assert done.returncode == 1
    assert "is not a warehouse" in done.stderr and "Traceback" not in done.stderr


def test_a_country_or_all_is_needed(warehouse):
    for args in ([], ["FRA", "--all"]):
        done = brief(*args, "--db", str(warehouse))
        assert done.returncode == 2
        assert "give one country (e.g. FRA) or --all" in done.stderr
        assert "Traceback" not in done.stderr


def test_an_unwritable_output_is_explained(warehouse, tmp_path):
    done = brief("FRA", "--db", str(warehouse), "--out", str(tmp_path / "no" / "such" / "brief.pdf"))
    assert done.returncode == 1
    assert "No such file or directory" in done.stderr and "Traceback" not in done.stderr


def test_help_names_the_options():
    done = brief("--help")
    assert done.returncode == 0
    for option in ("--all", "--wave", "--lang", "--out", "--db", "ISO 3166"):
        assert option in done.stdout
