-- Per challenge: one country's score against the mean, quartiles and range of all States.
select challenge,
       avg(score) filter (where country_iso3 = $country) as country_score,
       avg(score) as mean_score,
       min(score) as min_score,
       quantile_cont(score, 0.25) as p25_score,
       quantile_cont(score, 0.75) as p75_score,
       max(score) as max_score,
       count(score) as n_countries
from wh.marts.challenge_severity
where wave_id = $wave and domain = $domain
group by challenge
order by mean_score desc, challenge
