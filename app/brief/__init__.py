"""The printable country brief: one or two A4 pages per country and wave, in English or French.

The brief is the profile page on paper, built from the same query layer and so from the same
protected figures: key figures with their periods, the severity of each challenge against
all States and against the previous wave, the largest training gaps, the strategies in use,
the trend of recorded cases, and where every figure comes from and how counts are protected.

- :mod:`app.brief.content` gathers and words the figures (no Streamlit, no typesetting);
- :mod:`app.brief.typeset` lays them out with typst (``brief.typ``) into a PDF/A-2a and
  PDF/UA-1 file;
- ``python -m app.brief`` writes one brief or every Party's (see ``--help``).

The same warehouse, country, wave and language give the same bytes: the document's date is
the warehouse's build date, fonts are the ones typst embeds, and nothing random is drawn.
"""

from __future__ import annotations

from app.brief.content import BriefError, build
from app.brief.typeset import from_file, render

__all__ = ["BriefError", "build", "from_file", "render"]
