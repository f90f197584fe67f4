"""What the brief says, checked figure by figure against the query layer it is built from."""

from __future__ import annotations

import pandas as pd
import pytest

from app import i18n
from app.brief import content
from app.brief.content import NONE, NOT_COMPARED, BriefError, Words, build, check
from app.disclosure import small_label
from app.queries import DirectReader, cases, reference, survey

WAVE, BEFORE = "2025", "2021"


def words(lang: str, wh) -> Words:
    return Words(lang, i18n.translator(lang, "brief"), content.labels(wh, lang), 5)


def count(value: float) -> str:
    """A published count as a reader must see it, written independently of the brief."""
    if 0 < value < 5:
        return "<5"
    return f"{value:,.0f}"


@pytest.mark.parametrize("country", ["FRA", "MDA", "AND"])
def test_severity_rows_are_the_query_layers(wh, country):
    brief = build(wh, country, WAVE, "en", 5)
    severity = brief["severity"]
    answered = country in reference.answering_countries(wh, WAVE)
    if not answered:
        name = reference.countries(wh).set_index("iso3").loc[country, "name"]
        assert severity["domains"] == [] and name in severity["message"]
        return
    found = survey.change(wh, "severity", BEFORE, WAVE, (country,))
    mine = found.frame[found.frame["country_iso3"] == country].set_index(["domain", "challenge"])
    left = set(zip(found.left_out["domain"], found.left_out["challenge"], strict=True))
    labels = reference.labels(wh)
    shown = {d["name"]: d["rows"] for d in severity["domains"]}
    for domain in survey.severity_domains(wh, WAVE):
        spread = survey.severity_spread(wh, WAVE, domain, country)
        if spread["country_score"].isna().all():
            assert labels["challenge_domain"][domain] not in shown
            continue
        rows = shown[labels["challenge_domain"][domain]]
        assert [r["challenge"] for r in rows] == [labels["challenge"][c] for c in spread["challenge"]]
        for row, r in zip(rows, spread.itertuples(), strict=True):
            assert row["country"] == (NONE if pd.isna(r.country_score) else f"{r.country_score:.0f}")
            assert row["mean"] == f"{r.mean_score:.0f}"
            key = (domain, r.challenge)
            if found.missing[BEFORE]:
                assert not severity["compared"]
            elif key in left:
                assert (row["before"], row["change"]) == (NOT_COMPARED, "")
            elif key in mine.index and not pd.isna(mine.loc[key, "before"]):
                before, change = mine.loc[key, "before"], mine.loc[key, "after"] - mine.loc[key, "before"]
                assert row["before"] == f"{before:.0f}"
                if pd.isna(change):
                    assert row["change"] == NONE
                else:
                    assert row["change"].replace("\u2212", "-") == (
                        f"{change:+.0f}" if round(change) else "0"
                    )
            else:
                assert row["before"] == NONE


def test_a_challenge_asked_differently_is_not_compared_and_says_why(wh):
    brief = build(wh, "FRA", WAVE, "en", 5)
    found = survey.change(wh, "severity", BEFORE, WAVE, ("FRA",))
    assert not found.left_out.empty, "the demo waves have an item asked in 2025 only"
    note = next(n for n in brief["severity"]["notes"] if n.startswith(NOT_COMPARED))
    assert list(found.left_out["why"]) == ["added"] and list(found.left_out["wave"]) == [WAVE]
    for r in found.left_out.itertuples():
        assert f"{reference.labels(wh)['challenge'][r.challenge]} (" in note
    assert "asked in the 2025 wave only" in note
    fr = build(wh, "FRA", WAVE, "fr", 5)
    note = next(n for n in fr["severity"]["notes"] if n.startswith(NOT_COMPARED))
    assert "posée seulement dans la vague 2025" in note


