"""``python -m etl import-cases``: turn a case file of another layout into documented case records.

The same mapping as a sidecar (:mod:`etl.importers.case_table`), given with ``--mapping``;
the result is a plain ``cases/`` file in the documented layout that a steward can keep,
read and edit, without the export's other columns.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from etl.importers import case_table
from etl.importers._model import Converted
from etl.importers._read import SUFFIXES
from etl.problems import EtlError, FileFormatError, InputError

DESCRIPTION = """\
Map a case file of another layout (a police export, a register: one row per case, its own
column names and codes) to the documented case records of docs/data-formats.md, section 2,
with a mapping JSON (the same as a FILE.mapping.json sidecar; see "Case files of other
layouts" there). Writes OUT/<FILE's name>.csv; when OUT is the cases/ folder of a source
folder, the mapping's source and vintage are recorded for that file in the source folder's
manifest.json. Columns the mapping does not name, and columns that look like personal
data, are left out. Rows that cannot be mapped are not written: each is listed with its
row, column and value, and an unmapped code with the exact pair to add to the mapping."""

EPILOG = """\
example:
  python -m etl import-cases police_export.xlsx --mapping police_export.mapping.json \\
      --out data/sources/cases/

codes: see etl/reference/codes.csv (exploitation_type, technology, modus_operandi,
prosecution_outcome). Nothing is written to the warehouse here; `python -m etl build`
loads the written file."""

SHOWN = 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import-cases`` subcommand to the core CLI's subparsers."""
    parser = subparsers.add_parser(
        "import-cases",
        help="map a case file of another layout to documented case records",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the case file (.csv, .xlsx, .parquet)")
    parser.add_argument("--mapping", type=Path, required=True, metavar="M", help="the mapping JSON")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="the cases/ folder to write into (created if missing)",
    )
    parser.add_argument("--force", action="store_true", help="replace a file of the same name in DIR")
    parser.add_argument("--strict", action="store_true", help="write nothing when any row cannot be mapped")
    parser.set_defaults(func=run, handler=run)


def _error(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    """Convert, write the documented file and its manifest entry, report. Exit code."""
    source: Path = args.file
    if not source.is_file():
        return _error(f"{source} does not exist")
    if source.suffix.lower() not in SUFFIXES:
        return _error(f"{source.name}: expected one of {', '.join(SUFFIXES)}")
    if not args.mapping.is_file():
        return _error(f"{args.mapping} does not exist")
    target = args.out / f"{source.stem}.csv"
    if target.resolve() == source.resolve():
        return _error(f"{target} is the file being imported: write into another folder")
    if target.exists() and not args.force:
        return _error(f"{target} exists already (use --force)")
    try:
        converted = case_table.convert(
            source, mapping_path=args.mapping, drop_personal=True, strict=args.strict
        )
    except FileFormatError as exc:
        return _error(exc.problem.describe())
    except InputError as exc:
        print(
            f"Import refused (--strict); nothing written. {exc.total} row(s) cannot be mapped:",
            file=sys.stderr,
        )
        for problem in exc.problems[:SHOWN]:
            print(f"  {problem.describe()}", file=sys.stderr)
        return 1
    except EtlError as exc:
        return _error(str(exc), 1)
    if converted.table.num_rows == 0:
        _report(converted, sys.stderr)
        return _error(f"no row of {source.name} could be mapped; nothing written", 1)
    args.out.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(case_table.documented_rows(converted))
    print(f"wrote {target}: {converted.table.num_rows:,} case records")
    print(_manifest_entry(args.out, target.name, converted))
    _report(converted, sys.stdout)
    return 0


def _manifest_entry(out: Path, name: str, converted: Converted) -> str:
    """Record source and vintage for the file in the source folder's manifest, or say what to add."""
    entry: dict[str, object] = {"source": converted.source, "vintage": converted.vintage}
    if converted.is_synthetic is not None:
        entry["synthetic"] = converted.is_synthetic
    key = f"cases/{name}"
    shown = json.dumps({"files": {key: entry}}, ensure_ascii=False)
    if out.resolve().name != "cases":
        return f"add to the source folder's manifest.json: {shown}"
    manifest = out.resolve().parent / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("files", {}), dict):
        return f"{manifest} is not a readable manifest; add to it: {shown}"
    data.setdefault("files", {})[key] = entry
    manifest.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return f"recorded source and vintage of {key} in {manifest.name}"


def _report(converted: Converted, stream: TextIO) -> None:
    for note in converted.notes:
        print(note, file=stream)
    print(
        f"{converted.rows_in_file:,} rows: {converted.rows_loaded:,} mapped, "
        f"{len(converted.problems):,} not written",
        file=stream,
    )
    for problem in converted.problems[:SHOWN]:
        print(f"  {problem.describe()}", file=stream)
    if len(converted.problems) > SHOWN:
        print(f"  ... and {len(converted.problems) - SHOWN:,} more", file=stream)
    fixes = list(dict.fromkeys(p.fix for p in converted.problems if p.fix))
    if fixes:
        print("to map an unmapped value, add the pair (replace CODE by the code meant):", file=stream)
        for fix in fixes[:SHOWN]:
            print(f"  {fix}", file=stream)
