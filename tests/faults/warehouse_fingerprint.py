"""What a warehouse holds, compared before and after a fault."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    #: (schema.table) -> (row count, sum of row hashes), for every table of marts and meta
    tables: dict[str, tuple[int, int]]

    @property
    def marts(self) -> dict[str, tuple[int, int]]:
        """The public relations: equal for two builds of the same inputs (meta holds times and ids)."""
        return {name: value for name, value in self.tables.items() if name.startswith("marts.")}

    @property
    def rows(self) -> dict[str, int]:
        return {name: count for name, (count, _) in self.tables.items()}


def fingerprint(db: Path) -> Fingerprint:
    """Hash the file's bytes first, then open it read-only and checksum every table."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('marts', 'meta') AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        tables = {}
        for (name,) in names:
            # names come from the catalogue, not from a user
            count, total = con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {name} AS t"
            ).fetchone()
            tables[name] = (count, int(total))
    finally:
        con.close()
    return Fingerprint(digest, tables)
