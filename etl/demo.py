"""Synthetic demonstration inputs, written exactly in the documented input formats.

Everything here is invented. The 2021 survey wave is built so that the mean severity
scores over States reproduce the figures published in the GRETA study (Campana 2022);
individual State answers are not the real ones. Case records and trend series follow the
patterns the study describes, not any real register.

>>> from pathlib import Path; import tempfile
>>> counts = generate(Path(tempfile.mkdtemp()), cases=500)
>>> counts["cases/cases.csv"]
500
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pycountry

from etl import contracts
from etl.reference import convention_parties, published_figures

Progress = Callable[[str], None]

YEARS = np.arange(2010, 2026)
CHUNK_ROWS = 500_000
SERIES_SOURCE = "Synthetic demo series"
SERIES_VINTAGE = "2026-01-15"
STUDY = (
    "Campana P. (2022), Online and technology-facilitated trafficking in human beings, "
    "Council of Europe (GRETA)"
)

#: Approximate population in millions (around 2021): only used to size case volumes.
POPULATION = {
    "ALB": 2.8,
    "AND": 0.08,
    "ARM": 2.8,
    "AUT": 8.9,
    "AZE": 10.1,
    "BEL": 11.6,
    "BGR": 6.9,
    "BIH": 3.3,
    "BLR": 9.3,
    "CHE": 8.7,
    "CYP": 0.9,
    "CZE": 10.5,
    "DEU": 83.2,
    "DNK": 5.8,
    "ESP": 47.4,
    "EST": 1.3,
    "FIN": 5.5,
    "FRA": 67.7,
    "GBR": 67.3,
    "GEO": 3.7,
    "GRC": 10.7,
    "HRV": 3.9,
    "HUN": 9.7,
    "IRL": 5.0,
    "ISL": 0.37,
    "ISR": 9.4,
    "ITA": 59.1,
    "LIE": 0.04,
    "LTU": 2.8,
    "LUX": 0.64,
    "LVA": 1.9,
    "MCO": 0.04,
    "MDA": 2.6,
    "MKD": 2.1,
    "MLT": 0.52,
    "MNE": 0.62,
    "NLD": 17.5,
    "NOR": 5.4,
    "POL": 37.8,
    "PRT": 10.3,
    "ROU": 19.1,
    "SMR": 0.03,
    "SRB": 6.9,
    "SVK": 5.4,
    "SVN": 2.1,
    "SWE": 10.4,
    "TUR": 84.7,
    "UKR": 41.0,
}

#: English forms as the study spells them where pycountry's short name differs.
NAME_OVERRIDES = {"MDA": "Republic of Moldova"}
#: Other common forms, mixed into the case records so that country resolution is exercised.
ALTERNATIVE_NAMES = {
    "GBR": "UK",
    "TUR": "Turkey",
    "MDA": "Moldova",
    "CZE": "Czech Republic",
    "MKD": "North Macedonia",
    "NLD": "The Netherlands",
    "SVK": "Slovak Republic",
}

#: The 2025 follow-up: States that answer for the first time, and States that did not answer.
JOINED_2025 = ("CZE", "GEO", "ITA", "SRB")
LEFT_2025 = ("AZE", "MCO")

#: Countries of work of the 12 responding NGOs (pseudonymised; "" = Europe-wide).
NGO_COUNTRIES = (
    "Albania",
    "Denmark",
    "",
    "Germany",
    "Greece",
    "Ireland",
    "Netherlands",
    "North Macedonia",
    "Republic of Moldova",
    "Serbia",
    "Switzerland",
    "Switzerland",
)

# --------------------------------------------------------------------------- survey

SEVERITY_DOMAINS: dict[str, tuple[str, ...]] = {
    "detection": (
        "ad_volume",
        "anonymisation",
        "encryption",
        "no_specialised_unit",
        "company_requests",
        "data_retention",
    ),
    "investigation": (
        "encryption",
        "data_volume",
        "tech_change",
        "equipment",
        "legislation",
        "tech_knowledge",
        "private_sector",
    ),
    "prosecution": (
        "foreign_evidence",
        "prosecutor_training",
        "legislation",
        "private_sector",
        "extradition",
        "jurisdiction",
    ),
    "international_cooperation": ("mla_delays", "data_retention", "evidence_location"),
    "private_cooperation": (
        "slow_answers",
        "unclear_legal_basis",
        "no_contact_point",
        "takedown_routes",
    ),
}
#: Items a later wave adds, to show that a changed codebook needs no code change.
SEVERITY_ADDED_2025 = {"detection": ("tech_change",)}

#: Target mean scores (0-100) of the challenges the study does not publish.
UNPUBLISHED_SEVERITY = {
    ("detection", "ad_volume"): 68,
    ("detection", "anonymisation"): 72,
    ("detection", "encryption"): 77,
    ("detection", "no_specialised_unit"): 55,
    ("detection", "company_requests"): 62,
    ("detection", "data_retention"): 64,
    ("detection", "tech_change"): 63,
    ("international_cooperation", "mla_delays"): 74,
    ("international_cooperation", "data_retention"): 60,
    ("international_cooperation", "evidence_location"): 63,
    ("private_cooperation", "slow_answers"): 62,
    ("private_cooperation", "unclear_legal_basis"): 51,
    ("private_cooperation", "no_contact_point"): 56,
    ("private_cooperation", "takedown_routes"): 45,
}
#: "Slightly above 50": the published text gives no number, so aim inside (50, 55].
FOREIGN_EVIDENCE_TARGET = 52.5

#: Change of the mean score from 2021 to 2025: encryption keeps rising; the Second
#: Additional Protocol to the Budapest Convention eases legislation and evidence abroad.
SEVERITY_SHIFT_2025 = {
    ("detection", "encryption"): 5,
    ("detection", "no_specialised_unit"): -5,
    ("investigation", "encryption"): 6,
    ("investigation", "data_volume"): 3,
    ("investigation", "tech_change"): 2,
    ("investigation", "equipment"): -3,
    ("investigation", "legislation"): -8,
    ("investigation", "tech_knowledge"): -4,
    ("investigation", "private_sector"): -4,
    ("prosecution", "foreign_evidence"): -6,
    ("prosecution", "prosecutor_training"): -5,
    ("prosecution", "legislation"): -7,
    ("prosecution", "private_sector"): -3,
    ("international_cooperation", "mla_delays"): -7,
    ("international_cooperation", "evidence_location"): -6,
    ("private_cooperation", "no_contact_point"): -5,
    ("private_cooperation", "unclear_legal_basis"): -6,
}

AUDIENCES = (
    "police_all",
    "specialised_units",
    "prosecutors",
    "judges",
    "labour_inspectors",
    "ngo_staff",
)
AREAS = (
    "osint",
    "social_network_data",
    "device_examination",
    "corroboration",
    "online_victim_id",
    "financial_investigation",
    "electronic_evidence",
)
PROVISION_BASE = {
    "police_all": 0.9,
    "specialised_units": 1.5,
    "prosecutors": 0.8,
    "judges": 0.35,
    "labour_inspectors": 0.35,
    "ngo_staff": 0.45,
}
PROVISION_AREA = {
    "osint": 0.1,
    "social_network_data": 0.0,
    "device_examination": -0.1,
    "corroboration": 0.0,
    "online_victim_id": -0.1,
    "financial_investigation": -0.2,
    "electronic_evidence": 0.25,
}
NEED_AUDIENCE = {
    "police_all": 0.2,
    "specialised_units": 0.4,
    "prosecutors": 0.1,
    "judges": -0.3,
    "labour_inspectors": -0.2,
    "ngo_staff": -0.1,
}
NEED_AREA = {
    "osint": 0.9,
    "social_network_data": 0.5,
    "device_examination": 1.0,
    "corroboration": 0.1,
    "online_victim_id": 0.3,
    "financial_investigation": 0.9,
    "electronic_evidence": 0.4,
}
#: Share of States using each strategy (before the State's capacity shifts it).
STRATEGY_USE = {
    "internet_monitoring": 0.85,
    "cyber_patrols": 0.45,
    "osint": 0.85,
    "covert_online": 0.5,
    "web_scraping": 0.3,
    "network_analysis": 0.45,
    "public_reporting": 0.6,
    "awareness_campaigns": 0.7,
    "big_data_software": 0.35,
    "phone_extraction": 0.65,
    "facial_recognition": 0.08,
    "self_reporting": 0.4,
    "helplines_chat": 0.7,
    "joint_investigation": 0.75,
}

STAGES = ("recruitment", "advertising", "coordination", "control", "post_exit")
TECHNOLOGIES = (
    "job_ads",
    "social_media",
    "job_groups",
    "dating_apps",
    "adult_sites",
    "live_streaming",
    "encrypted_messaging",
    "online_games",
    "tracking_apps",
    "dark_web",
    "cryptocurrency",
    "gig_platforms",
)
NGO_TECHNOLOGIES = (
    "social_media",
    "job_ads",
    "job_groups",
    "dating_apps",
    "adult_sites",
    "live_streaming",
    "encrypted_messaging",
    "online_games",
    "tracking_apps",
)
EXPLOITATION_TYPES = (
    "sexual",
    "labour",
    "forced_criminality",
    "begging",
    "domestic_servitude",
    "organ_removal",
    "forced_marriage",
    "other",
    "unknown",
)


@dataclass(frozen=True)
class Item:
    """One codebook row; field order is the column order of ``codebook.csv``."""

    question_id: str
    item: str
    respondent_type: str
    text: str
    answer_type: str
    scale_min: int | None = None
    scale_max: int | None = None
    dont_know: str = ""
    choices: str = ""
    measure: str = ""
    domain: str = ""
    code: str = ""
    audience: str = ""
    column: str = ""


CODEBOOK_COLUMNS = [f.name for f in fields(Item)]


@dataclass(frozen=True)
class Respondent:
    respondent_id: str
    respondent_type: str
    country: str
    organisation: str
    iso3: str = ""


@dataclass(frozen=True)
class Wave:
    wave_id: str
    year: int
    label: str
    fieldwork: str
    source: str
    layout: str  # "wide" or "long" responses, or "xlsform": the survey tool's own files


WAVES = (
    Wave(
        "2021",
        2021,
        "2021 baseline (synthetic answers calibrated to the published GRETA study)",
        "June-July 2021",
        f"Synthetic answers calibrated to the mean scores published in {STUDY}",
        "wide",
    ),
    Wave(
        "2025",
        2025,
        "2025 follow-up (synthetic)",
        "June-July 2025",
        "Synthetic follow-up round (demo data), run in KoboToolbox",
        "xlsform",
    ),
)


def country_name(iso3: str) -> str:
    """English short name as the study writes it (``MDA`` -> ``Republic of Moldova``)."""
    if iso3 in NAME_OVERRIDES:
        return NAME_OVERRIDES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    assert country is not None, f"{iso3} is an ISO 3166 code"
    return country.name


def _parties() -> list[dict[str, str]]:
    return sorted(convention_parties(), key=lambda r: r["iso3"])


def _state_questions(wave: Wave) -> list[Item]:
    """The State questionnaire; the 2025 codebook adds one challenge and one question."""
    later = wave.year > 2021
    items: list[Item] = [
        Item(
            "S01",
            "value",
            "state",
            "How important is the impact of technology on trafficking in human beings in "
            "your country? (1 = not important, 4 = very important)",
            "rating",
            1,
            4,
            measure="impact",
        ),
        Item(
            "S02",
            "value",
            "state",
            "Over the last five years, has the relevance of technology for THB cases been "
            "increasing, stable or decreasing?",
            "choice",
            choices="increasing|stable|decreasing",
            measure="trend",
        ),
    ]
    domain_questions = {
        "detection": ("S03", "detecting"),
        "investigation": ("S04", "investigating"),
        "prosecution": ("S05", "prosecuting"),
        "international_cooperation": ("S06", "international cooperation on"),
        "private_cooperation": ("S07", "cooperation with private companies on"),
    }
    for domain, (qid, verb) in domain_questions.items():
        codes = SEVERITY_DOMAINS[domain] + (SEVERITY_ADDED_2025.get(domain, ()) if later else ())
        for code in codes:
            items.append(
                Item(
                    qid,
                    code,
                    "state",
                    f"How severe is each of these challenges to {verb} technology-facilitated THB? "
                    "(1 = not a challenge, 5 = very severe)",
                    "rating",
                    1,
                    5,
                    dont_know="dk",
                    measure="severity",
                    domain=domain,
                    code=code,
                )
            )
    for strategy in STRATEGY_USE:
        items.append(
            Item(
                "S08",
                strategy,
                "state",
                "Do your authorities use this strategy to detect or investigate technology-facilitated THB?",
                "yes_no",
                measure="strategy",
                code=strategy,
            )
        )
    for protocol in ("age_sensitive", "gender_sensitive"):
        items.append(
            Item(
                "S09",
                protocol,
                "state",
                "Do your authorities apply these protocols when dealing with victims of "
                "technology-facilitated THB?",
                "yes_no",
                measure="protocol",
            )
        )
    for n, audience in enumerate(AUDIENCES):
        for area in AREAS:
            items.append(
                Item(
                    f"S{10 + n:02d}",
                    area,
                    "state",
                    "How much training on technology-facilitated THB does this group receive in "
                    "each area? (0 = none, 1 = some, 2 = comprehensive)",
                    "rating",
                    0,
                    2,
                    measure="training_provision",
                    code=area,
                    audience=audience,
                )
            )
    for n, audience in enumerate(AUDIENCES):
        for area in AREAS:
            items.append(
                Item(
                    f"S{16 + n:02d}",
                    area,
                    "state",
                    "How much does this group need training in each area? (1 = no need, 5 = very high need)",
                    "rating",
                    1,
                    5,
                    dont_know="dk",
                    measure="training_need",
                    code=area,
                    audience=audience,
                )
            )
    if later:
        items.append(
            Item(
                "S22",
                "value",
                "state",
                "Has your State ratified the Second Additional Protocol to the Cybercrime "
                "Convention on enhanced co-operation and disclosure of electronic evidence?",
                "yes_no",
            )
        )
    return items


def _ngo_questions() -> list[Item]:
    stages = "|".join(STAGES)
    items = [
        Item(
            "N01",
            "value",
            "ngo",
            "At which stages of trafficking have you seen technology used?",
            "choice",
            choices=stages,
        ),
        Item(
            "N02",
            "value",
            "ngo",
            "Which technologies have you seen used by traffickers?",
            "choice",
            choices="|".join(NGO_TECHNOLOGIES),
        ),
        Item(
            "N03",
            "value",
            "ngo",
            "Which forms of exploitation do the victims you assist face?",
            "choice",
            choices="sexual|labour|forced_criminality|begging|domestic_servitude",
        ),
        Item(
            "N04",
            "value",
            "ngo",
            "Is the relevance of technology in the cases you see increasing, stable or decreasing?",
            "choice",
            choices="increasing|stable|decreasing",
        ),
        Item(
            "N05",
            "value",
            "ngo",
            "How far does your organisation use technology in its own "
            "work with victims? (1 = not at all, 5 = extensively)",
            "rating",
            1,
            5,
        ),
        Item(
            "N06",
            "value",
            "ngo",
            "Which red flags do you use to identify technology-facilitated cases?",
            "choice",
            choices="none|general|tech_specific",
        ),
    ]
    items += [
        Item(
            "N07",
            area,
            "ngo",
            "How much does your staff need training in each area? (1 = no need, 5 = very high need)",
            "rating",
            1,
            5,
            dont_know="dk",
            # The marts keep State answers only; NGOs' own view stays in `answers`.
            measure="training_need",
            code=area,
            audience="ngo_staff",
        )
        for area in AREAS
    ]
    items += [
        Item(
            "N08",
            "value",
            "ngo",
            "Has your staff received training on technology-facilitated THB in the last two years?",
            "yes_no",
        ),
        Item(
            "N09",
            "value",
            "ngo",
            "Do you ask for the victim's consent before sharing information with law enforcement?",
            "yes_no",
        ),
        Item(
            "N10",
            "value",
            "ngo",
            "How many of the victims you assist are reluctant to file a complaint?",
            "choice",
            choices="few|some|many",
        ),
        Item("N11", "value", "ngo", "Do you apply age-sensitive protocols?", "yes_no"),
        Item("N12", "value", "ngo", "Do you apply gender-sensitive protocols?", "yes_no"),
        Item(
            "N13",
            "value",
            "ngo",
            "Which technology-based initiatives does your organisation run?",
            "choice",
            choices="self_reporting|outreach|awareness_apps|online_campaigns",
        ),
        Item(
            "N14",
            "value",
            "ngo",
            "How well does your cooperation with law enforcement work on "
            "technology-facilitated cases? (1 = poorly, 5 = very well)",
            "rating",
            1,
            5,
        ),
    ]
    return items


def _company_questions() -> list[Item]:
    items = [
        Item(
            "C01",
            "value",
            "company",
            "Do users report suspected THB content on your services?",
            "yes_no",
        ),
        Item(
            "C02",
            "value",
            "company",
            "How many THB-related user reports did you receive in the last year?",
            "number",
        ),
        Item(
            "C03",
            "value",
            "company",
            "How many law-enforcement requests for data related to THB did you receive in the last year?",
            "number",
        ),
        Item(
            "C04",
            "value",
            "company",
            "What share of those requests (percent) was answered within 30 days?",
            "number",
        ),
    ]
    items += [
        Item(
            "C05",
            obstacle,
            "company",
            "How much does each of these obstacles hinder cooperation "
            "with law enforcement? (1 = not at all, 5 = very much)",
            "rating",
            1,
            5,
        )
        for obstacle in ("data_privacy", "legal_basis", "multiple_jurisdictions", "request_quality")
    ]
    items += [
        Item("C06", "value", "company", "Do you have a contact point for law enforcement?", "yes_no"),
        Item(
            "C07",
            "value",
            "company",
            "Do you use tools to detect THB content proactively?",
            "yes_no",
        ),
        Item(
            "C08",
            "value",
            "company",
            "Which kinds of content do you moderate for THB?",
            "choice",
            choices="job_ads|adult_services|messaging|social_posts",
        ),
        Item("C09", "value", "company", "Do you cooperate with NGOs on THB?", "yes_no"),
        Item("C10", "value", "company", "Do you run a trusted-flagger programme?", "yes_no"),
        Item(
            "C11",
            "value",
            "company",
            "Do you run awareness or social-advertising campaigns on THB?",
            "yes_no",
        ),
    ]
    return items


def codebook(wave: Wave) -> list[Item]:
    """All items of a wave; the wide 2021 export gets survey-tool headers such as ``Q4_3``."""
    items = _state_questions(wave) + _ngo_questions() + _company_questions()
    if wave.layout != "wide":
        return items
    prefix = {"state": "Q", "ngo": "NQ", "company": "CQ"}
    position: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for it in items:
        sizes[it.question_id] = sizes.get(it.question_id, 0) + 1
    out = []
    for it in items:
        position[it.question_id] = position.get(it.question_id, 0) + 1
        head = f"{prefix[it.respondent_type]}{int(it.question_id[1:])}"
        column = head if sizes[it.question_id] == 1 else f"{head}_{position[it.question_id]}"
        out.append(replace(it, column=column))
    return out


def respondents(wave: Wave) -> list[Respondent]:
    """States of the wave (named), NGOs and companies (pseudonyms only)."""
    isos = [r["iso3"] for r in _parties() if r["responded_2021"] == "true"]
    if wave.year > 2021:
        isos = sorted((set(isos) - set(LEFT_2025)) | set(JOINED_2025))
    states = [Respondent(f"S-{iso}", "state", country_name(iso), "", iso) for iso in isos]
    ngos = [
        Respondent(f"N{n:02d}", "ngo", country, f"NGO {n:02d}")
        for n, country in enumerate(NGO_COUNTRIES, start=1)
    ]
    companies = [Respondent(f"C-{c}", "company", "", f"Company {c}") for c in "AB"]
    return states + ngos + companies


def severity_targets(year: int) -> dict[tuple[str, str], float]:
    """Target mean score per (domain, challenge): published for 2021, shifted for later waves."""
    targets: dict[tuple[str, str], float] = dict(UNPUBLISHED_SEVERITY)
    for row in published_figures():
        key = (row["domain"], row["challenge"])
        targets[key] = (
            FOREIGN_EVIDENCE_TARGET if row["qualifier"] == "above" else float(row["published_score"])
        )
    if year > 2021:
        targets = {k: float(np.clip(v + SEVERITY_SHIFT_2025.get(k, 0), 5, 95)) for k, v in targets.items()}
    return targets


def ratings_with_mean(
    rng: np.random.Generator, n: int, target_score: float, low: int, high: int, spread: float = 0.9
) -> np.ndarray:
    """``n`` integer ratings in [low, high] whose mean score is as close to ``target_score``
    as ``n`` allows (within 50/n points for a 1-5 scale).

    The multiset is built first (a rounded normal around the target), then nudged one
    step at a time until its sum is exact: the mean is constructed, not hoped for.
    """
    width = high - low
    total = int(round(target_score / 100 * width * n))
    values = np.clip(np.rint(rng.normal(target_score / 100 * width, spread, n)), 0, width).astype(int)
    while (diff := total - int(values.sum())) != 0:
        step = 1 if diff > 0 else -1
        movable = np.flatnonzero(values < width) if step > 0 else np.flatnonzero(values > 0)
        # Move the value nearest the target mean: keeps the spread realistic.
        centre = total / n
        nearest = movable[np.argsort(np.abs(values[movable] - centre) + rng.random(movable.size) * 0.5)]
        k = min(abs(diff), nearest.size)
        values[nearest[:k]] += step
    return values + low


def _capacity(seed: int) -> dict[str, float]:
    """A latent capacity per Party: better-equipped States report milder challenges,
    more training and more strategies. Drawn once per Party so that waves are comparable."""
    rng = np.random.default_rng([seed, 1])
    return {r["iso3"]: float(v) for r, v in zip(_parties(), rng.normal(0, 1, 48), strict=True)}


def _answers(
    wave: Wave, seed: int, people: list[Respondent], items: list[Item]
) -> dict[str, dict[tuple[str, str], str]]:
    """Answers by respondent and (question, item); "" is a question left blank."""
    rng = np.random.default_rng([seed, 2, wave.year])
    base = _capacity(seed)
    drift = np.random.default_rng([seed, 3, wave.year]).normal(0, 0.3, 48)
    states = [p for p in people if p.respondent_type == "state"]
    cap = np.array([base[p.iso3] for p in states])
    if wave.year > 2021:
        order = [r["iso3"] for r in _parties()]
        cap = cap + np.array([drift[order.index(p.iso3)] for p in states]) + 0.2
    out: dict[str, dict[tuple[str, str], str]] = {p.respondent_id: {} for p in people}
    ids = [p.respondent_id for p in states]
    targets = severity_targets(wave.year)
    later = wave.year > 2021

    for it in items:
        if it.respondent_type != "state":
            continue
        key = (it.question_id, it.item)
        if it.measure == "severity":
            cells = _severity_column(rng, cap, targets[(it.domain, it.code)])
        elif it.measure == "training_provision":
            raw = (
                PROVISION_BASE[it.audience]
                + PROVISION_AREA[it.code]
                + 0.35 * cap
                + (0.15 if later else 0)
                + rng.normal(0, 0.35, cap.size)
            )
            cells = [str(v) for v in np.clip(np.rint(raw), 0, 2).astype(int)]
            cells = _blank_some(rng, cells, 0.03)
        elif it.measure == "training_need":
            raw = (
                3.1
                + NEED_AREA[it.code]
                + NEED_AUDIENCE[it.audience]
                - 0.3 * cap
                - (0.1 if later else 0)
                + rng.normal(0, 0.6, cap.size)
            )
            cells = [str(v) for v in np.clip(np.rint(raw), 1, 5).astype(int)]
            cells = _blank_some(rng, cells, 0.03, dont_know="dk")
        elif it.measure == "strategy":
            share = STRATEGY_USE[it.code]
            logit = np.log(share / (1 - share)) + 0.8 * cap + (0.3 if later else 0)
            cells = ["yes" if u else "no" for u in rng.random(cap.size) < 1 / (1 + np.exp(-logit))]
            cells = _blank_some(rng, cells, 0.02)
        elif it.measure == "protocol" and it.item == "age_sensitive":
            cells = ["yes"] * cap.size
        elif it.measure == "protocol":
            gender_yes = {"AUT"} | ({"BEL", "ESP", "SWE"} if later else set())
            cells = ["yes" if p.iso3 in gender_yes else "no" for p in states]
            cells = _blank_some(
                rng, cells, 0.12, keep={i for i, p in enumerate(states) if p.iso3 in gender_yes}
            )
        elif it.measure == "impact":
            cells = [str(v) for v in rng.choice([1, 2, 3, 4], cap.size, p=[0.02, 0.08, 0.35, 0.55])]
        elif it.measure == "trend":
            cells = list(rng.choice(["increasing", "stable", "decreasing"], cap.size, p=[0.85, 0.13, 0.02]))
        else:  # the 2025 question on the Second Additional Protocol
            cells = ["yes" if u else "no" for u in rng.random(cap.size) < 0.45 + 0.1 * cap]
        for rid, cell in zip(ids, cells, strict=True):
            out[rid][key] = str(cell)

    for p in people:
        if p.respondent_type == "ngo":
            out[p.respondent_id].update(_ngo_answers(rng, items, later))
        elif p.respondent_type == "company":
            out[p.respondent_id].update(_company_answers(rng, items))
    return out


def _severity_column(rng: np.random.Generator, cap: np.ndarray, target: float) -> list[str]:
    """One severity item over all States: a few "don't know" and blanks, then a multiset
    of ratings with the target mean, handed out so that weaker States rate higher."""
    n = cap.size
    cells = [""] * n
    missing = rng.choice(n, size=int(rng.integers(1, 4)), replace=False)
    for i, m in enumerate(missing):
        cells[m] = "dk" if i % 2 == 0 else ""
    answering = np.setdiff1d(np.arange(n), missing)
    ratings = np.sort(ratings_with_mean(rng, answering.size, target, 1, 5))[::-1]
    propensity = -cap[answering] + rng.normal(0, 0.8, answering.size)
    for idx, rating in zip(answering[np.argsort(-propensity)], ratings, strict=True):
        cells[idx] = str(rating)
    return cells


def _blank_some(
    rng: np.random.Generator,
    cells: list[str],
    share: float,
    dont_know: str = "",
    keep: Iterable[int] = (),
) -> list[str]:
    kept = set(keep)
    out = list(cells)
    for i in np.flatnonzero(rng.random(len(cells)) < share):
        if int(i) not in kept:
            out[i] = dont_know if dont_know and rng.random() < 0.5 else ""
    return out


def _some(rng: np.random.Generator, options: Sequence[str], weights: Sequence[float]) -> str:
    picked = [o for o, w in zip(options, weights, strict=True) if rng.random() < w]
    return "|".join(picked or [options[int(np.argmax(weights))]])


def _ngo_answers(rng: np.random.Generator, items: list[Item], later: bool) -> dict[tuple[str, str], str]:
    def rating(centre: float) -> str:
        return str(int(np.clip(np.rint(rng.normal(centre, 0.8)), 1, 5)))

    answers = {
        ("N01", "value"): _some(rng, STAGES, [0.95, 0.6, 0.5, 0.7, 0.45]),
        ("N02", "value"): _some(
            rng,
            NGO_TECHNOLOGIES,
            [0.95, 0.7, 0.4, 0.4, 0.5, 0.35, 0.7, 0.25 if later else 0.15, 0.3],
        ),
        ("N03", "value"): _some(
            rng,
            ("sexual", "labour", "forced_criminality", "begging", "domestic_servitude"),
            [0.9, 0.7, 0.3, 0.2, 0.3],
        ),
        ("N04", "value"): str(rng.choice(["increasing", "stable"], p=[0.9, 0.1])),
        ("N05", "value"): rating(2.6 if later else 2.3),
        ("N06", "value"): str(rng.choice(["none", "general", "tech_specific"], p=[0.25, 0.65, 0.1])),
        ("N08", "value"): "yes" if rng.random() < 0.4 else "no",
        ("N09", "value"): "yes",
        ("N10", "value"): str(rng.choice(["few", "some", "many"], p=[0.1, 0.3, 0.6])),
        ("N11", "value"): "yes",
        ("N12", "value"): "yes" if rng.random() < 0.15 else "no",
        ("N13", "value"): _some(
            rng,
            ("self_reporting", "outreach", "awareness_apps", "online_campaigns"),
            [0.5, 0.5, 0.3, 0.6],
        ),
        ("N14", "value"): rating(3.2),
    }
    for it in items:
        if it.question_id == "N07":
            answers[("N07", it.item)] = "dk" if rng.random() < 0.05 else rating(3.3 + NEED_AREA[it.item])
    return answers


def _company_answers(rng: np.random.Generator, items: list[Item]) -> dict[tuple[str, str], str]:
    answers = {
        ("C01", "value"): "yes",
        ("C02", "value"): str(int(rng.integers(20, 400))),
        ("C03", "value"): str(int(rng.integers(50, 3000))),
        ("C04", "value"): str(int(rng.integers(55, 95))),
        ("C06", "value"): "yes",
        ("C07", "value"): "yes" if rng.random() < 0.5 else "no",
        ("C08", "value"): _some(
            rng, ("job_ads", "adult_services", "messaging", "social_posts"), [0.5, 0.3, 0.4, 0.9]
        ),
        ("C09", "value"): "yes" if rng.random() < 0.6 else "no",
        ("C10", "value"): "yes" if rng.random() < 0.5 else "no",
        ("C11", "value"): "yes" if rng.random() < 0.4 else "no",
    }
    centres = {
        "data_privacy": 4.2,
        "legal_basis": 3.8,
        "multiple_jurisdictions": 4.0,
        "request_quality": 2.8,
    }
    for it in items:
        if it.question_id == "C05":
            answers[("C05", it.item)] = str(int(np.clip(np.rint(rng.normal(centres[it.item], 0.6)), 1, 5)))
    return answers


def _write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def write_wave(out_dir: Path, wave: Wave, seed: int) -> dict[str, int]:
    """Write the four files of one survey wave; return rows written per file."""
    folder = out_dir / "survey" / wave.wave_id
    rel = f"survey/{wave.wave_id}"
    items = codebook(wave)
    people = respondents(wave)
    answers = _answers(wave, seed, people, items)
    counts = {
        f"{rel}/wave.csv": _write_rows(
            folder / "wave.csv",
            ["wave_id", "year", "label", "is_synthetic", "fieldwork", "source"],
            [[wave.wave_id, wave.year, wave.label, "true", wave.fieldwork, wave.source]],
        ),
        f"{rel}/codebook.csv": _write_rows(
            folder / "codebook.csv",
            CODEBOOK_COLUMNS,
            [[getattr(it, c) for c in CODEBOOK_COLUMNS] for it in items],
        ),
        f"{rel}/respondents.csv": _write_rows(
            folder / "respondents.csv",
            ["respondent_id", "respondent_type", "country", "organisation"],
            [[p.respondent_id, p.respondent_type, p.country, p.organisation] for p in people],
        ),
    }
    if wave.layout == "xlsform":
        counts.pop(f"{rel}/codebook.csv")
        counts.pop(f"{rel}/respondents.csv")
        (folder / "codebook.csv").unlink()
        (folder / "respondents.csv").unlink()
        counts.update(_write_tool_files(folder, rel, wave, seed, items, people, answers))
        return counts
    if wave.layout == "wide":
        header = ["respondent_id"] + [it.column for it in items]
        rows = [
            [p.respondent_id] + [answers[p.respondent_id].get((it.question_id, it.item), "") for it in items]
            for p in people
        ]
    else:
        header = ["respondent_id", "question_id", "item", "answer"]
        rows = [
            [p.respondent_id, it.question_id, it.item, answers[p.respondent_id][key]]
            for p in people
            for it in items
            if (key := (it.question_id, it.item)) in answers[p.respondent_id]
        ]
    counts[f"{rel}/responses.csv"] = _write_rows(folder / "responses.csv", header, rows)
    return counts


def _write_tool_files(
    folder: Path,
    rel: str,
    wave: Wave,
    seed: int,
    items: Sequence[Item],
    people: Sequence[Respondent],
    answers: dict[str, dict[tuple[str, str], str]],
) -> dict[str, int]:
    """The wave as KoboToolbox holds it: XLSForm, CSV export (';'-separated) and roles file."""
    from etl import demo_form

    # a few States decline a severity question rather than leave it blank: kept apart
    declined = np.random.default_rng([seed, 4, wave.year])
    for it in items:
        if it.measure == "severity":
            for p in people:
                if answers[p.respondent_id].get((it.question_id, it.item)) == "" and declined.random() < 0.5:
                    answers[p.respondent_id][(it.question_id, it.item)] = "pnta"
    meta = demo_form.submission_meta(np.random.default_rng([seed, 5, wave.year]), people, wave.year)
    countries = [(r["iso3"], country_name(r["iso3"])) for r in _parties()]
    form, export = demo_form.build(items, people, answers, meta, countries)
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [
            f"THB and technology questionnaire {wave.year}",
            f"thb_tech_{wave.year}",
            demo_form.FORM_VERSION,
            "English (en)",
        ],
    ]
    demo_form.write_xlsx(
        folder / "form.xlsx",
        {
            "survey": [list(demo_form.SURVEY_COLUMNS)] + form.survey,
            "choices": [list(demo_form.CHOICE_COLUMNS)] + form.choices,
            "settings": settings,
        },
    )
    export_path = folder / "export.csv"
    with export_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerows(export)
    return {
        f"{rel}/export.csv": len(export) - 1,
        f"{rel}/roles.csv": _write_rows(
            folder / "roles.csv", demo_form.ROLE_COLUMNS, demo_form.roles_rows(items)
        ),
    }


# --------------------------------------------------------------------------- cases

CASE_COLUMNS = tuple(column.name for column in contracts.CASES)
MODUS_OPERANDI = (
    "lover_boy",
    "fake_job_offer",
    "blackmail_images",
    "online_sale_sex",
    "live_streamed_exploitation",
    "remote_coordination",
    "digital_monitoring",
    "post_exit_intimidation",
)
OUTCOMES = ("convicted", "acquitted", "pending", "not_prosecuted", "unknown")
TECH = {t: i for i, t in enumerate(TECHNOLOGIES)}
GROUPS = ("sexual", "labour", "other")  # technology patterns: sexual, labour, all other types


def _year_ramp(start: float, end: float, from_year: int = 2010) -> np.ndarray:
    """Values per year of YEARS rising linearly from ``start`` (at from_year) to ``end`` (2025)."""
    t = np.clip((YEARS - from_year) / (2025 - from_year), 0, 1)
    return start + (end - start) * t


@dataclass(frozen=True)
class StageModel:
    """How one stage uses technology: the share of cases with any technology at the stage
    (group x year) and the weights of the technologies used (group x year x technology)."""

    active: np.ndarray
    weights: np.ndarray


def _stage_models() -> dict[str, StageModel]:
    ny, nt = YEARS.size, len(TECHNOLOGIES)
    covid = np.where(YEARS == 2020, 0.08, np.where(YEARS == 2021, 0.06, 0.0))

    def weights(spec: dict[str, dict[str, float | np.ndarray]]) -> np.ndarray:
        w = np.zeros((len(GROUPS), ny, nt))
        for g, group in enumerate(GROUPS):
            for tech, value in spec.get(group, {}).items():
                w[g, :, TECH[tech]] = value
        shares: np.ndarray = w / w.sum(axis=2, keepdims=True)
        return shares

    def active(sexual: np.ndarray, labour: np.ndarray, other: np.ndarray) -> np.ndarray:
        shares: np.ndarray = np.clip(np.stack([sexual, labour, other]), 0, 0.97)
        return shares

    return {
        # Online recruitment grows over the years, with a Covid-19 bump in 2020-2021.
        "recruitment": StageModel(
            active(
                _year_ramp(0.35, 0.8) + covid,
                _year_ramp(0.22, 0.75) + covid,
                _year_ramp(0.2, 0.55) + covid,
            ),
            weights(
                {
                    "sexual": {
                        "social_media": 0.45,
                        "dating_apps": 0.2,
                        "job_ads": 0.17,
                        "online_games": _year_ramp(0.01, 0.06),
                        "job_groups": 0.03,
                        "adult_sites": 0.04,
                        "dark_web": 0.004,
                    },
                    "labour": {
                        "job_ads": 0.45,
                        "job_groups": 0.25,
                        "social_media": 0.25,
                        "gig_platforms": _year_ramp(0.0, 0.18, 2016),
                    },
                    "other": {
                        "social_media": 0.45,
                        "job_ads": 0.3,
                        "job_groups": 0.1,
                        "dating_apps": 0.1,
                        "online_games": 0.05,
                    },
                }
            ),
        ),
        "advertising": StageModel(
            active(_year_ramp(0.55, 0.75), np.full(ny, 0.05), np.full(ny, 0.08)),
            weights(
                {
                    "sexual": {
                        "adult_sites": 0.6,
                        "social_media": 0.2,
                        "live_streaming": _year_ramp(0.02, 0.3),
                        "dating_apps": 0.05,
                        "encrypted_messaging": 0.05,
                        "dark_web": 0.02,
                    },
                    "labour": {"job_ads": 0.6, "social_media": 0.4},
                    "other": {"social_media": 0.6, "job_ads": 0.4},
                }
            ),
        ),
        "coordination": StageModel(
            active(_year_ramp(0.45, 0.7), _year_ramp(0.3, 0.55), _year_ramp(0.3, 0.5)),
            weights(
                {
                    "sexual": {
                        "encrypted_messaging": _year_ramp(0.5, 0.8),
                        "social_media": 0.2,
                        "cryptocurrency": 0.03,
                        "dark_web": 0.01,
                    },
                    "labour": {
                        "encrypted_messaging": _year_ramp(0.5, 0.75),
                        "social_media": 0.25,
                        "gig_platforms": _year_ramp(0.0, 0.1, 2016),
                        "cryptocurrency": 0.01,
                    },
                    "other": {
                        "encrypted_messaging": 0.7,
                        "social_media": 0.3,
                        "cryptocurrency": 0.02,
                    },
                }
            ),
        ),
        "control": StageModel(
            active(_year_ramp(0.3, 0.5), _year_ramp(0.15, 0.25), np.full(ny, 0.2)),
            weights(
                {
                    group: {
                        "tracking_apps": _year_ramp(0.35, 0.55),
                        "encrypted_messaging": 0.3,
                        "social_media": 0.15,
                    }
                    for group in GROUPS
                }
            ),
        ),
        # Pressure after exit: a minority of cases.
        "post_exit": StageModel(
            active(_year_ramp(0.06, 0.14), _year_ramp(0.04, 0.08), _year_ramp(0.04, 0.08)),
            weights({group: {"social_media": 0.5, "encrypted_messaging": 0.5} for group in GROUPS}),
        ),
    }


def _draw(rng: np.random.Generator, table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """One categorical draw per row, row ``i`` using the probabilities ``table[index[i]]``.

    Looks up one cumulative column at a time, so memory stays a few vectors per chunk.
    """
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(index.size)
    drawn = np.zeros(index.size, dtype=np.int64)
    for k in range(table.shape[1] - 1):
        drawn += u > cum[index, k]
    return drawn


def _stage_masks(
    rng: np.random.Generator, model: StageModel, group: np.ndarray, year_idx: np.ndarray
) -> np.ndarray:
    """Bit mask of the technologies each case used at a stage (0 = none).

    Probabilities are looked up per technology from the small (group x year) tables rather
    than materialised as a rows x technologies matrix: memory stays a few vectors per chunk.
    """
    combo = group * YEARS.size + year_idx
    weights = model.weights.reshape(-1, model.weights.shape[2])
    on = rng.random(combo.size) < model.active.reshape(-1)[combo]
    primary = _draw(rng, weights, combo)
    mask = np.left_shift(1, primary)
    # A second channel now and then: most cases use one or two technologies per stage.
    for t in range(weights.shape[1]):
        mask |= (rng.random(combo.size) < 0.25 * weights[combo, t]).astype(np.int64) << t
    return np.where(on, mask, 0)


def _masks_to_strings(masks: np.ndarray, codes: Sequence[str]) -> pa.Array:
    """``|``-joined codes per row (null for an empty set), without a Python loop per row."""
    unique, inverse = np.unique(masks, return_inverse=True)
    labels = ["|".join(c for i, c in enumerate(codes) if m >> i & 1) or None for m in unique]
    return pa.array(labels, type=pa.string()).take(pa.array(inverse.astype(np.int32)))


def _country_forms(parties: list[str]) -> list[str]:
    """Three spellings per Party (ISO3, English name, another common form) for the mix."""
    forms = []
    for iso3 in parties:
        name = country_name(iso3)
        forms += [iso3, name, ALTERNATIVE_NAMES.get(iso3, name)]
    return forms


def _case_chunk(
    rng: np.random.Generator,
    start: int,
    size: int,
    width: int,
    parties: list[str],
    forms: pa.Array,
    stages: dict[str, StageModel],
) -> pa.Table:
    """``size`` case records numbered from ``start + 1``."""
    pop = np.array([POPULATION[p] for p in parties])
    # Volume roughly by population, with a floor so that small Parties still record cases.
    weight = pop**0.85 + 0.3
    country = rng.choice(len(parties), size, p=weight / weight.sum())
    if start == 0:  # every Party appears at least once, even in a tiny demo
        k = min(size, len(parties))
        country[:k] = np.arange(k)
    year_weight = np.exp(0.11 * (YEARS - 2010)) * np.where(YEARS == 2020, 0.9, 1.0)
    year_idx = rng.choice(YEARS.size, size, p=year_weight / year_weight.sum())

    labour_share = _year_ramp(0.22, 0.34)
    other = np.array([0.05, 0.03, 0.03, 0.002, 0.015, 0.015, 0.008])  # forced_criminality..unknown
    type_table = np.column_stack(
        [1 - labour_share - other.sum(), labour_share, np.tile(other, (YEARS.size, 1))]
    )
    etype = _draw(rng, type_table, year_idx)
    group = np.minimum(etype, 2)

    masks = {s: _stage_masks(rng, stages[s], group, year_idx) for s in STAGES}
    none = ~np.any(np.stack(list(masks.values())), axis=0)
    # Every record is technology-facilitated: a case with no technology at all
    # gets the most common one, messaging at coordination.
    masks["coordination"][none] = 1 << TECH["encrypted_messaging"]

    def has(stage: str, *techs: str) -> np.ndarray:
        bits = sum(1 << TECH[t] for t in techs)
        used: np.ndarray = (masks[stage] & bits) != 0
        return used

    sexual, labour = etype == 0, etype == 1
    u = [rng.random(size) for _ in MODUS_OPERANDI]
    mo = [
        sexual & has("recruitment", "social_media", "dating_apps") & (u[0] < 0.5),
        has("recruitment", "job_ads", "job_groups", "gig_platforms") & (u[1] < 0.7),
        sexual & (u[2] < np.where(masks["control"] > 0, 0.25, 0.1)),
        sexual & has("advertising", "adult_sites", "social_media", "dating_apps") & (u[3] < 0.9),
        has("advertising", "live_streaming") & (u[4] < 0.95),
        (masks["coordination"] > 0) & (u[5] < 0.3),
        has("control", "tracking_apps") & (u[6] < 0.8),
        (masks["post_exit"] > 0) & (u[7] < 0.8),
    ]
    mo_mask = np.zeros(size, dtype=np.int64)
    for bit, tagged in enumerate(mo):
        mo_mask |= tagged.astype(np.int64) << bit
    del u, mo

    victims = np.minimum(rng.geometric(0.55, size), 12)
    big_group = labour & (rng.random(size) < 0.05)
    victims = np.where(big_group, rng.integers(4, 26, size), victims)
    female_p = np.select([sexual, labour], [0.92, 0.3], 0.5)
    female = rng.binomial(victims, female_p)
    sex_known = rng.random(size)  # < 0.8 both known; < 0.85 only female known; else unknown
    minor_p = np.select([sexual, labour], [0.2, 0.04], 0.15)
    minor = rng.binomial(victims, minor_p)
    age_known = rng.random(size)

    # Recent cases are more often still pending.
    recent = np.clip((YEARS - 2019) / 6, 0, 1)
    one = np.ones(YEARS.size)
    outcome_table = np.column_stack(
        [
            0.38 - 0.25 * recent,
            0.06 * one,
            0.06 + 0.45 * recent,
            0.15 * one,
            0.1 * one,
            0.25 - 0.2 * recent,
        ]
    )
    outcome = _draw(rng, outcome_table, year_idx)

    def ints(values: np.ndarray, known: np.ndarray) -> pa.Array:
        return pa.array(values.astype(np.int64), mask=~known)

    number = pc.cast(pa.array(np.arange(start + 1, start + size + 1)), pa.string())
    form = rng.choice(3, size, p=[0.75, 0.2, 0.05])
    columns = {
        "case_id": pc.binary_join_element_wise("C", pc.utf8_lpad(number, width, "0"), ""),
        "country": forms.take(pa.array((country * 3 + form).astype(np.int32))),
        "year": pa.array(YEARS[year_idx].astype(np.int64)),
        "exploitation_type": pa.array(EXPLOITATION_TYPES).take(pa.array(etype.astype(np.int32))),
        **{f"{s}_tech": _masks_to_strings(masks[s], TECHNOLOGIES) for s in STAGES},
        "modus_operandi": _masks_to_strings(mo_mask, MODUS_OPERANDI),
        "victims_total": pa.array(victims.astype(np.int64)),
        "victims_female": ints(female, sex_known < 0.85),
        "victims_male": ints(victims - female, sex_known < 0.8),
        "victims_minor": ints(minor, age_known < 0.75),
        "victims_adult": ints(victims - minor, age_known < 0.7),
        "prosecution_outcome": pa.array(list(OUTCOMES) + [None]).take(pa.array(outcome.astype(np.int32))),
        "cases": pa.array(np.ones(size, dtype=np.int64)),
    }
    return pa.table(columns)


def write_cases(path: Path, cases: int, seed: int, progress: Progress | None = None) -> int:
    """Write ``cases`` case records in chunks of ``CHUNK_ROWS`` (memory stays bounded)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parties = [r["iso3"] for r in _parties()]
    forms = pa.array(_country_forms(parties), type=pa.string())
    stages = _stage_models()
    width = max(6, len(str(cases)))
    options = pacsv.WriteOptions(quoting_style="none", quoting_header="none")
    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c
                in {
                    "year",
                    "victims_total",
                    "victims_female",
                    "victims_male",
                    "victims_minor",
                    "victims_adult",
                    "cases",
                }
                else pa.string(),
            )
            for c in CASE_COLUMNS
        ]
    )
    written = 0
    with pacsv.CSVWriter(path, schema, write_options=options) as writer:
        for chunk, start in enumerate(range(0, cases, CHUNK_ROWS)):
            size = min(CHUNK_ROWS, cases - start)
            rng = np.random.default_rng([seed, 4, chunk])
            table = _case_chunk(rng, start, size, width, parties, forms, stages)
            writer.write_table(table.select(list(CASE_COLUMNS)).cast(schema))
            written += size
            if progress and cases > CHUNK_ROWS:
                progress(f"cases: {written:,} of {cases:,} rows written")
    return written


