-- Cases, victims and online-recruited cases per country over the chosen years.
select country_iso3, sum(cases)::double as cases, sum(victims)::double as victims,
    sum(cases_online_recruitment)::double as cases_online_recruitment
from wh.marts.case_counts
where source = $source and year between $first and $last
group by country_iso3
order by country_iso3
