-- A case counts once for each modus operandi it shows, for a bounded number of
-- them (in code order).
with tagged as (
    select source, year, country_iso3, case_id,
        unnest(list_sort(list_distinct(list_transform(
            string_split(modus_operandi, '|'), lambda t: trim(t))))[1:$max_contributions]) as c1
    from release_input
    where cases > 0 and modus_operandi is not null
)
select source, year, country_iso3, c1, count(*)::bigint as value,
    coalesce(bit_xor(hash(case_id)), 0) as fingerprint
from tagged
where c1 <> ''
group by all
