create or replace table marts.series as
select country_iso3, year, indicator, sex, age_group, exploitation_type, citizenship,
    value, status, source, vintage, is_synthetic
from staging.series
order by all
