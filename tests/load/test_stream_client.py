"""The websocket reader: which addresses it accepts, what it counts as an error, what it sends."""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.load.stream_client import (
    MenuPage,
    NotLoopbackError,
    PageVisit,
    errors_in,
    menu_pages,
    rerun_request,
    stream_url,
    visit_problems,
)


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ("http://127.0.0.1:8501", "ws://127.0.0.1:8501/_stcore/stream"),
        ("http://localhost:9000/", "ws://localhost:9000/_stcore/stream"),
        ("http://[::1]:8501", "ws://[::1]:8501/_stcore/stream"),
    ],
)
def test_stream_url_of_a_loopback_server(server, expected):
    assert stream_url(server) == expected


@pytest.mark.parametrize(
    "server",
    [
        "http://example.org:8501",
        "http://10.0.0.5:8501",
        "http://127.0.0.1.example.org:8501",
        "https://127.0.0.1:8501",
        "http://127.0.0.1",  # no port: never guess one
        "file:///etc/passwd",
    ],
)
def test_stream_url_refuses_anything_but_loopback(server):
    with pytest.raises(NotLoopbackError, match="only http://127.0.0.1"):
        stream_url(server)


def test_rerun_request_by_url_path_and_by_hash():
    link, click = BackMsg(), BackMsg()
    link.ParseFromString(rerun_request(query="countries=AUT", page_name="trends"))
    click.ParseFromString(rerun_request(query="", page_script_hash="abc123"))

    assert link.WhichOneof("type") == "rerun_script"
    assert (link.rerun_script.page_name, link.rerun_script.page_script_hash) == ("trends", "")
    assert link.rerun_script.query_string == "countries=AUT"
    assert (click.rerun_script.page_name, click.rerun_script.page_script_hash) == ("", "abc123")


def _element(kind: str, **fields) -> ForwardMsg:
    msg = ForwardMsg()
    element = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        setattr(element, name, value)
    msg.metadata.delta_path[:] = [0, 1]
    return msg


def _finished(status: int) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def _page_not_found() -> ForwardMsg:
    msg = ForwardMsg()
    msg.page_not_found.page_name = "overview"
    return msg


def _compile_error() -> ForwardMsg:
    msg = ForwardMsg()
    msg.session_event.script_compilation_exception.type = "SyntaxError"
    msg.session_event.script_compilation_exception.message = "invalid syntax"
    return msg


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        (_element("exception", type="ValueError", message="boom"), ["exception ValueError: boom"]),
        (
            _element("exception", type="Deprecation", message="old", is_warning=True),
            ["warning Deprecation: old"],
        ),
        (_element("alert", body="No warehouse", format=Alert.ERROR), ["error message: No warehouse"]),
        (_page_not_found(), ["page not found: 'overview'"]),
        (_compile_error(), ["script does not compile: SyntaxError: invalid syntax"]),
        (_finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR), ["script finished with a compile error"]),
    ],
)
def test_errors_a_reader_would_see(msg, expected):
    assert errors_in(msg) == expected


@pytest.mark.parametrize(
    "msg",
    [
        _element("alert", body="No data for this selection.", format=Alert.INFO),
        _element("alert", body="Synthetic demo data.", format=Alert.WARNING),
        _element("markdown", body="text"),
        _finished(ForwardMsg.FINISHED_SUCCESSFULLY),
        _finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN),
        ForwardMsg(),
    ],
)
def test_no_error_in_ordinary_messages(msg):
    assert errors_in(msg) == []


def test_menu_pages_in_menu_order():
    msg = ForwardMsg()
    for path, title, digest in [("", "Overview", "h1"), ("trends", "Trends", "h2")]:
        page = msg.navigation.app_pages.add()
        page.url_pathname, page.page_name, page.page_script_hash = path, title, digest

    assert menu_pages(msg) == [MenuPage("", "Overview", "h1"), MenuPage("trends", "Trends", "h2")]


def _visit(page="trends", link="", main=5, charts=1, errors=()):
    return PageVisit(page, link, link, 0.1, 1, main, charts, list(errors))


@pytest.mark.parametrize(
    ("visit", "expected"),
    [
        (_visit(), []),
        (_visit(errors=["exception X: y"]), ["exception X: y"]),
        (_visit(main=0, charts=0), ["the page drew nothing in its main area", "the page drew no chart"]),
        (_visit(charts=0), ["the page drew no chart"]),
        (_visit(charts=0, link="countries=AZE"), []),  # a filter may leave a "no data" note
        (_visit(page="methods", charts=0), []),  # not a chart page
    ],
)
def test_visit_problems(visit, expected):
    assert visit_problems(visit, chart_pages=["trends", ""]) == expected
