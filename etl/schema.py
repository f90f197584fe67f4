"""The warehouse's schema, shared by the ETL that writes it and the app that reads it.

Every relation of the public warehouse is declared once, as data, in ``etl/warehouse.toml``
(its header says how). From it come the data tests each build runs, the tables of
``docs/warehouse.md``, the app's lists of relations and count columns, and the columns of the
release's count tables. The file is read with :mod:`tomllib`, which the standard library has.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from etl.reference import vocabularies

#: Bump when a public relation changes shape; the app refuses another version with a clear message.
SCHEMA_VERSION = 4

CONTRACT_FILE = Path(__file__).with_name("warehouse.toml")
SCHEMAS = ("marts", "meta")

_RELATION_KEYS = {"description", "key", "unique", "release", "download", "checks", "columns"}
_COLUMN_KEYS = {
    "type",
    "description",
    "unit",
    "not_null",
    "count",
    "vocabulary",
    "values",
    "references",
    "except",
    "min",
    "max",
}


class ContractError(ValueError):
    """``etl/warehouse.toml`` says something this module does not understand."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    unit: str | None = None
    not_null: bool = False
    #: a count of cases or victims, which the app shows as ``<5`` when small
    count: bool = False
    vocabulary: str | None = None
    values: tuple[str, ...] = ()
    #: ``"<relation>.<column>"`` every non-null value must be found in
    references: str | None = None
    #: values accepted without being in the vocabulary or values, or found in ``references``
    exceptions: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Unique:
    columns: tuple[str, ...]
    where: str | None = None


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    unique: tuple[Unique, ...] = ()
    #: one of the protected release's relations (:mod:`etl.release`)
    release: bool = False
    #: offered for download by the app (a public relation of ``marts``)
    download: bool = True
    #: SQL conditions every row must meet
    checks: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def count_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.count)

    def ddl(self) -> str:
        """The column list of a ``CREATE TABLE``.

        >>> relation("modus_operandi_counts").ddl()
        '"source" VARCHAR, "year" INTEGER, "modus_operandi" VARCHAR, "cases" BIGINT, "is_synthetic" BOOLEAN'
        """
        return ", ".join(f'"{c.name}" {c.type}' for c in self.columns)


@cache
def relations(schema: str | None = None) -> tuple[Relation, ...]:
    """The declared relations (of one schema), in the order of the file.

    >>> [r.name for r in relations("meta")]
    ['build_info', 'loads', 'problems']
    """
    if schema is not None:
        return tuple(r for r in relations() if r.schema == schema)
    with CONTRACT_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    if unknown := set(data) - set(SCHEMAS):
        raise ContractError(f"unknown schema(s) {sorted(unknown)}: expected {', '.join(SCHEMAS)}")
    out = tuple(
        _relation(schema_name, name, spec)
        for schema_name in SCHEMAS
        for name, spec in data.get(schema_name, {}).items()
    )
    names = [r.name for r in out]
    if repeated := sorted({n for n in names if names.count(n) > 1}):
        raise ContractError(f"relation name(s) {repeated} declared in more than one schema")
    _check_references(out)
    return out


def relation(name: str) -> Relation:
    """A declared relation by its name (names are unique across schemas)."""
    for found in relations():
        if found.name == name:
            return found
    raise KeyError(name)


def _relation(schema: str, name: str, spec: dict[str, Any]) -> Relation:
    where = f"{schema}.{name}"
    if unknown := set(spec) - _RELATION_KEYS:
        raise ContractError(f"{where}: unknown key(s) {sorted(unknown)}")
    if not spec.get("description") or not spec.get("columns"):
        raise ContractError(f"{where}: a description and columns are required")
    columns = tuple(_column(where, column, given) for column, given in spec["columns"].items())
    names = {c.name for c in columns}
    unique = tuple(Unique(tuple(u["columns"]), u.get("where")) for u in spec.get("unique", ()))
    for cols in [spec.get("key", ()), *(u.columns for u in unique)]:
        if missing := set(cols) - names:
            raise ContractError(f"{where}: key or unique column(s) {sorted(missing)} not declared")
    return Relation(
        schema=schema,
        name=name,
        description=spec["description"],
        columns=columns,
        key=tuple(spec.get("key", ())),
        unique=unique,
        release=bool(spec.get("release", False)),
        download=bool(spec.get("download", schema == "marts")),
        checks=tuple(spec.get("checks", ())),
    )


