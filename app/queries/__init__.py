"""The app's queries, one module per page family; none imports Streamlit.

- :mod:`app.queries.reference`: waves, countries, labels, sources;
- :mod:`app.queries.cases`: recorded cases and victims, from the protected release;
- :mod:`app.queries.series`: official trend series;
- :mod:`app.queries.survey`: severity, training gaps and strategies;
- :mod:`app.queries.meta`: the build, the codebook and downloads of public relations.

Each function takes a :class:`Reader` first (see :mod:`app.queries._base`); the app's
reader caches results per warehouse version (:mod:`app.db`).
"""

from __future__ import annotations

from app.queries import cases, meta, reference, series, survey
from app.queries._base import DirectReader, Provenance, Reader, Table, UnknownChoiceError

__all__ = [
    "DirectReader",
    "Provenance",
    "Reader",
    "Table",
    "UnknownChoiceError",
    "cases",
    "meta",
    "reference",
    "series",
    "survey",
]
