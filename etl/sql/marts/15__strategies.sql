create or replace table marts.strategies as
select a.wave_id, r.country_iso3, a.code as strategy, bool_or(a.value_num = 1) as in_use
from staging.answers a
join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
where a.measure = 'strategy' and r.respondent_type = 'state' and a.value_num is not null
group by all
order by all
