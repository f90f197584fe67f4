-- Mean over the States that gave a rating; "don't know" and blank answers are left out
-- of the mean and counted apart.
create or replace table marts.challenge_severity_summary as
with items as (
    select distinct wave_id, domain, code as challenge
    from staging.codebook where measure = 'severity' and respondent_type = 'state'
),
dont_know as (
    select a.wave_id, a.domain, a.code as challenge, count(*) as n_dont_know
    from staging.answers a
    join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
    where a.measure = 'severity' and r.respondent_type = 'state' and a.is_dont_know
    group by all
),
scores as (
    select wave_id, domain, challenge, avg(score) as mean_score, stddev_samp(score) as sd_score,
        count(*) as n_countries
    from marts.challenge_severity
    group by all
)
select i.wave_id, i.domain, i.challenge, s.mean_score, s.sd_score,
    coalesce(s.n_countries, 0) as n_countries, coalesce(d.n_dont_know, 0) as n_dont_know,
    p.published_score, p.qualifier as published_qualifier, p.published_text
from items i
left join scores s using (wave_id, domain, challenge)
left join dont_know d using (wave_id, domain, challenge)
left join ref.published_figures p on p.domain = i.domain and p.challenge = i.challenge
order by i.wave_id, i.domain, s.mean_score desc nulls last
