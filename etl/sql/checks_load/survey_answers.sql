-- Answers of one wave that do not fit its codebook or respondents.
-- Returns (row, column, value, expected); $answers, $codebook, $respondents are tables.
with answers as (
    select a.*, b.answer_type, b.scale_min::bigint as scale_min, b.scale_max::bigint as scale_max, b.choices,
        b.respondent_type as asked_of, r.respondent_type,
        r.respondent_id is not null as known_respondent,
        b.question_id is not null as known_item,
        list_contains(
            string_split(concat_ws('|', b.dont_know, b.prefer_not, b.not_applicable), '|'), trim(a.answer)
        ) as dont_know
    from $answers a
    left join $codebook b on b.question_id = a.question_id and b.item = a.item
    left join $respondents r on r.respondent_id = a.respondent_id
),
dupes as (
    select respondent_id, question_id, item from $answers group by all having count(*) > 1
)
select _row, 'respondent_id', respondent_id, 'a respondent_id listed in respondents'
from answers where not known_respondent
union all
select _row, 'item', question_id || '/' || item, 'a question item of the codebook'
from answers where not known_item
union all
select _row, _column, respondent_type, 'a respondent of type ' || replace(asked_of, '|', ' or ') || ' for this question'
from answers
where known_item and known_respondent and not list_contains(string_split(asked_of, '|'), respondent_type)
union all
select _row, _column, answer, format('a rating from {} to {} or a don''t-know code', scale_min, scale_max)
from answers
where answer_type = 'rating' and choices is null and answer is not null and not dont_know
    and coalesce(try_cast(trim(answer) as bigint) not between scale_min and scale_max, true)
union all
select _row, _column, answer, 'one of the rating''s codes: ' || choices
from answers
where answer_type = 'rating' and choices is not null and answer is not null and not dont_know
    and not list_contains(string_split(choices, '|'), trim(answer))
union all
select _row, _column, answer, 'yes or no'
from answers
where answer_type = 'yes_no' and answer is not null and not dont_know
    and lower(trim(answer)) not in ('yes', 'no', '1', '0', 'true', 'false')
union all
select _row, _column, answer, 'one or more of: ' || choices
from answers
where answer_type = 'choice' and answer is not null and not dont_know
    and not list_has_all(string_split(choices, '|'), list_transform(string_split(answer, '|'), lambda x: trim(x)))
union all
select _row, _column, answer, 'a number'
from answers
where answer_type = 'number' and answer is not null and not dont_know
    and try_cast(trim(answer) as double) is null
union all
select a._row, a._column, a.respondent_id || ' ' || a.question_id || '/' || a.item, 'one answer per respondent and item'
from $answers a join dupes d using (respondent_id, question_id, item)
