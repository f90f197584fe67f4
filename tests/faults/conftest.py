"""Fixtures of the fault-injection tests: demo inputs generated once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Large enough that a build takes a few seconds to kill at many points, small enough for 2 cores.
KILL_CASES = 50_000


def demo(out: Path, cases: int, seed: int) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "demo",
            "--out",
            str(out),
            "--cases",
            str(cases),
            "--seed",
            str(seed),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="session")
def large_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo(tmp_path_factory.mktemp("large") / "source", KILL_CASES, 2021)


@pytest.fixture(scope="session")
def small_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo(tmp_path_factory.mktemp("small") / "source", 5_000, 7)
