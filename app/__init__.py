"""The dashboard's library: everything ``dashboard.py`` and ``pages/`` use.

Public surface for other tools (benchmarks, browser tests, the command line):
:mod:`app.queries` (every query, one module per page family, no Streamlit), :mod:`app.db`
(the versioned read-only connection and its cached reader), :mod:`app.export` (safe CSV/XLSX
with a header block), :mod:`app.disclosure` (how protected counts are shown) and
:mod:`app.geo` (the offline map). The other modules draw pages.
"""
