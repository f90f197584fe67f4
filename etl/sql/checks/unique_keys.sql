-- Every public relation is unique on its documented key.
select 'challenge_severity' as relation, count(*) as n from marts.challenge_severity
group by wave_id, country_iso3, domain, challenge having count(*) > 1
union all
select 'challenge_severity_summary', count(*) from marts.challenge_severity_summary
group by wave_id, domain, challenge having count(*) > 1
union all
select 'training_gap', count(*) from marts.training_gap
group by wave_id, country_iso3, audience, area having count(*) > 1
union all
select 'countries', count(*) from marts.countries group by iso3 having count(*) > 1
union all
select 'waves', count(*) from marts.waves group by wave_id having count(*) > 1
union all
select 'series', count(*) from marts.series
group by country_iso3, year, indicator, sex, age_group, exploitation_type, citizenship, source, vintage
having count(*) > 1
union all
select 'series_categorical', count(*) from marts.series_categorical
group by country_iso3, year, indicator, source, vintage having count(*) > 1
union all
select 'case_counts', count(*) from marts.case_counts
group by source, year, country_iso3, exploitation_type having count(*) > 1
union all
select 'victim_counts', count(*) from marts.victim_counts
group by source, year, country_iso3, breakdown, category having count(*) > 1
union all
select 'technology_counts', count(*) from marts.technology_counts
group by source, year, country_iso3, technology having count(*) > 1
union all
select 'stage_counts', count(*) from marts.stage_counts
group by source, year, country_iso3, stage having count(*) > 1
union all
select 'stage_technology_counts', count(*) from marts.stage_technology_counts
group by source, year, stage, technology having count(*) > 1
union all
select 'modus_operandi_counts', count(*) from marts.modus_operandi_counts
group by source, year, modus_operandi having count(*) > 1
union all
select 'labels', count(*) from marts.labels group by vocabulary, code, lang having count(*) > 1
union all
select 'questionnaire_diff.from', count(*) from marts.questionnaire_diff where from_question_id is not null
group by from_wave, to_wave, from_question_id, from_item having count(*) > 1
union all
select 'questionnaire_diff.to', count(*) from marts.questionnaire_diff where to_question_id is not null
group by from_wave, to_wave, to_question_id, to_item having count(*) > 1
