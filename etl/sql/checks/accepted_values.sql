-- Codes in the marts come from the vocabularies.
select 'mo_trends.technology' as what, technology as value from marts.mo_trends
where technology not in (select code from ref.codes where vocabulary = 'technology')
union all
select 'series.status', status from marts.series
where status not in (select code from ref.codes where vocabulary = 'series_status')
union all
select 'case_summary.country_iso3', country_iso3 from marts.case_summary
where country_iso3 not in (select iso3 from marts.countries)
