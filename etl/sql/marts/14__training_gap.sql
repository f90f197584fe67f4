-- Provision and need of training per State, audience and area, each on 0-100; the gap is
-- the need that provision leaves uncovered: need * (100 - provision) / 100.
create or replace table marts.training_gap as
with scored as (
    select a.wave_id, r.country_iso3, a.audience, a.code as area, a.measure,
        100.0 * (a.value_num - a.scale_min) / (a.scale_max - a.scale_min) as score
    from staging.answers a
    join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
    where a.measure in ('training_provision', 'training_need') and r.respondent_type = 'state'
        and a.value_num is not null
),
pivoted as (
    select wave_id, country_iso3, audience, area,
        avg(score) filter (where measure = 'training_provision') as provision,
        avg(score) filter (where measure = 'training_need') as need
    from scored
    group by all
)
select *, need * (100 - provision) / 100 as gap_score
from pivoted
order by all