def _column(where: str, name: str, spec: dict[str, Any]) -> Column:
    if unknown := set(spec) - _COLUMN_KEYS:
        raise ContractError(f"{where}.{name}: unknown key(s) {sorted(unknown)}")
    if not spec.get("type") or not spec.get("description"):
        raise ContractError(f"{where}.{name}: a type and a description are required")
    if spec.get("vocabulary") is not None and spec["vocabulary"] not in vocabularies():
        raise ContractError(f"{where}.{name}: no vocabulary {spec['vocabulary']!r} in codes.csv")
    return Column(
        name=name,
        type=spec["type"],
        description=spec["description"],
        unit=spec.get("unit"),
        not_null=bool(spec.get("not_null", False)),
        count=bool(spec.get("count", False)),
        vocabulary=spec.get("vocabulary"),
        values=tuple(spec.get("values", ())),
        references=spec.get("references"),
        exceptions=tuple(spec.get("except", ())),
        min=spec.get("min"),
        max=spec.get("max"),
    )


def _check_references(declared: tuple[Relation, ...]) -> None:
    columns = {(r.name, c.name) for r in declared for c in r.columns}
    for r in declared:
        for c in r.columns:
            if c.references and tuple(c.references.split(".", 1)) not in columns:
                raise ContractError(f"{r.qualified}.{c.name}: references undeclared {c.references}")


# -- data tests --------------------------------------------------------------------------


@dataclass(frozen=True)
class DataTest:
    """One rule of the contract as a query returning the rows that break it, and as an
    aggregate over its ``table`` that is true when the rule is broken (the rules of a table
    are tested together, in one scan of it)."""

    name: str
    sql: str
    table: str
    failed_when: str


def data_tests(declared: tuple[Relation, ...] | None = None) -> list[DataTest]:
    """Every data test of the declared relations: unique keys, not null, accepted values,
    relationships, ranges and row checks.

    >>> [t.name for t in data_tests() if t.name.startswith("stage_counts.stage")]
    ['stage_counts.stage: not null', 'stage_counts.stage: accepted values']
    """
    out = []
    for rel in declared if declared is not None else relations():
        table = rel.qualified
        if rel.key:
            out.append(_unique(rel, Unique(rel.key), "key"))
        out += [_unique(rel, u, "unique") for u in rel.unique]
        for col in rel.columns:
            out += _column_tests(rel, col)
        for check in rel.checks:
            out.append(_row_test(f"{rel.name}: check {check}", table, f"not ({check})"))
    return out


def failures(
    con: duckdb.DuckDBPyConnection, tests: list[DataTest] | None = None
) -> list[tuple[DataTest, list[tuple[Any, ...]]]]:
    """The tests that find rows in the database of ``con``, each with up to five of them.

    One query, one scan of each table, tells which tests fail: it costs less than a few
    hundred statements.
    """
    tests = data_tests() if tests is None else tests
    if not tests:
        return []
    by_table: dict[str, list[int]] = {}
    for i, test in enumerate(tests):
        by_table.setdefault(test.table, []).append(i)
    parts = [
        "(select list_filter(["
        + ", ".join(f"case when {tests[i].failed_when} then {i} end" for i in indexes)
        + f"], lambda i: i is not null) as failing from {table})"
        for table, indexes in by_table.items()
    ]
    failing = sorted({i for (found,) in con.execute(" union all ".join(parts)).fetchall() for i in found})
    return [(tests[i], con.execute(tests[i].sql).fetchmany(5)) for i in failing]


def _row_test(name: str, table: str, condition: str) -> DataTest:
    """A rule that each row must keep: ``condition`` is true for a row that breaks it."""
    return DataTest(name, f"select * from {table} where {condition}", table, f"bool_or({condition})")


def _unique(rel: Relation, unique: Unique, what: str) -> DataTest:
    cols = ", ".join(f'"{c}"' for c in unique.columns)
    where = f" where {unique.where}" if unique.where else ""
    within = f" filter (where {unique.where})" if unique.where else ""
    return DataTest(
        f"{rel.name}: {what} ({', '.join(unique.columns)})",
        f"select {cols}, count(*) as n from {rel.qualified}{where} group by {cols} having count(*) > 1",
        rel.qualified,
        # row(...) counts keys holding NULL as values, as GROUP BY does
        f"count(*){within} <> count(distinct row({cols})){within}",
    )


