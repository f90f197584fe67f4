-- The case records the release protects, grouped once per build: a scan of millions of
-- records costs more than anything done with the groups afterwards. Counts add up and
-- fingerprints (bit_xor of a hash per record) xor up, so a cell's count and fingerprint are
-- the same whether taken over its records or over the groups that hold them.
--
-- Steward-loaded sources only: a publisher that protected its own release, such as CTDC, is
-- published as it came (publisher.sql).
create or replace temp table release_loads as
select load_id, source, is_synthetic from meta.loads
where coalesce(importer, '') not in (select importer from publisher_protection);

create or replace temp view release_records as
select * from staging.cases where _load_id in (select load_id from release_loads);

-- Countries outside the published domain (Council of Europe members and Convention Parties)
-- count as '_other', so that the grid of published cells never depends on where cases
-- happened to be recorded.
create or replace temp table release_countries as
select iso3 from ref.countries where coe_member or convention_party;

create or replace temp macro release_country(country) as
    case when country in (select iso3 from release_countries) then country else '_other' end;

-- case_groups: per load, year, country and exploitation type, every count and fingerprint
-- of the families that split no list (cases, victims, online, sex, age).
create or replace temp table case_groups as
select _load_id, year, country_iso3, exploitation_type,
    sum(cases) as cases,
    bit_xor(case_print) as cases_print,
    sum(victims_total) as victims,
    bit_xor(hash(case_id, victims_total)) as victims_print,
    sum(case when online then cases end) as online,
    bit_xor(case when online then case_print end) as online_print,
    sum(case when victims_female > 0 then victims_female end) as female,
    bit_xor(case when victims_female > 0 then hash(case_id, victims_female) end) as female_print,
    sum(case when victims_male > 0 then victims_male end) as male,
    bit_xor(case when victims_male > 0 then hash(case_id, victims_male) end) as male_print,
    sum(case when victims_minor > 0 then victims_minor end) as minor,
    bit_xor(case when victims_minor > 0 then hash(case_id, victims_minor) end) as minor_print,
    sum(case when victims_adult > 0 then victims_adult end) as adult,
    bit_xor(case when victims_adult > 0 then hash(case_id, victims_adult) end) as adult_print
from (
    select *, hash(case_id, cases) as case_print, recruitment_tech is not null as online
    from release_records
)
group by _load_id, year, country_iso3, exploitation_type;

-- tech_lists: each distinct combination of the five technology columns among the records a
-- case-counting family counts (cases > 0). Only these few thousand lists are ever split.
create or replace temp table tech_lists as
select distinct recruitment_tech, advertising_tech, coordination_tech, control_tech, post_exit_tech
from release_records
where cases > 0;

-- mo_groups: records per load, year, country and list of modus operandi tags.
create or replace temp table mo_groups as
select _load_id, year, country_iso3, modus_operandi, count(*) as n, bit_xor(hash(case_id)) as print
from release_records
where cases > 0 and modus_operandi is not null
group by all;
