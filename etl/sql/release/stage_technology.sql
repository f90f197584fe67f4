-- A case counts once for each technology it used at each stage, for at most
-- a bounded number of such pairs (in stage order, then code order).
with pairs as (
    select source, year, country_iso3, case_id,
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
    from release_input
    where cases > 0
),
kept as (
    select source, year, country_iso3, case_id, unnest(used, recursive := true)
    from pairs
)
select source, year, country_iso3, stage as c1, technology as c2, count(*)::bigint as value,
    coalesce(bit_xor(hash(case_id)), 0) as fingerprint
from kept
where technology <> ''
group by all
