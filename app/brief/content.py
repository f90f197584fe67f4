"""What a country brief says: every figure read through the query layer, worded in one language.

:func:`build` returns the brief as plain data (text already formatted for the language,
positions of chart marks as numbers from 0 to 1) for the typst template to lay out. Counts of
cases and victims come from the protected release through :mod:`app.queries.cases` and read
``<5`` from 1 to 4 (:func:`app.disclosure.small_label`); the brief computes nothing from
anything else. Its own words are gettext messages of the ``brief`` domain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from app import i18n, settings
from app.disclosure import small_label
from app.queries import DirectReader, Reader, cases, meta, reference, series, survey
from etl.schema import SCHEMA_VERSION

#: Years of recorded cases in the chart (the latest ones of the source).
CASE_YEARS = 16
#: The recent years of the breakdowns by exploitation type and by technology.
RECENT_YEARS = 3
#: Rows of the largest training gaps, of the technologies, and years of official series.
TRAINING_ROWS = 6
TECHNOLOGY_ROWS = 5
SERIES_YEARS = 3
#: What a brief of invented data says first, in every language.
SYNTHETIC_MARK = "SYNTHETIC DEMO DATA"
#: A figure that is not there.
NONE = "–"
#: The mark of a challenge not compared with the previous wave (the reason is in a note).
NOT_COMPARED = "†"

Brief = dict[str, object]


class BriefError(ValueError):
    """A brief that cannot be made as asked; the message says why, for the person who asked."""


# ---------------------------------------------------------------- the request


@dataclass
class MemoReader:
    """A reader that runs each statement once: the briefs of many countries ask the same
    questions of the sources, waves and labels. For a warehouse that does not change while
    it is read (the command line's); each caller gets its own copy of a result."""

    wh: Reader
    _seen: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    _changes: dict[tuple[str, str, str], survey.Change] = field(default_factory=dict)

    def frame(self, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
        key = (sql, repr(sorted((params or {}).items())))
        if key not in self._seen:
            self._seen[key] = self.wh.frame(sql, params)
        return self._seen[key].copy()

    def change(self, what: str, before: str, after: str) -> survey.Change:
        """:func:`app.queries.survey.change` for every country on offer, worked out once."""
        key = (what, before, after)
        if key not in self._changes:
            everyone = tuple(reference.country_options(self))
            self._changes[key] = survey.change(self, what, before, after, everyone)
        return self._changes[key]


def wave_change(wh: Reader, what: str, before: str, after: str, iso3: str) -> survey.Change:
    """One country's :func:`app.queries.survey.change`. A country's rows and the all-States
    means do not depend on which other countries are chosen, so a :class:`MemoReader` works
    the comparison out once for every country and each brief takes its own rows."""
    if not isinstance(wh, MemoReader):
        return survey.change(wh, what, before, after, (iso3,))
    found = wh.change(what, before, after)
    frame = found.frame[found.frame["country_iso3"].isin([iso3, survey.ALL_STATES])]
    missing = {w: [c for c in gone if c == iso3] for w, gone in found.missing.items()}
    return survey.Change(frame.reset_index(drop=True), found.left_out.copy(), missing)


def open_warehouse(path: Path | str) -> MemoReader:
    """A reader of the warehouse at ``path``; BriefError when it is missing or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise BriefError(f"No warehouse at {path}. Build one with: python -m etl build --db {path}")
    try:
        wh = DirectReader.open(path)
        found = wh.frame("select max(schema_version) as v from wh.meta.build_info")["v"].iloc[0]
    except duckdb.Error as exc:
        raise BriefError(f"{path} is not a warehouse this version can read ({exc}).") from exc
    if pd.isna(found) or int(found) != SCHEMA_VERSION:
        raise BriefError(
            f"The warehouse {path} has schema version {found}; the brief reads version "
            f"{SCHEMA_VERSION}. Rebuild it with: python -m etl build --db {path}"
        )
    return MemoReader(wh)


def parties(wh: Reader) -> list[str]:
    """The Parties to the Anti-Trafficking Convention, by ISO 3166 alpha-3 code."""
    df = reference.countries(wh)
    return sorted(df.loc[df["convention_party"].astype(bool), "iso3"].astype(str))


def check(wh: Reader, country: str, wave_id: str | None, lang: str) -> tuple[str, str, str]:
    """The request as the brief reads it (ISO3 code, wave, language), or BriefError."""
    if lang not in i18n.LANGS:
        known = ", ".join(f"{code} ({name})" for code, name in i18n.LANGS.items())
        raise BriefError(f"Unknown language {lang!r}: the brief is written in {known}.")
    iso3 = str(country).strip().upper()
    offered = reference.country_options(wh)
    if iso3 not in offered:
        names = reference.countries(wh).set_index("iso3")["name"]
        by_name = {str(names.get(c, c)).upper(): c for c in offered}
        close = difflib.get_close_matches(iso3, [*offered, *by_name], n=3, cutoff=0.6)
        hint = sorted({by_name.get(c, c) for c in close})
        raise BriefError(
            f"Unknown country {country!r}: give the ISO 3166 alpha-3 code of one of the "
            f"{len(offered)} countries in the warehouse"
            + (f" (did you mean {', '.join(hint)}?)" if hint else " (for example FRA).")
        )
    waves = reference.waves(wh)["wave_id"].astype(str).tolist()
    if not waves:
        raise BriefError("The warehouse holds no questionnaire wave: load one and build it again.")
    wave = waves[0] if wave_id is None else str(wave_id).strip()
    if wave not in waves:
        raise BriefError(f"Unknown wave {wave_id!r}: the warehouse holds the waves {', '.join(waves)}.")
    return iso3, wave, lang


# ---------------------------------------------------------------- words


@dataclass(frozen=True)
class Words:
    """How the brief writes in one language: messages, labels, counts, scores."""

    lang: str
    gettext: Callable[[str], str]
    labels: dict[str, dict[str, str]]
    threshold: int

    def label(self, vocabulary: str, code: object) -> str:
        """A code's label in the language, else in English, else the code."""
        return self.labels.get(vocabulary, {}).get(str(code), str(code))

    def count(self, value: float) -> str:
        """A published count: ``<5`` from 1 to 4, else the number."""
        if value is None or pd.isna(value):
            return NONE
        if 0 < value < self.threshold:
            return small_label(self.threshold)
        return i18n.number(value, self.lang)

    def score(self, value: float) -> str:
        """A 0-100 score, whole."""
        return NONE if value is None or pd.isna(value) else i18n.number(round(value), self.lang)

    def change(self, value: float) -> str:
        """A signed change of score points: ``+25``, ``−25``, ``0``."""
        if value is None or pd.isna(value):
            return NONE
        whole = round(value)
        sign = "+" if whole > 0 else ("\u2212" if whole < 0 else "")
        return sign + i18n.number(abs(whole), self.lang)

    def percent(self, value: float) -> str:
        return NONE if value is None or pd.isna(value) else i18n.percent(value, self.lang)


def labels(wh: Reader, lang: str) -> dict[str, dict[str, str]]:
    """Vocabulary labels in ``lang``, each missing one in English."""
    out = reference.labels(wh, i18n.DEFAULT)
    if lang != i18n.DEFAULT:
        for vocabulary, table in reference.labels(wh, lang).items():
            out.setdefault(vocabulary, {}).update(table)
    return out


def _position(value: float) -> float | None:
    """A 0-100 score as a position from 0 to 1 along a chart's axis."""
    return None if value is None or pd.isna(value) else max(0.0, min(1.0, float(value) / 100.0))


def lower_first(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, unless it starts an acronym.

    >>> lower_first("Open-source intelligence (OSINT)"), lower_first("OSINT tools")
    ('open-source intelligence (OSINT)', 'OSINT tools')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _period(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


# ---------------------------------------------------------------- the brief


def build(
    wh: Reader, country: str, wave_id: str | None = None, lang: str = "en", threshold: int | None = None
) -> Brief:
    """Everything one country's brief says about one wave, in one language."""
    iso3, wave_id, lang = check(wh, country, wave_id, lang)
    threshold = settings.suppression_threshold() if threshold is None else threshold
    _ = i18n.translator(lang, "brief")
    w = Words(lang, _, labels(wh, lang), threshold)

    countries = reference.countries(wh).set_index("iso3")
    english = str(countries["name"].get(iso3, iso3))
    name = i18n.country_name(iso3, english, lang)
    waves = reference.waves(wh).set_index(reference.waves(wh)["wave_id"].astype(str))
    wave = waves.loc[wave_id]
    wave_name = _("{year} wave").format(year=int(wave["year"]))
    before = survey.previous_wave(wh, wave_id)
    before_name = _("{year} wave").format(year=int(waves.loc[before, "year"])) if before else None
    answered = iso3 in reference.answering_countries(wh, wave_id)
    build_row = meta.build_info(wh).iloc[0]
    built = pd.Timestamp(build_row["built_at"]).to_pydatetime()

    status = []
    if iso3 in countries.index:
        r = countries.loc[iso3]
        status.append(
            _("Council of Europe member") if r["coe_member"] else _("Not a Council of Europe member")
        )
        status.append(
            _("Party to the Anti-Trafficking Convention")
            if r["convention_party"]
            else _("Not a Party to the Anti-Trafficking Convention")
        )
    status.append(
        (
            _("Answered the {wave} questionnaire")
            if answered
            else _("Did not answer the {wave} questionnaire")
        ).format(wave=wave_name)
    )

    severity = _severity(wh, w, iso3, name, wave_id, wave_name, before, before_name, answered)
    training = _training(wh, w, iso3, name, wave_id, wave_name)
    strategies = _strategies(wh, w, iso3, name, wave_id, before, before_name)
    recorded = _cases(wh, w, iso3, name)
    official = _series(wh, w, iso3)
    synthetic = _synthetic(wh, w, wave_id, before, recorded, official)
    facts = _facts(w, wave_name, severity, training, strategies, recorded)
    title = _("Country brief: {country}").format(country=name)
    return {
        "lang": lang,
        "iso3": iso3,
        "wave_id": wave_id,
        "title": title,
        # a wave's label is the steward's words, in English: other languages name it by its year
        "subtitle": _("Online and technology-facilitated trafficking in human beings: {wave}").format(
            wave=str(wave["label"]) if lang == i18n.DEFAULT else wave_name
        ),
        "status": " · ".join(status),
        "date": {"year": built.year, "month": built.month, "day": built.day},
        "timestamp": int(built.timestamp()),
        "dated": _("Figures of the warehouse built on {date}").format(date=i18n.date(built.date(), lang)),
        "footer": _("{country}, {wave}: country brief").format(country=name, wave=wave_name),
        "page": _("page"),
        "synthetic_mark": _("SYNTHETIC") if synthetic else "",
        "synthetic": synthetic,
        "facts_heading": _("Key figures"),
        "facts": facts,
        "severity": severity,
        "training": training,
        "strategies": strategies,
        "cases": recorded,
        "series": official,
        "sources": _sources(wh, w, wave, before, waves, recorded, official, build_row, built),
    }


# ---------------------------------------------------------------- challenges


def _severity(
    wh: Reader,
    w: Words,
    iso3: str,
    name: str,
    wave_id: str,
    wave_name: str,
    before: str | None,
    before_name: str | None,
    answered: bool,
) -> dict[str, object]:
    _ = w.gettext
    out: dict[str, object] = {
        "heading": _("Challenges: {country} against all States").format(country=name),
        "columns": {
            "challenge": _("Challenge"),
            "country": name,
            "mean": _("All States"),
            "before": before_name or "",
            "change": _("Change"),
        },
        "compared": False,
        "domains": [],
        "notes": [],
        "message": "",
    }
    if not answered:
        out["message"] = _("{country} did not answer the {wave} questionnaire.").format(
            country=name, wave=wave_name
        )
        return out
    legend = _(
        "Scores from 0 to 100, higher is more severe. Bar: the range of all States' scores "
        "(light) and their middle half (dark); line: the mean of all States; filled dot: "
        "{country}, {wave}."
    ).format(country=name, wave=wave_name)
    notes: list[str] = []
    mine = pd.DataFrame(columns=["before", "change"])
    left: dict[tuple[str, str], str] = {}
    if before is not None:
        found = wave_change(wh, "severity", before, wave_id, iso3)
        if found.missing.get(before):
            notes.append(
                _("{country} did not answer the {wave} questionnaire.").format(country=name, wave=before_name)
            )
        else:
            out["compared"] = True
            rows = found.frame[found.frame["country_iso3"] == iso3]
            mine = rows.set_index(["domain", "challenge"])[["before", "change"]]
            named = {wave_id: wave_name, before: before_name}
            left = {
                (r.domain, r.challenge): reason_text(w, r.why, named.get(r.wave))
                for r in found.left_out.itertuples()
            }
            legend += " " + _("Ring: {country}, {wave}.").format(country=name, wave=before_name)
            notes.append(
                _("Against the {wave}: only challenges asked the same way in both waves.").format(
                    wave=before_name
                )
            )
    legend += " " + _("{none}: no rating.").format(none=NONE)
    shown_left = []
    for domain in survey.severity_domains(wh, wave_id):
        spread = survey.severity_spread(wh, wave_id, domain, iso3)
        if spread["country_score"].isna().all():
            continue
        rows = []
        for r in spread.itertuples():
            key = (domain, r.challenge)
            previous, change, was = NONE, NONE, None
            if key in left:
                previous, change = NOT_COMPARED, ""
                shown_left.append(key)
            elif key in mine.index:
                was = mine.loc[key, "before"]
                previous, change = w.score(was), w.change(mine.loc[key, "change"])
            rows.append(
                {
                    "challenge": w.label("challenge", r.challenge),
                    "country": w.score(r.country_score),
                    "mean": w.score(r.mean_score),
                    "before": previous,
                    "change": change,
                    "at": {
                        "min": _position(r.min_score),
                        "p25": _position(r.p25_score),
                        "p75": _position(r.p75_score),
                        "max": _position(r.max_score),
                        "mean": _position(r.mean_score),
                        "country": _position(r.country_score),
                        "before": _position(was),
                    },
                    "score": None if pd.isna(r.country_score) else float(r.country_score),
                    "mean_score": float(r.mean_score),
                }
            )
        out["domains"].append({"name": w.label("challenge_domain", domain), "rows": rows})
    if shown_left:
        notes.append(
            _("{mark} Not compared: {items}.").format(
                mark=NOT_COMPARED,
                items="; ".join(
                    _("{challenge} ({domain}): {reason}").format(
                        challenge=w.label("challenge", c),
                        domain=lower_first(w.label("challenge_domain", d)),
                        reason=left[(d, c)],
                    )
                    for d, c in shown_left
                ),
            )
        )
    out["notes"] = [legend, *notes]
    return out


def reason_text(w: Words, why: str | None, wave: str | None) -> str:
    """Why an item is not compared (a code of :data:`app.queries.survey.NOT_COMPARABLE`), in
    the brief's language; ``wave`` names the wave an added or removed item was asked in."""
    _ = w.gettext
    if why == "added":
        return _("asked in the {wave} only").format(wave=wave)
    if why == "removed":
        return _("not asked in the {wave}").format(wave=wave)
    reasons = {
        "answer_type": _("answer type changed"),
        "scale": _("rating scale changed"),
        "choices": _("choice list changed"),
        "reworded": _("question reworded"),
        "measure": _("the item measures something else"),
    }
    return reasons.get(str(why), _("asked differently"))


# ---------------------------------------------------------------- training


def _training(wh: Reader, w: Words, iso3: str, name: str, wave_id: str, wave_name: str) -> dict[str, object]:
    _ = w.gettext
    matrix = survey.training_matrix(wh, wave_id, iso3).dropna(subset=["gap_score"])
    overview = survey.training_overview(wh, wave_id).set_index(["audience", "area"])["mean_gap"]
    out: dict[str, object] = {
        "heading": _("The largest training gaps"),
        "columns": {
            "audience": _("Audience"),
            "area": _("Area"),
            "provision": _("Provision"),
            "need": _("Need"),
            "gap": _("Gap"),
            "mean": _("All States"),
        },
        "rows": [],
        "message": "",
        "note": _(
            "Provision and need mapped to 0-100; gap = need × (100 − provision) / 100: the need "
            "that training leaves uncovered, from 0 to 100. All States: the mean gap of the States "
            "that answered, {wave}."
        ).format(wave=wave_name),
    }
    if matrix.empty:
        out["message"] = _("{country} gave no answers on training in the {wave} questionnaire.").format(
            country=name, wave=wave_name
        )
        return out
    gaps = matrix[matrix["gap_score"] > 0].sort_values(
        ["gap_score", "need", "audience", "area"], ascending=[False, False, True, True]
    )
    if gaps.empty:
        out["message"] = _("{country} reported no training gap in the {wave} questionnaire.").format(
            country=name, wave=wave_name
        )
        return out
    out["rows"] = [
        {
            "audience": w.label("audience", r.audience),
            "area": w.label("area", r.area),
            "provision": w.score(r.provision),
            "need": w.score(r.need),
            "gap": w.score(r.gap_score),
            "mean": w.score(overview.get((r.audience, r.area))),
            "at": _position(r.gap_score),
            "at_mean": _position(overview.get((r.audience, r.area))),
        }
        for r in gaps.head(TRAINING_ROWS).itertuples()
    ]
    out["top"] = {
        "gap": float(gaps["gap_score"].iloc[0]),
        "ties": int((gaps["gap_score"] == gaps["gap_score"].iloc[0]).sum()),
    }
    return out


# ---------------------------------------------------------------- strategies


def _strategies(
    wh: Reader, w: Words, iso3: str, name: str, wave_id: str, before: str | None, before_name: str | None
) -> dict[str, object]:
    _ = w.gettext
    found = survey.country_strategies(wh, wave_id, iso3)
    answer = {True: _("yes"), False: _("no")}
    items = [
        {
            "strategy": w.label("strategy", r.strategy),
            "in_use": answer[bool(r.in_use)]
            if r.in_use is not None and not pd.isna(r.in_use)
            else _("no answer"),
            "used": bool(r.in_use) if r.in_use is not None and not pd.isna(r.in_use) else None,
            "share": w.percent(r.pct_all_states),
        }
        for r in found.itertuples()
    ]
    items.sort(key=lambda i: (i["used"] is not True, i["strategy"]))
    answered = [i for i in items if i["used"] is not None]
    used = sum(1 for i in items if i["used"])
    since = ""
    if before is not None and answered:
        moved = wave_change(wh, "strategies", before, wave_id, iso3)
        if not moved.missing.get(before):
            frame = moved.frame[(moved.frame["country_iso3"] == iso3) & moved.frame["change"].notna()]
            taken = sorted(w.label("strategy", s) for s in frame.loc[frame["change"] > 0, "strategy"])
            dropped = sorted(w.label("strategy", s) for s in frame.loc[frame["change"] < 0, "strategy"])
            since = _("Since the {wave}: taken up: {taken}; dropped: {dropped}.").format(
                wave=before_name, taken=", ".join(taken) or _("none"), dropped=", ".join(dropped) or _("none")
            )
    return {
        "heading": _("Response strategies in use"),
        "columns": {"strategy": _("Strategy"), "in_use": name, "share": _("Share of all States")},
        "items": items,
        "used": used,
        "asked": len(items),
        "answered": len(answered),
        "since": since,
        "message": ""
        if answered
        else _("{country} did not say which strategies it uses.").format(country=name),
    }


# ---------------------------------------------------------------- recorded cases


def _cases(wh: Reader, w: Words, iso3: str, name: str) -> dict[str, object]:
    _ = w.gettext
    source = cases.default_source(wh)
    out: dict[str, object] = {"heading": _("Recorded cases"), "message": "", "source": source}
    span = cases.source_years(wh, source) if source else None
    if source is None or span is None:
        out["message"] = _("No case records are loaded.")
        return out
    yearly = cases.online_share(wh, source, w.threshold, (iso3,)).frame
    victims = cases.by_year(wh, source, "victims", (iso3,)).frame.set_index("year")["value"]
    if yearly.empty or not (yearly["cases"] > 0).any():
        out["message"] = _("{source} holds no case records of {country}.").format(source=source, country=name)
        return out
    first, last = max(span[0], span[1] - CASE_YEARS + 1), span[1]
    shown = yearly[(yearly["year"] >= first) & (yearly["year"] <= last)].sort_values("year")
    drawn = shown["cases"].where(shown["cases"] >= w.threshold)
    top = float(drawn.max()) if drawn.notna().any() else 0.0
    out["years"] = [
        {
            "year": str(int(r.year)),
            "cases": w.count(r.cases),
            "victims": w.count(victims.get(r.year)),
            "share": w.percent(r.share_pct),
            # a count that reads <5 gets no bar: its height would tell the number
            "height": float(r.cases) / top if top and r.cases >= w.threshold else 0.0,
        }
        for r in shown.itertuples()
    ]
    recent = (last - RECENT_YEARS + 1, last)
    total = float(yearly["cases"].sum())
    out.update(
        {
            "period": _period(span[0], span[1]),
            "chart_period": _period(first, last),
            "recent_period": _period(*recent),
            "last": str(last),
            "total": total,
            "total_text": w.count(total),
            "last_cases": w.count(float(yearly.loc[yearly["year"] == last, "cases"].sum())),
            "last_victims": w.count(victims.get(last)),
            "last_share": w.percent(yearly.loc[yearly["year"] == last, "share_pct"].max()),
            "chart_title": _("Per year, {period}").format(period=_period(first, last)),
            "rows": {
                "year": _("Year"),
                "cases": _("Cases"),
                "victims": _("Victims"),
                "share": _("Recruited online"),
            },
            "chart_note": _(
                "A year with fewer than {n} cases has no bar and no share of cases recruited online."
            ).format(n=w.threshold),
        }
    )
    by_type = cases.breakdown(wh, source, "exploitation_type", "cases", (iso3,)).frame
    whole = by_type.groupby("category")["value"].sum()
    late = by_type[by_type["year"] >= recent[0]].groupby("category")["value"].sum()
    types = pd.DataFrame({"whole": whole, "late": late}).fillna(0.0).rename_axis("code").reset_index()
    types = types[types["whole"] > 0].sort_values(["whole", "code"], ascending=[False, True])
    out["types"] = {
        "heading": _("By exploitation type"),
        "columns": {
            "type": _("Exploitation type"),
            "whole": _period(span[0], span[1]),
            "late": _period(*recent),
        },
        "rows": [
            {
                "label": w.label("exploitation_type", r.code),
                "whole": w.count(r.whole),
                "late": w.count(r.late),
            }
            for r in types.itertuples()
        ],
    }
    tech = cases.breakdown(wh, source, "technology", "cases", (iso3,), years=recent).frame
    used = tech.groupby("category")["value"].sum().rename_axis("code").reset_index()
    used = used[used["value"] > 0].sort_values(["value", "code"], ascending=[False, True])
    out["technologies"] = {
        "heading": _("Technologies used, {period}").format(period=_period(*recent)),
        "columns": {"technology": _("Technology"), "cases": _("Cases")},
        "rows": [
            {"label": w.label("technology", r.code), "cases": w.count(r.value)}
            for r in used.head(TECHNOLOGY_ROWS).itertuples()
        ],
        "note": _("The {n} most frequent; a case may involve several technologies.").format(
            n=i18n.number(TECHNOLOGY_ROWS, w.lang)
        ),
    }
    return out


def _series(wh: Reader, w: Words, iso3: str) -> dict[str, object]:
    """The latest years of each official series of the country, as its publisher made them."""
    _ = w.gettext
    rows, sources, years_seen = [], [], set()
    for indicator in series.indicators(wh):
        names = series.sources(wh, indicator)
        if not names:
            continue
        found = series.trend(wh, (iso3,), indicator, names[0])
        frame = found.frame[found.frame["country_iso3"] == iso3].sort_values("year")
        if frame.empty:
            continue
        frame = frame.tail(SERIES_YEARS)
        cells = {}
        for r in frame.itertuples():
            years_seen.add(int(r.year))
            if r.status == "suppressed":
                cells[str(int(r.year))] = small_label(w.threshold)
            else:
                cells[str(int(r.year))] = w.count(r.value)
        rows.append({"label": w.label("indicator", indicator), "cells": cells})
        p = found.provenance
        sources.append({"source": p.source, "vintage": p.vintage, "synthetic": p.synthetic})
    years = [str(y) for y in sorted(years_seen)[-SERIES_YEARS:]]
    for row in rows:
        row["values"] = [row["cells"].get(y, NONE) for y in years]
        del row["cells"]
    return {
        "heading": _("Official statistics"),
        "columns": {"indicator": _("Indicator"), "years": years},
        "rows": rows,
        "provenance": sources,
    }


# ---------------------------------------------------------------- key figures, sources


def _facts(
    w: Words,
    wave_name: str,
    severity: dict[str, object],
    training: dict[str, object],
    strategies: dict[str, object],
    recorded: dict[str, object],
) -> list[dict[str, str]]:
    _ = w.gettext
    facts: list[dict[str, str]] = []
    if "years" in recorded:
        last, period = recorded["last"], recorded["period"]
        facts += [
            {
                "value": recorded["last_cases"],
                "label": _("Recorded cases, {period}").format(period=last),
                "detail": "",
            },
            {
                "value": recorded["total_text"],
                "label": _("Recorded cases, {period}").format(period=period),
                "detail": "",
            },
            {
                "value": recorded["last_victims"],
                "label": _("Victims in recorded cases, {period}").format(period=last),
                "detail": "",
            },
            {
                "value": recorded["last_share"],
                "label": _("Recruited online, {period}").format(period=last),
                "detail": _("too few cases for a share") if recorded["last_share"] == NONE else "",
            },
        ]
    rated = [(r, d["name"]) for d in severity["domains"] for r in d["rows"] if r["score"] is not None]
    if rated:
        rated.sort(key=lambda x: (-x[0]["score"], -x[0]["mean_score"]))
        top, domain = rated[0]
        ties = sum(1 for r, _d in rated if r["score"] == top["score"]) - 1
        detail = _("{challenge} ({domain}); all States: {mean}").format(
            challenge=top["challenge"], domain=lower_first(domain), mean=top["mean"]
        )
        if ties:
            more = _("{n} more at this score").format(n=i18n.number(ties, w.lang))
            detail = _("{detail}; {more}").format(detail=detail, more=more)
        facts.append(
            {
                "value": top["country"] + " / 100",
                "label": _("Most severe challenge, {wave}").format(wave=wave_name),
                "detail": detail,
            }
        )
    if training["rows"]:
        top = training["rows"][0]
        detail = _("{audience}: {area}; all States: {mean}").format(
            audience=top["audience"], area=lower_first(top["area"]), mean=top["mean"]
        )
        ties = training["top"]["ties"] - 1
        if ties:
            more = _("{n} more at this gap").format(n=i18n.number(ties, w.lang))
            detail = _("{detail}; {more}").format(detail=detail, more=more)
        facts.append(
            {
                "value": top["gap"] + " / 100",
                "label": _("Largest training gap, {wave}").format(wave=wave_name),
                "detail": detail,
            }
        )
    if strategies["answered"]:
        facts.append(
            {
                "value": _("{used} of {asked}").format(
                    used=i18n.number(strategies["used"], w.lang),
                    asked=i18n.number(strategies["asked"], w.lang),
                ),
                "label": _("Response strategies in use, {wave}").format(wave=wave_name),
                "detail": "",
            }
        )
    return facts


def _synthetic(
    wh: Reader,
    w: Words,
    wave_id: str,
    before: str | None,
    recorded: dict[str, object],
    official: dict[str, object],
) -> str:
    """The synthetic label, naming what is invented; empty when everything is real."""
    _ = w.gettext
    waves = reference.waves(wh).set_index("wave_id")
    invented = [
        str(int(waves.loc[x, "year"]))
        for x in (wave_id, before)
        if x is not None and waves.loc[x, "is_synthetic"]
    ]
    parts = []
    if invented:
        parts.append(_("the questionnaire answers of {years}").format(years=_joined(w, invented)))
    source = recorded.get("source")
    if source and bool(_source(wh, source)["is_synthetic"]):
        parts.append(_("the case records"))
    if any(p["synthetic"] for p in official["provenance"]):
        parts.append(_("the official statistics"))
    if not parts:
        return ""
    label = _(
        "SYNTHETIC DEMO DATA: {parts} are invented for demonstration, not any country's real data."
    ).format(parts=_joined(w, parts))
    # the English mark first in every language, as downloads carry it
    return label if label.startswith(SYNTHETIC_MARK) else f"{SYNTHETIC_MARK} · {label}"


def _joined(w: Words, items: list[str]) -> str:
    """``a, b and c`` in the brief's language."""
    _ = w.gettext
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _source(wh: Reader, source: str) -> pd.Series:
    """A case source's row of :func:`app.queries.cases.sources`."""
    return cases.sources(wh).set_index("source").loc[source]


def protection_sentence(wh: Reader, w: Words, source: str) -> str:
    """How a source's counts are protected: :func:`app.queries.cases.protection`, worded in
    the brief's language (a publisher's own description stays as it was written)."""
    _ = w.gettext
    row = _source(wh, source)
    if row["protection"] != "differential privacy":
        return cases.protection(wh, source)
    return _(
        "protected with differential privacy: noise added once to every published count "
        "(zero-concentrated rho {rho}, epsilon {epsilon} at delta {delta}, per victim)"
    ).format(
        rho=i18n.number(row["rho"], w.lang, 2),
        epsilon=i18n.number(row["epsilon"], w.lang, 1),
        delta=_exponent(float(row["delta"]), w.lang),
    )


def _exponent(value: float, lang: str) -> str:
    """``1e-06`` as Python writes it in English (the sentence of the query layer), ``10⁻⁶`` for
    other languages."""
    if lang == i18n.DEFAULT:
        return f"{value:.0e}"
    power = math.floor(math.log10(value))
    mantissa = round(value / 10**power, 6)
    exponent = str(power).translate(_SUPERSCRIPT)
    return ("" if mantissa == 1 else f"{i18n.number(mantissa, lang, 1)} × ") + f"10{exponent}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sources(
    wh: Reader,
    w: Words,
    wave: pd.Series,
    before: str | None,
    waves: pd.DataFrame,
    recorded: dict[str, object],
    official: dict[str, object],
    build_row: pd.Series,
    built: dt.datetime,
) -> dict[str, object]:
    _ = w.gettext
    n_states = len(reference.answering_countries(wh, str(wave["wave_id"])))
    lines = [
        _("Questionnaire: {label}, fieldwork {fieldwork}; {n} States answered. {source}.").format(
            label=wave["label"],
            fieldwork=wave["fieldwork"],
            n=i18n.number(n_states, w.lang),
            source=wave["source"],
        )
    ]
    if before is not None:
        lines.append(
            _("Compared with: {label}, fieldwork {fieldwork}.").format(
                label=waves.loc[before, "label"], fieldwork=waves.loc[before, "fieldwork"]
            )
        )
    source = recorded.get("source")
    if source:
        row = _source(wh, source)
        vintage = row["vintage"]
        text = _("Case records: {source}, {period}").format(
            source=source,
            period=recorded.get("period") or _period(int(row["first_year"]), int(row["last_year"])),
        )
        if vintage is not None and not pd.isna(vintage):
            text += ", " + _("vintage {vintage}").format(vintage=vintage)
        text += ". " + _("Counts {protection}.").format(protection=protection_sentence(wh, w, source))
        lines.append(text)
    seen = []
    for p in official["provenance"]:
        line = _(
            "Official statistics: {source}, vintage {vintage}, as published by the source "
            "(its own small-count rule)."
        ).format(source=p["source"], vintage=p["vintage"] or _("not stated"))
        if line not in seen:
            seen.append(line)
    lines += seen
    rules = []
    if source and _source(wh, source)["protection"] == "differential privacy":
        rules.append(
            _("Counts of cases and victims carry noise added once to protect victims (differential privacy).")
        )
    if w.threshold > 1:
        rules.append(
            _("Counts from 1 to {top} read {small}; no share is given for fewer than {n} cases.").format(
                top=w.threshold - 1, small=small_label(w.threshold), n=w.threshold
            )
        )
    if rules:
        lines.append(" ".join(rules))
    lines.append(
        _("Warehouse built on {date} (build {build}); sources are never added together.").format(
            date=i18n.date(built.date(), w.lang), build=build_row["build_id"]
        )
    )
    return {"heading": _("Sources and protection"), "lines": lines}
