-- Cases per year and technology at one stage, all countries together (the only level this
-- table is published at).
select year, technology as category, sum(cases)::double as value
from wh.marts.stage_technology_counts
where source = $source and stage = $stage and year between $first and $last
group by all
order by all
