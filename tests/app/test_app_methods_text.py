"""The scoring rules shown on the methods page come from the README."""

from __future__ import annotations

import pytest

from app.methods_text import FALLBACK, README, scoring_rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# T\n\n## Scoring rules\n\nMean over States.\n\n## Layout\n\nx\n", "Mean over States."),
        ("# T\n\n### How scores are computed\nA rule.\n# Next\n", "A rule."),
        ("# T\n\n## Layout\n\nnothing on scores here\n", FALLBACK),
        ("# T\n\n## Scoring\n\n## Layout\n", FALLBACK),
    ],
)
def test_scoring_section_or_fallback(tmp_path, text, expected):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert scoring_rules(readme) == expected


def test_missing_readme_gives_the_fallback(tmp_path):
    assert scoring_rules(tmp_path / "missing.md") == FALLBACK


def test_project_readme_has_the_section():
    assert README.exists()
    assert scoring_rules() != FALLBACK
    assert "gap" in scoring_rules().lower()
