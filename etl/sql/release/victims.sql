select source, year, country_iso3, exploitation_type as c1,
    sum(victims_total)::bigint as value,
    coalesce(bit_xor(hash(case_id, victims_total)), 0) as fingerprint
from release_input
group by all
