"""Filters that live in the URL, so that copying the address reproduces the view.

Streamlit 1.67's ``bind="query-params"`` writes the option's *label* into the URL and drops
invalid values silently; here the URL carries stable codes (``?countries=ALB,AUT``) and
anything it cannot use is reported with a visible note. The rule: a widget key missing from
the session is seeded from the URL (or the default); after the widget is drawn its value is
written back, and a value equal to the default leaves the URL clean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app import i18n, registry

#: Parameters shared by every page (the sidebar, and the language).
SHARED_KEYS = ("wave", "countries", "lang")

#: Key prefixes of the pages: a parameter of another page is dropped quietly, not flagged.
PAGE_PREFIXES = tuple(p.prefix for p in registry.PAGES)

#: Parameters Streamlit itself reads; never touched.
_RESERVED = ("embed", "embed_options")


#: Prefix of the plain session keys that keep a shared filter's value across pages.
_KEEP = "_keep_"


def _kept(key: str, options: Sequence[Any] | None, default: Any) -> Any:
    """The value a shared filter had on the previous page, if still valid.

    Streamlit drops a widget's state when a run does not draw it (for example when a
    page runs without the router), so shared filters keep a plain copy as well.
    """
    value = st.session_state.get(_KEEP + key, _MISSING)
    if value is _MISSING or (options is not None and value not in options):
        return default
    return value


def kept(key: str, default: Any) -> Any:
    """A shared filter's value on a page that does not draw it: its last value in this
    session, else the link's, else ``default``."""
    value = st.session_state.get(_KEEP + key, _MISSING)
    if value is not _MISSING:
        return value
    raw = _url_values(key)
    if raw is None:
        return default
    return raw if isinstance(default, list) else raw[0]


def _url_values(key: str) -> list[str] | None:
    """The URL's values of ``key`` (``a,b`` and repeated parameters both work), or None."""
    if key not in st.query_params:
        return None
    values: list[str] = []
    for raw in st.query_params.get_all(key):
        values += [part.strip() for part in raw.split(",") if part.strip()]
    return values


#: Longest part of a refused link value repeated in a note.
_ECHO_CHARS = 40


def _echo(value: str, quote: bool = True) -> str:
    """A refused link value in code style, cut short, control characters escaped."""
    text = value if len(value) <= _ECHO_CHARS else value[:_ECHO_CHARS] + "..."
    # repr escapes NULs and control characters; a backtick would end the code span
    text = repr(text) if quote else repr(text)[1:-1]
    return "`" + text.replace("`", "'") + "`"


def _tr() -> Callable[[str], str]:
    """``_`` in the visitor's language (chosen in the sidebar, or the link's ``lang``)."""
    chosen = (
        st.session_state.get("lang") or st.session_state.get(_KEEP + "lang") or st.query_params.get("lang")
    )
    return i18n.translator(i18n.language(chosen))


def _note(key: str, bad: Sequence[str], label: str, where: Any) -> None:
    shown = ", ".join(_echo(b) for b in bad[:5])
    tr = _tr()
    where.info(
        tr(
            "Ignored the link's value {shown} for **{label}** (`{key}`): not an available choice. "
            "Showing the default instead."
        ).format(shown=shown, label=label, key=key),
        icon=":material/link_off:",
    )


def _write(key: str, value: Any, default: Any) -> None:
    """Put the value in the URL, or take the key out when it equals the default."""
    if value == default or value in (None, [], ()):
        if key in st.query_params:
            del st.query_params[key]
        return
    text = ",".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    if st.query_params.get(key) != text or len(st.query_params.get_all(key)) > 1:
        st.query_params[key] = text


def selectbox(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    where: Any = None,
    help: str | None = None,
    persist: bool = False,
) -> Any:
    """A selectbox whose value is the URL parameter ``key`` (options compared as text)."""
    where = where or st
    options = list(options)
    if not options:
        tr = _tr()
        where.caption(tr("{label}: nothing to choose from in the loaded data.").format(label=label))
        return None
    if default not in options:
        default = options[0]
    by_text = {str(o): o for o in options}
    current = st.session_state.get(key, _MISSING)
    if current is _MISSING or current not in options:
        value = _kept(key, options, default) if persist else default
        raw = _url_values(key) if current is _MISSING else None
        if raw:
            if raw[0] in by_text:
                value = by_text[raw[0]]
            else:
                _note(key, raw, label, where)
    else:
        value = current
    # set on every run: a widget drawn by another script (page run without the router) has
    # another identity and would otherwise start from its default
    st.session_state[key] = value
    chosen = where.selectbox(label, options, key=key, format_func=format_func, help=help)
    _write(key, chosen, default)
    if persist:
        st.session_state[_KEEP + key] = chosen
    return chosen


