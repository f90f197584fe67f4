"""Disk full, read-only folder, missing source, old schema: a clear message and a way out, no traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from tiny_source import write_source

from etl import build as build_module
from etl.build import build_warehouse
from etl.problems import InputError, WarehouseError
from etl.schema import SCHEMA_VERSION

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A tiny source folder and a warehouse built from it."""
    root = tmp_path_factory.mktemp("env")
    source = write_source(root / "source")
    db = root / "warehouse.duckdb"
    build_warehouse(source, db)
    return source, db


def _cli_build(source: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--source", str(source), "--db", str(db), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _assert_refused(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """Mount small tmpfs folders (root only); unmounted after the test."""
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(
                f"cannot mount a tmpfs here ({done.stderr.strip()}); the monkeypatched test covers it"
            )
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=True)


def test_disk_full_on_a_real_tiny_filesystem(good: tuple[Path, Path], tmpfs) -> None:
    source, built = good
    # room for the old warehouse and a little more, never for a second one
    folder = tmpfs(built.stat().st_size + 64 * 1024)
    db = folder / "warehouse.duckdb"
    shutil.copyfile(built, db)
    before = db.read_bytes()

    done = _cli_build(source, db)
    _assert_refused(done, "No space left", "unchanged", "Free some space")
    with pytest.raises(WarehouseError, match="No space left"):
        build_warehouse(source, db)
    assert db.read_bytes() == before
    assert os.listdir(folder) == ["warehouse.duckdb"]  # the half-written file is gone


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        duckdb.IOException("Could not write file: No space left on device"),
    ],
    ids=["oserror", "duckdb-ioexception"],
)
def test_disk_full_in_the_write_path(good: tuple[Path, Path], tmp_path: Path, monkeypatch, error) -> None:
    source, built = good
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, db)
    before = db.read_bytes()

    def full(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(build_module, "run_data_tests", full)  # late in the build: the new file is large
    with pytest.raises(WarehouseError, match="Free some space and build again"):
        build_warehouse(source, db)
    assert db.read_bytes() == before
    assert os.listdir(tmp_path) == ["warehouse.duckdb"]


def test_read_only_data_folder(good: tuple[Path, Path], tmpfs) -> None:
    source, built = good
    folder = tmpfs(built.stat().st_size * 2 + 64 * 1024)
    db = folder / "warehouse.duckdb"
    shutil.copyfile(built, db)
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    before = db.read_bytes()

    done = _cli_build(source, db)
    _assert_refused(done, "read-only", "--db PATH or THB_WAREHOUSE")
    assert db.read_bytes() == before


def test_warehouse_path_that_is_a_folder(good: tuple[Path, Path], tmp_path: Path) -> None:
    source, _ = good
    db = tmp_path / "warehouse.duckdb"
    db.mkdir()
    done = _cli_build(source, db)
    _assert_refused(done, "Is a directory", "--db PATH or THB_WAREHOUSE")
    assert db.is_dir() and list(tmp_path.iterdir()) == [db]


def test_missing_source_folder(good: tuple[Path, Path], tmp_path: Path) -> None:
    _, built = good
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, db)
    before = db.read_bytes()
    missing = tmp_path / "no-such-folder"

    done = _cli_build(missing, db)
    _assert_refused(done, str(missing), "a folder of input files", "unchanged")
    with pytest.raises(InputError, match="a folder of input files"):
        build_warehouse(missing, db)
    assert db.read_bytes() == before


def test_missing_data_folder_is_created(good: tuple[Path, Path], tmp_path: Path) -> None:
    source, _ = good
    db = tmp_path / "new" / "data" / "warehouse.duckdb"
    done = _cli_build(source, db)
    assert done.returncode == 0, done.stderr
    assert db.is_file()


def test_older_schema_version_is_replaced_by_a_rebuild(good: tuple[Path, Path], tmp_path: Path) -> None:
    source, built = good
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE meta.build_info SET schema_version = ?", [SCHEMA_VERSION - 1])
    finally:
        con.close()

    def version() -> int:
        reader = duckdb.connect(str(db), read_only=True)
        try:
            return reader.execute("SELECT max(schema_version) FROM meta.build_info").fetchone()[0]
        finally:
            reader.close()

    assert version() == SCHEMA_VERSION - 1
    done = _cli_build(source, db)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert version() == SCHEMA_VERSION
