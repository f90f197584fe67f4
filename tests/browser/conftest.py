"""Fixtures that start Debian's chromium and real streamlit servers for the browser tests.

A missing chromium or a server that does not come up is a failure with the reason, never a
skip: these tests are the only proof that the pages draw in a real browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import (
    ROOT,
    HarnessError,
    PageWatch,
    StreamlitServer,
    launch_chromium,
    start_streamlit,
)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a broken install must fail the run, not skip it
        pytest.fail(f"the playwright package is not importable ({exc}); pip install playwright")
    playwright = sync_playwright().start()
    try:
        browser = launch_chromium(playwright)
    except HarnessError as exc:
        playwright.stop()
        pytest.fail(str(exc))
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def open_context(chromium: Any) -> Iterator[Callable[..., tuple[Any, Any, PageWatch]]]:
    """Factory: ``open_context(cut_network=...)`` gives a fresh context, its page and a watch."""
    contexts: list[Any] = []

    def make(*, cut_network: bool = False) -> tuple[Any, Any, PageWatch]:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        watch = PageWatch()
        watch.attach(context, cut_network=cut_network)
        page = context.new_page()
        watch.watch_page(page)
        return context, page, watch

    yield make
    for context in contexts:
        context.close()


def _serve(script: Path, tmp: Path, **kwargs: Any) -> StreamlitServer:
    # tests/browser on the path lets the small test apps import the harness as the tests do.
    # A caller's own path (a work tree's extra packages) comes after them.
    path = [str(ROOT), str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
    extra = {"PYTHONPATH": os.pathsep.join(p for p in path if p)}
    try:
        return start_streamlit(script, tmp, extra_env=extra, **kwargs)
    except HarnessError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def map_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    server = _serve(Path(__file__).parent / "map_app.py", tmp_path_factory.mktemp("map_server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def warehouse(demo_warehouse: Path) -> Path:
    """The warehouse of the shipped demo inputs: what a visitor of the demo sees."""
    return demo_warehouse


@pytest.fixture(scope="session")
def dashboard_server(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    tmp = tmp_path_factory.mktemp("dashboard")
    server = _serve(ROOT / "dashboard.py", tmp, warehouse=warehouse)
    yield server
    server.stop()
