-- Sources whose publisher protected them already (CTDC's k-anonymised and differentially
-- private synthetic datasets): their counts as they came, with that protection named.
create or replace temp view publisher_input as
select c.*, p.protection
from staging.cases c
join meta.loads l on l.load_id = c._load_id
join publisher_protection p on p.importer = l.importer;

insert into marts.case_counts by name
select source, year, country_iso3, exploitation_type,
    -- a source that counts victims, not cases, has no case count to give
    case when sum(cases) > 0 then sum(cases) end::bigint as cases,
    sum(victims_total)::bigint as victims,
    case when sum(cases) > 0
        then coalesce(sum(cases) filter (where recruitment_tech is not null), 0) end::bigint
        as cases_online_recruitment,
    bool_or(is_synthetic) as is_synthetic
from publisher_input
group by source, year, country_iso3, exploitation_type;

insert into marts.victim_counts by name
with parts as (
    select source, year, country_iso3, is_synthetic,
        unnest([
            {'breakdown': 'sex', 'category': 'female', 'victims': victims_female},
            {'breakdown': 'sex', 'category': 'male', 'victims': victims_male},
            {'breakdown': 'age', 'category': 'minor', 'victims': victims_minor},
            {'breakdown': 'age', 'category': 'adult', 'victims': victims_adult}
        ], recursive := true)
    from publisher_input
)
select source, year, country_iso3, breakdown, category, sum(victims)::bigint as victims,
    bool_or(is_synthetic) as is_synthetic
from parts
where victims is not null
group by source, year, country_iso3, breakdown, category;

create or replace temp view publisher_info as
select source, bool_or(is_synthetic) as is_synthetic, 'publisher' as protection,
    any_value(protection) as method, null::varchar as privacy_unit,
    min(year)::integer as first_year, max(year)::integer as last_year
from publisher_input
group by source;
