"""The real public files in ../shared/external, for tests that need them.

Where ``CI`` is set the folder must be there: a test that needs it and does not find it
fails instead of skipping, so that CI never passes by testing nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "external"


def external(name: str, *, folder: bool = False) -> Path:
    """The path of a real file (or ``folder``), or skip (fail under CI) when it is not there."""
    path = EXTERNAL / name
    if not (path.is_dir() if folder else path.is_file()):
        message = f"the real {'folder' if folder else 'file'} {name} is not in {EXTERNAL}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must have ../shared/external)")
        pytest.skip(message)
    return path
