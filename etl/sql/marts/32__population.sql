-- People per country and year (reference data), for rates per 100,000 inhabitants.
create or replace table marts.population as
select country_iso3, year, population, source
from ref.population
order by country_iso3, year
