-- A case counts once for each technology it used at a stage.
create or replace table marts.mo_trends as
with stages as (
    select source, country_iso3, year, exploitation_type, cases, victims_total, is_synthetic,
        unnest([
            {'stage': 'recruitment', 'techs': recruitment_tech},
            {'stage': 'advertising', 'techs': advertising_tech},
            {'stage': 'coordination', 'techs': coordination_tech},
            {'stage': 'control', 'techs': control_tech},
            {'stage': 'post_exit', 'techs': post_exit_tech}
        ]) as s
    from staging.cases
),
used as (
    select source, country_iso3, year, exploitation_type, cases, victims_total, is_synthetic,
        s.stage as stage,
        unnest(list_distinct(list_transform(string_split(s.techs, '|'), lambda t: trim(t)))) as technology
    from stages
    where s.techs is not null
)
select source, country_iso3, year, exploitation_type, stage, technology,
    sum(cases) as cases, sum(victims_total) as victims, bool_or(is_synthetic) as is_synthetic
from used
group by all
order by all
