"""Fixtures shared by every test folder."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_source import write_source

from etl.build import DEMO_SOURCE, build_warehouse


@pytest.fixture(scope="session")
def good_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny valid source's warehouse (public and private file), built once per worker:
    tests read it, or copy it where a build may write."""
    root = tmp_path_factory.mktemp("good")
    db = root / "warehouse.duckdb"
    build_warehouse(write_source(root / "source"), db)
    return db


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of the shipped demo inputs (synthetic), built once per test run and shared
    by the test workers: tests read it, or copy it before they change anything."""
    # the base temporary folder's parent is common to every worker of one run
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    db = root / "demo_warehouse" / "warehouse.duckdb"
    with (root / "demo_warehouse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait for it
        if not db.exists():  # a build swaps the finished file in: it exists only whole
            db.parent.mkdir(exist_ok=True)
            build_warehouse(DEMO_SOURCE, db)
    return db


@pytest.fixture(scope="session", autouse=True)
def _streamlit_components_scanned_once() -> Iterator[None]:
    """Each new AppTest scans every installed package for Streamlit components (about 0.1 s,
    a third of a page test); a server does it once when it starts. The installed packages do
    not change during a run, so the tests scan once per worker too."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    found = scan()
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found)
    yield
    manifest_scanner.scan_component_manifests = scan


#: The files that take longest, about a minute each on two cores (``pytest --durations=0``).
LONGEST_FILES = (
    "faults/test_faults_kill.py",
    "browser/test_journeys.py",
    "browser/test_dashboard.py",
    "importers/test_glotip_real.py",
    "privacy/test_attack.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, then the other files holding slow or browser tests, then the
    rest, each in its order. Each test worker takes whole files in this order
    (``--dist loadfile --no-loadscope-reorder``): a long file started last kept one worker
    busy alone at the end of a run."""
    tests = Path(__file__).parent
    rank = {tests / name: i for i, name in enumerate(LONGEST_FILES)}
    long_files = {
        item.path for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: rank.get(item.path, len(rank) + (item.path not in long_files)))
