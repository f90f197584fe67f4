-- Victims by age: the records with a victim in the category.
with parts as (
    select l.source, g.year, release_country(g.country_iso3) as country_iso3,
        unnest([
            {'c1': 'minor', 'value': g.minor, 'print': g.minor_print},
            {'c1': 'adult', 'value': g.adult, 'print': g.adult_print}
        ], recursive := true)
    from case_groups g
    join release_loads l on l.load_id = g._load_id
)
select source, year, country_iso3, c1, sum(value)::bigint as value,
    coalesce(bit_xor(print), 0) as fingerprint
from parts
where value is not null
group by all
