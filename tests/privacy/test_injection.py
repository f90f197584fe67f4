"""Link parameters and uploads cannot reach SQL as text, and cannot change the warehouse.

Every URL parameter of every page gets SQL injection strings, very long strings, NUL bytes
and odd Unicode: the page runs without an exception, says it ignored the value, and the
warehouse file keeps its bytes. The file-check upload gets the same strings as its file
name and content. A static check lists where SQL text is built in ``app/`` and ``pages/``
and allows only identifiers from allow-lists there.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from privacy_helpers import PAGES, ROOT, all_text, open_page, sha256, write_warehouse

from app.urlstate import SHARED_KEYS

INJECTIONS = (
    "' OR 1=1 --",
    '"; DROP TABLE marts.countries; --',
    "ALB') UNION SELECT * FROM meta.loads --",
    "A" * 20_000,
    "ALB\x00'; DELETE FROM marts.countries; --",
    "\u202eBLA\u0301\U0001f642 \ufeff\u200d Ω",
)
MULTI = ("countries", "compare_countries")


def url_keys(page: str) -> list[str]:
    """The URL parameters a page reads: the ``key`` of each ``urlstate`` widget in its source."""
    tree = ast.parse((ROOT / page).read_text(encoding="utf-8"))
    keys = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "urlstate"
        ):
            keys += [
                k.value.value for k in node.keywords if k.arg == "key" and isinstance(k.value, ast.Constant)
            ]
    return keys


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("inject") / "warehouse.duckdb")


@pytest.fixture
def app_on(target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("THB_WAREHOUSE", str(target))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    return target


def test_every_page_has_its_url_keys_found():
    # the pages below are driven by the keys found here: none found would test nothing
    found = {page: url_keys(page) for page in PAGES}
    assert all(found.values()), found
    assert "trends_dim" in found["pages/trends.py"]
    assert "methods_relation" in found["pages/methods.py"]


@pytest.mark.parametrize("shift", [0, 3])
@pytest.mark.parametrize("page", PAGES)
def test_injection_through_every_url_parameter(app_on, page, shift):
    before = sha256(app_on)
    keys = [*SHARED_KEYS, *url_keys(page)]
    params = {}
    for i, key in enumerate(keys):
        # a multi-valued parameter gets every string at once; the others one each, in turn
        params[key] = ",".join(INJECTIONS) if key in MULTI else INJECTIONS[(i + shift) % len(INJECTIONS)]
    at = open_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    notes = "\n".join(all_text(at))
    drawn = {w.key for kind in ("selectbox", "multiselect") for w in getattr(at, kind)}
    # the shared filters read the link on the first page opened, where their note shows
    checked = keys if page == PAGES[0] else url_keys(page)
    for key in checked:
        if key in drawn:
            assert f"`{key}`" in notes, f"no note for the unusable value of {key}"
    # values are echoed cut short, never whole
    assert "A" * 100 not in notes
    assert "\x00" not in notes
    assert sha256(app_on) == before


HOSTILE_CSV = (
    b"country_iso3,year,indicator,value,source,vintage\n"
    b'"ALB\'); DROP TABLE marts.countries; --",2020,detected_victims,12,"\' OR 1=1 --",2024-01-31\n'
    b"ALB,2020,\"x'); UPDATE marts.countries SET name='pwned' --\",3,UNODC,2024-01-31\n"
    b'AUT,2021,detected_victims,"1; DROP TABLE meta.loads",UNODC,2024-01-31\n'
)


@pytest.mark.parametrize(
    ("name", "data", "mapping"),
    [
        ("series'); DROP TABLE marts.countries; --.csv", HOSTILE_CSV, None),
        ("ALB') UNION SELECT * FROM meta.loads --.csv", HOSTILE_CSV, None),
        (
            "long.csv",
            HOSTILE_CSV,
            (b'{"country": "\' OR 1=1 --", "year": "year", "values": {"x\\"; DROP": "y"}}'),
        ),
        ("nul.csv", b"country_iso3,year\x00,value\nALB,2020,5\n", None),
        ("\u202eunicode\U0001f642.csv", "country_iso3,\u00fd\u0301ear,value\nALB,2020,5\n".encode(), None),
        ("A" * 300 + ".csv", HOSTILE_CSV, None),
    ],
)
def test_injection_through_the_file_check_upload(app_on, name, data, mapping):
    before = sha256(app_on)
    at = open_page("pages/overview.py")
    at.switch_page("pages/file_check.py").run()
    at.file_uploader(key="file_check_upload").upload(name, data)
    if mapping is not None:
        at.file_uploader(key="file_check_mapping").upload("mapping.json", mapping)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error or at.success, "the check said nothing about the upload"
    assert sha256(app_on) == before


# ---------------------------------------------------------------- static check of SQL text

#: Expressions that may appear inside SQL text built with an f-string, and why each is safe.
ALLOWED_IN_SQL = {
    "ALIAS": "the constant name the warehouse is attached under",
    "name": "a relation name checked against PUBLIC_RELATIONS (allowed())",
    "relation": "a relation name from an allow-listed constant (MAP_MEASURES, SERIES_MARTS)",
    "value": "an SQL expression from the MAP_MEASURES constant",
}
#: Keyword arguments of sql() that fill {placeholders} of an .sql file, and why each is safe.
ALLOWED_PLACEHOLDERS = {
    "relation": "from DIMENSIONS or _COMPARISONS, checked with allowed()",
    "category": "a dimension checked with allowed(), a constant column, or the literal 'all'",
    "measure": "checked with allowed() against MEASURES",
    "value": "an SQL expression from the _COMPARISONS constant",
    "mean_name": "a column name from the _COMPARISONS constant",
}
SQL_CALLS = ("frame", "execute", "run", "query")


def _sql_argument(call: ast.Call) -> ast.expr | None:
    """The SQL text of a call that runs SQL, or None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in SQL_CALLS:
        return None
    index = 1 if name == "run" else 0
    return call.args[index] if len(call.args) > index else None


