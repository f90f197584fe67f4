"""``python -m etl import-table``: map a long table to the series format without code.

The core CLI calls :func:`register`, which adds ``import-cases`` too
(:mod:`etl.importers.cases_cli`); ``python -m etl.importers.cli import-table ...`` runs the
same commands on their own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from etl.importers import cases_cli, long_table
from etl.importers._read import SUFFIXES, read_grid
from etl.problems import EtlError

DESCRIPTION = """\
Import any long table (one row per country and year, one or more value columns) as a
trend series. Writes FILE's copy and its mapping sidecar (FILE.mapping.json) into OUT, the
series/ folder of a source directory, so that the next `python -m etl build` loads it.
Nothing is written to the warehouse here. Rows whose country is not a country (regions,
"World"), whose year is not a whole number or whose value is not a number (or not a
category of a categorical indicator) are quarantined with their reason, and reported at
build time and by `python -m etl check`."""

EPILOG = """\
example:
  python -m etl import-table owid_victims.csv --country-col Entity --year-col Year \\
      --value-col "Detected victims=detected_victims" \\
      --source "Our World in Data" --vintage 2024-01-31 --out data/sources/series/

indicator codes: see etl/reference/codes.csv (vocabulary 'indicator'). The cells of a
categorical indicator's column (vocabulary 'categorical_indicator', e.g. the TIP report's
tier) are its codes or labels: add a "categories" object to the written mapping for others.
An empty value cell is stored as --status-for-empty (default not_available); use
'suppressed' when the publisher leaves small counts blank."""


def _value_col(text: str) -> tuple[str, str]:
    column, sep, indicator = text.rpartition("=")
    if not sep or not column.strip() or not indicator.strip():
        raise argparse.ArgumentTypeError(f"expected COLUMN=indicator_code, got {text!r}")
    return column.strip(), indicator.strip()


def _breakdown_col(text: str) -> tuple[str, str]:
    breakdown, sep, column = text.partition("=")
    if not sep or breakdown.strip() not in long_table.BREAKDOWNS or not column.strip():
        raise argparse.ArgumentTypeError(
            f"expected BREAKDOWN=COLUMN with BREAKDOWN one of "
            f"{', '.join(long_table.BREAKDOWNS)}, got {text!r}"
        )
    return breakdown.strip(), column.strip()


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the table (.csv, .xlsx, .parquet)")
    parser.add_argument(
        "--country-col",
        required=True,
        metavar="C",
        help="column holding the country (any name or ISO code)",
    )
    parser.add_argument("--year-col", required=True, metavar="Y", help="column holding the year")
    parser.add_argument(
        "--value-col",
        required=True,
        action="append",
        type=_value_col,
        metavar="COL=indicator",
        dest="value_cols",
        help="a value column and its indicator code; repeat for several",
    )
    parser.add_argument(
        "--breakdown-col",
        action="append",
        type=_breakdown_col,
        default=[],
        metavar="BREAKDOWN=COL",
        dest="breakdown_cols",
        help="a column holding breakdown codes (sex, age_group, "
        "exploitation_type, citizenship); others are 'total'",
    )
    parser.add_argument(
        "--source", required=True, metavar="S", help="publisher and title, shown with every value"
    )
    parser.add_argument(
        "--vintage",
        required=True,
        type=_date,
        metavar="D",
        help="release date of the source, YYYY-MM-DD",
    )
    parser.add_argument(
        "--status-for-empty",
        choices=long_table.EMPTY_STATUSES,
        default="not_available",
        help="status of an empty value cell",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="the series/ folder to write into (created if missing)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace a file or mapping of the same name in DIR"
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import-table`` and ``import-cases`` subcommands to the core CLI's subparsers."""
    parser = subparsers.add_parser(
        "import-table",
        help="map a long table (country, year, values) to a trend series file",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.set_defaults(func=run, handler=run)
    cases_cli.register(subparsers)


def run(args: argparse.Namespace) -> int:
    """Write the copy and its sidecar, then report what a build would load. Exit code."""
    source: Path = args.file
    if not source.is_file():
        print(f"error: {source} does not exist", file=sys.stderr)
        return 2
    if source.suffix.lower() not in SUFFIXES:
        print(f"error: {source.name}: expected one of {', '.join(SUFFIXES)}", file=sys.stderr)
        return 2
    mapping = long_table.Mapping(
        country=args.country_col,
        year=args.year_col,
        values=dict(args.value_cols),
        source=args.source.strip(),
        vintage=args.vintage,
        status_for_empty=args.status_for_empty,
        breakdowns=dict(args.breakdown_cols),
    )
    found = long_table.mapping_problems(json.loads(mapping.to_json()))
    try:
        header = read_grid(source, limit=1).rows
    except EtlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    names = {" ".join((c or "").split()).casefold() for c in (header[0] if header else [])}
    wanted = [mapping.country, mapping.year, *mapping.values, *mapping.breakdowns.values()]
    found += [f"no column {c!r} in {source.name}" for c in wanted if c.casefold() not in names]
    if found:
        for sentence in found:
            print(f"error: {sentence}", file=sys.stderr)
        return 2
    out: Path = args.out
    target = out / source.name
    sidecar = target.with_name(target.name + long_table.SIDECAR_SUFFIX)
    if not args.force and (target.exists() or sidecar.exists()):
        print(f"error: {target} or its mapping exists already (use --force)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    sidecar.write_text(mapping.to_json(), encoding="utf-8")
    try:
        converted = long_table.convert(target)
    except EtlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target} and {sidecar.name}")
    print(
        f"{converted.rows_in_file} rows: {converted.rows_loaded} will load "
        f"({converted.table.num_rows} values), {len(converted.problems)} quarantined"
    )
    for problem in converted.problems[:10]:
        print(f"  {problem.describe()}")
    if len(converted.problems) > 10:
        print(f"  ... and {len(converted.problems) - 10} more (see `python -m etl check`)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.importers.cli")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
