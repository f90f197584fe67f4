create or replace view staging.codebook as
select
    l.wave_id,
    c._load_id,
    c._row,
    c.question_id,
    c.item,
    c.respondent_type,
    c.text,
    c.item_text,
    c.answer_type,
    c.scale_min::integer as scale_min,
    c.scale_max::integer as scale_max,
    c.dont_know,
    c.prefer_not,
    c.not_applicable,
    c.choices,
    c.measure,
    c.domain,
    c.code,
    c.audience,
    l.importer as source_tool
from raw.survey_codebook c
join meta.loads l on l.load_id = c._load_id
