"""The questionnaire diff between waves, for ``etl check`` and ``etl diff``.

The build keeps the same comparison as ``marts.questionnaire_diff``; here it is run on
wave folders in a database that is thrown away.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb

from etl import sql
from etl.problems import InputError

#: Items listed one by one under a pair of waves before the rest are only counted.
SHOWN = 40


def wave_year(folder: Path) -> tuple[int, str]:
    """(year, name) of a wave folder, for ordering; year 0 when wave.csv cannot tell."""
    try:
        with (folder / "wave.csv").open(encoding="utf-8-sig", newline="") as handle:
            row = next(csv.DictReader(handle), {}) or {}
        return int(float(row.get("year") or 0)), folder.name
    except (OSError, ValueError, csv.Error, UnicodeDecodeError):
        return 0, folder.name


def previous_wave(folder: Path) -> Path | None:
    """The wave folder beside ``folder`` that comes just before it (by year, then name)."""
    folder = Path(folder)
    siblings = [p for p in folder.parent.iterdir() if p.is_dir() and (p / "wave.csv").exists()]
    earlier = [p for p in siblings if p != folder and wave_year(p) < wave_year(folder)]
    return max(earlier, key=wave_year, default=None)


def compare(folders: list[Path]) -> list[dict[str, Any]]:
    """Rows of the questionnaire diff of these waves (every pair, earlier to later)."""
    from etl.build import create_raw_views, write_meta
    from etl.load import Loader, reference_views

    con = duckdb.connect(":memory:")
    try:
        loader = Loader(con, reference=reference_views)
        for folder in folders:
            loader.load_wave(Path(folder))
        loader.raise_for_errors()
        for schema in ("meta", "staging", "marts"):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        write_meta(con, loader.loads, "diff", Path(folders[0]).parent)
        create_raw_views(con, loader.loads)
        for _, model in sql.models("staging"):
            con.execute(model)
        con.execute(dict(sql.models("marts"))["questionnaire_diff"])
        frame = con.execute("SELECT * FROM marts.questionnaire_diff").fetchdf()
        rows: list[dict[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return rows
    finally:
        con.close()


def render(rows: list[dict[str, Any]], shown: int = SHOWN) -> list[str]:
    """A summary per pair of waves, then each item that may not be compared, and why."""
    lines: list[str] = []
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        pairs.setdefault((row["from_wave"], row["to_wave"]), []).append(row)
    for (old, new), items in pairs.items():
        count = {
            s: sum(r["status"] == s for r in items) for s in ("unchanged", "changed", "added", "removed")
        }
        comparable = sum(bool(r["comparable"]) for r in items)
        lines.append(
            f"questionnaire diff {old} -> {new}: {comparable} comparable item(s) of {len(items)}; "
            f"{count['added']} added, {count['removed']} removed, {count['changed']} changed, "
            f"{count['unchanged']} unchanged"
        )
        left_out = [r for r in items if not r["comparable"]]
        for r in left_out[:shown]:
            name = f"{r['to_question_id'] or r['from_question_id']}/{r['to_item'] or r['from_item']}"
            measure = (
                f" [{r['measure']} {r['domain'] or ''} {r['code'] or ''}]".replace("  ", " ")
                if r["measure"]
                else ""
            )
            lines.append(f"  not comparable: {name}{measure}: {r['reason']}")
        if len(left_out) > shown:
            lines.append(f"  ... {len(left_out) - shown} more item(s) not comparable")
        changed = [r for r in items if r["comparable"] and r["changes"]]
        if changed:
            lines.append(
                f"  comparable with a note: {len(changed)} item(s) changed their missing-answer codes"
            )
    return lines


def lines_for(folder: Path) -> list[str]:
    """The diff of a wave folder against the wave before it, for ``etl check``."""
    previous = previous_wave(folder)
    if previous is None:
        return []
    try:
        return render(compare([previous, folder]))
    except InputError:
        return [f"questionnaire diff with {previous.name}: not computed, a wave has errors"]