def _is_sql_file(node: ast.expr) -> bool:
    """A call of the query layer's sql("<file>", ...) loader."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sql"


def _sources() -> list[Path]:
    return sorted(
        [
            *(ROOT / "app").glob("*.py"),
            *(ROOT / "app" / "queries").glob("*.py"),
            *(ROOT / "pages").glob("*.py"),
            ROOT / "dashboard.py",
        ]
    )


def _problems(path: Path) -> list[str]:
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # names bound to the sql() loader's result may be passed on as SQL text
    loaded = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_sql_file(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path.name}:{node.lineno}"
        if _is_sql_file(node):
            if not node.args or not isinstance(node.args[0], ast.Constant):
                problems.append(f"{where}: sql() names its file by a constant only")
            for keyword in node.keywords:
                if keyword.arg not in ALLOWED_PLACEHOLDERS:
                    problems.append(f"{where}: placeholder {keyword.arg!r} is not on the allow-list")
            continue
        sql = _sql_argument(node)
        if sql is None:
            continue
        if isinstance(sql, ast.JoinedStr):
            for part in sql.values:
                if isinstance(part, ast.FormattedValue):
                    text = ast.unparse(part.value)
                    if text not in ALLOWED_IN_SQL:
                        problems.append(f"{where}: {{{text}}} is not an allow-listed identifier")
        elif isinstance(sql, ast.BinOp) or (
            isinstance(sql, ast.Call) and isinstance(sql.func, ast.Attribute) and sql.func.attr == "format"
        ):
            problems.append(f"{where}: SQL built by concatenation or str.format")
        elif _is_sql_file(sql) or (isinstance(sql, ast.Name) and sql.id in loaded):
            continue
        elif isinstance(sql, ast.Name) and sql.id == "sql" and path.name in ("_base.py", "db.py"):
            continue  # the reader's own parameter: the checked text of its callers
        elif not isinstance(sql, ast.Constant):
            problems.append(f"{where}: SQL text from {ast.unparse(sql)!r}")
    return problems


def test_sql_text_is_built_only_from_allow_listed_identifiers():
    problems = [p for path in _sources() for p in _problems(path)]
    assert not problems, "\n".join(problems)


def test_sql_files_have_only_allow_listed_placeholders():
    for path in (ROOT / "app" / "sql").glob("*.sql"):
        found = set(re.findall(r"\{([a-z_]+)\}", path.read_text(encoding="utf-8")))
        assert found <= set(ALLOWED_PLACEHOLDERS), f"{path.name}: {found - set(ALLOWED_PLACEHOLDERS)}"


def test_the_static_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "con.execute(f\"select * from t where name = '{user}'\")\n"
        "wh.frame(sql(name, measure=m, where=w))\n"
        "wh.frame('select 1' + user)\n",
        encoding="utf-8",
    )
    problems = _problems(bad)
    assert any("{user}" in p for p in problems)
    assert any("sql() names its file" in p for p in problems)
    assert any("'where'" in p for p in problems)
    assert any("concatenation" in p for p in problems)


def test_pages_run_no_sql_of_their_own():
    # every query lives in app/queries/ (and the connection in app/db.py)
    for path in (ROOT / "pages").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bduckdb\b|\.execute\(|\.sql\(", text), f"{path.name} runs SQL itself"
