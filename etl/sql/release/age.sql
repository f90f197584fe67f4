select source, year, country_iso3, 'minor' as c1,
    sum(victims_minor)::bigint as value,
    coalesce(bit_xor(hash(case_id, victims_minor)), 0) as fingerprint
from release_input where victims_minor > 0
group by all
union all
select source, year, country_iso3, 'adult',
    sum(victims_adult)::bigint,
    coalesce(bit_xor(hash(case_id, victims_adult)), 0)
from release_input where victims_adult > 0
group by all
