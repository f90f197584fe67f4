create or replace table marts.labels as
select vocabulary, code, lang, label from ref.labels order by all
