"""The shared sidebar filters (wave, countries) and how pages read them."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app import db, routing, ui, urlstate
from app.queries import reference


@dataclass(frozen=True)
class SharedFilters:
    """What the sidebar selects; an empty ``countries`` means all countries."""

    wave_id: str | None
    countries: tuple[str, ...]


def sidebar(ctx: db.QueryContext) -> SharedFilters:
    """Draw the shared filters in the sidebar; their values live in the URL."""
    waves = reference.wave_names(ctx.wh)
    wave_ids = list(waves)
    names = ui.labels(ctx)
    iso3 = reference.country_options(ctx.wh)
    st.sidebar.header("Filters")
    wave = urlstate.selectbox(
        "Questionnaire wave",
        wave_ids,
        key="wave",
        default=wave_ids[0] if wave_ids else None,
        format_func=lambda w: waves[w][0] if w in waves else w,
        where=st.sidebar,
        help="A round of the questionnaire to States, NGOs and companies.",
        persist=True,
    )
    countries = urlstate.multiselect(
        "Countries",
        iso3,
        key="countries",
        format_func=names.country,
        where=st.sidebar,
        help="Leave empty for all countries. Pages that need one country use the first.",
        persist=True,
    )
    st.sidebar.caption(ui.small_count_note(ctx))
    return SharedFilters(wave, tuple(countries))


def current(ctx: db.QueryContext) -> SharedFilters:
    """The shared filters of this run.

    A page run without the router (see :mod:`app.routing`, e.g. a page file executed by
    other tooling) draws the sidebar itself, so that it never runs without its filters.
    """
    if not routing.routed():
        return sidebar(ctx)
    return SharedFilters(st.session_state.get("wave"), tuple(st.session_state.get("countries", ())))
