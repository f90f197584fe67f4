"""The query modules against the fixture warehouse, checked by independent SQL."""

from __future__ import annotations

import duckdb
import pytest

from app.queries import DirectReader, UnknownChoiceError, cases, meta, reference, series, survey

SOURCE = "Demo case records"


@pytest.fixture
def wh(warehouse):
    reader = DirectReader.open(warehouse)
    yield reader
    reader.con.close()


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (cases.breakdown, (SOURCE, "country_iso3; drop table x")),
        (cases.breakdown, (SOURCE, "technology", "victims")),
        (cases.by_year, (SOURCE, "sum(cases)")),
        (survey.by_country, ("sum(cases)", "2021")),
        (survey.compare, ("answers", "2021", ())),
        (meta.public_relation, ("meta.problems",)),
        (meta.relation_size, ("raw.cases",)),
    ],
)
def test_identifiers_only_from_allow_lists(wh, call, args):
    with pytest.raises(UnknownChoiceError):
        call(wh, *args)


def test_values_are_bound_not_spliced(wh):
    # a value that would break a spliced statement just matches nothing
    assert survey.severity_ranking(wh, "2021' or '1'='1", "investigation").empty
    assert cases.breakdown(wh, SOURCE, "technology", countries=("ALB') or ('1'='1",)).frame.empty
    assert cases.breakdown(wh, "x' or '1'='1", "technology").frame.empty


def test_breakdown_sums_the_release_over_chosen_countries(wh, sql):
    found = cases.breakdown(wh, SOURCE, "exploitation_type", "victims", ("ALB", "ROU")).frame
    expected = sql(
        "select year, exploitation_type, sum(victims) from marts.case_counts "
        "where country_iso3 in ('ALB', 'ROU') group by all order by all"
    )
    assert [tuple(r) for r in found[["year", "category", "value"]].itertuples(index=False)] == [
        (y, t, pytest.approx(v)) for y, t, v in expected
    ]


def test_provenance_travels_with_the_frame(wh):
    table = cases.breakdown(wh, SOURCE, "stage", countries=("ALB",))
    assert table.provenance.source == SOURCE
    assert table.provenance.synthetic
    assert table.provenance.period == "2015-2022"
    assert "differential privacy" in table.provenance.protection
    assert ("countries", "ALB") in table.provenance.filters


def test_totals_add_up_to_the_yearly_figures(wh):
    yearly = cases.by_year(wh, SOURCE, "cases", ("AUT", "FRA")).frame
    total = cases.totals(wh, SOURCE, ("AUT", "FRA"), (2015, 2022), 5)
    assert total["cases"] == pytest.approx(yearly["value"].sum())


def test_rising_technologies_growth_formula(wh, sql):
    ranked = cases.rising_technologies(wh, SOURCE, 5).frame
    rows = {
        tech: (early, late)
        for tech, early, late in sql(
            "select technology, sum(cases) filter (where year between 2017 and 2019), "
            "sum(cases) filter (where year between 2020 and 2022) from marts.technology_counts "
            "group by technology"
        )
    }
    for r in ranked.itertuples():
        early, late = rows[r.technology]
        assert (r.early_from, r.early_to, r.late_from, r.late_to) == (2017, 2019, 2020, 2022)
        assert r.growth_pct_per_year == pytest.approx(100 * ((late / early) ** (1 / 3) - 1), abs=0.05)
    growth = ranked["growth_pct_per_year"].tolist()
    assert growth == sorted(growth, reverse=True)


def test_rising_technologies_needs_both_windows_above_threshold(wh):
    assert cases.rising_technologies(wh, SOURCE, 10_000).frame["growth_pct_per_year"].isna().all()


def test_online_share_needs_enough_cases(wh):
    share = cases.online_share(wh, SOURCE, 5, ("ALB",)).frame
    few = share["cases"] < 5
    assert share.loc[few, "share_pct"].isna().all()
    assert share.loc[~few, "share_pct"].notna().all()


def test_a_year_s_share_is_the_headline_s_share_unrounded(wh):
    # rounded to a tenth here and to a whole percent on screen, a share read one more than the
    # headline beside it (73.46 -> 73.5 -> 74 against 73)
    yearly = cases.online_share(wh, SOURCE, 5, ("AUT", "FRA")).frame.set_index("year")["share_pct"]
    for year in (2015, 2022):
        headline = cases.totals(wh, SOURCE, ("AUT", "FRA"), (year, year), 5)["online_share"]
        assert yearly[year] == headline


