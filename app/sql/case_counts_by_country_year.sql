-- One measure per chosen country and year.
select year, country_iso3, sum({measure})::double as value
from wh.marts.case_counts
where source = $source and list_contains($countries::varchar[], country_iso3)
group by all
order by all
