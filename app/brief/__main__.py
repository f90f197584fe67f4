"""``python -m app.brief``: write the printable brief of one country, or of every Party.

python -m app.brief FRA --wave 2025 --lang fr --out brief.pdf
python -m app.brief --all --lang en --out briefs/        # one PDF per Party: briefs/FRA.pdf ...
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from app import i18n, settings
from app.brief.content import BriefError, check, open_warehouse, parties
from app.brief.typeset import new_compiler, render


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m app.brief",
        description="Write the printable country brief (PDF, one or two A4 pages) from the warehouse's "
        "protected figures: key figures, challenges against all States and the previous wave, training "
        "gaps, strategies, recorded cases, sources and protection. The same warehouse, country, wave and "
        "language always give the same file.",
    )
    p.add_argument("country", nargs="?", help="ISO 3166 alpha-3 code of the country, e.g. FRA")
    p.add_argument("--all", action="store_true", help="every Party to the Anti-Trafficking Convention")
    p.add_argument("--wave", help="questionnaire wave, e.g. 2025 (default: the latest)")
    p.add_argument(
        "--lang", default=i18n.DEFAULT, help=f"language: {', '.join(i18n.LANGS)} (default {i18n.DEFAULT})"
    )
    p.add_argument(
        "--out",
        type=Path,
        help="the PDF to write (default COUNTRY-WAVE-LANG.pdf); with --all, the folder to write "
        "ISO3.pdf files into (default briefs/)",
    )
    p.add_argument(
        "--db",
        type=Path,
        help=f"warehouse file (default: THB_WAREHOUSE, else {settings.DEFAULT_WAREHOUSE})",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.all == bool(args.country):
        p.error("give one country (e.g. FRA) or --all")
    try:
        return _run(args)
    except (BriefError, settings.SettingsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    wh = open_warehouse(args.db or settings.warehouse_path())
    threshold = settings.suppression_threshold()
    countries = parties(wh) if args.all else [args.country]
    if not countries:
        raise BriefError("The warehouse lists no Party to the Anti-Trafficking Convention.")
    # the country, wave and language are checked before anything is written
    first, wave, lang = check(wh, countries[0], args.wave, args.lang)
    if not args.all:
        out = args.out or Path(f"{first}-{wave}-{lang}.pdf")
        out.write_bytes(render(wh, first, wave, lang, threshold))
        print(f"Wrote {out} ({out.stat().st_size / 1024:,.0f} kB): {first}, wave {wave}, {i18n.LANGS[lang]}.")
        return 0
    folder = args.out or Path("briefs")
    folder.mkdir(parents=True, exist_ok=True)
    compiler = new_compiler()
    started = time.perf_counter()
    for iso3 in countries:
        (folder / f"{iso3}.pdf").write_bytes(render(wh, iso3, wave, lang, threshold, compiler))
    took = time.perf_counter() - started
    print(f"Wrote {len(countries)} briefs to {folder}/ (wave {wave}, {i18n.LANGS[lang]}) in {took:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
