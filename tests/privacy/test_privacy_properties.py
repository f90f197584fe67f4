"""Generated case records: the release never gives away more than its cells.

Each example makes a small set of case records (many cells of 1 to 4), builds the protected
release from them as the ETL does, and checks what a visitor could exploit besides the noise:

- the grid is dense: every cell of every published table is there, zero or not, so that a
  row's presence says nothing;
- counts are whole, never negative, and breakdowns never exceed their whole;
- a rebuild from the same records gives the same release (no second draw to average), and
  changing one record redraws only the cells that hold it.

A short run (a few examples) is in the quick subset; the run marked slow tries many more
(``THB_PROPERTY_EXAMPLES``, 25 by default).
"""

from __future__ import annotations

import os

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import release
from etl.load import init_reference
from etl.release.noise import Ledger

COUNTRIES = ("ALB", "AUT", "FRA", "MDA")
TYPES = ("sexual", "labour", "begging")
TECHS = ("social_media", "dark_web", "job_ads")
SOURCE = "Generated records"
EXAMPLES = int(os.environ.get("THB_PROPERTY_EXAMPLES", "25"))
QUICK_EXAMPLES = 3


@st.composite
def records(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 60))
    rows = []
    for i in range(n):
        victims = draw(st.integers(1, 4))
        female = draw(st.integers(0, victims))
        rows.append(
            {
                "case_id": f"C{i}",
                "country_iso3": draw(st.sampled_from(COUNTRIES)),
                "year": draw(st.integers(2018, 2021)),
                "exploitation_type": draw(st.sampled_from(TYPES)),
                "recruitment_tech": draw(st.one_of(st.none(), st.sampled_from(TECHS))),
                "advertising_tech": None,
                "coordination_tech": draw(st.one_of(st.none(), st.sampled_from(TECHS))),
                "control_tech": None,
                "post_exit_tech": None,
                "modus_operandi": draw(st.one_of(st.none(), st.just("lover_boy"))),
                "victims_total": victims,
                "victims_female": female,
                "victims_male": victims - female,
                "victims_minor": None,
                "victims_adult": None,
                "cases": 1,
            }
        )
    return pd.DataFrame(rows)


def _release(frame: pd.DataFrame, ledger: Ledger) -> tuple[dict[str, pd.DataFrame], Ledger]:
    con = duckdb.connect()
    try:
        init_reference(con)
        for schema in ("meta", "staging", "marts"):
            con.execute(f"create schema if not exists {schema}")
        con.execute(
            "create table meta.loads as select 1 as load_id, null::varchar as importer, "
            "$source as source, true as is_synthetic",
            {"source": SOURCE},
        )
        con.register("_cases", frame.assign(_load_id=1, source=SOURCE, is_synthetic=True))
        con.execute("create table staging.cases as select * from _cases")
        report = release.build_release(con, ledger)
        tables = {
            name: con.execute(f"select * from marts.{name} order by all").df() for name in release.RELATIONS
        }
        return tables, Ledger(report.ledger)
    finally:
        con.close()


def _check_dense_and_whole(tables: dict[str, pd.DataFrame], frame: pd.DataFrame) -> None:
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    counts = tables["case_counts"]
    countries = counts["country_iso3"].unique()
    assert set(COUNTRIES) <= set(countries) and "_other" in set(countries)
    types = counts["exploitation_type"].unique()
    assert len(counts) == len(years) * len(countries) * len(types)
    assert set(counts["year"]) == set(years)
    for name in ("case_counts", "victim_counts", "technology_counts", "stage_counts"):
        table = tables[name]
        for col in ("cases", "victims", "cases_online_recruitment"):
            if col in table:
                values = table[col].to_numpy()
                assert (values >= 0).all() and np.array_equal(values, values.astype(np.int64))
    assert (counts["cases_online_recruitment"] <= counts["cases"]).all()
    victims = counts.groupby(["year", "country_iso3"])["victims"].sum()
    sexes = (
        tables["victim_counts"].query("breakdown == 'sex'").groupby(["year", "country_iso3"])["victims"].sum()
    )
    assert (sexes.reindex(victims.index, fill_value=0) <= victims).all()


@settings(max_examples=QUICK_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=records(), change=st.integers(0, 59))
def test_release_is_dense_whole_and_stable(frame: pd.DataFrame, change: int) -> None:
    _dense_whole_and_stable(frame, change)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=records(), change=st.integers(0, 59))
def test_release_is_dense_whole_and_stable_over_many_examples(frame: pd.DataFrame, change: int) -> None:
    _dense_whole_and_stable(frame, change)


def _dense_whole_and_stable(frame: pd.DataFrame, change: int) -> None:
    first, ledger = _release(frame, Ledger.empty())
    _check_dense_and_whole(first, frame)
    again, before = _release(frame, ledger)
    for name in first:
        if name != "release_info":
            pd.testing.assert_frame_equal(first[name], again[name])
    # one record moves to another country: only cells of its old and new places get new noise
    moved = frame.copy()
    row = change % len(moved)
    old = moved.loc[row, "country_iso3"]
    new = next(c for c in COUNTRIES if c != old)
    moved.loc[row, "country_iso3"] = new
    _, after = _release(moved, before)
    keep = before.frame.merge(after.frame, on=["family", "level", "source", "cell"], suffixes=("", "_new"))
    redrawn = keep[keep["draws_new"] > keep["draws"]]
    touched = redrawn[redrawn["level"] == "national"]["cell"].str.split("|").str[1]
    assert set(touched) <= {old, new}
    unchanged = keep[keep["fingerprint"] == keep["fingerprint_new"]]
    assert (unchanged["noise"] == unchanged["noise_new"]).all()


@pytest.mark.parametrize("threshold", [2, 5, 10])
def test_the_display_rule_hides_every_small_published_count(threshold: int) -> None:
    from app.disclosure import display_frame, mark_small

    frame = pd.DataFrame({"cases": list(range(0, 15)), "victims": list(range(14, -1, -1))})
    shown = display_frame(mark_small(frame, ["cases", "victims"], threshold), threshold)
    for col in ("cases", "victims"):
        for value in shown[col]:
            number = None if value == f"<{threshold}" else float(value)
            assert number is None or number == 0 or number >= threshold


def test_grids_cover_every_combination() -> None:
    # a single record still publishes every cell of its years: absence and zero look alike
    frame = pd.DataFrame(
        [
            {
                "case_id": "C0",
                "country_iso3": "ALB",
                "year": 2020,
                "exploitation_type": "sexual",
                "recruitment_tech": "dark_web",
                "advertising_tech": None,
                "coordination_tech": None,
                "control_tech": None,
                "post_exit_tech": None,
                "modus_operandi": None,
                "victims_total": 1,
                "victims_female": 1,
                "victims_male": 0,
                "victims_minor": None,
                "victims_adult": None,
                "cases": 1,
            }
        ]
    )
    tables, _ = _release(frame, Ledger.empty())
    technologies = tables["technology_counts"]
    assert technologies["technology"].nunique() == 12  # every technology of the vocabulary
    assert len(technologies) == technologies["country_iso3"].nunique() * 12
