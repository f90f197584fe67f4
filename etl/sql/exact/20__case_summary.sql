create or replace view exact.case_summary as
select
    source, country_iso3, year, exploitation_type,
    sum(cases) as cases,
    sum(victims_total) as victims,
    sum(victims_female) as victims_female,
    sum(victims_male) as victims_male,
    sum(victims_minor) as victims_minor,
    sum(victims_adult) as victims_adult,
    coalesce(sum(cases) filter (where recruitment_tech is not null), 0) as cases_online_recruitment,
    coalesce(sum(cases) filter (where prosecution_outcome = 'convicted'), 0) as cases_convicted,
    bool_or(is_synthetic) as is_synthetic
from staging.cases
group by source, country_iso3, year, exploitation_type
order by all
