-- One category per country, year and indicator of a categorical indicator (a tier, a rating),
-- with its English label and its rank on the indicator's scale (1 = the first category
-- codes.csv lists). A row whose source gave no category has status 'not_available' and
-- no category.
create or replace table marts.series_categorical as
with source as (
    select * from staging.series
    where indicator in (select code from ref.codes where vocabulary = 'categorical_indicator')
),
final as (
    select
        s.country_iso3,
        s.year,
        s.indicator,
        s.category,
        c.label as category_label,
        c.rank as category_rank,
        s.status,
        s.source,
        s.vintage,
        s.is_synthetic
    from source s
    left join ref.categories c on c.indicator = s.indicator and c.category = s.category
)
select * from final
order by all