def test_why_an_item_is_not_compared_is_said_in_each_language(wh):
    fr, en = words("fr", wh), words("en", wh)
    assert content.reason_text(fr, "removed", "vague 2021") == "non posée dans la vague 2021"
    assert content.reason_text(fr, "scale", None) == "échelle de notation modifiée"
    assert content.reason_text(en, "scale", None) == "rating scale changed"
    assert content.reason_text(en, None, None) == "asked differently"
    for why in survey.NOT_COMPARABLE:
        assert content.reason_text(fr, why, "vague 2025") != content.reason_text(en, why, "2025 wave")


@pytest.mark.parametrize("country", ["FRA", "SMR", "AND"])
def test_case_figures_are_the_releases(wh, country):
    """Every count per year, per type and per technology, and the key figures, as the query
    layer publishes them, small ones reading <5."""
    brief = build(wh, country, WAVE, "en", 5)
    source = cases.default_source(wh)
    first, last = cases.source_years(wh, source)
    yearly = cases.by_year(wh, source, "cases", (country,)).frame.set_index("year")["value"]
    victims = cases.by_year(wh, source, "victims", (country,)).frame.set_index("year")["value"]
    shares = cases.online_share(wh, source, 5, (country,)).frame.set_index("year")["share_pct"]
    for year in brief["cases"]["years"]:
        y = int(year["year"])
        assert year["cases"] == count(yearly[y])
        assert year["victims"] == count(victims[y])
        assert year["share"] == (NONE if pd.isna(shares[y]) else f"{shares[y]:.0f}%")
        assert (year["height"] > 0) == (yearly[y] >= 5)
    assert [int(y["year"]) for y in brief["cases"]["years"]] == list(range(max(first, last - 15), last + 1))

    totals = cases.totals(wh, source, (country,), (first, last), 5)
    latest = cases.totals(wh, source, (country,), (last, last), 5)
    facts = {f["label"]: f["value"] for f in brief["facts"]}
    details = {f["label"]: f["detail"] for f in brief["facts"]}
    assert facts[f"Recorded cases, {last}"] == count(latest["cases"])
    assert facts[f"Recorded cases, {first}-{last}"] == count(totals["cases"])
    assert facts[f"Victims in recorded cases, {last}"] == count(latest["victims"])
    share = latest["online_share"]
    assert facts[f"Recruited online, {last}"] == (NONE if pd.isna(share) else f"{share:.0f}%")
    assert (details[f"Recruited online, {last}"] == "too few cases for a share") == pd.isna(share)

    by_type = cases.breakdown(wh, source, "exploitation_type", "cases", (country,)).frame
    whole = by_type.groupby("category")["value"].sum()
    late = by_type[by_type["year"] >= last - 2].groupby("category")["value"].sum()
    labels = reference.labels(wh)["exploitation_type"]
    rows = brief["cases"]["types"]["rows"]
    assert [r["label"] for r in rows] == [
        labels[c] for c in whole[whole > 0].sort_values(ascending=False, kind="stable").index
    ]
    for r in rows:
        code = next(c for c, label in labels.items() if label == r["label"])
        assert (r["whole"], r["late"]) == (count(whole[code]), count(late.get(code, 0)))
    tech = cases.breakdown(wh, source, "technology", "cases", (country,), years=(last - 2, last)).frame
    used = tech.groupby("category")["value"].sum()
    top = used[used > 0].sort_values(ascending=False, kind="stable").head(5)
    names = reference.labels(wh)["technology"]
    assert [(r["label"], r["cases"]) for r in brief["cases"]["technologies"]["rows"]] == [
        (names[c], count(v)) for c, v in top.items()
    ]


def _counts_of(brief: dict) -> list[str]:
    """Every count of cases and victims a brief shows."""
    c = brief["cases"]
    out = [f["value"] for f in brief["facts"][:3]] if "years" in c else []
    for y in c.get("years", []):
        out += [y["cases"], y["victims"]]
    for r in c.get("types", {}).get("rows", []):
        out += [r["whole"], r["late"]]
    out += [r["cases"] for r in c.get("technologies", {}).get("rows", [])]
    for r in brief["series"]["rows"]:
        out += r["values"]
    return out


