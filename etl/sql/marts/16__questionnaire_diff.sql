-- Each pair of waves (earlier -> later), item by item: was it asked in both, and in the
-- same way? An item that feeds a mart is matched by what it measures (measure, asking
-- questionnaire, domain, code, audience), so a renumbered question still matches; any
-- other item by its question id and item. Only comparable items may be compared between
-- the two waves; `reason` says why the others may not.
create or replace table marts.questionnaire_diff as
with waves as (
    select wave_id, year from staging.waves
),
pairs as (
    select a.wave_id as from_wave, b.wave_id as to_wave
    from waves a join waves b on a.year < b.year or (a.year = b.year and a.wave_id < b.wave_id)
),
keyed as (
    select *,
        case when measure in ('severity', 'training_provision', 'training_need', 'strategy') and code is not null
            then concat_ws('/', 'measure', measure, respondent_type, domain, code, audience)
        end as measure_key,
        regexp_replace(trim(regexp_replace(lower(regexp_replace(text, '<[^>]*>', ' ', 'g')), '[^[:alnum:]]+', ' ', 'g')), '\s+', ' ', 'g') as text_key,
        regexp_replace(trim(regexp_replace(lower(coalesce(item_text, '')), '[^[:alnum:]]+', ' ', 'g')), '\s+', ' ', 'g') as item_text_key
    from staging.codebook
),
items as (
    select *,
        case when measure_key is not null and count(*) over (partition by wave_id, measure_key) = 1
            then measure_key else 'question/' || question_id || '/' || item end as match_key
    from keyed
),
from_side as (select p.from_wave, p.to_wave, i.* from pairs p join items i on i.wave_id = p.from_wave),
to_side as (select p.from_wave, p.to_wave, i.* from pairs p join items i on i.wave_id = p.to_wave),
matched as (
    select
        coalesce(f.from_wave, t.from_wave) as from_wave,
        coalesce(f.to_wave, t.to_wave) as to_wave,
        f.question_id as from_question_id, f.item as from_item,
        t.question_id as to_question_id, t.item as to_item,
        coalesce(t.respondent_type, f.respondent_type) as respondent_type,
        coalesce(t.measure, f.measure) as measure,
        coalesce(t.domain, f.domain) as domain,
        coalesce(t.code, f.code) as code,
        coalesce(t.audience, f.audience) as audience,
        f.text as from_text, t.text as to_text,
        f.question_id is null as added,
        t.question_id is null as removed,
        f.text_key <> t.text_key or (f.item_text_key <> '' and t.item_text_key <> '' and f.item_text_key <> t.item_text_key)
            as reworded,
        f.answer_type <> t.answer_type as type_changed,
        f.answer_type = 'rating' and t.answer_type = 'rating'
            and (f.scale_min <> t.scale_min or f.scale_max <> t.scale_max
                 or coalesce(f.choices, '') <> coalesce(t.choices, '')) as scale_changed,
        f.answer_type = 'choice' and t.answer_type = 'choice'
            and list_sort(string_split(coalesce(f.choices, ''), '|')) <> list_sort(string_split(coalesce(t.choices, ''), '|'))
            as choices_changed,
        concat_ws('|', f.dont_know, f.prefer_not, f.not_applicable) <> concat_ws('|', t.dont_know, t.prefer_not, t.not_applicable)
            as missing_changed,
        f.match_key not like 'measure/%'
            and (coalesce(f.measure, '') <> coalesce(t.measure, '') or coalesce(f.domain, '') <> coalesce(t.domain, '')
                 or coalesce(f.code, '') <> coalesce(t.code, '') or coalesce(f.audience, '') <> coalesce(t.audience, ''))
            as measure_changed,
        f.answer_type as from_answer_type, t.answer_type as to_answer_type,
        f.scale_min as from_min, f.scale_max as from_max, t.scale_min as to_min, t.scale_max as to_max,
        f.choices as from_choices, t.choices as to_choices
    from from_side f
    full join to_side t on t.from_wave = f.from_wave and t.to_wave = f.to_wave and t.match_key = f.match_key
),
described as (
    select *,
        list_filter([
            case when reworded then 'reworded' end,
            case when type_changed then 'answer_type' end,
            case when scale_changed then 'scale' end,
            case when choices_changed then 'choices' end,
            case when measure_changed then 'measure' end,
            case when missing_changed then 'missing_codes' end
        ], lambda x: x is not null) as change_list
    from matched
)
select
    from_wave, to_wave, from_question_id, from_item, to_question_id, to_item,
    respondent_type, measure, domain, code, audience,
    case when added then 'added' when removed then 'removed'
        when len(change_list) > 0 then 'changed' else 'unchanged' end as status,
    case when added or removed then null else array_to_string(change_list, ',') end as changes,
    not (added or removed or reworded or type_changed or scale_changed or choices_changed or measure_changed)
        as comparable,
    case
        when added then 'asked in ' || to_wave || ' only'
        when removed then 'not asked in ' || to_wave
        when type_changed then format('answer type changed from {} to {}', from_answer_type, to_answer_type)
        when scale_changed then format('scale changed from {}-{}{} to {}-{}{}', from_min, from_max,
            coalesce(' (' || from_choices || ')', ''), to_min, to_max, coalesce(' (' || to_choices || ')', ''))
        when choices_changed then format('choice list changed from {} to {}', from_choices, to_choices)
        when reworded then 'question reworded'
        when measure_changed then 'the item measures something else'
    end as reason,
    from_text, to_text
from described
order by from_wave, to_wave, coalesce(to_question_id, from_question_id), coalesce(to_item, from_item)
