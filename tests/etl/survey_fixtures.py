"""Small survey-tool files in the layouts the tools export, written for each test."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

WAVE = "wave_id,year,label,is_synthetic\n{wave},{year},Test wave,true\n"

SURVEY = [
    ["type", "name", "label::English (en)", "label::French (fr)", "relevant"],
    ["start", "start", "", "", ""],
    ["select_one countries", "country", "Country", "Pays", ""],
    [
        "begin_group",
        "S03",
        "How severe is each challenge?",
        "Quelle est la gravité de chaque difficulté ?",
        "",
    ],
    ["select_one sev", "S03_encryption", "Data encryption", "Chiffrement des données", ""],
    ["select_one sev", "S03_data_volume", "Large volume of data", "Volume important de données", ""],
    ["end_group", "", "", "", ""],
    [
        "select_multiple strategies",
        "S08",
        "Which strategies do you use?",
        "Quelles stratégies utilisez-vous ?",
        "",
    ],
    ["select_one yn", "S09", "Do you apply age-sensitive protocols?", "Appliquez-vous des protocoles ?", ""],
    ["integer", "staff", "How many investigators?", "Combien d'enquêteurs ?", ""],
    ["text", "comments", "Anything else?", "Autre chose ?", ""],
    ["select_one yn", "phone_owner", "Do you own a phone?", "Avez-vous un téléphone ?", ""],
    ["begin_repeat", "cases", "Cases", "Affaires", ""],
    ["select_one yn", "online", "Recruited online?", "Recrutement en ligne ?", ""],
    ["end_repeat", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::French (fr)"],
    ["countries", "ALB", "Albania", "Albanie"],
    ["countries", "MDA", "Republic of Moldova", "République de Moldavie"],
    ["countries", "GBR", "United Kingdom", "Royaume-Uni"],
    *[["sev", str(n), str(n), str(n)] for n in range(1, 6)],
    ["sev", "dnk", "Don't know", "Ne sait pas"],
    ["sev", "pnta", "Prefer not to answer", "Préfère ne pas répondre"],
    ["strategies", "osint", "OSINT", "OSINT"],
    ["strategies", "cyber_patrols", "Cyber-patrols", "Cyberpatrouilles"],
    ["strategies", "dnk", "Don't know", "Ne sait pas"],
    ["yn", "yes", "Yes", "Oui"],
    ["yn", "no", "No", "Non"],
]
#: Kobo CSV export: ';'-separated, group paths, combined and split select_multiple columns.
EXPORT = """start;country;S03/S03_encryption;S03/S03_data_volume;S08;S08/osint;S08/cyber_patrols;S08/dnk;S09;staff;comments;phone_owner;_id;_uuid;_index
2025-06-02;ALB;5;dnk;osint;1;0;0;yes;12;call me;yes;1;u-1;1
2025-06-03;MDA;4;pnta;;0;0;0;no;x;;no;2;u-2;2
2025-06-04;GBR;9;3;osint cyber_patrols;1;1;0;;4;;;3;u-3;3
2025-06-05;GBR;2;;dnk;0;0;1;yes;;;;4;u-4;4
"""
ROLES = """question,item,role,domain,code,audience
*,,respondent_type,,state,
country,,country,,,
S03,encryption,severity,investigation,encryption,
S03,data_volume,severity,investigation,data_volume,
S08,osint,strategy,,osint,
S08,cyber_patrols,strategy,,cyber_patrols,
"""


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def kobo_wave(folder: Path, *, export: str = EXPORT, roles: str | None = ROLES, year: int = 2025) -> Path:
    """A wave folder in KoboToolbox's layout: XLSForm, CSV export, roles and wave files."""
    folder.mkdir(parents=True, exist_ok=True)
    write_xlsx(folder / "form.xlsx", {"survey": SURVEY, "choices": CHOICES})
    (folder / "export.csv").write_text(export, encoding="utf-8")
    if roles is not None:
        (folder / "roles.csv").write_text(roles, encoding="utf-8")
    (folder / "wave.csv").write_text(WAVE.format(wave=folder.name, year=year), encoding="utf-8")
    return folder


def kobo_repeat_export(path: Path) -> Path:
    """The same answers as an XLSX export with labels as headers and a repeat sheet."""
    main = [
        [
            "Country",
            "How severe is each challenge?/Data encryption",
            "Which strategies do you use?",
            "Do you apply age-sensitive protocols?",
            "_uuid",
            "_index",
        ],
        ["Albania", "5", "OSINT", "Yes", "u-1", 1],
        ["United Kingdom", "Don't know", "", "Non", "u-2", 2],
    ]
    cases = [
        ["cases.online", "_index", "_parent_index", "_submission__uuid"],
        ["yes", 1, 1, "u-1"],
        ["no", 2, 1, "u-1"],
        ["maybe", 3, 2, "u-2"],
        ["yes", 4, 9, "u-9"],
    ]
    return write_xlsx(path, {"main": main, "cases": cases})


