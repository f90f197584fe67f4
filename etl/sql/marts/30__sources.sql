-- Case sources count what the release publishes (protected totals), never the exact records.
create or replace table marts.sources as
select 'cases' as family, source, null::date as vintage, bool_or(is_synthetic) as is_synthetic,
    coalesce(sum(cases), sum(victims))::bigint as rows, min(year) as first_year, max(year) as last_year
from marts.case_counts group by source
union all
select 'series', source, vintage, bool_or(is_synthetic), count(*), min(year), max(year)
from marts.series group by source, vintage
union all
select 'survey', label, null::date, is_synthetic, n_states + n_ngos + n_companies, year, year
from marts.waves
order by all
