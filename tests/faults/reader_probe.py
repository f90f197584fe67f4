"""A reader that opens the warehouse the way the app does and answers until told to stop.

Run as ``python reader_probe.py DB STOPFILE SECONDS``; prints one JSON line per answer:
``{"t": ..., "build_id": ..., "counts": [...]}`` or ``{"t": ..., "error": "..."}``.
Like app/db.py: an in-memory database with the file ATTACHed read-only, a new connection when
the file's identity (inode, mtime) changes, the previous one kept open (the app caches two).
"""

from __future__ import annotations

import json
import os
import sys
import time

import duckdb

TABLES = ("case_counts", "technology_counts", "series", "answers", "waves")
# One statement: its answers all come from one snapshot of one attached file.
QUERY = "SELECT (SELECT max(build_id) FROM wh.meta.build_info), " + ", ".join(
    f"(SELECT count(*) FROM wh.marts.{table})" for table in TABLES
)


def main(path: str, stop: str, seconds: float) -> int:
    connections: dict[tuple[int, int], duckdb.DuckDBPyConnection] = {}
    current = None
    deadline = time.monotonic() + seconds
    while not os.path.exists(stop) and time.monotonic() < deadline:
        try:
            stat = os.stat(path)
            identity = (stat.st_ino, stat.st_mtime_ns)
            if identity != current:
                con = duckdb.connect(":memory:")
                con.execute("ATTACH ? AS wh (READ_ONLY)", [path])
                connections[identity] = con
                current = identity
                while len(connections) > 2:
                    connections.pop(next(iter(connections))).close()
            row = connections[current].cursor().execute(QUERY).fetchone()
            answer = {"t": time.time(), "build_id": row[0], "counts": list(row[1:])}
        except Exception as exc:  # every error is a finding: report it, keep answering
            answer = {"t": time.time(), "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
        time.sleep(0.01)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
