"""A tiny valid source folder, written for each test; tests break one file at a time."""

from __future__ import annotations

import json
from pathlib import Path

WAVE = "wave_id,year,label,is_synthetic,fieldwork,source\nw1,2021,Test wave,true,June 2021,test\n"

CODEBOOK = """question_id,item,respondent_type,text,answer_type,scale_min,scale_max,dont_know,choices,measure,domain,code,audience,column
S1,encryption,state,Severity: encryption,rating,1,5,dk,,severity,investigation,encryption,,Q1_1
S1,data_volume,state,Severity: data volume,rating,1,5,dk,,severity,investigation,data_volume,,Q1_2
S2,police_all_osint,state,Training provided,rating,0,2,,,training_provision,,osint,police_all,Q2_1
S3,police_all_osint,state,Training needed,rating,1,5,,,training_need,,osint,police_all,Q3_1
S4,osint,state,Strategy: OSINT,yes_no,,,,,strategy,,osint,,Q4_1
S5,value,state,Trend,choice,,,,increasing|stable|decreasing,trend,,,,Q5
N1,value,ngo,Stages seen,choice,,,,recruitment|control,,,,,N1
"""

RESPONDENTS = """respondent_id,respondent_type,country,organisation
S-ALB,state,Albania,
S-MDA,state,Republic of Moldova,
S-GBR,state,UK,
N01,ngo,Serbia,NGO 01
"""

# wide layout, headers from the codebook's column field
RESPONSES_WIDE = """respondent_id,Q1_1,Q1_2,Q2_1,Q3_1,Q4_1,Q5,N1
S-ALB,5,4,0,5,yes,increasing,
S-MDA,4,dk,1,4,no,stable,
S-GBR,3,2,2,3,yes,increasing,
N01,,,,,,,recruitment|control
"""

CASES = """case_id,country,year,exploitation_type,recruitment_tech,advertising_tech,coordination_tech,control_tech,post_exit_tech,modus_operandi,victims_total,victims_female,victims_male,victims_minor,victims_adult,prosecution_outcome
C1,Albania,2019,sexual,social_media,adult_sites,encrypted_messaging,tracking_apps,,lover_boy|online_sale_sex,2,2,0,0,2,convicted
C2,ALB,2019,labour,job_ads|social_media,,,,,fake_job_offer,1,0,1,,1,
C3,MD,2020,sexual,,adult_sites,,,,online_sale_sex,3,3,0,1,2,pending
"""

SERIES = """country,year,indicator,sex,age_group,exploitation_type,citizenship,value,status,source,vintage
Albania,2019,detected_victims,total,total,total,total,92,reported,Test source,2023-05-30
Albania,2020,detected_victims,,,,,,suppressed,Test source,2023-05-30
Albania,2021,detected_victims,female,,,,0,reported,Test source,2023-05-30
MDA,2020,persons_convicted,,,,,,not_available,Test source,2023-05-30
"""


def write_source(root: Path, *, synthetic: bool = True, **overrides: str) -> Path:
    """Write the tiny source folder under ``root``; ``overrides`` replace files by key."""
    files = {
        "survey/w1/wave.csv": WAVE,
        "survey/w1/codebook.csv": CODEBOOK,
        "survey/w1/respondents.csv": RESPONDENTS,
        "survey/w1/responses.csv": RESPONSES_WIDE,
        "cases/cases.csv": CASES,
        "series/series.csv": SERIES,
    }
    for key, text in overrides.items():
        files[key.replace("__", "/")] = text
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            path.write_text(text, encoding="utf-8")
    (root / "manifest.json").write_text(
        json.dumps({"synthetic": synthetic, "source": "Test cases"}), encoding="utf-8"
    )
    return root
