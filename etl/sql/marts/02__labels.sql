-- The project's vocabularies, and the questionnaires' own wording in every language a form
-- has: survey_question (wave/question), survey_item (wave/question/item) and survey_choice
-- (wave/question/answer code). A wave without imported labels gets its codebook's English text.
create or replace table marts.labels as
with imported as (
    select distinct vocabulary, code, lang, label from raw.survey_labels
),
labelled_waves as (
    select distinct split_part(code, '/', 1) as wave_id from imported
),
from_codebook as (
    select 'survey_question' as vocabulary, wave_id || '/' || question_id as code, 'en' as lang,
        arg_min(text, _row) as label
    from staging.codebook
    where wave_id not in (select wave_id from labelled_waves)
    group by all
    union all
    select 'survey_item', wave_id || '/' || question_id || '/' || item, 'en', coalesce(item_text, text)
    from staging.codebook
    where wave_id not in (select wave_id from labelled_waves)
)
select vocabulary, code, lang, label from ref.labels
union all
select vocabulary, code, lang, label from imported
union all
select vocabulary, code, lang, label from from_codebook where label is not null
order by all
