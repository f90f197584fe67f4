create or replace view exact.mo_tags as
with per_list as (
    select source, country_iso3, year, exploitation_type, modus_operandi as tags,
        sum(cases) as cases, sum(victims_total) as victims, bool_or(is_synthetic) as is_synthetic
    from staging.cases
    where modus_operandi is not null
    group by all
),
tagged as (
    select *, unnest(list_distinct(list_transform(string_split(tags, '|'), lambda t: trim(t)))) as modus_operandi
    from per_list
)
select source, country_iso3, year, exploitation_type, modus_operandi,
    sum(cases) as cases, sum(victims) as victims, bool_or(is_synthetic) as is_synthetic
from tagged
group by source, country_iso3, year, exploitation_type, modus_operandi
order by all
