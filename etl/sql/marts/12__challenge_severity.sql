-- One State's severity rating of one challenge, mapped linearly from its scale to 0-100.
create or replace table marts.challenge_severity as
select
    a.wave_id,
    r.country_iso3,
    a.domain,
    a.code as challenge,
    avg(100.0 * (a.value_num - a.scale_min) / (a.scale_max - a.scale_min)) as score
from staging.answers a
join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
where a.measure = 'severity' and r.respondent_type = 'state' and a.value_num is not null
group by all
order by all
