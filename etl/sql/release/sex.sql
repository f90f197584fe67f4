select source, year, country_iso3, 'female' as c1,
    sum(victims_female)::bigint as value,
    coalesce(bit_xor(hash(case_id, victims_female)), 0) as fingerprint
from release_input where victims_female > 0
group by all
union all
select source, year, country_iso3, 'male',
    sum(victims_male)::bigint,
    coalesce(bit_xor(hash(case_id, victims_male)), 0)
from release_input where victims_male > 0
group by all
