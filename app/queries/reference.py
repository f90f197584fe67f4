"""Reference data and what is loaded: waves, countries, labels, sources."""

from __future__ import annotations

import pandas as pd

from app.queries._base import Reader, sql


def waves(wh: Reader) -> pd.DataFrame:
    """All questionnaire waves, newest first."""
    return wh.frame(
        "select wave_id, year, label, is_synthetic, fieldwork, source, n_states, n_ngos, n_companies "
        "from wh.marts.waves order by year desc, wave_id desc"
    )


def wave_names(wh: Reader) -> dict[str, tuple[str, bool]]:
    """Label and synthetic flag of each wave, by wave id, newest first."""
    df = waves(wh)
    return {
        str(w): (str(label), bool(synthetic))
        for w, label, synthetic in zip(
            df["wave_id"].tolist(), df["label"].tolist(), df["is_synthetic"].tolist(), strict=True
        )
    }


def countries(wh: Reader) -> pd.DataFrame:
    """All countries with their Council of Europe and Convention status."""
    return wh.frame(
        "select iso3, iso2, name, coe_member, convention_party, responded_2021 "
        "from wh.marts.countries order by name"
    )


def country_options(wh: Reader) -> list[str]:
    """Countries worth offering, ordered by name."""
    return wh.frame(sql("country_options"))["iso3"].astype(str).tolist()


def answering_countries(wh: Reader, wave_id: str | None) -> list[str]:
    """Countries that rated challenges or training in a wave, ordered by name."""
    return wh.frame(sql("answering_countries"), {"wave": wave_id})["iso3"].astype(str).tolist()


def labels(wh: Reader, lang: str = "en") -> dict[str, dict[str, str]]:
    """Labels by vocabulary and code, e.g. ``labels(wh)["technology"]["dark_web"]``."""
    df = wh.frame("select vocabulary, code, label from wh.marts.labels where lang = $lang", {"lang": lang})
    out: dict[str, dict[str, str]] = {}
    for vocabulary, code, label in df.itertuples(index=False):
        out.setdefault(vocabulary, {})[code] = label
    return out


def sources(wh: Reader) -> pd.DataFrame:
    """Every loaded source with its vintage, years and synthetic flag."""
    return wh.frame(
        "select family, source, vintage, is_synthetic, rows, first_year, last_year "
        "from wh.marts.sources order by family, source"
    )


def synthetic_status(wh: Reader) -> dict[str, list[str]]:
    """Names of the synthetic waves and sources (empty lists when all data are real)."""
    w = wh.frame("select label from wh.marts.waves where is_synthetic order by label")
    s = wh.frame(
        "select distinct source from wh.marts.sources "
        "where is_synthetic and family <> 'survey' order by source"
    )
    return {"waves": w["label"].tolist(), "sources": s["source"].tolist()}


def source_coverage(wh: Reader) -> pd.DataFrame:
    """Which measures each imported public source (CTDC) can and cannot fill."""
    return wh.frame(
        "select source_family, measure, fills, how from wh.marts.source_coverage "
        "order by source_family, fills = 'no', measure"
    )
