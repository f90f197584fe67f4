"""The disclosure audit against the design the protected release replaced.

    git worktree add --detach /tmp/previous 45a730e
    python -m benchmarks.audit_previous_design --checkout /tmp/previous --cases 3000 20000

Until commit 45a730e the warehouse held exact counts, and the app withheld small ones per
view, with complementary suppression (``app/queries.py``, ``app/suppression.py``). This
script builds a warehouse of generated case records with that checkout's ETL, enumerates
that checkout's views through its query layer (no country, single countries, all but one,
random choices; every breakdown, measure and filter value; headline, map, online share,
fastest-rising technologies, every download), and runs the same attacker as
``tests/privacy/test_attack.py`` against the exact counts. It prints the same table, so the
two designs can be compared; ``benchmarks/out/audit_previous.json`` keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Runs inside the old checkout (its ``app`` and ``etl`` on the path) and prints JSON results.
ADAPTER = Path(__file__).with_name("previous_design_views.py")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkout", type=Path, required=True, help="a checkout of the previous design")
    parser.add_argument("--cases", type=int, nargs="+", default=[3000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--every-country", action="store_true", help="every single and all-but-one choice")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.cases:
            source, db = Path(tmp) / f"src-{n}", Path(tmp) / f"w-{n}.duckdb"
            for step in (
                ["-m", "etl", "demo", "--out", str(source), "--cases", str(n), "--seed", str(args.seed)],
                ["-m", "etl", "build", "--source", str(source), "--db", str(db), "--quiet"],
            ):
                subprocess.run(
                    [sys.executable, *step], cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL
                )
            done = subprocess.run(
                [
                    sys.executable,
                    str(ADAPTER),
                    str(db),
                    "all" if args.every_country else "sample",
                    str(ROOT / "tests" / "privacy"),
                ],
                cwd=checkout,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            table = "\n".join(done.stderr.strip().splitlines()[-10:])
            print(f"\nprevious design, {n:,} cases:\n{table}")
            results.append({"cases": n, **json.loads(done.stdout)})
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "audit_previous.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
