create or replace table marts.countries as
select iso3, iso2, name, coe_member, convention_party, responded_2021
from ref.countries
order by iso3
