"""A command's ``main`` run in the test's own process, as ``python -m`` would run it.

A subprocess pays about a second of imports, which most command-line tests do not need: they
check what the command prints and returns. Each entry point (``python -m etl``,
``python -m app.brief``) keeps real subprocess tests of its own.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable, Sequence


def run_main(main: Callable[[Sequence[str] | None], int], *args: str) -> subprocess.CompletedProcess[str]:
    """``main(args)`` with its output captured; an exception it lets out fails the test, as a
    traceback would."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess([main.__module__, *args], code, out.getvalue(), err.getvalue())
