-- The case records the release protects: steward-loaded sources only (a publisher that
-- protected its own release, such as CTDC, is published as it came). Countries outside the
-- published domain (Council of Europe members and Convention Parties) count as '_other',
-- so that the grid of published cells never depends on where cases happened to be recorded.
create or replace temp view release_input as
select
    c.case_id,
    c.source,
    c.year,
    case when d.iso3 is null then '_other' else c.country_iso3 end as country_iso3,
    c.exploitation_type,
    c.recruitment_tech,
    c.advertising_tech,
    c.coordination_tech,
    c.control_tech,
    c.post_exit_tech,
    c.modus_operandi,
    c.victims_total,
    c.victims_female,
    c.victims_male,
    c.victims_minor,
    c.victims_adult,
    c.cases,
    c.is_synthetic
from staging.cases c
join meta.loads l on l.load_id = c._load_id
left join ref.countries d on d.iso3 = c.country_iso3 and (d.coe_member or d.convention_party)
where coalesce(l.importer, '') not in (select importer from publisher_protection)
