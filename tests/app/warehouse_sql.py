"""A tiny public warehouse written from SQL, with exactly the documented public columns.

Its case counts stand for a protected release (the ETL's is tested in tests/etl and
tests/privacy): generated with ``hash`` so that they are deterministic and include small
values (1..4) that the app must show as ``<5``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.schema import SCHEMA_VERSION

REFERENCE = Path(__file__).resolve().parents[2] / "etl" / "reference"

COUNTRIES = ("ALB", "AUT", "FRA", "MDA", "ROU")
WAVES = ("2021", "2025")
SYNTHETIC_WAVE = "2021"

SQL = """
create schema marts;
create schema meta;

create table marts.countries as select * from (values
    ('ALB', 'AL', 'Albania', true, true, true),
    ('AUT', 'AT', 'Austria', true, true, true),
    ('FRA', 'FR', 'France', true, true, false),
    ('MDA', 'MD', 'Republic of Moldova', true, true, true),
    ('ROU', 'RO', 'Romania', true, true, true)
) t(iso3, iso2, name, coe_member, convention_party, responded_2021);

create table marts.waves as select * from (values
    ('2021', 2021, 'Questionnaire 2021 (demo)', true, 'June-July 2021', 'Demo round', 5, 2, 1),
    ('2025', 2025, 'Questionnaire 2025', false, 'May 2025', 'Second round', 5, 0, 0)
) t(wave_id, year, label, is_synthetic, fieldwork, source, n_states, n_ngos, n_companies);

create table marts.published_figures as
select domain, challenge, published_score::double as published_score, qualifier,
       published_text, source, section, fieldwork_year::integer as fieldwork_year
from read_csv('{ref}/published_figures.csv', all_varchar = true);

-- Romania did not answer the 2025 wave: pages must name it, not drop it silently
create table marts.challenge_severity as
with challenges(domain, challenge) as (values
    ('investigation', 'encryption'), ('investigation', 'data_volume'),
    ('investigation', 'tech_change'), ('prosecution', 'foreign_evidence'),
    ('prosecution', 'jurisdiction'))
select w.wave_id, c.iso3 as country_iso3, ch.domain, ch.challenge,
       (hash(w.wave_id || c.iso3 || ch.challenge) % 101)::double as score
from marts.waves w, marts.countries c, challenges ch
where not (w.wave_id = '2025' and c.iso3 = 'ROU');

create table marts.challenge_severity_summary as
select s.wave_id, s.domain, s.challenge, avg(s.score) as mean_score,
       stddev_samp(s.score) as sd_score, count(*) as n_countries, 0 as n_dont_know,
       any_value(p.published_score) as published_score,
       any_value(p.qualifier) as published_qualifier,
       any_value(p.published_text) as published_text,
       0 as n_prefer_not, 0 as n_not_applicable, 0 as n_blank
from marts.challenge_severity s
join marts.waves w using (wave_id)
left join marts.published_figures p
    on p.domain = s.domain and p.challenge = s.challenge and p.fieldwork_year = w.year
group by s.wave_id, s.domain, s.challenge;

-- tech_change was asked in 2025 only; everything else the same way in both waves
create table marts.questionnaire_diff as
select '2021' as from_wave, '2025' as to_wave, 'S1' as from_question_id, challenge as from_item,
       'S1' as to_question_id, challenge as to_item, 'state' as respondent_type,
       'severity' as measure, domain, challenge as code, null::varchar as audience,
       case when challenge = 'tech_change' then 'added' else 'unchanged' end as status,
       null::varchar as changes,
       challenge <> 'tech_change' as comparable,
       case when challenge = 'tech_change' then 'asked in 2025 only' end as reason,
       'How severe?' as from_text, 'How severe?' as to_text
from (select distinct domain, challenge from marts.challenge_severity);

create table marts.population as
select iso3 as country_iso3, range::integer as year, (1000000 * (1 + hash(iso3) % 9))::double as population,
       'Test population' as source
from marts.countries, range(2010, 2025);

