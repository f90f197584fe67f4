create or replace table marts.mo_tags as
with tagged as (
    select source, country_iso3, year, exploitation_type, cases, victims_total, is_synthetic,
        unnest(list_distinct(list_transform(string_split(modus_operandi, '|'), lambda t: trim(t)))) as modus_operandi
    from staging.cases
    where modus_operandi is not null
)
select source, country_iso3, year, exploitation_type, modus_operandi,
    sum(cases) as cases, sum(victims_total) as victims, bool_or(is_synthetic) as is_synthetic
from tagged
group by all
order by all
