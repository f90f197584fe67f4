-- Every audience x area over all States: mean gap, States with a large gap, States answering.
select audience, area,
       avg(gap_score) as mean_gap,
       count(*) filter (where gap_score >= $gap) as n_large,
       count(gap_score) as n_states
from wh.marts.training_gap
where wave_id = $wave
group by audience, area
order by n_large desc, mean_gap desc, audience, area
