-- One categorical indicator (a tier, a rating) from one source per country and year,
-- latest vintage, with each category's label and rank on the indicator's scale.
select country_iso3, year, category, category_label, category_rank, status, source, vintage,
    is_synthetic
from wh.marts.series_categorical
where indicator = $indicator and source = $source
  and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3))
qualify vintage = max(vintage) over (partition by country_iso3, year)
order by country_iso3, year
