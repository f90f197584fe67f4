-- Every answer of every wave in long form, with its number (ratings, yes/no, numbers)
-- or code (choices, yes/no, don't know).
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
        trim(s.answer) as answer,
        list_contains(string_split(coalesce(i.dont_know, ''), '|'), trim(s.answer)) as is_dont_know
    from source s
    join items i on i.wave_id = s.wave_id and i.question_id = s.question_id and i.item = s.item
    where s.answer is not null and trim(s.answer) <> ''
)
select
    *,
    case
        when is_dont_know then null
        when answer_type in ('rating', 'number') then try_cast(answer as double)
        when answer_type = 'yes_no' then case when lower(answer) in ('yes', '1', 'true') then 1 else 0 end
    end as value_num,
    case
        when is_dont_know then 'dont_know'
        when answer_type = 'yes_no' then case when lower(answer) in ('yes', '1', 'true') then 'yes' else 'no' end
        when answer_type = 'choice' then answer
    end as value_code
from final
