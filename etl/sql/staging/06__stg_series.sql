-- One row per series value (a number, or a category of a categorical indicator), breakdowns
-- defaulted to 'total'.
create or replace view staging.series as
with source as (
    select * from raw.series
),
loads as (
    select load_id, is_synthetic from meta.loads
),
final as (
    select
        s._load_id,
        s._row,
        m.iso3 as country_iso3,
        s.year::integer as year,
        s.indicator,
        coalesce(s.sex, 'total') as sex,
        coalesce(s.age_group, 'total') as age_group,
        coalesce(s.exploitation_type, 'total') as exploitation_type,
        coalesce(s.citizenship, 'total') as citizenship,
        s.value,
        s.category,
        s.status,
        s.source,
        s.vintage,
        l.is_synthetic
    from source s
    join ref.country_map m on m.value = s.country
    join loads l on l.load_id = s._load_id
)
select * from final
