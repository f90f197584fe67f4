-- Numeric indicators only: categorical ones (a tier, a rating) are in series_categorical.
create or replace table marts.series as
select country_iso3, year, indicator, sex, age_group, exploitation_type, citizenship,
    value, status, source, vintage, is_synthetic
from staging.series
where indicator not in (select code from ref.codes where vocabulary = 'categorical_indicator')
order by all
