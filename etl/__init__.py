"""ETL for the THB dashboard: validate input files and build the DuckDB warehouse.

Public surface: :func:`etl.build.build_warehouse`, :func:`etl.check.check_file`,
:mod:`etl.problems` (the problem record and named exceptions).
"""
