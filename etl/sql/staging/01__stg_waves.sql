create or replace view staging.waves as
select
    w._load_id,
    w.wave_id,
    w.year::integer as year,
    w.label,
    w.is_synthetic = 'true' as is_synthetic,
    w.fieldwork,
    w.source
from raw.survey_wave w
