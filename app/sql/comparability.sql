-- Items of some measures in the questionnaire diff of two waves (either order): whether each
-- may be compared and, if not, why in one code (most telling first: see survey.NOT_COMPARABLE)
-- and the wave an added or removed item was asked in.
with diff as (
    select *, string_split(coalesce(changes, ''), ',') as change_list
    from wh.marts.questionnaire_diff
    where ((from_wave = $a and to_wave = $b) or (from_wave = $b and to_wave = $a))
      and list_contains($measures::varchar[], measure) and code is not null
)
select coalesce(domain, '') as domain, code, coalesce(audience, '') as audience, measure, comparable,
    case
        when status in ('added', 'removed') then status
        when list_contains(change_list, 'answer_type') then 'answer_type'
        when list_contains(change_list, 'scale') then 'scale'
        when list_contains(change_list, 'choices') then 'choices'
        when list_contains(change_list, 'reworded') then 'reworded'
        when list_contains(change_list, 'measure') then 'measure'
    end as why,
    case status when 'added' then to_wave when 'removed' then from_wave end as wave
from diff
