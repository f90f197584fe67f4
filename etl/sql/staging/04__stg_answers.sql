-- Every answer of every wave in long form, with its number (ratings, yes/no, numbers)
-- or code (choices, yes/no, and the three kinds of non-answer: "don't know",
-- "prefer not to answer", "not applicable"). A blank is no row at all.
create or replace view staging.answers as
with source as (
    select a.*, l.wave_id
    from raw.survey_answers a
    join meta.loads l on l.load_id = a._load_id
),
items as (
    select * from staging.codebook
),
final as (
    select
        s.wave_id,
        s._load_id,
        s._row,
        s.respondent_id,
        s.question_id,
        s.item,
        i.answer_type,
        i.measure,
        i.domain,
        i.code,
        i.audience,
        i.scale_min,
        i.scale_max,
        i.choices,
        trim(s.answer) as answer,
        list_contains(string_split(coalesce(i.dont_know, ''), '|'), trim(s.answer)) as is_dont_know,
        list_contains(string_split(coalesce(i.prefer_not, ''), '|'), trim(s.answer)) as is_prefer_not,
        list_contains(string_split(coalesce(i.not_applicable, ''), '|'), trim(s.answer)) as is_not_applicable
    from source s
    join items i on i.wave_id = s.wave_id and i.question_id = s.question_id and i.item = s.item
    where s.answer is not null and trim(s.answer) <> ''
)
select
    *,
    case
        when is_dont_know or is_prefer_not or is_not_applicable then null
        -- a rating given as ordered codes: the first code is scale_min, the next one step up
        when answer_type = 'rating' and choices is not null
            then scale_min + list_position(string_split(choices, '|'), answer) - 1
        when answer_type in ('rating', 'number') then try_cast(answer as double)
        when answer_type = 'yes_no' then case when lower(answer) in ('yes', '1', 'true') then 1 else 0 end
    end as value_num,
    case
        when is_dont_know then 'dont_know'
        when is_prefer_not then 'prefer_not_to_answer'
        when is_not_applicable then 'not_applicable'
        when answer_type = 'yes_no' then case when lower(answer) in ('yes', '1', 'true') then 'yes' else 'no' end
        when answer_type = 'choice' then answer
        when answer_type = 'rating' and choices is not null then answer
    end as value_code
from final
