-- Yes or no per chosen country and strategy, with the share of all States using it.
with everyone as (
    select strategy, avg(case when in_use then 100.0 else 0 end) as pct_all_states
    from wh.marts.strategies where wave_id = $wave group by strategy
)
select s.strategy, s.country_iso3, s.in_use, e.pct_all_states
from wh.marts.strategies s
join everyone e using (strategy)
where s.wave_id = $wave and list_contains($countries::varchar[], s.country_iso3)
order by s.strategy, s.country_iso3
