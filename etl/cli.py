"""Command line: ``python -m etl build | check | demo``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from etl.build import DEMO_SOURCE, build_warehouse, warehouse_path
from etl.problems import EtlError, InputError


def _progress(quiet: bool):
    start = time.monotonic()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.monotonic() - start:6.1f}s] {message}", file=sys.stderr, flush=True)

    return say


def cmd_build(args: argparse.Namespace) -> int:
    db = warehouse_path(args.db)
    try:
        report = build_warehouse(args.source, db, _progress(args.quiet), strict=args.strict)
    except InputError as exc:
        print(f"Build refused; {db} is unchanged.", file=sys.stderr)
        for problem in exc.problems[:200]:
            print(f"  {problem.describe()}", file=sys.stderr)
        if exc.total > len(exc.problems[:200]):
            print(f"  ... {exc.total - 200:,} more problem(s)", file=sys.stderr)
        return 1
    except EtlError as exc:
        print(f"Build failed; {db} is unchanged.\n{exc}", file=sys.stderr)
        return 1
    print(report.summary())
    quarantined = sum(ld.problems_total for ld in report.loads if ld.ok and ld.problems_total)
    if quarantined:
        print(f"{quarantined:,} row(s) quarantined: see meta.problems or `python -m etl check`.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from etl.check import check_paths

    reports = check_paths(args.paths, strict=args.strict)
    for report in reports:
        print(report.render())
    bad = [r for r in reports if not r.ok]
    print(f"{len(reports)} file(s) checked, {len(bad)} with errors.")
    return 1 if bad else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from etl.survey_tools.diff import compare, render

    try:
        rows = compare(args.waves)
    except InputError as exc:
        print("A wave has errors; run `python -m etl check` on it.", file=sys.stderr)
        for problem in exc.problems[:20]:
            print(f"  {problem.describe()}", file=sys.stderr)
        return 1
    print("\n".join(render(rows, shown=len(rows))))
    return 0


def cmd_import_survey(args: argparse.Namespace) -> int:
    from etl.survey_tools.export import write_wave

    try:
        lines = write_wave(args.files, args.out, roles=args.roles, wave_id=args.wave)
    except EtlError as exc:
        print(f"Import refused; nothing written.\n{exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_contract(args: argparse.Namespace) -> int:
    from etl import schema

    if args.db:
        import duckdb

        con = duckdb.connect(str(args.db), read_only=True)
        try:
            failed = schema.failures(con)
        finally:
            con.close()
        for test, rows in failed:
            print(f"{test.name}: {rows}")
        print(f"{len(schema.data_tests())} data tests, {len(failed)} failed.")
        return 1 if failed else 0
    current = args.docs.read_text(encoding="utf-8")
    generated = schema.render_docs(current)
    if args.write_docs:
        if generated != current:
            args.docs.write_text(generated, encoding="utf-8")
            print(f"rewrote the tables of {args.docs}")
        return 0
    if generated != current:
        print(f"{args.docs} differs from etl/warehouse.toml: run `python -m etl contract --write-docs`.")
        return 1
    print(f"{args.docs} is up to date with etl/warehouse.toml.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo import generate

    counts = generate(args.out, cases=args.cases, seed=args.seed, progress=_progress(args.quiet))
    for name, count in counts.items():
        print(f"{name}: {count:,} rows")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m etl",
        description="Validate input files and build the THB dashboard's DuckDB warehouse. "
        "Input formats: docs/data-formats.md.",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the warehouse from a source folder",
        description="Load and check every file of a source folder (survey/<wave>/, cases/, series/) "
        "and build the warehouse. The build writes a new file and swaps it in only when "
        "everything passed: a failed build leaves the previous warehouse unchanged.",
    )
    build.add_argument(
        "--source",
        type=Path,
        default=DEMO_SOURCE,
        help="folder laid out as survey/<wave>/, cases/, series/ (default: the demo data)",
    )
    build.add_argument("--db", help="warehouse file (default: $THB_WAREHOUSE or data/warehouse.duckdb)")
    build.add_argument(
        "--strict",
        action="store_true",
        help="refuse files with quarantined rows instead of loading their valid rows",
    )
    build.add_argument("--quiet", action="store_true", help="no progress messages")
    build.set_defaults(func=cmd_build)

    check = commands.add_parser(
        "check",
        help="check files without writing anything",
        description="Report what the build would do with each file: format, rows accepted and "
        "rejected, every problem with file, sheet, row, column and value. Exit status 1 when any "
        "file has an error. A source folder or a survey wave folder may be given.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    check.add_argument("--strict", action="store_true", help="count quarantined rows as errors")
    check.set_defaults(func=cmd_check)

    diff = commands.add_parser(
        "diff",
        help="compare the questionnaires of survey waves",
        description="Compare the codebooks of two or more wave folders (documented layout or a survey "
        "tool's files): items added, removed, reworded, or with a changed answer type, scale or choice "
        "list, and which items may be compared between the waves. The build keeps the same table as "
        "marts.questionnaire_diff.",
    )
    diff.add_argument("waves", nargs="+", type=Path, metavar="WAVE_DIR", help="wave folders (survey/<wave>)")
    diff.set_defaults(func=cmd_diff)

    survey = commands.add_parser(
        "import-survey",
        help="convert a survey tool's form and export into a wave in the documented layout",
        description="Read a KoboToolbox/ODK XLSForm with its export, a LimeSurvey structure (.lss or "
        ".txt) with its response export, a Qualtrics .qsf with its CSV, or an EUSurvey results "
        "export, and write codebook.csv, respondents.csv, responses.csv (long) and labels.csv to "
        "OUT, with a report of every column and answer left out. Give the files, or a wave folder "
        "holding them (its wave.csv and roles.csv are used too). Dropping the files into "
        "survey/<wave>/ of a source folder loads them without this step.",
    )
    survey.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="form and export, or a wave folder"
    )
    survey.add_argument("--out", type=Path, required=True, help="folder to write the wave to")
    survey.add_argument("--roles", type=Path, help="roles file (default: roles.csv beside the files)")
    survey.add_argument("--wave", help="wave id (default: the name of OUT)")
    survey.set_defaults(func=cmd_import_survey)

    contract = commands.add_parser(
        "contract",
        help="check the docs, or a warehouse, against the warehouse contract",
        description="The warehouse contract (etl/warehouse.toml) declares every public relation. "
        "Without options, check that the tables of docs/warehouse.md are the ones it generates "
        "(exit status 1 if not); --write-docs rewrites them; --db runs its data tests on a "
        "warehouse file, as every build does.",
    )
    contract.add_argument("--write-docs", action="store_true", help="rewrite the tables of the docs")
    contract.add_argument(
        "--docs",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "docs" / "warehouse.md",
        help="the documentation file (default: docs/warehouse.md)",
    )
    contract.add_argument("--db", type=Path, help="run the data tests on this warehouse file")
    contract.set_defaults(func=cmd_contract)

    demo = commands.add_parser(
        "demo",
        help="generate synthetic demo inputs",
        description="Write a complete synthetic source folder (survey waves, case records, trend "
        "series) in the documented formats. Everything it writes is flagged synthetic.",
    )
    demo.add_argument("--out", type=Path, required=True, help="folder to write")
    demo.add_argument("--cases", type=int, default=20_000, help="number of case records (default 20000)")
    demo.add_argument("--seed", type=int, default=2021, help="random seed (default 2021)")
    demo.add_argument("--quiet", action="store_true", help="no progress messages")
    demo.set_defaults(func=cmd_demo)

    try:
        from etl.importers.cli import register
    except ImportError:
        pass
    else:
        register(commands)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
