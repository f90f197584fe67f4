create or replace table marts.waves as
with respondents as (
    select
        wave_id,
        count(*) filter (where respondent_type = 'state') as n_states,
        count(*) filter (where respondent_type = 'ngo') as n_ngos,
        count(*) filter (where respondent_type = 'company') as n_companies
    from staging.respondents
    where parent_id is null
    group by wave_id
)
select w.wave_id, w.year, w.label, w.is_synthetic, w.fieldwork, w.source,
    coalesce(r.n_states, 0) as n_states, coalesce(r.n_ngos, 0) as n_ngos,
    coalesce(r.n_companies, 0) as n_companies
from staging.waves w
left join respondents r using (wave_id)
order by w.year, w.wave_id
