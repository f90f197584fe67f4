-- A case counts once for each modus operandi it shows, for a bounded number of
-- them (in code order). Each distinct list of tags is split once.
with kept as (
    select modus_operandi,
        unnest(list_sort(list_distinct(list_transform(
            string_split(modus_operandi, '|'), lambda t: trim(t))))[1:$max_contributions]) as c1
    from (select distinct modus_operandi from mo_groups)
)
select l.source, g.year, release_country(g.country_iso3) as country_iso3, k.c1,
    sum(g.n)::bigint as value,
    coalesce(bit_xor(g.print), 0) as fingerprint
from mo_groups g
join release_loads l on l.load_id = g._load_id
join kept k using (modus_operandi)
where k.c1 <> ''
group by all
