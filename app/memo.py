"""Results kept in the server's memory and shared by every session, looked up in a dict.

Streamlit's caches hash every argument with their own hasher (and inspect the function's
signature) on every call: with dozens of lookups in a page run, that cost more than the page's
own work once its results were kept. The results kept here are looked up by their keys, plain
hashable values (text, numbers, tuples, frozen dataclasses), compared for equality like any
dict key. Each :class:`Memo` holds at most ``max_entries`` results, dropping the least
recently used; a result is made once even when several sessions ask for it at the same time.

Kept results are shared: a caller must not change one (see :func:`app.queries._base.fresh`).
"""

from __future__ import annotations

import threading
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: Every memo of the process, so that all can be emptied at once (benchmarks, tests).
_ALL: list[Memo] = []


class Memo:
    """A bounded, thread-safe store of results by key."""

    def __init__(self, name: str, max_entries: int) -> None:
        self.name = name
        self.max_entries = max_entries
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        _ALL.append(self)

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The result kept under ``key``, made with ``make()`` when there is none.

        >>> memo = Memo("example", max_entries=2)
        >>> memo.get(("a", 1), lambda: "made")
        'made'
        >>> memo.get(("a", 1), lambda: "made again")
        'made'
        """
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return typing.cast(T, self._results[key])
            making = self._making.setdefault(key, threading.Lock())
        with making:  # one session makes it; the others wait for its result
            with self._lock:
                if key in self._results:
                    return typing.cast(T, self._results[key])
            try:
                result = make()
            except BaseException:
                with self._lock:  # the next caller tries again
                    if self._making.get(key) is making:
                        del self._making[key]
                raise
            with self._lock:  # kept and no longer being made in one step: nobody makes it twice
                self._results[key] = result
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
                if self._making.get(key) is making:
                    del self._making[key]
            return result

    def clear(self) -> None:
        """Forget every result (one being made is still kept when it is done)."""
        with self._lock:
            self._results.clear()


def clear_all() -> None:
    """Empty every memo of the process."""
    for memo in _ALL:
        memo.clear()


def key_of(value: Any) -> Hashable:
    """``value`` as a dict key: lists as tuples, dicts as tuples of their items, recursively.

    Raises TypeError for a value that has no such form (a frame, a mutable object).

    >>> key_of({"filters": [("measure", "cases")], "years": (2019, 2025)})
    (('filters', (('measure', 'cases'),)), ('years', (2019, 2025)))
    """
    if isinstance(value, list | tuple):
        return tuple(key_of(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, key_of(v)) for k, v in value.items())
    hash(value)  # TypeError when it has no hash
    return typing.cast(Hashable, value)