LIME_TSV = (
    "\n".join(
        "\t".join(row)
        for row in [
            ["class", "type/scale", "name", "relevance", "text", "help", "language"],
            ["S", "", "sid", "", "1", "", ""],
            ["SL", "", "surveyls_title", "", "Test", "", "en"],
            ["G", "", "Main", "1", "", "", "en"],
            ["Q", "F", "SEV", "1", "<p>How severe?</p>", "", "en"],
            ["SQ", "0", "enc", "1", "Encryption", "", "en"],
            ["SQ", "0", "vol", "1", "Volume", "", "en"],
            ["A", "0", "1", "", "not a challenge", "", "en"],
            ["A", "0", "2", "", "", "", "en"],
            ["A", "0", "3", "", "very severe", "", "en"],
            ["A", "0", "9", "", "no answer/do not disclose", "", "en"],
            ["Q", "F", "SEV", "1", "Quelle gravité ?", "", "fr"],
            ["SQ", "0", "enc", "1", "Chiffrement", "", "fr"],
            ["SQ", "0", "vol", "1", "Volume", "", "fr"],
            ["Q", "M", "TECH", "1", "Which technologies?", "", "en"],
            ["SQ", "0", "sm", "1", "Social media", "", "en"],
            ["SQ", "0", "dw", "1", "Dark web", "", "en"],
            ["Q", "T", "NOTE", "1", "Comments", "", "en"],
        ]
    )
    + "\n"
)
LIME_CSV = """id,submitdate,lastpage,startlanguage,SEV[enc],SEV[vol],TECH[sm],TECH[dw],TECH[other],NOTE,interviewtime
1,2024-01-01,3,en,3,9,Y,,,free,12.1
2,2024-01-02,3,en,2,,,,,,10.0
3,2024-01-03,3,fr,7,1,Y,Y,phone,,9.5
"""

LSS_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions><rows><row><title>&lol2;</title></row></rows>
</questions></document>
"""

EUSURVEY = [
    ["Alias", "test-survey"],
    ["Export Date", 45582.5],
    [],
    [
        "Your role (P3)",
        "Which tools do you use? (P4)",
        "How confident are you? (ID9)",
        "Your organisation (P6)",
        "Creation date",
    ],
    ["manager(P3_1)", "Git(ID1); CI(ID2)", "8/10", "Some institute", 45570.2],
    ["developer(P3_2)", "Git(ID1)", "6/10", "Another (CERN)", 45571.2],
    ["manager(P3_1)", "", "11/10", "", 45572.2],
]

QSF = {
    "SurveyEntry": {"SurveyName": "Test", "SurveyLanguage": "EN"},
    "SurveyElements": [
        {
            "Element": "SQ",
            "Payload": {
                "QuestionID": "QID1",
                "DataExportTag": "Q1",
                "QuestionType": "MC",
                "Selector": "SAVR",
                "QuestionText": "Favourite?",
                "Choices": {"1": {"Display": "Kiwi"}, "2": {"Display": "Fig"}},
                "RecodeValues": {"1": "1", "2": "2"},
            },
        },
        {
            "Element": "SQ",
            "Payload": {
                "QuestionID": "QID2",
                "DataExportTag": "Q2",
                "QuestionType": "MC",
                "Selector": "MAVR",
                "QuestionText": "Which do you eat?",
                "Choices": {"1": {"Display": "Kiwi"}, "2": {"Display": "Fig"}},
            },
        },
        {
            "Element": "SQ",
            "Payload": {
                "QuestionID": "QID3",
                "DataExportTag": "Q3",
                "QuestionType": "Matrix",
                "Selector": "Likert",
                "SubSelector": "SingleAnswer",
                "QuestionText": "Rate each",
                "Choices": {"1": {"Display": "Kiwi"}, "2": {"Display": "Fig"}},
                "Answers": {"1": {"Display": "Low"}, "2": {"Display": "Mid"}, "3": {"Display": "High"}},
            },
        },
        {
            "Element": "SQ",
            "Payload": {
                "QuestionID": "QID4",
                "DataExportTag": "Q4",
                "QuestionType": "TE",
                "Selector": "SL",
                "QuestionText": "Why?",
            },
        },
    ],
}
QUALTRICS_NEW = """ResponseId,Q1,Q2_1,Q2_2,Q3_1,Q3_2,Q4
Response ID,Favourite?,Which do you eat? - Kiwi,Which do you eat? - Fig,Rate each - Kiwi,Rate each - Fig,Why?
"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_1""}","{""ImportId"":""QID2_2""}","{""ImportId"":""QID3_1""}","{""ImportId"":""QID3_2""}","{""ImportId"":""QID4_TEXT""}"
R_1,1,1,,3,2,tasty
R_2,2,,,,,
R_3,Fig,1,1,1,5,
"""
QUALTRICS_OLD = """V1,Q1,Q2_1,Q2_2,Q3_1,Q3_2,Q4
ResponseID,Favourite?,Which do you eat?-Kiwi,Which do you eat?-Fig,Rate each-Kiwi,Rate each-Fig,Why?
R_1,1,1,,3,2,tasty
"""


def qualtrics_files(folder: Path, export: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "survey.qsf").write_text(json.dumps(QSF), encoding="utf-8")
    (folder / "export.csv").write_text(export, encoding="utf-8")
    return folder / "survey.qsf", folder / "export.csv"
