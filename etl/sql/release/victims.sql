select l.source, g.year, release_country(g.country_iso3) as country_iso3, g.exploitation_type as c1,
    sum(g.victims)::bigint as value,
    coalesce(bit_xor(g.victims_print), 0) as fingerprint
from case_groups g
join release_loads l on l.load_id = g._load_id
group by all
