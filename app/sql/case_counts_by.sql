-- One measure of a count relation published by country, summed over the chosen countries
-- (all when none) and the chosen years, per year and per category.
select year, {category} as category, sum({measure})::double as value
from wh.marts.{relation}
where source = $source
  and year between $first and $last
  and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3))
group by all
order by all
