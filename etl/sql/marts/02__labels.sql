-- The project's vocabularies, and the questionnaires' own wording in every language a form
-- has: survey_question (wave/question), survey_item (wave/question/item) and survey_choice
-- (wave/question/answer code). A codebook.csv gives its English text.
create or replace table marts.labels as
with imported as (
    select distinct vocabulary, code, lang, label from raw.survey_labels
),
from_codebook as (
    select 'survey_question' as vocabulary, wave_id || '/' || question_id as code, 'en' as lang,
        arg_min(text, _row) as label
    from staging.codebook group by all
    union all
    select 'survey_item', wave_id || '/' || question_id || '/' || item, 'en', coalesce(item_text, text)
    from staging.codebook
)
select vocabulary, code, lang, label from ref.labels
union all
select vocabulary, code, lang, label from imported
union all
select c.vocabulary, c.code, c.lang, c.label from from_codebook c
where c.label is not null
    and not exists (
        select 1 from imported i where i.vocabulary = c.vocabulary and i.code = c.code and i.lang = c.lang
    )
order by all
