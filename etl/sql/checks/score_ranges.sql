-- Scores stay on 0-100 and counts are positive.
select 'challenge_severity.score' as what, score::varchar as value from marts.challenge_severity
where score is null or score not between 0 and 100
union all
select 'training_gap', format('{} {} {}', provision, need, gap_score) from marts.training_gap
where provision not between 0 and 100 or need not between 0 and 100 or gap_score not between 0 and 100
union all
select 'mo_trends.cases', cases::varchar from marts.mo_trends where cases < 0 or victims < 1
union all
select 'case_summary.victims', victims::varchar from marts.case_summary where victims < 1
