-- One row per case record: countries resolved, defaults applied, provenance attached.
create or replace view staging.cases as
with source as (
    select * from raw.cases
),
loads as (
    select load_id, file, source, is_synthetic from meta.loads
),
final as (
    select
        s._load_id,
        s._row,
        s.case_id,
        m.iso3 as country_iso3,
        s.year::integer as year,
        s.exploitation_type,
        s.recruitment_tech,
        s.advertising_tech,
        s.coordination_tech,
        s.control_tech,
        s.post_exit_tech,
        s.modus_operandi,
        s.victims_total::bigint as victims_total,
        s.victims_female::bigint as victims_female,
        s.victims_male::bigint as victims_male,
        s.victims_minor::bigint as victims_minor,
        s.victims_adult::bigint as victims_adult,
        s.prosecution_outcome,
        coalesce(s.cases, 1)::bigint as cases,
        l.source,
        l.is_synthetic
    from source s
    join ref.country_map m on m.value = s.country
    join loads l on l.load_id = s._load_id
)
select * from final