create table marts.training_gap as
with a(audience) as (values ('police_all'), ('prosecutors'), ('judges')),
     r(area) as (values ('osint'), ('device_examination'), ('online_victim_id')),
     base as (
        select w.wave_id, c.iso3 as country_iso3, a.audience, r.area,
               (hash(w.wave_id || c.iso3 || a.audience || r.area) % 101)::double as provision,
               (hash(c.iso3 || r.area || a.audience || w.wave_id) % 101)::double as need
        from marts.waves w, marts.countries c, a, r)
select *, greatest(need - provision, 0) as gap_score from base
where not (wave_id = '2025' and country_iso3 = 'ROU');

create table marts.strategies as
with s(strategy) as (values ('osint'), ('cyber_patrols'), ('web_scraping'), ('helplines_chat'))
select w.wave_id, c.iso3 as country_iso3, s.strategy,
       hash(w.wave_id || c.iso3 || s.strategy) % 2 = 0 as in_use
from marts.waves w, marts.countries c, s
where not (w.wave_id = '2025' and c.iso3 = 'ROU');

create table marts.answers as
select wave_id, 'S-' || country_iso3 as respondent_id, 'state' as respondent_type,
       country_iso3, 'S10' as question_id, challenge as item, 'severity' as measure,
       score as value_num, null::varchar as value_code
from marts.challenge_severity;

-- The protected release, as the ETL writes it: dense grids of published (protected) counts.
create table marts.case_counts as
with ex(exploitation_type) as (values ('sexual'), ('labour')),
     years as (select range::integer as year from range(2015, 2023)),
     places as (select iso3 from marts.countries union all select '_other'),
     base as (
        select p.iso3 as country_iso3, y.year, ex.exploitation_type,
               (hash(p.iso3 || y.year || ex.exploitation_type) % 12)::bigint as n
        from places p, years y, ex)
