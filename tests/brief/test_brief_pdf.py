"""The brief as printed: its text read back from the PDF, its pages as images, its bytes."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from brief_helpers import Pdf, flat, stream_text

from app import i18n
from app.brief import build, render
from app.brief.content import MemoReader, labels, parties
from app.brief.typeset import new_compiler
from app.queries import DirectReader, cases, meta, survey

WAVE = "2025"
#: What the printed brief says in each language, beside the figures.
SAYS = {
    "en": {
        "title": "Country brief: France",
        "synthetic": "SYNTHETIC DEMO DATA",
        "noise": "Counts of cases and victims carry noise added once to protect victims (differential privacy).",
        "small": "Counts from 1 to 4 read <5",
        "victims": "Victims",
        "period": "Recorded cases, 2010-2025",
        "cases_last": "Recorded cases, 2025",
        "wave": "2025 wave",
    },
    "fr": {
        "title": "Fiche pays : France",
        "synthetic": "DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES",
        "noise": "Les effectifs de cas et de victimes portent un bruit ajouté une seule fois pour protéger les "
        "victimes (confidentialité différentielle).",
        "small": "Les effectifs de 1 à 4 s'affichent <5",
        "victims": "Victimes",
        "period": "Cas enregistrés, 2010-2025",
        "cases_last": "Cas enregistrés, 2025",
        "wave": "vague 2025",
    },
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_text_says_what_protects_the_counts_and_that_data_are_synthetic(brief_pdf, wh, lang):
    pdf = brief_pdf("FRA", lang)
    says = SAYS[lang]
    assert says["title"] in pdf.text
    assert says["synthetic"] in pdf.text
    assert says["noise"] in pdf.text
    assert says["small"] in pdf.text
    brief = build(wh, "FRA", WAVE, lang, 5)
    for line in brief["sources"]["lines"]:
        assert flat(line) in pdf.text
    # the protection sentence of the source, worded in the language
    source = cases.default_source(wh)
    if lang == "en":
        assert flat(cases.protection(wh, source)) in pdf.text
    else:
        assert "protégés par confidentialité différentielle" in pdf.text
    # the synthetic mark is on every page
    mark = {"en": "SYNTHETIC", "fr": "SYNTHÉTIQUE"}[lang]
    assert all(mark in flat(page) for page in pdf.pages)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_key_figures_with_their_periods(brief_pdf, wh, lang):
    pdf = brief_pdf("FRA", lang)
    source = cases.default_source(wh)
    first, last = cases.source_years(wh, source)
    latest = cases.totals(wh, source, ("FRA",), (last, last), 5)
    whole = cases.totals(wh, source, ("FRA",), (first, last), 5)
    lines = pdf.lines()
    at = next(i for i, line in enumerate(lines) if line.startswith(SAYS[lang]["cases_last"]))
    values = lines[at - 1].split(" ")
    expected = [
        i18n.number(latest["cases"], lang),
        i18n.number(whole["cases"], lang),
        i18n.number(latest["victims"], lang),
        i18n.percent(latest["online_share"], lang),
    ]
    assert flat(" ".join(values)) == flat(" ".join(expected))
    assert SAYS[lang]["period"] in pdf.text
    strategies = survey.country_strategies(wh, WAVE, "FRA")
    used = int(strategies["in_use"].fillna(False).astype(bool).sum())
    of = {"en": "of", "fr": "sur"}[lang]
    assert f"{used} {of} {len(strategies)}" in pdf.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_challenge_row_reads_the_country_all_states_and_the_previous_wave(brief_pdf, wh, lang):
    pdf = brief_pdf("FRA", lang)
    brief = build(wh, "FRA", WAVE, lang, 5)
    rows = [r for d in brief["severity"]["domains"] for r in d["rows"]]
    assert len(rows) == sum(
        len(survey.severity_spread(wh, WAVE, d, "FRA")) for d in survey.severity_domains(wh, WAVE)
    )
    where = (0, 0.0)
    for r in rows:
        cells, where = pdf.row(r["challenge"], where)
        expected = [r["country"], r["mean"], r["before"]] + ([r["change"]] if r["change"] else [])
        assert cells == expected, r["challenge"]
    spread = survey.severity_spread(wh, WAVE, "investigation", "FRA").set_index("challenge")
    label = labels(wh, lang)["challenge"]["data_volume"]
    data_volume = next(r for r in rows if r["challenge"] == label)
    assert data_volume["country"] == f"{spread.loc['data_volume', 'country_score']:.0f}"
    assert data_volume["mean"] == f"{spread.loc['data_volume', 'mean_score']:.0f}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_case_rows_under_the_chart(brief_pdf, wh, lang):
    pdf = brief_pdf("FRA", lang)
    source = cases.default_source(wh)
    victims = cases.by_year(wh, source, "victims", ("FRA",)).frame
    cells, _ = pdf.row(SAYS[lang]["victims"], x_min=100)
    expected = [("<5" if 0 < v < 5 else i18n.number(v, lang)) for v in victims["value"].tail(16)]
    assert [flat(c) for c in cells] == [flat(e) for e in expected]


def test_a_small_country_s_counts_read_small(brief_pdf, wh):
    """Andorra's yearly counts are mostly 1-4 in the demo: each reads <5, in the key figures,
    under the chart and in the tables; no lone 1-4 stands in the case section."""
    pdf = brief_pdf("AND", "en")
    source = cases.default_source(wh)
    yearly = cases.by_year(wh, source, "cases", ("AND",)).frame
    assert ((yearly["value"] > 0) & (yearly["value"] < 5)).sum() >= 5
    text = pdf.text
    section = text[text.index("Recorded cases Per year") : text.index("Sources and protection")]
    assert "<5" in section
    assert not re.search(r"(?<![\d.,<])[1-4](?![\d.,%])", section), section


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_party_s_brief_fits_two_pages_and_hides_small_counts(warehouse, tmp_path, lang):
    """The briefs of all 48 Parties as the command line writes them."""
    from app.brief.__main__ import main

    assert main(["--all", "--lang", lang, "--db", str(warehouse), "--out", str(tmp_path)]) == 0
    wh = MemoReader(DirectReader.open(warehouse))
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == parties(wh)
    heading = {
        "en": ("Recorded cases", "Sources and protection"),
        "fr": ("Cas enregistrés", "Sources et protection"),
    }
    for path in sorted(tmp_path.glob("*.pdf")):
        pages, text = stream_text(path.read_bytes())
        assert 1 <= pages <= 2, path.name
        start = text.rindex(heading[lang][0] + " ")
        section = text[start : text.index(heading[lang][1])]
        assert not re.search(r"(?<![\d.,<\u202f])[1-4](?![\d.,%\u202f])", section), (path.name, section)


def test_the_same_request_gives_the_same_bytes(wh, warehouse):
    one = render(wh, "FRA", WAVE, "fr", 5)
    assert render(DirectReader.open(warehouse), "FRA", WAVE, "fr", 5) == one
    compiler = new_compiler()
    render(wh, "DEU", WAVE, "fr", 5, compiler)
    assert render(wh, "FRA", WAVE, "fr", 5, compiler) == one
    assert render(wh, "FRA", WAVE, "en", 5) != one


def test_the_document_is_dated_by_the_warehouse_and_archival(brief_pdf, wh):
    pdf = brief_pdf("FRA", "en")
    built = meta.build_info(wh)["built_at"].iloc[0].to_pydatetime()
    created = pdf.metadata["CreationDate"]
    assert created.startswith("D:" + built.astimezone(dt.UTC).strftime("%Y%m%d")), created
    assert pdf.metadata["Title"] == "Country brief: France"
    assert b"pdfaid:part" in pdf.data and b"pdfuaid:part" in pdf.data
    assert pdf.catalog["Lang"] == b"en"
    assert brief_pdf("FRA", "fr").catalog["Lang"] == b"fr"


def test_pages_render_as_images(brief_pdf, tmp_path):
    """Each page as PDFium draws it: A4, and not blank. THB_BRIEF_PNG=DIR keeps the images."""
    from PIL import Image, ImageStat

    folder = Path(os.environ.get("THB_BRIEF_PNG") or tmp_path)
    for country, lang in (("FRA", "en"), ("FRA", "fr"), ("AND", "en")):
        paths = brief_pdf(country, lang).images(folder, f"{country}-{lang}")
        assert 1 <= len(paths) <= 2
        for path in paths:
            with Image.open(path) as image:
                width, height = image.size
                assert abs(height / width - 297 / 210) < 0.01
                spread = ImageStat.Stat(image.convert("L")).stddev[0]
                assert spread > 20, f"{path} looks blank"


#: Text that typst would run or format if it were read as markup.
HOSTILE = "#panic() *b* _i_ $x$ <l> @r `c` \\ // ="


def test_text_from_the_warehouse_is_printed_as_it_is(wh):
    """Labels, sources and names reach typst as data: nothing in them is run or formatted."""

    class Hostile:
        def frame(self, sql, params=None):
            df = wh.frame(sql, params)
            if "wh.marts.labels" in sql:
                df.loc[df["code"] == "data_volume", "label"] = HOSTILE
            return df

    pdf = Pdf(render(Hostile(), "FRA", WAVE, "en", 5))
    assert any(line.startswith(flat(HOSTILE)) for line in pdf.lines()), HOSTILE


def test_the_first_wave_s_brief_and_a_brief_of_real_data(wh):
    first = Pdf(render(wh, "FRA", "2021", "en", 5))
    assert 1 <= len(first.pages) <= 2
    assert "2021 wave" in first.text and "Change" not in first.text

    class Real:
        def frame(self, sql, params=None):
            df = wh.frame(sql, params)
            return df.assign(is_synthetic=False) if "is_synthetic" in df.columns else df

    real = Pdf(render(Real(), "FRA", WAVE, "en", 5))
    assert "SYNTHETIC" not in real.text