def test_online_share_per_country_gives_one_line_each(wh):
    share = cases.online_share(wh, SOURCE, 5, ("ALB", "AUT"), per_country=True).frame
    assert set(share["country_iso3"]) == {"ALB", "AUT"}


def test_compare_adds_the_mean_of_published_countries(wh, sql):
    frame = cases.compare(wh, SOURCE, ("ALB",)).frame
    mean = frame[(frame["country_iso3"] == cases.ALL_STATES) & (frame["year"] == 2016)]["cases"].iloc[0]
    total, n = sql(
        "select sum(cases), count(distinct country_iso3) from marts.case_counts "
        "where year = 2016 and country_iso3 <> '_other'"
    )[0]
    # the mean is over every published country; '_other' is counted in the total only
    everyone = sql("select sum(cases) from marts.case_counts where year = 2016")[0][0]
    assert mean == pytest.approx(everyone / n)
    assert total <= everyone


def test_series_keeps_the_latest_vintage_of_totals(wh, sql):
    assert series.sources(wh, "detected_victims") == ["UNODC GLOTIP"]
    table = series.trend(wh, ("AUT",), "detected_victims", "UNODC GLOTIP")
    expected = sql("select count(*) from marts.series where country_iso3 = 'AUT'")[0][0]
    assert len(table.frame) == expected
    assert set(table.frame["source"]) == {"UNODC GLOTIP"}
    assert table.provenance.vintage == "2024-01-31"


def test_series_of_two_sources_are_never_joined_into_one_line(tmp_path):
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
    two = DirectReader.open(path)
    assert series.sources(two, "detected_victims") == ["Real", "Demo"]  # real data first
    assert series.trend(two, ("AUT",), "detected_victims", "Demo").frame["value"].tolist() == [99.0]


def test_categorical_series_keep_one_source_and_the_latest_vintage(wh, sql):
    table = series.categorical(wh, ("AUT", "ROU"), "tip_tier", "TIP report")
    frame = table.frame.astype(object).where(table.frame.notna(), None)
    rows = list(
        frame[["country_iso3", "year", "category", "category_rank", "status"]].itertuples(index=False)
    )
    # AUT 2022 was re-rated in a later vintage: only that one is shown; the demo source is not mixed in
    assert [tuple(r) for r in rows] == [
        ("AUT", 2022, "tier_1", 1, "reported"),
        ("AUT", 2023, "tier_1", 1, "reported"),
        ("ROU", 2023, None, None, "not_available"),
    ]
    assert table.provenance.source == "TIP report"
    assert not table.provenance.synthetic
    assert table.provenance.vintage == "2022-07-19, 2023-06-15"
    assert table.provenance.period == "2022-2023"
    everyone = series.categorical(wh, (), "tip_tier", "TIP report").frame
    [(expected,)] = sql(
        "select count(distinct (country_iso3, year)) from marts.series_categorical where source = 'TIP report'"
    )
    assert len(everyone) == expected
    assert series.categorical(wh, ("AUT",), "tip_tier' or '1'='1", "TIP report").frame.empty


def test_country_options_and_answering_countries(wh):
    assert reference.country_options(wh) == ["ALB", "AUT", "FRA", "MDA", "ROU"]
    assert reference.answering_countries(wh, "2021") == ["ALB", "AUT", "FRA", "MDA", "ROU"]
    assert reference.answering_countries(wh, "1999") == []


def test_case_sources_put_real_data_first(wh):
    assert cases.sources(wh)["source"].tolist() == [SOURCE]
    assert cases.default_source(wh) == SOURCE


@pytest.mark.parametrize("relation", meta.PUBLIC_RELATIONS)
def test_every_public_relation_downloads(wh, sql, relation):
    df = meta.public_relation(wh, relation)
    assert len(df) == sql(f"select count(*) from marts.{relation}")[0][0]
    assert set(meta.COUNT_COLUMNS.get(relation, ())) <= set(df.columns)


def test_comparability_says_why_in_one_code(wh):
    # either order of the waves; tech_change was added in 2025
    for pair in (("2021", "2025"), ("2025", "2021")):
        items = survey.comparability(wh, *pair, ["severity"])
        left = items[~items["comparable"]]
        assert left["code"].tolist() == ["tech_change"]
        assert left[["why", "wave"]].drop_duplicates().values.tolist() == [["added", "2025"]]
        assert items.loc[items["comparable"], "why"].isna().all()
        assert set(left["why"]) <= set(survey.NOT_COMPARABLE)