select 'Demo case records' as source, year, country_iso3, exploitation_type,
       n as cases, (2 * n + 1)::bigint as victims, (n // 2)::bigint as cases_online_recruitment,
       true as is_synthetic
from base;

create table marts.victim_counts as
select source, year, country_iso3, 'sex' as breakdown, unnest(['female', 'male']) as category,
       unnest([sum(victims) // 2, sum(victims) - sum(victims) // 2])::bigint as victims,
       true as is_synthetic
from marts.case_counts group by source, year, country_iso3
union all
select source, year, country_iso3, 'age', unnest(['minor', 'adult']),
       unnest([sum(victims) // 3, sum(victims) - sum(victims) // 3])::bigint, true
from marts.case_counts group by source, year, country_iso3;

create table marts.technology_counts as
with tech(technology) as (values ('social_media'), ('job_ads'), ('dark_web'))
select c.source, c.year, c.country_iso3, tech.technology,
       (hash(c.country_iso3 || c.year || tech.technology) % 12)::bigint as cases, true as is_synthetic
from (select distinct source, year, country_iso3 from marts.case_counts) c, tech;

create table marts.stage_counts as
with st(stage) as (values ('recruitment'), ('control'))
select c.source, c.year, c.country_iso3, st.stage,
       (hash(c.country_iso3 || c.year || st.stage) % 12)::bigint as cases, true as is_synthetic
from (select distinct source, year, country_iso3 from marts.case_counts) c, st;

create table marts.stage_technology_counts as
select t.source, t.year, s.stage, t.technology,
       (sum(t.cases) // 2 + hash(s.stage) % 3)::bigint as cases, true as is_synthetic
from marts.technology_counts t, (values ('recruitment'), ('control')) s(stage)
group by t.source, t.year, s.stage, t.technology;

create table marts.modus_operandi_counts as
select source, year, 'lover_boy' as modus_operandi, sum(cases)::bigint as cases, true as is_synthetic
from marts.case_counts group by source, year;

create table marts.release_info as select * from (values
    ('Demo case records', true, 'differential privacy', 'differential privacy: test', 'a victim recorded in a case',
     1.5, 10.0, 1e-6, 1.73, 0.61, 1, 2015, 2022)
) t(source, is_synthetic, protection, method, privacy_unit, rho, epsilon, delta, gdp_mu,
    exact_recovery_bound, max_draws, first_year, last_year);

create table marts.release_plan as select * from (values
    ('cases', 'case_counts', 'cases', 'exploitation_type', 'by country', 1.5, 1, 0.22, 'Cases')
) t(family, relation, measure, categories, level, sigma, max_contributions, rho, description);

create table marts.series as
with years as (select range::integer as year from range(2016, 2022))
select c.iso3 as country_iso3, y.year, 'detected_victims' as indicator, 'total' as sex,
       'total' as age_group, 'total' as exploitation_type, 'total' as citizenship,
       (hash(c.iso3 || y.year) % 40)::double as value, 'reported' as status,
       'UNODC GLOTIP' as source, date '2024-01-31' as vintage, false as is_synthetic
from marts.countries c, years y;

create table marts.series_categorical as select * from (values
    ('AUT', 2022, 'tip_tier', 'tier_1', 'Tier 1', 1, 'reported', 'TIP report', date '2022-07-19', false),
    ('AUT', 2022, 'tip_tier', 'tier_2', 'Tier 2', 2, 'reported', 'TIP report', date '2021-06-24', false),
    ('AUT', 2023, 'tip_tier', 'tier_1', 'Tier 1', 1, 'reported', 'TIP report', date '2023-06-15', false),
    ('MDA', 2023, 'tip_tier', 'tier_2', 'Tier 2', 2, 'reported', 'TIP report', date '2023-06-15', false),
    ('ROU', 2023, 'tip_tier', null, null, null, 'not_available', 'TIP report', date '2023-06-15', false),
    ('ROU', 2023, 'tip_tier', 'tier_3', 'Tier 3', 4, 'reported', 'Demo ratings', date '2025-01-01', true)
) t(country_iso3, year, indicator, category, category_label, category_rank, status, source, vintage,
    is_synthetic);

create table marts.labels as
select vocabulary, code, 'en' as lang, label
from read_csv('{ref}/codes.csv', all_varchar = true)
union all
select vocabulary, code, 'fr' as lang, label
from read_csv('{ref}/labels_fr.csv', all_varchar = true);

create table marts.source_coverage as
select 'CTDC' as source_family, measure, ctdc_fills as fills, how
from read_csv('{ref}/importers/ctdc_coverage.csv', all_varchar = true);

create table marts.sources as select * from (values
    ('cases', 'Demo case records', null, true, 480, 2015, 2022),
    ('series', 'UNODC GLOTIP', '2024-01-31', false, 30, 2016, 2021)
) t(family, source, vintage, is_synthetic, rows, first_year, last_year);

create table meta.build_info as
select 'b-test' as build_id, {version} as schema_version, now() as built_at,
       'tests' as source_dir, true as is_synthetic;

create table meta.loads as select * from (values
    (1, 'cases', 'cases/demo.csv', null, 'ab12', null, null, null,
     timestamp '2025-01-01 10:00:00', timestamp '2025-01-01 10:00:01', 'loaded', null),
    (2, 'series', 'series/glotip.csv', null, 'cd34', 30, 30, 0,
     timestamp '2025-01-01 10:00:01', timestamp '2025-01-01 10:00:02', 'loaded', null)
) t(load_id, family, file, sheet, sha256, rows_read, rows_loaded, rows_rejected,
    started_at, finished_at, outcome, message);

create table meta.problems as select * from (values
    (1, 'cases/demo.csv', null, 7, 'year', '2099', 'a year from 1990 to 2026', 'error')
) t(load_id, file, sheet, "row", "column", value, expected, severity);
"""


def write_warehouse(path: Path, schema_version: int = SCHEMA_VERSION) -> Path:
    """Write the tiny warehouse to ``path`` and return it."""
    con = duckdb.connect(str(path))
    try:
        con.execute(SQL.format(ref=REFERENCE.as_posix(), version=int(schema_version)))
    finally:
        con.close()
    return path
