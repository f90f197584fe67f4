"""Benchmark: the country briefs of all 48 Parties against rendering one brief, in the same run.

    python -m benchmarks.bench_brief [--db PATH] [--wave 2025] [--lang en] [--repeat 3]

Without ``--db``, builds the demo warehouse (``data/demo``) into a temporary folder first.
Then, in one process:

- one brief: the profile page's download, France, from a fresh connection and a fresh
  typst compiler (the first one cold, then the median of ``--repeat`` more);
- all Parties: what ``python -m app.brief --all`` does (one reader that runs each statement
  once, one compiler), written to a temporary folder; the time spent gathering the figures
  and typesetting them is reported apart.

Prints the total, the time per brief and the ratios against one brief, and writes them as
JSON to ``benchmarks/out/brief.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.brief.content import build, open_warehouse, parties  # noqa: E402
from app.brief.typeset import from_file, new_compiler, typeset  # noqa: E402

THRESHOLD = 5


def one(db: Path, wave: str, lang: str) -> float:
    start = time.perf_counter()
    pdf = from_file(db, "FRA", wave, lang, THRESHOLD)
    assert pdf.startswith(b"%PDF-")
    return time.perf_counter() - start


def every_party(db: Path, wave: str, lang: str, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    wh = open_warehouse(db)
    compiler = new_compiler()
    gathering = typesetting = 0.0
    countries = parties(wh)
    for iso3 in countries:
        t0 = time.perf_counter()
        brief = build(wh, iso3, wave, lang, THRESHOLD)
        t1 = time.perf_counter()
        (out / f"{iso3}.pdf").write_bytes(typeset(brief, compiler))
        t2 = time.perf_counter()
        gathering += t1 - t0
        typesetting += t2 - t1
    total = time.perf_counter() - start
    return {"n": len(countries), "total_s": total, "gathering_s": gathering, "typesetting_s": typesetting}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, help="warehouse (default: build the demo one in a temporary folder)")
    p.add_argument("--wave", default="2025")
    p.add_argument("--lang", default="en")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_brief_") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "warehouse.duckdb"
            done = subprocess.run(
                [sys.executable, "-m", "etl", "build", "--db", str(db)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
        cold = one(db, args.wave, args.lang)
        warm = statistics.median(one(db, args.wave, args.lang) for _ in range(max(args.repeat, 1)))
        out = Path(tmp) / "briefs"
        out.mkdir()
        batch = every_party(db, args.wave, args.lang, out)
    per_brief = batch["total_s"] / batch["n"]
    result = {
        "wave": args.wave,
        "lang": args.lang,
        "one_brief_cold_s": round(cold, 3),
        "one_brief_s": round(warm, 3),
        "parties": batch["n"],
        "all_total_s": round(batch["total_s"], 2),
        "all_per_brief_s": round(per_brief, 3),
        "all_gathering_s": round(batch["gathering_s"], 2),
        "all_typesetting_s": round(batch["typesetting_s"], 2),
        "ratio_per_brief_to_one": round(per_brief / warm, 2),
        "ratio_total_to_one": round(batch["total_s"] / warm, 1),
    }
    print(f"one brief (FRA, {args.lang}): {cold:.2f} s cold, {warm:.2f} s warm (median of {args.repeat})")
    print(
        f"all {batch['n']} Parties: {batch['total_s']:.1f} s in total, {per_brief:.2f} s per brief "
        f"(figures {batch['gathering_s']:.1f} s, typesetting {batch['typesetting_s']:.1f} s)"
    )
    print(
        f"per brief / one brief: {result['ratio_per_brief_to_one']}; "
        f"all / one brief: {result['ratio_total_to_one']}"
    )
    target = ROOT / "benchmarks" / "out" / "brief.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
