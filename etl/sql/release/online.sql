-- A case was recruited online when it names a technology at the recruitment stage.
select source, year, country_iso3, exploitation_type as c1,
    sum(cases)::bigint as value,
    coalesce(bit_xor(hash(case_id, cases)), 0) as fingerprint
from release_input
where recruitment_tech is not null
group by all
