"""What the Data and methods page shows: the build, its files and problems, the codebook,
the release's plan, and every public relation for download."""

from __future__ import annotations

import pandas as pd

from app.queries._base import Reader, allowed
from etl import schema

#: Every relation a reader may download, in the order the methods page lists them: the
#: public relations of the warehouse contract (``etl/warehouse.toml``) offered for download.
PUBLIC_RELATIONS: tuple[str, ...] = tuple(r.name for r in schema.relations("marts") if r.download)

#: Count columns of each public relation: shown as ``<5`` when small, like every count.
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    r.name: r.count_columns for r in schema.relations("marts") if r.count_columns
}


def build_info(wh: Reader) -> pd.DataFrame:
    """The one row of ``meta.build_info``."""
    return wh.frame(
        "select build_id, schema_version, built_at, source_dir, is_synthetic from wh.meta.build_info"
    )


def loads(wh: Reader) -> pd.DataFrame:
    """One row per loaded input file (no row counts for protected case files)."""
    return wh.frame(
        "select load_id, family, file, sheet, rows_read, rows_loaded, rows_rejected, started_at, "
        "finished_at, outcome, message from wh.meta.loads order by started_at, file"
    )


def problems(wh: Reader, limit: int = 1000) -> tuple[int, pd.DataFrame]:
    """How many rows were rejected or quarantined, and the first ``limit`` reasons.

    The offending cell value is left out: a public page should not echo input cells.
    """
    total = int(wh.frame("select count(*) as n from wh.meta.problems")["n"].iloc[0])
    df = wh.frame(
        'select file, sheet, "row", "column", expected, severity from wh.meta.problems '
        'order by file, "row" limit $limit',
        {"limit": int(limit)},
    )
    return total, df


def codebook(wh: Reader, vocabulary: str | None = None) -> pd.DataFrame:
    """Codes and labels of one vocabulary, or of all when None."""
    return wh.frame(
        "select vocabulary, code, lang, label from wh.marts.labels "
        "where $vocabulary::varchar is null or vocabulary = $vocabulary order by vocabulary, code, lang",
        {"vocabulary": vocabulary},
    )


def release_plan(wh: Reader) -> pd.DataFrame:
    """The release's tables: what each publishes, at which level, with how much noise."""
    return wh.frame(
        "select family, relation, measure, categories, level, sigma, max_contributions, rho, description "
        "from wh.marts.release_plan"
    )


def relation_size(wh: Reader, relation: str) -> int:
    """Rows in a public relation."""
    name = allowed(relation, PUBLIC_RELATIONS, "relation")
    return int(wh.frame(f"select count(*) as n from wh.marts.{name}")["n"].iloc[0])


def public_relation(wh: Reader, relation: str, limit: int | None = None) -> pd.DataFrame:
    """A public relation, or its first ``limit`` rows, as the warehouse holds it."""
    name = allowed(relation, PUBLIC_RELATIONS, "relation")
    if limit is None:
        return wh.frame(f"select * from wh.marts.{name}")
    return wh.frame(f"select * from wh.marts.{name} limit $limit", {"limit": int(limit)})
