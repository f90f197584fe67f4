-- tech_groups: records per load, year, country and technology list (keyed as in
-- 01__tech_lists.sql).
create or replace temp table tech_groups as
select _load_id, year, country_iso3,
    hash(recruitment_tech, advertising_tech, coordination_tech, control_tech, post_exit_tech, $salt)
        as tech_list,
    count(*) as n,
    bit_xor(hash(case_id)) as print
from release_records
where cases > 0
group by all
