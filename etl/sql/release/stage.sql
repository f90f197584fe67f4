-- A case counts once for each stage at which it used any technology.
with staged as (
    select source, year, country_iso3, case_id,
        unnest([
            case when recruitment_tech is not null then 'recruitment' end,
            case when advertising_tech is not null then 'advertising' end,
            case when coordination_tech is not null then 'coordination' end,
            case when control_tech is not null then 'control' end,
            case when post_exit_tech is not null then 'post_exit' end
        ][1:$max_contributions]) as c1
    from release_input
    where cases > 0
)
select source, year, country_iso3, c1, count(*)::bigint as value,
    coalesce(bit_xor(hash(case_id)), 0) as fingerprint
from staged
where c1 is not null
group by all