@pytest.mark.slow
def test_no_party_s_brief_shows_a_count_from_1_to_4(wh):
    seen_small = 0
    for country in content.parties(wh):
        shown = _counts_of(build(wh, country, WAVE, "en", 5))
        assert shown
        for text in shown:
            if text in (small_label(5), NONE):
                seen_small += text == small_label(5)
                continue
            value = float(text.replace(",", ""))
            assert value == 0 or value >= 5, (country, text)
    assert seen_small > 50, "the demo data have small counts: the rule must have been applied"


def test_training_gaps_are_the_largest_of_the_country(wh):
    brief = build(wh, "FRA", WAVE, "en", 5)
    matrix = survey.training_matrix(wh, WAVE, "FRA").dropna(subset=["gap_score"])
    overview = survey.training_overview(wh, WAVE).set_index(["audience", "area"])["mean_gap"]
    rows = brief["training"]["rows"]
    assert len(rows) == 6
    gaps = [float(r["gap"]) for r in rows]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] == matrix["gap_score"].max()
    assert min(gaps) >= matrix["gap_score"].nlargest(6).min()
    labels = reference.labels(wh)
    for r in rows:
        audience = next(c for c, v in labels["audience"].items() if v == r["audience"])
        area = next(c for c, v in labels["area"].items() if v == r["area"])
        cell = matrix[(matrix["audience"] == audience) & (matrix["area"] == area)].iloc[0]
        assert (r["provision"], r["need"], r["gap"]) == tuple(
            f"{v:.0f}" for v in (cell["provision"], cell["need"], cell["gap_score"])
        )
        assert r["mean"] == f"{overview[(audience, area)]:.0f}"


def test_strategies_in_use_and_since_the_previous_wave(wh):
    brief = build(wh, "FRA", WAVE, "en", 5)
    found = survey.country_strategies(wh, WAVE, "FRA")
    s = brief["strategies"]
    assert s["used"] == int(found["in_use"].fillna(False).astype(bool).sum())
    assert s["asked"] == len(found)
    labels = reference.labels(wh)["strategy"]
    for item in s["items"]:
        code = next(c for c, v in labels.items() if v == item["strategy"])
        row = found[found["strategy"] == code].iloc[0]
        expected = "no answer" if pd.isna(row["in_use"]) else ("yes" if row["in_use"] else "no")
        assert item["in_use"] == expected
        assert item["share"] == f"{row['pct_all_states']:.0f}%"
    moved = survey.change(wh, "strategies", BEFORE, WAVE, ("FRA",)).frame
    moved = moved[moved["country_iso3"] == "FRA"]
    for code in moved.loc[moved["change"] > 0, "strategy"]:
        assert labels[code] in s["since"].split("dropped")[0]
    for code in moved.loc[moved["change"] < 0, "strategy"]:
        assert labels[code] in s["since"].split("dropped")[1]


def test_protection_sentence_is_the_query_layers_in_english(wh):
    source = cases.default_source(wh)
    assert content.protection_sentence(wh, words("en", wh), source) == cases.protection(wh, source)
    french = content.protection_sentence(wh, words("fr", wh), source)
    assert "confidentialité différentielle" in french and "10⁻⁶" in french
    row = cases.sources(wh).set_index("source").loc[source]
    assert i18n.number(row["epsilon"], "fr", 1) in french


def test_the_brief_says_what_is_synthetic_and_what_protects_counts(wh):
    brief = build(wh, "FRA", WAVE, "en", 5)
    assert brief["synthetic"].startswith("SYNTHETIC DEMO DATA")
    assert "2025 and 2021" in brief["synthetic"] and "the case records" in brief["synthetic"]
    lines = " ".join(brief["sources"]["lines"])
    assert "noise added once" in lines and "differential privacy" in lines
    assert "Counts from 1 to 4 read <5" in lines
    fr = build(wh, "FRA", WAVE, "fr", 5)
    assert fr["synthetic"].startswith("SYNTHETIC DEMO DATA · DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES")
    assert fr["subtitle"].endswith("vague 2025")


