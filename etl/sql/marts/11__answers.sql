create or replace table marts.answers as
select a.wave_id, a.respondent_id, r.respondent_type, r.country_iso3, a.question_id, a.item,
    a.measure, a.value_num, a.value_code
from staging.answers a
join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
order by all
