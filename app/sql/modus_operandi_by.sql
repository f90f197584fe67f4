-- Cases per year and modus operandi, all countries together.
select year, modus_operandi as category, sum(cases)::double as value
from wh.marts.modus_operandi_counts
where source = $source and year between $first and $last
group by all
order by all
