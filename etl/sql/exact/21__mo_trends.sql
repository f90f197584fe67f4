-- A case counts once for each technology it used at a stage. Cases are first summed per
-- distinct technology list, so that only those few lists are split, not every case.
create or replace view exact.mo_trends as
with cases as (
    select * from staging.cases
),
per_stage as (
    select source, country_iso3, year, exploitation_type, 'recruitment' as stage, recruitment_tech as techs,
        sum(cases) as cases, sum(victims_total) as victims, bool_or(is_synthetic) as is_synthetic
    from cases where recruitment_tech is not null group by all
    union all
    select source, country_iso3, year, exploitation_type, 'advertising', advertising_tech,
        sum(cases), sum(victims_total), bool_or(is_synthetic)
    from cases where advertising_tech is not null group by all
    union all
    select source, country_iso3, year, exploitation_type, 'coordination', coordination_tech,
        sum(cases), sum(victims_total), bool_or(is_synthetic)
    from cases where coordination_tech is not null group by all
    union all
    select source, country_iso3, year, exploitation_type, 'control', control_tech,
        sum(cases), sum(victims_total), bool_or(is_synthetic)
    from cases where control_tech is not null group by all
    union all
    select source, country_iso3, year, exploitation_type, 'post_exit', post_exit_tech,
        sum(cases), sum(victims_total), bool_or(is_synthetic)
    from cases where post_exit_tech is not null group by all
),
used as (
    select *, unnest(list_distinct(list_transform(string_split(techs, '|'), lambda t: trim(t)))) as technology
    from per_stage
)
select source, country_iso3, year, exploitation_type, stage, technology,
    sum(cases) as cases, sum(victims) as victims, bool_or(is_synthetic) as is_synthetic
from used
group by source, country_iso3, year, exploitation_type, stage, technology
order by all
