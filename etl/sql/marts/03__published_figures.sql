-- The study's published severity scores, with the year of the fieldwork they come from: they
-- belong beside that wave only.
create or replace table marts.published_figures as
select domain, challenge, published_score, qualifier, published_text, source, section, fieldwork_year
from ref.published_figures
