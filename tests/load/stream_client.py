"""A reader of the dashboard that speaks Streamlit's own websocket protocol, without a browser.

The browser's part of a page visit is small: it sends a ``BackMsg.rerun_script`` over
``/_stcore/stream`` and draws the ``ForwardMsg`` deltas the server streams back until the
run's ``script_finished``. Doing only that costs the client almost nothing, so twenty of them
on two cores load the server rather than themselves. A page visit is timed from the request
until the run that draws the page has finished (runs the app ends early with ``st.rerun`` are
part of the visit), and collects what a reader would see as an error.

    async with StreamSession.connect("http://127.0.0.1:8501") as session:
        visit = await session.open("trends", "countries=AUT")
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: Host names a load client may connect to: it must never load anything but this machine.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
STREAM_PATH = "/_stcore/stream"
#: The delta path of an element drawn in the page's main area starts with this container.
MAIN_CONTAINER = 0


class NotLoopbackError(ValueError):
    """The server address is not a loopback address; load is only ever sent to this machine."""


class StreamClosedError(ConnectionError):
    """The server closed the websocket, or it could not be opened."""


@dataclass
class PageVisit:
    """One page visit: how long it took and what it drew."""

    page: str
    query: str  # the query string the page was asked for with
    link: str  # the query string of the link the reader came by (their filter choice)
    seconds: float
    runs: int = 0  # script runs the visit took (a run ended by ``st.rerun`` counts)
    main_elements: int = 0
    charts: int = 0
    errors: list[str] = field(default_factory=list)


def stream_url(server_url: str) -> str:
    """``ws://host:port/_stcore/stream`` for a loopback ``http://`` server URL."""
    parts = urlsplit(server_url)
    host = parts.hostname or ""
    if parts.scheme not in {"http", "ws"} or host not in LOOPBACK_HOSTS or parts.port is None:
        raise NotLoopbackError(f"refusing to send load to {server_url!r}: only http://127.0.0.1:PORT")
    netloc = f"[{host}]:{parts.port}" if ":" in host else f"{host}:{parts.port}"
    return f"ws://{netloc}{STREAM_PATH}"


def rerun_request(*, query: str, page_name: str = "", page_script_hash: str = "") -> bytes:
    """The message the browser sends to run a page: by URL path on a first visit, else by hash."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = page_name
    state.page_script_hash = page_script_hash
    return msg.SerializeToString()


def errors_in(msg: ForwardMsg) -> list[str]:
    """What in one ForwardMsg a reader would see as an error (empty when none)."""
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            exc = element.exception
            label = "warning" if exc.is_warning else "exception"
            return [f"{label} {exc.type}: {exc.message}".strip()]
        if which == "alert" and element.alert.format == Alert.ERROR:
            return [f"error message: {element.alert.body}"]
    if kind == "page_not_found":
        return [f"page not found: {msg.page_not_found.page_name!r}"]
    if kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
        exc = msg.session_event.script_compilation_exception
        return [f"script does not compile: {exc.type}: {exc.message}"]
    if kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
        return ["script finished with a compile error"]
    return []


@dataclass(frozen=True)
class MenuPage:
    """A page as the server's ``navigation`` message announces it."""

    url_path: str  # "" for the default page, which Streamlit serves at the root URL only
    title: str
    script_hash: str


def menu_pages(msg: ForwardMsg) -> list[MenuPage]:
    """The pages of a ``navigation`` message, in menu order."""
    return [
        MenuPage(page.url_pathname, page.page_name, page.page_script_hash)
        for page in msg.navigation.app_pages
    ]


class StreamSession:
    """One reader: a websocket session of the app that opens pages one after the other."""

    def __init__(self, ws: websockets.ClientConnection, page_timeout: float) -> None:
        self._ws = ws
        self._page_timeout = page_timeout
        self.menu: list[MenuPage] = []  # as the last run announced it
        self.query = ""  # the query string of the reader's address bar
        self.link = ""  # the query string of the link the reader last followed

    @classmethod
    async def connect(cls, server_url: str, page_timeout: float = 60.0) -> StreamSession:
        url = stream_url(server_url)
        try:
            # no size limit: a chart's figure can exceed the library's 1 MiB default
            ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=30)
        except (OSError, websockets.WebSocketException, TimeoutError) as exc:
            raise StreamClosedError(f"could not open {url}: {exc}") from exc
        return cls(ws, page_timeout)

    async def __aenter__(self) -> StreamSession:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._ws.close()

    async def open(self, page: str, query: str | None = None) -> PageVisit:
        """Open ``page`` (a URL path, "" for the default page) as a reader would.

        With ``query`` the reader follows a link (``/page?query``): the page is asked for by its
        URL path. Without, the reader clicks the page in the menu: it is asked for by the hash
        the server announced, with the query string the address bar holds now (the app writes
        its filters there). Never raises for what the app does wrong: errors, timeouts and a
        closed websocket are recorded in the visit.
        """
        known = next((p.script_hash for p in self.menu if p.url_path == page), None)
        if query is not None or known is None:
            self.query = self.link = query or ""
            request = rerun_request(query=self.query, page_name=page)
        else:
            request = rerun_request(query=self.query, page_script_hash=known)
        visit = PageVisit(page=page, query=self.query, link=self.link, seconds=0.0)
        start = time.perf_counter()
        try:
            await self._ws.send(request)
            await asyncio.wait_for(self._read_run(visit), timeout=self._page_timeout)
        except TimeoutError:
            visit.errors.append(f"no finished run within {self._page_timeout:.0f} s")
        except websockets.ConnectionClosed as exc:
            visit.errors.append(f"websocket closed: {exc}")
        visit.seconds = time.perf_counter() - start
        return visit

    async def _read_run(self, visit: PageVisit) -> None:
        """Read messages until a run finishes other than by ``st.rerun``."""
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._ws.recv(decode=False))
            visit.errors += errors_in(msg)
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.menu = menu_pages(msg)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                path = list(msg.metadata.delta_path)
                if path and path[0] == MAIN_CONTAINER:
                    visit.main_elements += 1
                    visit.charts += msg.delta.new_element.WhichOneof("type") == "plotly_chart"
            elif kind == "script_finished":
                visit.runs += 1
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return
            elif kind == "new_session":
                # a run that restarts (st.rerun) redraws the page from the top
                visit.main_elements = visit.charts = 0


def visit_problems(visit: PageVisit, chart_pages: Iterable[str]) -> list[str]:
    """The visit's errors, plus an empty main area, or no chart on a page that must show one.

    A page of ``chart_pages`` must draw a chart when the reader filters nothing; a filter may
    rightly leave a page with a "no data" note instead.
    """
    problems = list(visit.errors)
    if not visit.errors and visit.main_elements == 0:
        problems.append("the page drew nothing in its main area")
    unfiltered = visit.link == ""
    if not visit.errors and unfiltered and visit.page in set(chart_pages) and visit.charts == 0:
        problems.append("the page drew no chart")
    return problems
