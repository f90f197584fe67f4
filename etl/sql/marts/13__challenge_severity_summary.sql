-- Mean over the States that gave a rating. "Don't know", "prefer not to answer", "not
-- applicable" and blank answers are left out of the mean and each counted apart.
create or replace table marts.challenge_severity_summary as
with items as (
    select distinct wave_id, domain, code as challenge
    from staging.codebook
    where measure = 'severity' and list_contains(string_split(respondent_type, '|'), 'state')
),
states as (
    select wave_id, count(*) as n_states
    from staging.respondents where respondent_type = 'state' and parent_id is null
    group by wave_id
),
given as (
    select a.wave_id, a.domain, a.code as challenge,
        count(*) filter (where a.is_dont_know) as n_dont_know,
        count(*) filter (where a.is_prefer_not) as n_prefer_not,
        count(*) filter (where a.is_not_applicable) as n_not_applicable,
        count(distinct a.respondent_id) as n_answered
    from staging.answers a
    join staging.respondents r on r.wave_id = a.wave_id and r.respondent_id = a.respondent_id
    where a.measure = 'severity' and r.respondent_type = 'state' and r.parent_id is null
    group by all
),
scores as (
    select wave_id, domain, challenge, avg(score) as mean_score, stddev_samp(score) as sd_score,
        count(*) as n_countries
    from marts.challenge_severity
    group by all
)
select i.wave_id, i.domain, i.challenge, s.mean_score, s.sd_score,
    coalesce(s.n_countries, 0) as n_countries, coalesce(g.n_dont_know, 0) as n_dont_know,
    p.published_score, p.qualifier as published_qualifier, p.published_text,
    coalesce(g.n_prefer_not, 0) as n_prefer_not,
    coalesce(g.n_not_applicable, 0) as n_not_applicable,
    coalesce(st.n_states, 0) - coalesce(g.n_answered, 0) as n_blank
from items i
left join scores s using (wave_id, domain, challenge)
left join given g using (wave_id, domain, challenge)
left join states st using (wave_id)
left join staging.waves w using (wave_id)
-- a published figure stands beside the wave of the study's own fieldwork only
left join ref.published_figures p
    on p.domain = i.domain and p.challenge = i.challenge and p.fieldwork_year = w.year
order by i.wave_id, i.domain, s.mean_score desc nulls last
