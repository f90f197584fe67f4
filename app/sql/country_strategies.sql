-- Strategies one State reported, with the share of all States using each.
select strategy,
       bool_or(in_use) filter (where country_iso3 = $country) as in_use,
       avg(case when in_use then 100.0 else 0 end) as pct_all_states
from wh.marts.strategies
where wave_id = $wave
group by strategy
order by strategy
