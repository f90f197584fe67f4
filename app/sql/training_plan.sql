-- The largest gaps first: what a trainer would plan for. Equal gaps are ordered by how many
-- States share a gap of at least 50 in the same audience and area (a course that serves
-- many), then by need (highest first), then by provision (lowest first).
with shared as (
    select audience, area, count(*) filter (where gap_score >= 50) as n_large
    from wh.marts.training_gap
    where wave_id = $wave
    group by audience, area
)
select g.country_iso3, g.audience, g.area, g.provision, g.need, g.gap_score, s.n_large
from wh.marts.training_gap g
join shared s using (audience, area)
where g.wave_id = $wave and g.gap_score is not null
  and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], g.country_iso3))
  and ($audience::varchar is null or g.audience = $audience)
order by g.gap_score desc, s.n_large desc, g.need desc, g.provision asc, g.country_iso3, g.audience, g.area
limit $limit
