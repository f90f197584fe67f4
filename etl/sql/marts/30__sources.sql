-- One row per source and vintage: what it holds and whether it is synthetic.
-- rows counts source records: for case records the release protects, the protected count of
-- cases (never the exact records); for a publisher-protected source (CTDC), the victim
-- records its rows stand for; series values (numbers and categories); a wave's respondents.
create or replace table marts.sources as
with case_loads as (
    select _load_id, min(year) as first_year, max(year) as last_year
    from staging.cases group by _load_id
),
released as (
    select i.source, sum(c.cases) as cases
    from marts.release_info i join marts.case_counts c using (source)
    where i.protection = 'differential privacy'
    group by i.source
)
select 'cases' as family, l.source, try_cast(l.vintage as date) as vintage,
    bool_or(l.is_synthetic) as is_synthetic,
    coalesce(any_value(r.cases), sum(l.rows_loaded))::bigint as rows,
    min(c.first_year) as first_year, max(c.last_year) as last_year
from meta.loads l
join case_loads c on c._load_id = l.load_id
left join released r on r.source = l.source
group by l.source, try_cast(l.vintage as date)
union all
select 'series', source, vintage, bool_or(is_synthetic), count(*), min(year), max(year)
from (
    select source, vintage, is_synthetic, year from marts.series
    union all
    select source, vintage, is_synthetic, year from marts.series_categorical
)
group by source, vintage
union all
select 'survey', label, null::date, is_synthetic, n_states + n_ngos + n_companies, year, year
from marts.waves
order by all
