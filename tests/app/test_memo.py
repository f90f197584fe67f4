"""app/memo.py: results kept in the server's memory, shared by every session.

Mirrors the module: :class:`Memo` (one maker per key however many sessions ask at once, the
least recently used dropped first, a failed maker not kept), :func:`clear_all`, :func:`key_of`;
then what the app keeps with it (app/db.py, app/ui.py): never a result of another warehouse
version or another language, and never a kept result that a caller changed.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from app import db, memo, ui
from app.queries import cases, reference

# ---------------------------------------------------------------- Memo


def test_a_result_is_made_once_and_then_given_again():
    kept = memo.Memo("test once", max_entries=4)
    calls = []
    assert kept.get("k", lambda: calls.append(1) or "made") == "made"
    assert kept.get("k", lambda: calls.append(1) or "again") == "made"
    assert calls == [1]
    assert len(kept) == 1


def test_one_maker_per_key_however_many_sessions_ask_at_once():
    kept = memo.Memo("test concurrency", max_entries=16)
    started = threading.Barrier(8)
    makers: list[str] = []
    lock = threading.Lock()
    results: dict[int, object] = {}

    def make(key: str) -> object:
        with lock:
            makers.append(key)
        time.sleep(0.05)  # long enough for every other thread to ask meanwhile
        return object()

    def session(i: int) -> None:
        started.wait()
        results[i] = kept.get(("key", i % 2), lambda: make(f"key{i % 2}"))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(makers) == ["key0", "key1"]
    # everyone got the one result of their key
    assert len({id(results[i]) for i in range(0, 8, 2)}) == 1
    assert len({id(results[i]) for i in range(1, 8, 2)}) == 1
    assert results[0] is not results[1]


def test_keys_made_at_once_do_not_wait_for_each_other():
    kept = memo.Memo("test parallel keys", max_entries=4)
    inside = threading.Barrier(2, timeout=5)

    def make(value: str) -> str:
        inside.wait()  # both makers are inside make() at the same time, or this times out
        return value

    results = {}
    threads = [
        threading.Thread(target=lambda k=k: results.__setitem__(k, kept.get(k, lambda k=k: make(k))))
        for k in ("a", "b")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == {"a": "a", "b": "b"}


def test_the_least_recently_used_result_is_dropped_first():
    kept = memo.Memo("test eviction", max_entries=2)
    kept.get("a", lambda: 1)
    kept.get("b", lambda: 2)
    kept.get("a", lambda: 0)  # "a" used again: "b" is now the oldest
    kept.get("c", lambda: 3)
    assert len(kept) == 2
    assert kept.get("b", lambda: "made again") == "made again"
    assert kept.get("a", lambda: "made again") == "made again"  # dropped when "b" came back


def test_a_failed_maker_keeps_nothing_and_the_next_caller_tries_again():
    kept = memo.Memo("test failure", max_entries=2)

    def fail() -> str:
        raise RuntimeError("no warehouse")

    with pytest.raises(RuntimeError):
        kept.get("k", fail)
    assert len(kept) == 0
    assert kept.get("k", lambda: "made") == "made"


def test_clear_all_empties_every_memo():
    first, second = memo.Memo("test clear 1", max_entries=2), memo.Memo("test clear 2", max_entries=2)
    first.get("a", lambda: 1)
    second.get("b", lambda: 2)
    memo.clear_all()
    assert len(first) == len(second) == 0


def test_key_of_gives_plain_values_a_key_and_refuses_the_rest():
    assert memo.key_of(["a", ["b"], {"c": [1]}]) == ("a", ("b",), (("c", (1,)),))
    assert memo.key_of(("x", 1, None)) == ("x", 1, None)
    assert memo.key_of(["a"]) != memo.key_of(["a", "b"])
    with pytest.raises(TypeError):
        memo.key_of(pd.DataFrame({"a": [1]}))
    with pytest.raises(TypeError):
        memo.key_of([{1, 2}])


# ---------------------------------------------------------------- what the app keeps


@pytest.fixture
def own_warehouse(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the fixture warehouse that a test may replace."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, path)
    return path


def renamed(path: Path, iso3: str, name: str) -> None:
    """Replace the warehouse at ``path`` by a new file (a new build) where one country is
    renamed: a new inode and mtime, so a new warehouse version."""
    new = path.with_suffix(".new")
    shutil.copy(path, new)
    con = duckdb.connect(str(new))
    try:
        con.execute("update marts.countries set name = ? where iso3 = ?", [name, iso3])
    finally:
        con.close()
    os.replace(new, path)


def test_a_new_warehouse_version_is_never_answered_from_the_old_ones_results(own_warehouse: Path):
    old = db.identify(own_warehouse)
    ctx = db.QueryContext(old, 5, "en")
    assert "Albania" in reference.countries(ctx.wh)["name"].tolist()
    assert ui.labels(ctx).country("ALB") == "Albania"
    renamed(own_warehouse, "ALB", "Albania (rebuilt)")
    new = db.identify(own_warehouse)
    assert new != old
    fresh_ctx = db.QueryContext(new, 5, "en")
    assert "Albania (rebuilt)" in reference.countries(fresh_ctx.wh)["name"].tolist()
    assert ui.labels(fresh_ctx).country("ALB") == "Albania (rebuilt)"


def test_french_is_never_answered_from_english_results_nor_the_other_way(warehouse: Path):
    wid = db.identify(warehouse)
    en, fr = db.QueryContext(wid, 5, "en"), db.QueryContext(wid, 5, "fr")
    source = cases.default_source(en.wh)
    assert source is not None
    english, french = cases.protection(en.wh, source, "en"), cases.protection(fr.wh, source, "fr")
    assert english != french
    assert cases.protection(en.wh, source, "en") == english  # kept, and each in its own language
    assert ui.labels(en).all_states != ui.labels(fr).all_states
    assert ui.labels(en).all_states == "All States (average)"
    assert ui.labels(ui.db.QueryContext(wid, 5, "en")) is ui.labels(en)  # one per version and language


def test_french_labels_leave_the_kept_english_ones_as_they_were(warehouse: Path):
    wid = db.identify(warehouse)
    before = reference.labels(db.QueryContext(wid, 5, "en").wh)
    ui.labels(db.QueryContext(wid, 5, "fr"))  # overlays French labels on a copy of the English ones
    assert reference.labels(db.QueryContext(wid, 5, "en").wh) == before


def test_a_caller_that_changes_its_result_changes_nobody_elses(warehouse: Path):
    wh = db.QueryContext(db.identify(warehouse), 5, "en").wh
    mine = reference.countries(wh)
    mine.loc[mine["iso3"] == "ALB", "name"] = "changed"
    mine["extra"] = 1
    options = reference.country_options(wh)
    options.append("XXX")
    again = reference.countries(wh)
    assert "changed" not in again["name"].tolist()
    assert "extra" not in again.columns
    assert "XXX" not in reference.country_options(wh)


def test_presented_tables_are_kept_per_values_and_language(warehouse: Path):
    wid = db.identify(warehouse)
    en, fr = db.QueryContext(wid, 5, "en"), db.QueryContext(wid, 5, "fr")
    columns = {"n": ui.Column("n", "count"), "rate": ui.Column("rate", "rate")}
    frame = pd.DataFrame({"n": [3, 1200], "rate": [1.25, 2.5]})
    shown = ui.present(frame, columns, ui.labels(en), 5, "en")
    assert shown.frame["n"].tolist() == ["<5", "1,200"]
    assert (
        ui.present(frame, columns, ui.labels(fr), 5, "fr").frame["rate"].tolist()
        != shown.frame["rate"].tolist()
    )
    other = frame.assign(n=[3, 1201])
    assert ui.present(other, columns, ui.labels(en), 5, "en").frame["n"].tolist() == ["<5", "1,201"]
    shown.frame.loc[0, "n"] = "changed"
    assert ui.present(frame, columns, ui.labels(en), 5, "en").frame["n"].tolist() == ["<5", "1,200"]


def test_frames_that_differ_in_any_value_are_told_apart():
    digest = ui.frame_digest
    text = pd.DataFrame({"code": ["x", "y", "z"], "n": [1.0, 2.0, 3.0]})
    assert digest(text) == digest(text.copy())
    assert digest(text.iloc[1:]) == digest(text.iloc[1:].copy())
    assert digest(text.iloc[1:]) != digest(pd.DataFrame({"code": ["y", "q"], "n": [2.0, 3.0]}))
    assert digest(text) != digest(text.assign(code=["x", None, "z"]))
    assert digest(text) != digest(text.assign(n=[1.0, 2.0, 3.5]))
    assert digest(text) != digest(text.rename(columns={"n": "m"}))
    assert digest(text) != digest(text.iloc[::-1])
    objects = pd.DataFrame({"v": pd.Series([1, "1"], dtype=object)})
    assert digest(objects) != digest(pd.DataFrame({"v": pd.Series(["1", 1], dtype=object)}))
