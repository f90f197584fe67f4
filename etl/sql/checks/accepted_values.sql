-- Codes in the marts come from the vocabularies.
select 'technology_counts.technology' as what, technology as value from marts.technology_counts
where technology not in (select code from ref.codes where vocabulary = 'technology')
union all
select 'stage_counts.stage', stage from marts.stage_counts
where stage not in (select code from ref.codes where vocabulary = 'stage')
union all
select 'series.status', status from marts.series
where status not in (select code from ref.codes where vocabulary = 'series_status')
union all
select 'series_categorical.indicator', indicator from marts.series_categorical
where indicator not in (select code from ref.codes where vocabulary = 'categorical_indicator')
union all
select 'series_categorical.category', indicator || ': ' || category from marts.series_categorical
where (category is null) <> (status <> 'reported')
    or (category is not null and (indicator, category) not in (select (indicator, category) from ref.categories))
union all
select 'series_categorical.status', status from marts.series_categorical
where status not in (select code from ref.codes where vocabulary = 'series_status')
union all
select 'case_counts.country_iso3', country_iso3 from marts.case_counts
where country_iso3 not in (select iso3 from marts.countries) and country_iso3 <> '_other'