def _column_tests(rel: Relation, col: Column) -> list[DataTest]:
    table, name = rel.qualified, f"{rel.name}.{col.name}"
    column = f'"{col.name}"'
    out = []

    def offending(what: str, condition: str) -> None:
        where = f"{column} is not null and ({condition})"
        out.append(
            DataTest(
                f"{name}: {what}",
                f"select {column}, count(*) as n from {table} where {where} group by {column}",
                table,
                f"bool_or({where})",
            )
        )

    if col.not_null:
        out.append(_row_test(f"{name}: not null", table, f"{column} is null"))
    accepted = _accepted_values(col)
    if accepted is not None:
        offending("accepted values", f"{column} not in ({_literals(accepted)})")
    if col.references:
        parent_name, parent_column = col.references.split(".", 1)
        parent = relation(parent_name)
        condition = f'{column} not in (select "{parent_column}" from {parent.qualified})'
        if col.exceptions:
            condition += f" and {column} not in ({_literals(col.exceptions)})"
        offending(f"relationship to {col.references}", condition)
    if col.min is not None or col.max is not None:
        bounds = [f"{column} < {col.min!r}"] if col.min is not None else []
        bounds += [f"{column} > {col.max!r}"] if col.max is not None else []
        offending("range", " or ".join(bounds))
    return out


def _accepted_values(col: Column) -> tuple[str, ...] | None:
    """The values a column may hold, when the contract restricts them (None otherwise)."""
    if col.vocabulary is None and not col.values:
        return None
    codes = sorted(vocabularies()[col.vocabulary]) if col.vocabulary else []
    return tuple(dict.fromkeys([*col.values, *codes, *col.exceptions]))


def _literals(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


# -- documentation -----------------------------------------------------------------------

_REGION = re.compile(r"(<!-- contract: (\w+) -->\n)(.*?)(<!-- /contract -->)", re.S)
DOCS_NOTE = "<!-- generated from etl/warehouse.toml by `python -m etl contract --write-docs` -->"


def render_docs(text: str) -> str:
    """``text`` (docs/warehouse.md) with each ``<!-- contract: <schema> -->`` region
    generated anew from the contract."""
    return _REGION.sub(lambda m: m[1] + docs_tables(m[2]) + m[4], text)


def docs_tables(schema: str) -> str:
    """Markdown of a schema's relations: a summary, then every relation's columns."""
    declared = relations(schema)
    if not declared:
        raise ContractError(f"no relation of schema {schema!r} is declared")
    lines = [DOCS_NOTE, "", "| relation | key | one row is |", "|---|---|---|"]
    lines += [
        f"| [`{r.name}`](#{schema}{r.name}) | {_names(r.key) or '-'} | {_cell(r.description)} |"
        for r in declared
    ]
    for r in declared:
        lines += ["", f"#### `{schema}.{r.name}`", "", r.description, ""]
        facts = []
        if r.key:
            facts.append(f"Key: {_names(r.key)}.")
        facts += [
            f"Unique: {_names(u.columns)}" + (f" where `{u.where}`" if u.where else "") + "."
            for u in r.unique
        ]
        facts += [f"Every row: `{check}`." for check in r.checks]
        if r.release:
            facts.append("Part of the protected release.")
        if schema == "marts" and not r.download:
            facts.append("Not offered for download by the app.")
        if facts:
            lines += [" ".join(facts), ""]
        lines += ["| column | type | description | rules |", "|---|---|---|---|"]
        lines += [
            f"| `{c.name}` | {c.type} | {_cell(c.description)} | {_cell(_rules(c))} |" for c in r.columns
        ]
    return "\n".join(lines) + "\n"


def _rules(col: Column) -> str:
    rules = []
    if col.not_null:
        rules.append("not null")
    if col.unit:
        rules.append(f"unit: {col.unit}")
    if col.min is not None and col.max is not None:
        rules.append(f"{col.min:g} to {col.max:g}")
    elif col.min is not None:
        rules.append(f"at least {col.min:g}")
    elif col.max is not None:
        rules.append(f"at most {col.max:g}")
    if col.vocabulary:
        rules.append(f"a code of `{col.vocabulary}`")
    if col.values:
        rules.append("one of " + _names(col.values))
    if col.references:
        rules.append(f"found in `{col.references}`")
    if col.exceptions:
        rules.append("or " + _names(col.exceptions))
    if col.count:
        rules.append("a count: `<5` when small")
    return "; ".join(rules)


def _names(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
