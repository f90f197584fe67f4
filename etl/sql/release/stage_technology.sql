-- A case counts once for each technology it used at each stage, for at most
-- a bounded number of such pairs (in stage order, then code order).
with pairs as (
    select tech_list,
        flatten([
            list_transform(list_sort(list_distinct(list_transform(
                coalesce(string_split(recruitment_tech, '|'), []), lambda t: trim(t)))),
                lambda t: {'stage': 'recruitment', 'technology': t}),
            list_transform(list_sort(list_distinct(list_transform(
                coalesce(string_split(advertising_tech, '|'), []), lambda t: trim(t)))),
                lambda t: {'stage': 'advertising', 'technology': t}),
            list_transform(list_sort(list_distinct(list_transform(
                coalesce(string_split(coordination_tech, '|'), []), lambda t: trim(t)))),
                lambda t: {'stage': 'coordination', 'technology': t}),
            list_transform(list_sort(list_distinct(list_transform(
                coalesce(string_split(control_tech, '|'), []), lambda t: trim(t)))),
                lambda t: {'stage': 'control', 'technology': t}),
            list_transform(list_sort(list_distinct(list_transform(
                coalesce(string_split(post_exit_tech, '|'), []), lambda t: trim(t)))),
                lambda t: {'stage': 'post_exit', 'technology': t})
        ])[1:$max_contributions] as used
    from tech_lists
),
kept as (
    select tech_list, unnest(used, recursive := true) from pairs
)
select l.source, g.year, release_country(g.country_iso3) as country_iso3,
    k.stage as c1, k.technology as c2,
    sum(g.n)::bigint as value,
    coalesce(bit_xor(g.print), 0) as fingerprint
from tech_groups g
join release_loads l on l.load_id = g._load_id
join kept k using (tech_list)
where k.technology <> ''
group by all