# --------------------------------------------------------------------------- series

#: The documented series columns; the demo has no categorical indicator, so no category.
SERIES_COLUMNS = tuple(column.name for column in contracts.SERIES if column.name != "category")
#: Parties whose publisher withholds counts from 1 to 4.
SUPPRESSING = ("AND", "ISL", "LIE", "LUX", "MLT", "MNE")
#: Parties whose series start only in 2013.
LATE_START = ("AZE", "BIH", "GEO", "MDA", "SMR", "UKR")
#: Parties that publish no age breakdown.
NO_AGE = ("BLR", "CHE", "ISR", "TUR")


def write_series(path: Path, seed: int) -> int:
    """Detected victims, persons prosecuted and convicted per Party and year, with totals,
    sex and age breakdowns; some counts suppressed at source, some not available."""
    rng = np.random.default_rng([seed, 5])
    parties = [r["iso3"] for r in _parties()]
    rate = rng.lognormal(np.log(14), 0.5, len(parties))  # detected victims per million
    year_factor = _year_ramp(0.8, 1.3) * np.where(YEARS == 2020, 0.85, 1.0)
    share = {  # female and minor shares by indicator
        "detected_victims": (0.72, 0.22),
        "persons_prosecuted": (0.22, 0.02),
        "persons_convicted": (0.2, 0.01),
    }
    late_convictions = set(rng.choice(parties, 16, replace=False))
    rows: list[list[object]] = []
    for p, iso3 in enumerate(parties):
        for y, year in enumerate(YEARS):
            victims = rng.poisson(POPULATION[iso3] * rate[p] * year_factor[y])
            prosecuted = rng.poisson(0.35 * victims + 0.2)
            convicted = rng.binomial(prosecuted, 0.55)
            for indicator, total in (
                ("detected_victims", victims),
                ("persons_prosecuted", prosecuted),
                ("persons_convicted", convicted),
            ):
                female = rng.binomial(total, share[indicator][0])
                minor = rng.binomial(total, share[indicator][1])
                cells = [
                    ("total", "total", total),
                    ("female", "total", female),
                    ("male", "total", total - female),
                    ("total", "minor", minor),
                    ("total", "adult", total - minor),
                ]
                for sex, age, value in cells:
                    unavailable = (
                        (iso3 in LATE_START and year < 2013)
                        or (iso3 in NO_AGE and age != "total")
                        or (indicator == "persons_convicted" and year == 2025 and iso3 in late_convictions)
                    )
                    shown: int | str
                    if unavailable:
                        status, shown = "not_available", ""
                    elif iso3 in SUPPRESSING and 1 <= value <= 4:
                        status, shown = "suppressed", ""
                    else:
                        status, shown = "reported", int(value)
                    rows.append(
                        [
                            iso3,
                            int(year),
                            indicator,
                            sex,
                            age,
                            "total",
                            "total",
                            shown,
                            status,
                            SERIES_SOURCE,
                            SERIES_VINTAGE,
                        ]
                    )
    return _write_rows(path, SERIES_COLUMNS, rows)


# --------------------------------------------------------------------------- entry point


def generate(
    out_dir: Path,
    *,
    cases: int = 20_000,
    seed: int = 2021,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write a complete demo source folder; return counts of rows written per file.

    Same ``seed`` and ``cases`` give byte-identical files.
    """
    if cases < 0:
        raise ValueError(f"cases must be 0 or more, got {cases}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = {
        "synthetic": True,
        "title": "Synthetic demonstration data",
        "source": f"Synthetic demo data (generated, seed {seed})",
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for wave in WAVES:
        if progress:
            progress(f"survey wave {wave.wave_id}")
        counts.update(write_wave(out_dir, wave, seed))
    if progress:
        progress(f"cases: {cases:,} rows")
    counts["cases/cases.csv"] = write_cases(out_dir / "cases" / "cases.csv", cases, seed, progress)
    if progress:
        progress("trend series")
    counts["series/series.csv"] = write_series(out_dir / "series" / "series.csv", seed)
    return counts
