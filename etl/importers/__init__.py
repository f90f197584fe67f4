"""Importers for public files as their publishers serve them.

Public surface: :class:`Converted` and :func:`convert`. The core ETL calls ``convert`` on
each file of ``series/`` and ``cases/`` before its canonical reader; a recognised file comes
back in the canonical columns of docs/data-formats.md, with the rows kept out listed as
quarantine problems. Layouts: UNODC GLOTIP (``unodc_glotip``), CTDC k-anonymised and 2024
synthetic victim data (``ctdc_kanon``, ``ctdc_synthetic_2024``), any long table with a
``<file>.mapping.json`` sidecar (``long_table``), and any case file with a sidecar that says
``"family": "cases"`` (``case_table``).
"""

from __future__ import annotations

from pathlib import Path

from etl.importers import case_table, ctdc, glotip, long_table
from etl.importers._model import CASE_COLUMNS, SERIES_COLUMNS, Converted
from etl.importers._read import SUFFIXES, read_grid

__all__ = ["CASE_COLUMNS", "SERIES_COLUMNS", "Converted", "convert", "recognise"]

#: Rows read to recognise a layout; the header of a public file sits within them.
PEEK_ROWS = 12
#: The input family each importer's output belongs to.
FAMILY_OF_IMPORTER = {
    glotip.IMPORTER: "series",
    long_table.IMPORTER: "series",
    case_table.IMPORTER: "cases",
    ctdc.KANON: "cases",
    ctdc.SYNTHETIC: "cases",
}


def explain(path: Path) -> tuple[str | None, str, dict[str, str]]:
    """(importer or None, why it was recognised, what each other layout needs that the file lacks).

    Reads only the first rows (and looks for a sidecar), so it is cheap on canonical files.
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        return None, "", {}
    sidecar_name = f"{path.name}{long_table.SIDECAR_SUFFIX}"
    missed = {
        long_table.IMPORTER: f"a mapping sidecar {sidecar_name} beside it",
        case_table.IMPORTER: f'a mapping sidecar {sidecar_name} beside it, saying "family": "cases"',
    }
    sidecar = long_table.sidecar_for(path)
    if sidecar is not None:
        if long_table.mapping_family(sidecar) == "cases":
            return case_table.IMPORTER, f"a case file with the mapping {sidecar.name}", {}
        return long_table.IMPORTER, f"a long table with the mapping {sidecar.name}", {}
    grid = read_grid(path, limit=PEEK_ROWS)
    if glotip.recognise(grid):
        return glotip.IMPORTER, "UNODC GLOTIP country data (header " + ", ".join(glotip.REQUIRED) + ")", {}
    missed[glotip.IMPORTER] = "the columns " + ", ".join(glotip.REQUIRED) + " within the first rows"
    found = ctdc.explain(grid)
    if found.importer:
        return found.importer, found.why, {}
    return None, "", {**missed, **found.missed}


def recognise(path: Path) -> str | None:
    """Name of the importer for this file's layout, or None for any other file."""
    return explain(path)[0]


def convert(path: Path, *, strict: bool = False) -> Converted | None:
    """Return the canonical table if a known public layout is recognised, else None.

    With ``strict=True``, raise :class:`etl.problems.InputError` listing the problems
    instead of quarantining. Unreadable files raise :class:`etl.problems.FileFormatError`.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "plain.csv"; _ = p.write_text("country,year\\nFR,2020\\n")
    >>> convert(p) is None
    True
    """
    path = Path(path)
    importer = recognise(path)
    if importer is None:
        return None
    if importer == long_table.IMPORTER:
        return long_table.convert(path, strict=strict)
    if importer == case_table.IMPORTER:
        return case_table.convert(path, strict=strict)
    if importer == glotip.IMPORTER:
        return glotip.convert(path, strict=strict)
    return ctdc.convert(path, strict=strict)
