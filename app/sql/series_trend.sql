-- Totals of one indicator from one source per country and year, latest vintage.
select country_iso3, year, value::double as value, status, source, vintage, is_synthetic
from wh.marts.series
where indicator = $indicator and source = $source and sex = 'total' and age_group = 'total'
  and exploitation_type = 'total' and citizenship = 'total'
  and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3))
qualify vintage = max(vintage) over (partition by country_iso3, year)
order by country_iso3, year
