-- A case counts once for each stage at which it used any technology.
with kept as (
    select tech_list,
        unnest([
            case when recruitment_tech is not null then 'recruitment' end,
            case when advertising_tech is not null then 'advertising' end,
            case when coordination_tech is not null then 'coordination' end,
            case when control_tech is not null then 'control' end,
            case when post_exit_tech is not null then 'post_exit' end
        ][1:$max_contributions]) as c1
    from tech_lists
)
select l.source, g.year, release_country(g.country_iso3) as country_iso3, k.c1,
    sum(g.n)::bigint as value,
    coalesce(bit_xor(g.print), 0) as fingerprint
from tech_groups g
join release_loads l on l.load_id = g._load_id
join kept k using (tech_list)
where k.c1 is not null
group by all
