"""A synthetic wave as a survey tool holds it: an XLSForm in English and French, a
KoboToolbox-style CSV export of the answers, and the wave's roles file.

The questions are the codebook's (:func:`etl.demo.codebook`); a question asked of several
items becomes a group of select_one rows on one choice list, a multiple-answer choice a
select_multiple, so the demo build goes through :mod:`etl.survey_tools`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pycountry

from etl.countries import resolve_country
from etl.reference import label_rows

if TYPE_CHECKING:
    from etl.demo import Item, Respondent

#: Choice questions whose answers may name several choices: select_multiple in the form.
MULTIPLE = {"N01", "N02", "N03", "N13", "C08"}
GROUPS = {
    "state": ("State Parties", "États Parties"),
    "ngo": ("NGOs", "ONG"),
    "company": ("Companies", "Entreprises"),
}
MISSING = (("dnk", "Don't know", "Ne sait pas"), ("pnta", "Prefer not to answer", "Préfère ne pas répondre"))

QUESTIONS_FR = {
    "S01": "Quelle est l'importance de l'impact de la technologie sur la traite des êtres humains dans votre "
    "pays ? (1 = pas important, 4 = très important)",
    "S02": "Au cours des cinq dernières années, la place de la technologie dans les affaires de traite "
    "a-t-elle augmenté, est-elle restée stable ou a-t-elle diminué ?",
    "S03": "Quelle est la gravité de chacune de ces difficultés pour détecter la traite facilitée par la "
    "technologie ? (1 = aucune difficulté, 5 = très grave)",
    "S04": "Quelle est la gravité de chacune de ces difficultés pour enquêter sur la traite facilitée par la "
    "technologie ? (1 = aucune difficulté, 5 = très grave)",
    "S05": "Quelle est la gravité de chacune de ces difficultés pour poursuivre la traite facilitée par la "
    "technologie ? (1 = aucune difficulté, 5 = très grave)",
    "S06": "Quelle est la gravité de chacune de ces difficultés pour la coopération internationale contre la "
    "traite facilitée par la technologie ? (1 = aucune difficulté, 5 = très grave)",
    "S07": "Quelle est la gravité de chacune de ces difficultés pour la coopération avec les entreprises "
    "privées contre la traite facilitée par la technologie ? (1 = aucune difficulté, 5 = très grave)",
    "S08": "Vos autorités utilisent-elles cette stratégie pour détecter la traite facilitée par la "
    "technologie "
    "ou enquêter sur celle-ci ?",
    "S09": "Vos autorités appliquent-elles ces protocoles aux victimes de la traite facilitée par "
    "la technologie ?",
    "training_provision": "Quelle formation sur la traite facilitée par la technologie ce groupe "
    "reçoit-il dans "
    "chaque domaine ? (0 = aucune, 1 = partielle, 2 = complète)",
    "training_need": "Quel est le besoin de formation de ce groupe dans chaque domaine ? "
    "(1 = aucun besoin, 5 = besoin très élevé)",
    "S22": "Votre État a-t-il ratifié le deuxième Protocole additionnel à la Convention sur la "
    "cybercriminalité "
    "relatif au renforcement de la coopération et de la divulgation de preuves électroniques ?",
    "N01": "À quelles étapes de la traite avez-vous vu la technologie utilisée ?",
    "N02": "Quelles technologies avez-vous vu utilisées par les trafiquants ?",
    "N03": "À quelles formes d'exploitation les victimes que vous accompagnez sont-elles soumises ?",
    "N04": "La place de la technologie dans les affaires que vous suivez augmente-t-elle, est-elle stable ou "
    "diminue-t-elle ?",
    "N05": "Dans quelle mesure votre organisation utilise-t-elle la technologie dans son propre travail avec "
    "les victimes ? (1 = pas du tout, 5 = largement)",
    "N06": "Quels indicateurs utilisez-vous pour repérer les affaires facilitées par la technologie ?",
    "N07": "Quel est le besoin de formation de votre personnel dans chaque domaine ? "
    "(1 = aucun besoin, 5 = besoin très élevé)",
    "N08": "Votre personnel a-t-il été formé à la traite facilitée par la technologie au cours des deux "
    "dernières années ?",
    "N09": "Demandez-vous le consentement de la victime avant de partager des informations avec les services "
    "répressifs ?",
    "N10": "Combien des victimes que vous accompagnez hésitent à porter plainte ?",
    "N11": "Appliquez-vous des protocoles adaptés à l'âge ?",
    "N12": "Appliquez-vous des protocoles tenant compte du genre ?",
    "N13": "Quelles initiatives fondées sur la technologie votre organisation mène-t-elle ?",
    "N14": "Comment fonctionne votre coopération avec les services répressifs dans les affaires "
    "facilitées par "
    "la technologie ? (1 = mal, 5 = très bien)",
    "C01": "Les utilisateurs signalent-ils des contenus suspects de traite sur vos services ?",
    "C02": "Combien de signalements d'utilisateurs liés à la traite avez-vous reçus l'an dernier ?",
    "C03": "Combien de demandes de données liées à la traite les services répressifs vous ont-ils adressées "
    "l'an dernier ?",
    "C04": "Quelle part de ces demandes (en pourcentage) a reçu une réponse dans les 30 jours ?",
    "C05": "Dans quelle mesure chacun de ces obstacles freine-t-il la coopération avec les services "
    "répressifs ? "
    "(1 = pas du tout, 5 = beaucoup)",
    "C06": "Disposez-vous d'un point de contact pour les services répressifs ?",
    "C07": "Utilisez-vous des outils pour détecter de manière proactive les contenus liés à la traite ?",
    "C08": "Quels types de contenus modérez-vous au titre de la traite ?",
    "C09": "Coopérez-vous avec des ONG en matière de traite ?",
    "C10": "Avez-vous un programme de signaleurs de confiance ?",
    "C11": "Menez-vous des campagnes de sensibilisation ou de publicité sociale sur la traite ?",
}

#: English labels of codes that are no vocabulary of the project, and French labels of all.
CODES_EN = {
    "age_sensitive": "Age-sensitive protocols",
    "gender_sensitive": "Gender-sensitive protocols",
    "data_privacy": "Data privacy rules",
    "legal_basis": "Unclear legal basis",
    "multiple_jurisdictions": "Several jurisdictions involved",
    "request_quality": "Quality of the requests",
    "increasing": "Increasing",
    "stable": "Stable",
    "decreasing": "Decreasing",
    "none": "None",
    "general": "General indicators",
    "tech_specific": "Technology-specific indicators",
    "few": "Few",
    "some": "Some",
    "many": "Many",
    "outreach": "Online outreach",
    "awareness_apps": "Awareness apps",
    "online_campaigns": "Online campaigns",
    "adult_services": "Adult services",
    "messaging": "Messaging",
    "social_posts": "Social media posts",
    "yes": "Yes",
    "no": "No",
}
CODES_FR = {
    # challenges
    "encryption": "Chiffrement des données",
    "data_volume": "Volume important de données",
    "tech_change": "Rapidité de l'évolution technologique",
    "equipment": "Manque d'équipement technique",
    "legislation": "Outils législatifs inadaptés",
    "tech_knowledge": "Manque de connaissances techniques des services répressifs",
    "private_sector": "Manque d'aide du secteur privé",
    "foreign_evidence": "Obtention de preuves d'autres pays",
    "prosecutor_training": "Manque de formation des procureurs",
    "extradition": "Extradition des suspects",
    "jurisdiction": "Attribution de la compétence",
    "ad_volume": "Volume des annonces en ligne",
    "anonymisation": "Pseudonymes et logiciels d'anonymisation",
    "no_specialised_unit": "Absence d'unité spécialisée ou d'enquêteurs formés",
    "company_requests": "Réponses lentes ou absentes des réseaux sociaux",
    "data_retention": "Durées de conservation des données trop courtes",
    "mla_delays": "Délais de l'entraide judiciaire",
    "evidence_location": "Localisation des preuves électroniques",
    "slow_answers": "Réponses lentes des entreprises",
    "unclear_legal_basis": "Base juridique des demandes peu claire",
    "no_contact_point": "Pas de point de contact dans les entreprises",
    "takedown_routes": "Procédures de retrait des contenus peu claires",
    # strategies
    "internet_monitoring": "Surveillance d'Internet",
    "cyber_patrols": "Cyberpatrouilles",
    "osint": "Renseignement de sources ouvertes (OSINT)",
    "covert_online": "Enquête sous pseudonyme en ligne (cyberinfiltration)",
    "web_scraping": "Extraction de données web et robots d'indexation",
    "network_analysis": "Analyse des réseaux sociaux",
    "public_reporting": "Systèmes de signalement public",
    "awareness_campaigns": "Campagnes de sensibilisation et publicités ciblées",
    "big_data_software": "Mégadonnées et logiciels spécialisés",
    "phone_extraction": "Extraction et déchiffrement de téléphones",
    "facial_recognition": "Reconnaissance faciale",
    "self_reporting": "Auto-signalement en ligne",
    "helplines_chat": "Lignes d'assistance et messagerie instantanée",
    "joint_investigation": "Équipes interservices et équipes communes d'enquête",
    # training areas and audiences
    "social_network_data": "Données des réseaux sociaux, messageries et du dark web",
    "device_examination": "Examen des appareils, données effacées et chiffrement",
    "corroboration": "Recoupement des données numériques avec d'autres preuves",
    "online_victim_id": "Identification des victimes en ligne",
    "financial_investigation": "Enquête financière sur les transactions en ligne et les cryptomonnaies",
    "electronic_evidence": "Traitement des preuves électroniques",
    "police_all": "Tous les policiers",
    "specialised_units": "Unités spécialisées traite et cybercriminalité",
    "prosecutors": "Procureurs",
    "judges": "Juges",
    "labour_inspectors": "Inspecteurs du travail",
    "ngo_staff": "Personnel des ONG et primo-intervenants",
    # stages, technologies, exploitation
    "recruitment": "Recrutement",
    "advertising": "Publicité et vente",
    "coordination": "Coordination",
    "control": "Surveillance et contrôle",
    "post_exit": "Pressions après la sortie",
    "job_ads": "Offres d'emploi et petites annonces en ligne",
    "social_media": "Réseaux sociaux",
    "job_groups": "Groupes de recherche d'emploi et d'entraide de migrants",
    "dating_apps": "Applications de rencontre",
    "adult_sites": "Sites de services pour adultes",
    "live_streaming": "Diffusion en direct et vidéo à la séance",
    "encrypted_messaging": "Messageries chiffrées",
    "online_games": "Jeux en ligne",
    "tracking_apps": "Applications de localisation et de contrôle",
    "sexual": "Exploitation sexuelle",
    "labour": "Exploitation par le travail",
    "forced_criminality": "Criminalité forcée",
    "begging": "Mendicité forcée",
    "domestic_servitude": "Servitude domestique",
    # other choices
    "age_sensitive": "Protocoles adaptés à l'âge",
    "gender_sensitive": "Protocoles tenant compte du genre",
    "data_privacy": "Règles de protection des données",
    "legal_basis": "Base juridique peu claire",
    "multiple_jurisdictions": "Plusieurs juridictions concernées",
    "request_quality": "Qualité des demandes",
    "increasing": "En hausse",
    "stable": "Stable",
    "decreasing": "En baisse",
    "none": "Aucun",
    "general": "Indicateurs généraux",
    "tech_specific": "Indicateurs propres à la technologie",
    "few": "Peu",
    "some": "Certaines",
    "many": "Beaucoup",
    "outreach": "Actions de proximité en ligne",
    "awareness_apps": "Applications de sensibilisation",
    "online_campaigns": "Campagnes en ligne",
    "adult_services": "Services pour adultes",
    "messaging": "Messagerie",
    "social_posts": "Publications sur les réseaux sociaux",
    "yes": "Oui",
    "no": "Non",
}
SURVEY_COLUMNS = (
    "type",
    "name",
    "label::English (en)",
    "label::French (fr)",
    "hint::English (en)",
    "hint::French (fr)",
    "relevant",
    "appearance",
    "required",
)
CHOICE_COLUMNS = ("list_name", "name", "label::English (en)", "label::French (fr)")
ROLE_COLUMNS = ("question", "item", "role", "domain", "code", "audience")
META_COLUMNS = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
)
FORM_VERSION = "v2025.1"


def _english() -> dict[str, str]:
    labels = {code: label for _, code, lang, label in label_rows() if lang == "en"}
    return labels | CODES_EN


def _french_country(iso3: str, name: str) -> str:
    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return name
    country = pycountry.countries.get(alpha_3=iso3)
    return french.gettext(country.name) if country else name


#: What fills an export column: ``type``, ``country``, a submission field, or
#: (question, item, choice of a 0/1 column, ``multi`` or None).
Filler = str | tuple[str, str, str | None]
#: Each respondent's answers by (question, item).
Answers = dict[str, dict[tuple[str, str], str]]


class _Form:
    """The survey and choices sheets, built question by question."""

    def __init__(self) -> None:
        self.survey: list[list[str]] = []
        self.choices: list[list[str]] = []
        self.lists: dict[str, str] = {}
        self.columns: list[tuple[str, Filler]] = []  # export header -> what fills it
        self.english = _english()

    def choice_list(self, codes: Sequence[str], missing: bool = False) -> str:
        signature = "|".join(codes) + ("|+missing" if missing else "")
        if signature in self.lists:
            return self.lists[signature]
        name = f"l{len(self.lists) + 1:02d}"
        self.lists[signature] = name
        for code in codes:
            self.choices.append([name, code, self.english.get(code, code), CODES_FR.get(code, code)])
        if missing:
            self.choices += [[name, code, en, fr] for code, en, fr in MISSING]
        return name

    def row(self, kind: str, name: str, en: str = "", fr: str = "", **extra: str) -> None:
        cells = {"type": kind, "name": name, "label::English (en)": en, "label::French (fr)": fr, **extra}
        self.survey.append([cells.get(c, "") for c in SURVEY_COLUMNS])


def _choices_for(item: Item) -> tuple[list[str], bool]:
    if item.answer_type == "rating":
        assert item.scale_min is not None and item.scale_max is not None, "a rating item has its scale"
        return [str(v) for v in range(item.scale_min, item.scale_max + 1)], bool(item.dont_know)
    if item.answer_type == "yes_no":
        return ["yes", "no"], False
    return item.choices.split("|"), False


def build(
    items: Sequence[Item],
    people: Sequence[Respondent],
    answers: Answers,
    meta: dict[str, dict[str, str]],
    countries: Sequence[tuple[str, str]],
) -> tuple[_Form, list[list[str]]]:
    """The form, and the export rows in its header order (header first)."""
    form = _Form()
    form.row("start", "start")
    form.row("end", "end")
    types = form.choice_list(["state", "ngo", "company"])
    form.choices = [r for r in form.choices if r[0] != types]
    form.choices += [
        [types, "state", "State Party", "État Partie"],
        [types, "ngo", "Non-governmental organisation", "Organisation non gouvernementale"],
        [types, "company", "Technology company", "Entreprise technologique"],
    ]
    form.row(
        "select_one " + types,
        "respondent_type",
        "Which questionnaire do you answer?",
        "À quel questionnaire répondez-vous ?",
        required="yes",
    )
    country_list = "countries"
    for iso3, name in countries:
        form.choices.append([country_list, iso3, name, _french_country(iso3, name)])
    form.row(
        "select_one " + country_list,
        "country",
        "Which country do you answer for, or work in?",
        "Pour quel pays répondez-vous, ou dans quel pays travaillez-vous ?",
    )
    form.columns += [("start", "start"), ("end", "end"), ("respondent_type", "type"), ("country", "country")]
    by_question: dict[str, list[Item]] = {}
    for item in items:
        by_question.setdefault(item.question_id, []).append(item)
    for group, (en, fr) in GROUPS.items():
        form.row("begin_group", group, en, fr, relevant=f"${{respondent_type}} = '{group}'")
        for qid, rows in by_question.items():
            if rows[0].respondent_type != group:
                continue
            _question(form, group, qid, rows)
        form.row("end_group", "")
    header = [h for h, _ in form.columns] + list(META_COLUMNS)
    return form, [header] + _records(form, people, answers, meta)


def _french_text(qid: str, first: Item) -> str:
    if first.measure in ("training_provision", "training_need") and first.respondent_type == "state":
        return QUESTIONS_FR[first.measure]
    return QUESTIONS_FR[qid]


def _question(form: _Form, group: str, qid: str, rows: list[Item]) -> None:
    first = rows[0]
    fr = _french_text(qid, first)
    if len(rows) == 1 and first.item == "value":
        if first.answer_type == "number":
            form.row("integer", qid, first.text, fr)
            form.columns.append((f"{group}/{qid}", (qid, "value", None)))
            return
        codes, missing = _choices_for(first)
        listed = form.choice_list(codes, missing)
        if qid in MULTIPLE:
            form.row("select_multiple " + listed, qid, first.text, fr)
            form.columns.append((f"{group}/{qid}", (qid, "value", "multi")))
            form.columns += [(f"{group}/{qid}/{code}", (qid, "value", code)) for code in codes]
        else:
            form.row("select_one " + listed, qid, first.text, fr)
            form.columns.append((f"{group}/{qid}", (qid, "value", None)))
        return
    audience = first.audience if first.measure.startswith("training") and group == "state" else ""
    hint_en = form.english.get(audience, "")
    form.row(
        "begin_group",
        qid,
        first.text,
        fr,
        appearance="field-list",
        **{"hint::English (en)": hint_en, "hint::French (fr)": CODES_FR.get(audience, "")},
    )
    codes, missing = _choices_for(first)
    listed = form.choice_list(codes, missing)
    for it in rows:
        name = f"{qid}_{it.item}"
        form.row(
            "select_one " + listed, name, form.english.get(it.item, it.item), CODES_FR.get(it.item, it.item)
        )
        form.columns.append((f"{group}/{qid}/{name}", (qid, it.item, None)))
    form.row("end_group", "")


def _records(
    form: _Form, people: Sequence[Respondent], answers: Answers, meta: dict[str, dict[str, str]]
) -> list[list[str]]:
    rows = []
    for person in people:
        given, submitted = answers[person.respondent_id], meta[person.respondent_id]
        cells = []
        for _, what in form.columns:
            if what == "type":
                cells.append(person.respondent_type)
            elif what == "country":
                cells.append((resolve_country(person.country) or "") if person.country else "")
            elif isinstance(what, tuple):
                qid, item, kind = what
                value = given.get((qid, item), "")
                value = "dnk" if value == "dk" else value
                if kind == "multi":
                    cells.append(value.replace("|", " "))
                elif kind is not None:  # a 0/1 column of a select_multiple; blank when unanswered
                    cells.append("" if not value else ("1" if kind in value.split("|") else "0"))
                else:
                    cells.append(value)
            else:
                cells.append(submitted[what])
        rows.append(cells + [submitted[m] for m in META_COLUMNS])
    return rows


def submission_meta(
    rng: np.random.Generator, people: Sequence[Respondent], year: int
) -> dict[str, dict[str, str]]:
    """Times, ids and uuids of each submission, as KoboToolbox adds them (drawn from ``rng``)."""
    start_day = dt.datetime(year, 6, 2, 8, 0, tzinfo=dt.UTC)
    out = {}
    for n, person in enumerate(people, start=1):
        started = start_day + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 55)))
        ended = started + dt.timedelta(minutes=int(rng.integers(12, 90)))
        out[person.respondent_id] = {
            "start": started.isoformat(timespec="seconds"),
            "end": ended.isoformat(timespec="seconds"),
            "_id": str(410_000 + n),
            "_uuid": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
            "_submission_time": ended.replace(tzinfo=None).isoformat(timespec="seconds"),
            "_validation_status": "",
            "_notes": "",
            "_status": "submitted_via_web",
            "_submitted_by": "",
            "__version__": FORM_VERSION,
            "_tags": "",
            "_index": str(n),
        }
    return out


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    """A workbook whose bytes depend on its content only (fixed timestamps inside the zip)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])  # the sheet a new workbook comes with
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    fixed = dt.datetime(2025, 1, 1)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)


def _fixed_core(data: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2025-01-01T00:00:00Z\g<2>", data
    )


def roles_rows(items: Sequence[Item]) -> list[list[str]]:
    rows = [["respondent_type", "", "respondent_type", "", "", ""], ["country", "", "country", "", "", ""]]
    for it in items:
        if not it.measure:
            continue
        if it.measure in ("severity", "training_provision", "training_need", "strategy"):
            rows.append([it.question_id, it.item, it.measure, it.domain, it.code, it.audience])
        elif [it.question_id, "", it.measure, "", "", ""] not in rows:
            rows.append([it.question_id, "", it.measure, "", "", ""])
    return rows
