-- Which of the product's measures each imported public source can fill, and how.
create or replace table marts.source_coverage as
select source_family, measure, fills, how from ref.source_coverage
