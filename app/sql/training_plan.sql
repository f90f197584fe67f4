-- The largest gaps first: what a trainer would plan for.
select country_iso3, audience, area, provision, need, gap_score
from wh.marts.training_gap
where wave_id = $wave and gap_score is not null
  and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3))
  and ($audience::varchar is null or audience = $audience)
order by gap_score desc, country_iso3, audience, area
limit $limit
