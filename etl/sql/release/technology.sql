-- A case counts once for each technology it used at any stage. A case naming more than
-- a bound of technologies counts for the first ones in code order only: the bound
-- on what one case adds is what the noise is scaled to. Each distinct list is split once.
with kept as (
    select tech_list,
        unnest(list_sort(list_distinct(list_transform(flatten([
            coalesce(string_split(recruitment_tech, '|'), []),
            coalesce(string_split(advertising_tech, '|'), []),
            coalesce(string_split(coordination_tech, '|'), []),
            coalesce(string_split(control_tech, '|'), []),
            coalesce(string_split(post_exit_tech, '|'), [])
        ]), lambda t: trim(t))))[1:$max_contributions]) as c1
    from tech_lists
)
select l.source, g.year, release_country(g.country_iso3) as country_iso3, k.c1,
    sum(g.n)::bigint as value,
    coalesce(bit_xor(g.print), 0) as fingerprint
from tech_groups g
join release_loads l on l.load_id = g._load_id
join kept k using (tech_list)
where k.c1 <> ''
group by all
