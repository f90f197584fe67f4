"""Tests that need the real files of ../shared/external fail where ``CI`` is set, never skip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import shared_external

TESTS = Path(__file__).resolve().parents[1]


def test_a_missing_file_skips_on_a_workstation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shared_external, "EXTERNAL", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        shared_external.external("unodc_data_glotip.xlsx")
    with pytest.raises(pytest.skip.Exception):
        shared_external.external("surveys", folder=True)


def test_a_missing_file_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shared_external, "EXTERNAL", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have"):
        shared_external.external("unodc_data_glotip.xlsx")
    (tmp_path / "surveys").write_text("a file, not the folder", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="CI must have"):
        shared_external.external("surveys", folder=True)


def _path_strings(path: Path) -> list[tuple[int, str]]:
    """The text constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_every_test_reaches_the_real_files_through_the_helper() -> None:
    # a path to ../shared built anywhere else would skip (or pass) silently under CI
    helper = TESTS / "importers" / "shared_external.py"
    offenders = [
        f"{path.relative_to(TESTS)}:{line}: {text!r}"
        for path in sorted(TESTS.rglob("*.py"))
        if path not in (helper, Path(__file__).resolve())
        for line, text in _path_strings(path)
        if text in ("shared", "external") or "shared/external" in text
    ]
    assert offenders == []
