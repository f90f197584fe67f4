"""A dashboard-style reader keeps answering through a rebuild and swap, never from a mix of builds."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reader_probe import TABLES

from etl.build import build_warehouse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

PROBE = Path(__file__).resolve().parent / "reader_probe.py"


def _answers(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the reader did not answer in time"
        time.sleep(0.05)


def test_reader_answers_from_old_then_new_build_and_never_a_mix(
    small_source: Path, large_source: Path, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "warehouse.duckdb"
    old = build_warehouse(small_source, db)
    out, stop = tmp_path / "answers.jsonl", tmp_path / "stop"
    with out.open("w") as sink:
        reader = subprocess.Popen(
            [sys.executable, str(PROBE), str(db), str(stop), "240"],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        _wait_for(lambda: len(_answers(out)) >= 3, 60)
        rebuild_started = time.time()
        new = build_warehouse(large_source, db)
        swapped = time.time()
        _wait_for(lambda: sum(a.get("build_id") == new.build_id for a in _answers(out)) >= 20, 60)
    finally:
        stop.touch()
        _, errors = reader.communicate(timeout=60)
    assert reader.returncode == 0, errors

    answers = _answers(out)
    assert [a for a in answers if "error" in a] == []
    expected = {build.build_id: [build.rows[t] for t in TABLES] for build in (old, new)}
    assert expected[old.build_id] != expected[new.build_id]  # a mix would be visible
    for answer in answers:
        assert answer["build_id"] in expected, answer
        assert answer["counts"] == expected[answer["build_id"]], f"mixed answer {answer}"
    ids = [a["build_id"] for a in answers]
    first_new = ids.index(new.build_id)
    assert set(ids[:first_new]) == {old.build_id} and set(ids[first_new:]) == {new.build_id}
    during = [a for a in answers if rebuild_started <= a["t"] < swapped and a["build_id"] == old.build_id]
    assert len(during) >= 3, "the reader was not answering while the rebuild ran"
