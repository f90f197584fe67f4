"""The dashboard's library: everything ``dashboard.py`` and ``pages/`` use.

Public surface for other tools (benchmarks, browser tests): :mod:`app.queries` (every query,
cached, suppressed), :mod:`app.db` (the versioned read-only connection), :mod:`app.export`
(safe CSV/XLSX with a header block), :mod:`app.suppression` (the one suppression rule) and
:mod:`app.geo` (the offline map). The other modules draw pages.
"""
