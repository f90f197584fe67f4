"""The app cannot write to the warehouse, and a visit through every page leaves its bytes as
they were; no page message repeats a small count."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from privacy_helpers import PAGES, all_text, open_page, sha256, write_warehouse

from app import db, urlstate

WRITES = (
    "create table wh.marts.evil as select 1 as x",
    "insert into wh.marts.countries select * from wh.marts.countries limit 1",
    "update wh.marts.countries set name = 'changed'",
    "delete from wh.meta.loads",
    "drop table wh.marts.countries",
    "alter table wh.marts.countries add column evil integer",
    "create schema wh.evil",
    "create view wh.marts.evil as select 1",
    "use wh; create table evil as select 1",
)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("ro") / "warehouse.duckdb")


@pytest.mark.parametrize("statement", WRITES)
def test_a_write_through_the_apps_connection_fails(target, statement):
    before = sha256(target)
    wid = db.identify(target)
    with pytest.raises(duckdb.Error, match="(?i)read.only"):
        db.cursor(wid).execute(statement)
    with pytest.raises(duckdb.Error, match="(?i)read.only"):
        db.connect(wid).cursor().execute(statement)
    assert sha256(target) == before


@pytest.fixture
def options(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """The raw options of every link-bound widget the pages draw, by key (the widgets in
    the test tree only know their formatted labels)."""
    seen: dict[str, list] = {}
    for name in ("selectbox", "multiselect"):
        original = getattr(urlstate, name)

        def record(label, opts, *args, _original=original, **kwargs):
            seen[kwargs["key"]] = list(opts)
            return _original(label, opts, *args, **kwargs)

        monkeypatch.setattr(urlstate, name, record)
    return seen


def _click_through(at, page: str, options: dict[str, list]) -> list[str]:
    """Choose the last option of every selectbox of the page, and add one to every
    multiselect, rerunning after each; return every message seen on the way."""
    seen = all_text(at)
    for kind in ("selectbox", "multiselect"):
        for key in [w.key for w in getattr(at, kind) if w.key in options]:
            widgets = [w for w in getattr(at, kind) if w.key == key]
            if not widgets or len(options[key]) < 2:
                continue  # drawn only for another choice made on the way, or nothing to choose
            widget = widgets[0]
            if kind == "selectbox":
                widget.set_value(options[key][-1])
            else:
                widget.set_value([*widget.value, options[key][-1]][-2:])
            at.run()
            assert not at.exception, (page, key, [e.value for e in at.exception])
            seen += all_text(at)
    return seen


#: A count of cases or victims written as a number in a message.
SMALL_COUNT = re.compile(r"\b([0-9]+)\s+(?:recorded\s+|online\s+)?(cases?|victims?)\b", re.IGNORECASE)


def _small_counts(texts: list[str], threshold: int) -> list[str]:
    found = []
    for text in texts:
        for number, _ in SMALL_COUNT.findall(text):
            if 0 < int(number) < threshold:
                found.append(text)
        if text.startswith(("Recorded cases:", "Victims in those cases:")):
            value = text.split(":", 1)[1].strip().replace(",", "")
            if value.isdigit() and 0 < int(value) < threshold:
                found.append(text)
    return found


def test_the_message_check_can_fail():
    assert _small_counts(["Only 3 cases were recorded"], 5)
    assert _small_counts(["Recorded cases: 2"], 5)
    assert not _small_counts(["At least 5 cases in both windows", "Recorded cases: <5"], 5)


@pytest.mark.parametrize("page", PAGES)
def test_a_click_through_leaves_the_file_unchanged_and_messages_free_of_small_counts(
    target, monkeypatch, options, page
):
    monkeypatch.setenv("THB_WAREHOUSE", str(target))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    before = sha256(target)
    at = open_page(page, {"countries": "ALB"})
    assert not at.exception, [e.value for e in at.exception]
    texts = _click_through(at, page, options)
    assert len(texts) > 5
    assert sha256(target) == before
    assert not _small_counts(texts, 5), _small_counts(texts, 5)
