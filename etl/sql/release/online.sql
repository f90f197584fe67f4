-- A case was recruited online when it names a technology at the recruitment stage.
select l.source, g.year, release_country(g.country_iso3) as country_iso3, g.exploitation_type as c1,
    sum(g.online)::bigint as value,
    coalesce(bit_xor(g.online_print), 0) as fingerprint
from case_groups g
join release_loads l on l.load_id = g._load_id
where g.online is not null
group by all
