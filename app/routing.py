"""Keep every page run going through dashboard.py's navigation.

Streamlit still knows the older multipage mode, where each file of a ``pages/`` folder beside
the main script is a page run on its own. It starts every new server process (and every
AppTest run) in that mode when such a folder exists, and only leaves it when a run reaches
``st.navigation``. A first visit by deep link (``/trends``) would then run the page file
alone, without page config, sidebar or navigation, and keep the whole server in that mode.
A page that finds itself run that way switches the mode off and reruns: the rerun executes
dashboard.py, whose ``st.navigation`` resolves the same URL path to the same page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

#: Set while dashboard.py runs a page, after it drew the sidebar.
_ROUTED = "_thb_routed"


@contextmanager
def routing() -> Iterator[None]:
    """Mark the page run as routed by dashboard.py (which draws the sidebar first)."""
    st.session_state[_ROUTED] = True
    try:
        yield
    finally:
        st.session_state.pop(_ROUTED, None)


def routed() -> bool:
    """Whether dashboard.py is running this page."""
    return bool(st.session_state.get(_ROUTED))


def ensure_router() -> None:
    """Rerun through dashboard.py when Streamlit ran a page file on its own."""
    if not routed() and PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