def test_the_threshold_decides_what_reads_small(wh):
    brief = build(wh, "FRA", WAVE, "en", 50)
    source = cases.default_source(wh)
    yearly = cases.by_year(wh, source, "cases", ("FRA",)).frame.set_index("year")["value"]
    for year in brief["cases"]["years"]:
        value = yearly[int(year["year"])]
        assert (year["cases"] == "<50") == (0 < value < 50)
    assert "Counts from 1 to 49 read <50" in " ".join(brief["sources"]["lines"])


def test_french_labels_fall_back_to_english(wh):
    class OneFrenchLabelMissing:
        """The warehouse without the French label of one challenge."""

        def frame(self, sql, params=None):
            df = wh.frame(sql, params)
            if "wh.marts.labels" in sql and (params or {}).get("lang") == "fr":
                df = df[~((df["vocabulary"] == "challenge") & (df["code"] == "data_volume"))]
            return df

    brief = build(OneFrenchLabelMissing(), "FRA", WAVE, "fr", 5)
    challenges = [r["challenge"] for d in brief["severity"]["domains"] for r in d["rows"]]
    assert reference.labels(wh)["challenge"]["data_volume"] in challenges
    french = reference.labels(wh, "fr")["challenge"]["encryption"]
    assert french in challenges and reference.labels(wh)["challenge"]["encryption"] not in challenges
    assert brief["title"] == "Fiche pays\u00a0: France"


def test_a_request_is_checked(wh):
    assert check(wh, " fra ", None, "en") == ("FRA", "2025", "en")
    with pytest.raises(BriefError, match="Unknown country 'XYZ'"):
        check(wh, "XYZ", None, "en")
    with pytest.raises(BriefError, match="did you mean FRA"):
        check(wh, "France", None, "en")
    with pytest.raises(BriefError, match="Unknown wave '1999'.*2025, 2021"):
        check(wh, "FRA", "1999", "en")
    with pytest.raises(BriefError, match="Unknown language 'de'"):
        check(wh, "FRA", None, "de")


def test_every_party_is_offered(wh):
    found = reference.countries(wh)
    assert content.parties(wh) == sorted(found.loc[found["convention_party"], "iso3"])
    assert len(content.parties(wh)) == 48


@pytest.mark.parametrize("country", ["FRA", "AND", "MDA", "SMR"])
def test_the_command_line_s_reader_gives_the_same_brief(warehouse, wh, country):
    """The reader of ``--all`` (each statement once, comparisons worked out once for every
    country) says exactly what a plain reader says."""
    plain = DirectReader.open(warehouse)
    for lang in ("en", "fr"):
        assert build(wh, country, WAVE, lang, 5) == build(plain, country, WAVE, lang, 5)


class Rewritten:
    """The warehouse with some values changed on the way out, as another warehouse would hold them."""

    def __init__(self, wh, change):
        self.wh, self.change = wh, change

    def frame(self, sql, params=None):
        return self.change(sql, params or {}, self.wh.frame(sql, params))


def test_real_data_carry_no_synthetic_label(wh):
    def real(sql, params, df):
        return df.assign(is_synthetic=False) if "is_synthetic" in df.columns else df

    brief = build(Rewritten(wh, real), "FRA", WAVE, "en", 5)
    assert brief["synthetic"] == "" and brief["synthetic_mark"] == ""
    assert "SYNTHETIC" not in str(brief)


def test_the_first_wave_has_nothing_to_compare_with(wh):
    brief = build(wh, "FRA", BEFORE, "en", 5)
    assert survey.previous_wave(wh, BEFORE) is None
    assert not brief["severity"]["compared"]
    assert all(r["at"]["before"] is None for d in brief["severity"]["domains"] for r in d["rows"])
    assert brief["strategies"]["since"] == ""
    assert "2021 wave" in brief["facts"][-1]["label"]


def test_a_threshold_of_one_shows_every_count(wh):
    brief = build(wh, "AND", WAVE, "en", 1)
    assert "<" not in str(brief["cases"])
    lines = " ".join(brief["sources"]["lines"])
    assert "noise added once" in lines and "read <1" not in lines
