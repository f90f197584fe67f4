-- A case counts once for each technology it used at any stage. A case naming more than
-- a bound of technologies counts for the first ones in code order only: the bound
-- on what one case adds is what the noise is scaled to.
with used as (
    select source, year, country_iso3, case_id,
        list_sort(list_distinct(list_transform(flatten([
            coalesce(string_split(recruitment_tech, '|'), []),
            coalesce(string_split(advertising_tech, '|'), []),
            coalesce(string_split(coordination_tech, '|'), []),
            coalesce(string_split(control_tech, '|'), []),
            coalesce(string_split(post_exit_tech, '|'), [])
        ]), lambda t: trim(t)))) as techs
    from release_input
    where cases > 0
),
kept as (
    select source, year, country_iso3, case_id,
        unnest(techs[1:$max_contributions]) as c1
    from used
)
select source, year, country_iso3, c1, count(*)::bigint as value,
    coalesce(bit_xor(hash(case_id)), 0) as fingerprint
from kept
where c1 <> ''
group by all
