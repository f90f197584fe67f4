create or replace table marts.published_figures as
select domain, challenge, published_score, qualifier, published_text, source, section
from ref.published_figures
