-- Cases per year, country and exploitation type; the fingerprint changes when any case of
-- the cell does, so that a rebuild keeps the noise of unchanged cells.
select source, year, country_iso3, exploitation_type as c1,
    sum(cases)::bigint as value,
    coalesce(bit_xor(hash(case_id, cases)), 0) as fingerprint
from release_input
group by all