def multiselect(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Sequence[Any] = (),
    format_func: Callable[[Any], str] = str,
    where: Any = None,
    max_selections: int | None = None,
    help: str | None = None,
    persist: bool = False,
) -> list[Any]:
    """A multiselect whose values are the URL parameter ``key`` (``a,b,c``)."""
    where = where or st
    options = list(options)
    default = [d for d in default if d in options]
    by_text = {str(o): o for o in options}
    current = st.session_state.get(key, _MISSING)
    if current is _MISSING or any(v not in options for v in current):
        value = list(default)
        if persist:
            value = [v for v in _kept(key, None, value) if v in options]
        raw = _url_values(key) if current is _MISSING else None
        if current is not _MISSING:
            value = [v for v in current if v in options]
        elif raw is not None:
            good = list(dict.fromkeys(by_text[r] for r in raw if r in by_text))
            bad = [r for r in raw if r not in by_text]
            if bad:
                _note(key, bad, label, where)
            if max_selections is not None and len(good) > max_selections:
                tr = _tr()
                where.info(
                    tr("The link asked for {n} values of **{label}**; showing the first {kept}.").format(
                        n=len(good), label=label, kept=max_selections
                    ),
                    icon=":material/link_off:",
                )
                good = good[:max_selections]
            value = good if good or not bad else list(default)
    else:
        value = list(current)
    st.session_state[key] = value
    tr = _tr()
    chosen = where.multiselect(
        label,
        options,
        key=key,
        format_func=format_func,
        max_selections=max_selections,
        help=help,
        placeholder=tr("Choose one or more"),
    )
    _write(key, list(chosen), list(default))
    if persist:
        st.session_state[_KEEP + key] = list(chosen)
    return list(chosen)


def year_range(
    label: str, first: int, last: int, *, key: str, default: tuple[int, int] | None = None, where: Any = None
) -> tuple[int, int]:
    """A slider of years whose value is the URL parameter ``key`` (``2019-2025``, or ``2025``)."""
    where = where or st
    default = default or (first, last)
    current = st.session_state.get(key, _MISSING)
    value = default
    if current is not _MISSING and isinstance(current, tuple | list) and len(current) == 2:
        value = (int(current[0]), int(current[1]))
    elif current is _MISSING:
        raw = _url_values(key)
        if raw:
            parsed = _parse_years(raw[0])
            if parsed and first <= parsed[0] <= parsed[1] <= last:
                value = parsed
            else:
                _note(key, raw, label, where)
    value = (max(first, min(value[0], last)), max(first, min(value[1], last)))
    if first == last:
        where.caption(f"{label}: {first}")
        return (first, last)
    st.session_state[key] = value
    chosen = where.slider(label, min_value=first, max_value=last, key=key, step=1)
    chosen = (int(chosen[0]), int(chosen[1]))
    text = str(chosen[0]) if chosen[0] == chosen[1] else f"{chosen[0]}-{chosen[1]}"
    default_text = f"{default[0]}-{default[1]}" if default[0] != default[1] else str(default[0])
    _write(key, text, default_text)
    return chosen


def _parse_years(text: str) -> tuple[int, int] | None:
    """``2019-2025`` or ``2025`` as a pair of years, or None."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 2 or not all(p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
        return None
    years = [int(p) for p in parts]
    return (years[0], years[-1]) if years[0] <= years[-1] else None


def note_unknown_params(page_prefix: str) -> None:
    """Show a note for URL parameters no page knows, and take them out of the URL."""
    unknown = []
    for key in list(st.query_params):
        if key in SHARED_KEYS or key in _RESERVED or key.startswith(page_prefix):
            continue
        if not key.startswith(PAGE_PREFIXES):
            unknown.append(key)
        del st.query_params[key]
    if unknown:
        names = ", ".join(_echo(k, quote=False) for k in unknown[:8])
        tr = _tr()
        st.info(
            tr("Ignored unknown link parameter(s) {names}: this page does not use them.").format(names=names),
            icon=":material/link_off:",
        )


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
