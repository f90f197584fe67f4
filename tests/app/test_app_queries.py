"""The query module against the fixture warehouse, checked by independent SQL."""

from __future__ import annotations

import pytest

from app import db, queries


@pytest.fixture
def ctx(warehouse):
    return queries.QueryContext(db.identify(warehouse), 5)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (queries.mo_trend, ((), "country_iso3; drop table x", "cases")),
        (queries.mo_trend, ((), "technology", "victims_female")),
        (queries.map_measure, ("sum(cases)", "2021")),
        (queries.public_relation, ("meta.problems",)),
        (queries.relation_size, ("raw.cases",)),
        (queries.provenance, ("countries",)),
    ],
)
def test_identifiers_only_from_allow_lists(ctx, call, args):
    with pytest.raises(queries.UnknownChoiceError):
        call(ctx, *args)


def test_values_are_bound_not_spliced(ctx):
    # a value that would break a spliced statement just matches nothing
    assert queries.severity_ranking(ctx, "2021' or '1'='1", "investigation").empty
    assert queries.mo_trend(ctx, ("ALB') or ('1'='1",), "technology", "cases").empty


def test_rising_technologies_growth_formula(ctx, sql):
    ranked = queries.rising_technologies(ctx, ())
    rows = dict(
        (tech, (early, late))
        for tech, early, late in sql(
            "select technology, sum(cases) filter (where year between 2017 and 2019), "
            "sum(cases) filter (where year between 2020 and 2022) from marts.mo_trends "
            "group by technology"
        )
    )
    for r in ranked.itertuples():
        early, late = rows[r.technology]
        assert (r.early_from, r.early_to, r.late_from, r.late_to) == (2017, 2019, 2020, 2022)
        assert r.growth_pct_per_year == pytest.approx(100 * ((late / early) ** (1 / 3) - 1), abs=0.05)
    growth = ranked["growth_pct_per_year"].tolist()
    assert growth == sorted(growth, reverse=True)


def test_rising_technologies_needs_both_windows_above_threshold(ctx):
    ranked = queries.rising_technologies(ctx.__class__(ctx.wid, 10_000), ())
    assert ranked["growth_pct_per_year"].isna().all()


def test_online_share_is_withheld_with_its_counts(ctx):
    share = queries.online_share(ctx, ("ALB",))
    hidden = share["cases_suppressed"] | share["cases_online_recruitment_suppressed"]
    assert share.loc[hidden, "share_pct"].isna().all()
    assert (share["share_pct_suppressed"] == hidden).all()


def test_series_keeps_the_latest_vintage_of_totals(ctx, sql):
    assert queries.series_sources(ctx, "detected_victims") == ["UNODC GLOTIP"]
    df = queries.series_trend(ctx, ("AUT",), "detected_victims", "UNODC GLOTIP")
    expected = sql("select count(*) from marts.series where country_iso3 = 'AUT'")[0][0]
    assert len(df) == expected
    assert set(df["source"]) == {"UNODC GLOTIP"}


def test_series_of_two_sources_are_never_joined_into_one_line(tmp_path):
    import duckdb

    path = tmp_path / "two.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.series as select * from (values "
        "('AUT', 2019, 'detected_victims', 'total', 'total', 'total', 'total', 10.0, 'reported', 'Real', DATE '2023-05-30', false), "
        "('AUT', 2019, 'detected_victims', 'total', 'total', 'total', 'total', 99.0, 'reported', 'Demo', DATE '2026-01-15', true)"
        ") t(country_iso3, year, indicator, sex, age_group, exploitation_type, citizenship, value, status, source, vintage, is_synthetic)"
    )
    con.close()
    two = queries.QueryContext(db.identify(path), 5)
    assert queries.series_sources(two, "detected_victims") == ["Real", "Demo"]  # real data first
    assert queries.series_trend(two, ("AUT",), "detected_victims", "Demo")["value"].tolist() == [99.0]


def test_country_options_and_answering_countries(ctx):
    assert queries.country_options(ctx) == ["ALB", "AUT", "FRA", "MDA", "ROU"]
    assert queries.answering_countries(ctx, "2021") == ["ALB", "AUT", "FRA", "MDA", "ROU"]
    assert queries.answering_countries(ctx, "1999") == []


@pytest.mark.parametrize("relation", queries.PUBLIC_RELATIONS)
def test_every_public_relation_downloads(ctx, sql, relation):
    df = queries.public_relation(ctx, relation)
    assert len(df) == sql(f"select count(*) from marts.{relation}")[0][0]
    for col in queries.COUNT_COLUMNS.get(relation, ()):
        values = df[col].dropna()
        assert not ((values >= 1) & (values < 5)).any()
