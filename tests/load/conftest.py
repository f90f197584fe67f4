"""Fixtures of the load tests: a demo warehouse and a real ``streamlit run`` server on loopback.

A server that does not come up is a failure with its log, never a skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.browser_harness import HarnessError, StreamlitServer, start_streamlit
from tests.load.load_runner import LoadError, build_warehouse

#: Case rows of the warehouse the load test runs against (as the browser tests use).
LOAD_CASES = 3000


@pytest.fixture(scope="session")
def load_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo warehouse built once per session with the project's own ETL commands."""
    try:
        return build_warehouse(tmp_path_factory.mktemp("load_warehouse"), LOAD_CASES)
    except LoadError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., StreamlitServer]]:
    """Factory: ``serve(script, warehouse=...)`` starts a server, stopped after the test."""
    servers: list[StreamlitServer] = []

    def start(script: Path, **kwargs: object) -> StreamlitServer:
        try:
            server = start_streamlit(script, tmp_path / "logs", **kwargs)
        except HarnessError as exc:
            pytest.fail(str(exc))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
