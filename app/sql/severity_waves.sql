-- Mean score of each challenge in two waves and the change between them.
select challenge,
       avg(mean_score) filter (where wave_id = $a) as score_a,
       avg(mean_score) filter (where wave_id = $b) as score_b,
       avg(mean_score) filter (where wave_id = $b)
         - avg(mean_score) filter (where wave_id = $a) as change
from wh.marts.challenge_severity_summary
where domain = $domain and wave_id in ($a, $b)
group by challenge
order by score_b desc nulls last, challenge
