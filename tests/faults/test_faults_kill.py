"""SIGKILL a rebuild at many points: the previous warehouse stays whole, the next build succeeds."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warehouse_fingerprint import fingerprint

from etl.build import build_warehouse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

#: Kill points as fractions of a measured build, 2% to 98%, one every 9% of it (with the kill
#: as soon as the new file appears, and the earlier points retried when the build wins).
FRACTIONS = [round(0.02 + i * 0.96 / 11, 3) for i in range(12)]


def _leftovers(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*"))


def _start(source: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--source", str(source), "--db", str(db), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when_building(build: subprocess.Popen, db: Path) -> None:
    """Kill as soon as the new file appears beside the warehouse."""
    deadline = time.monotonic() + 120
    while not _leftovers(db) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    build.send_signal(signal.SIGKILL)


def _timed_build(source: Path, db: Path) -> float:
    """Build to the end through the CLI; its duration scales the kill points to the machine's load."""
    started = time.monotonic()
    assert _start(source, db).wait(timeout=300) == 0
    return time.monotonic() - started


def _timed_rebuild(source: Path, db: Path) -> float:
    """Build to the end in this process, as the build after a kill: the same code as the CLI's,
    without a new interpreter's start-up for each of the thirteen rebuilds."""
    started = time.monotonic()
    build_warehouse(source, db)
    return time.monotonic() - started


def test_killed_rebuilds_leave_the_previous_warehouse_whole(large_source: Path, tmp_path: Path) -> None:
    db = tmp_path / "data" / "warehouse.duckdb"
    duration = _timed_build(large_source, db)
    # a CLI build takes the command's start-up longer than one in this process
    start_up = max(0.0, duration - _timed_rebuild(large_source, db))
    before = fingerprint(db)
    assert before.rows["marts.case_counts"] > 0

    points: list[str | float] = ["building-file", *FRACTIONS]
    killed, leftovers_seen, attempts = 0, 0, 0
    while points and attempts < 20:
        point = points.pop(0)
        attempts += 1
        launched = time.monotonic()
        build = _start(large_source, db)
        if point == "building-file":
            _kill_when_building(build, db)
        else:
            time.sleep(max(0.0, launched + float(point) * duration - time.monotonic()))
            build.send_signal(signal.SIGKILL)
        returncode = build.wait(timeout=60)
        assert returncode in (0, -signal.SIGKILL), point
        after = fingerprint(db)
        if returncode == -signal.SIGKILL and after == before:
            killed += 1  # interrupted: the previous warehouse is untouched
        else:
            # The build won the race: it swapped in a complete warehouse (same inputs, so the
            # same marts under a new build id) before it exited or was killed. Never a mix.
            assert after.marts == before.marts, f"killed at {point}: the warehouse changed"
            assert after.rows["meta.build_info"] == 1, f"killed at {point}: no build record"
            points.append(round(float(point) * 0.7, 3))
        leftovers_seen += bool(_leftovers(db))

        duration = start_up + _timed_rebuild(large_source, db)  # the next build succeeds ...
        assert _leftovers(db) == [], f"after the kill at {point}"  # ... and removes what the kill left
        rebuilt = fingerprint(db)
        assert rebuilt.marts == before.marts
        before = rebuilt

    assert killed >= len(FRACTIONS), f"only {killed} of {attempts} kills hit a running build"
    assert leftovers_seen >= 1  # some kills did interrupt a half-written file
