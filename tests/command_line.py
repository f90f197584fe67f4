"""A command's ``main`` run in the test's own process, as ``python -m`` would run it.

A subprocess pays about a second of imports, which most command-line tests do not need: they
check what the command prints and returns. Each entry point (``python -m etl``,
``python -m app.brief``) keeps real subprocess tests of its own.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def run_main(
    main: Callable[[Sequence[str] | None], int],
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``main(args)`` with its output captured, in ``env`` and ``cwd`` if given; an exception
    it lets out fails the test, as a traceback would."""
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess([main.__module__, *args], code, out.getvalue(), err.getvalue())
