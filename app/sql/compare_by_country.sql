-- A mean per category for each chosen country, and for all States as '_all'.
select {category}, country_iso3, avg({value}) as {mean_name}
from wh.marts.{relation}
where wave_id = $wave and list_contains($countries::varchar[], country_iso3)
group by {category}, country_iso3
union all
select {category}, '_all', avg({value})
from wh.marts.{relation}
where wave_id = $wave
group by {category}
order by 1, 2
