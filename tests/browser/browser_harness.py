"""A real ``streamlit run`` server and Debian's headless chromium, for browser tests and benchmarks.

Nothing here downloads a browser: Playwright drives the chromium that apt installs. When it is
missing the error says how to install it, so a test run fails loudly instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("THB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
#: The app root's attribute that streamlit sets to this when a script run has finished.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

#: Per chart: traces plotly drew, and choropleth shapes with an actual outline.
CHART_STATS_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((p) => ({
  drawn: p.querySelectorAll(
    '.main-svg .trace, .main-svg .choroplethlocation, .main-svg .slice, .main-svg .hm, '
    + '.main-svg .point, .main-svg .bars path'
  ).length,
  shapes: Array.from(p.querySelectorAll('path.choroplethlocation'))
    .filter((e) => (e.getAttribute('d') || '').length > 10).length,
  traces: (p._fullData || []).filter((t) => t.visible === true).length,
  title: (p.querySelector('.gtitle') || {}).textContent || '',
}))
"""

#: Per choropleth trace of each chart: its name and how many of its shapes have an outline.
SHAPES_BY_TRACE_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((p) => {
  const chor = (p._fullData || []).filter((t) => t.type === 'choropleth');
  const groups = p.querySelectorAll('g.choroplethlayer g.trace');
  return chor.map((t, i) => ({
    name: t.name,
    drawn: groups[i] ? Array.from(groups[i].querySelectorAll('path.choroplethlocation'))
      .filter((e) => (e.getAttribute('d') || '').length > 10).length : 0,
  }));
})
"""


class HarnessError(RuntimeError):
    """The browser or the server could not be started; the message says why and what to do."""


@dataclass(frozen=True)
class DashboardPage:
    source: str  # the page file, relative to the project root
    url_path: str
    title: str


def dashboard_pages() -> list[DashboardPage]:
    """Every page dashboard.py serves, from the page registry it builds its navigation from."""
    from app import registry

    return [
        DashboardPage(source=p.file, url_path=p.url_path, title=p.title)
        for p in registry.PAGES
        if (ROOT / p.file).exists()
    ]


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_loopback(url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in {"data", "blob", "about", "chrome", "chrome-extension"}:
        return True
    return (urlsplit(url).hostname or "") in LOOPBACK_HOSTS


@dataclass
class StreamlitServer:
    """One ``streamlit run`` subprocess on a loopback port; ``stop()`` ends it and its children."""

    script: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_streamlit(
    script: Path,
    log_dir: Path,
    *,
    warehouse: Path | None = None,
    timeout: float = 90.0,
    extra_env: dict[str, str] | None = None,
) -> StreamlitServer:
    """Start ``streamlit run script`` headless on a free loopback port and wait until healthy."""
    port = free_port()
    # the project first; a caller's own path (a work tree's extra packages) after it
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, **(extra_env or {})}
    if warehouse is not None:
        env["THB_WAREHOUSE"] = str(warehouse)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = StreamlitServer(script=script, port=port, process=process, log=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"streamlit exited with code {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    server.stop()
    raise HarnessError(f"streamlit was not healthy after {timeout:.0f} s:\n{server.log_tail()}")


@contextlib.contextmanager
def running_streamlit(script: Path, log_dir: Path, **kwargs: Any) -> Iterator[StreamlitServer]:
    server = start_streamlit(script, log_dir, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium driven by Playwright; a clear error when it is not installed."""
    if not CHROMIUM.exists():
        raise HarnessError(
            f"chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or point THB_CHROMIUM at a chromium binary); browser tests cannot run without it"
        )
    try:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # Playwright raises its own Error type; keep the whole message.
        raise HarnessError(f"chromium at {CHROMIUM} did not start: {exc}") from exc


@dataclass
class PageWatch:
    """What happened in one browser context: page errors and requests to other hosts."""

    page_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def attach(self, context: Any, *, cut_network: bool) -> None:
        """Record every request; with ``cut_network`` abort any that leaves the loopback host."""

        def on_request(request: Any) -> None:
            if not is_loopback(request.url):
                self.external.append(request.url)

        context.on("request", on_request)
        if cut_network:

            def route(route: Any) -> None:
                if is_loopback(route.request.url):
                    route.continue_()
                else:
                    route.abort("internetdisconnected")

            context.route("**/*", route)

    def watch_page(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))


def wait_until_idle(page: Any, timeout_ms: float = 30_000) -> None:
    """Wait until the script run has finished and every element has replaced its placeholder.

    Streamlit marks a finished run on the app root, but elements whose code loads lazily (plotly
    charts among them) stay ``stSkeleton`` placeholders for a while after that.
    """
    page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)
    page.wait_for_function(
        f"() => document.querySelector('{IDLE}') && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout_ms,
    )


def wait_for_charts(
    page: Any, minimum: int = 1, timeout_ms: float = 30_000, watch: PageWatch | None = None
) -> list[dict]:
    """Wait until at least ``minimum`` plotly charts have drawn traces; return their stats.

    A timeout is an ``AssertionError`` that says what was drawn and what was requested.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"() => ({CHART_STATS_JS})().filter((c) => c.drawn > 0).length >= {int(minimum)}",
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        seen = chart_stats(page)
        extra = f"; requests to other hosts: {watch.external}; page errors: {watch.page_errors}"
        raise AssertionError(
            f"fewer than {minimum} chart(s) drawn within {timeout_ms / 1000:.0f} s on "
            f"{page.url}: {seen}{extra if watch else ''}"
        ) from None
    return chart_stats(page)


def chart_stats(page: Any) -> list[dict]:
    return list(page.evaluate(CHART_STATS_JS))


def shapes_by_trace(page: Any) -> list[list[dict]]:
    """Per chart, per choropleth trace: its name and how many of its shapes were drawn."""
    return list(page.evaluate(SHAPES_BY_TRACE_JS))
