-- A respondent with a parent_id is a repeat-group instance of that respondent (a survey
-- tool's repeat sheet): it answers like one, but is not counted as one more respondent.
create or replace view staging.respondents as
select
    l.wave_id,
    r._load_id,
    r.respondent_id,
    r.respondent_type,
    m.iso3 as country_iso3,
    r.organisation,
    r.parent_id
from raw.survey_respondents r
join meta.loads l on l.load_id = r._load_id
left join ref.country_map m on m.value = r.country
