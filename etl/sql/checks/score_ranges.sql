-- Scores stay on 0-100 and published counts are never negative.
select 'challenge_severity.score' as what, score::varchar as value from marts.challenge_severity
where score is null or score not between 0 and 100
union all
select 'training_gap', format('{} {} {}', provision, need, gap_score) from marts.training_gap
where provision not between 0 and 100 or need not between 0 and 100 or gap_score not between 0 and 100
union all
select 'case_counts', format('{} {} {}', cases, victims, cases_online_recruitment) from marts.case_counts
where cases < 0 or victims < 0 or cases_online_recruitment < 0 or cases_online_recruitment > cases
union all
select 'victim_counts', victims::varchar from marts.victim_counts where victims < 0
union all
select 'technology_counts', cases::varchar from marts.technology_counts where cases < 0
union all
select 'stage_counts', cases::varchar from marts.stage_counts where cases < 0
union all
select 'stage_technology_counts', cases::varchar from marts.stage_technology_counts where cases < 0
union all
select 'modus_operandi_counts', cases::varchar from marts.modus_operandi_counts where cases < 0
