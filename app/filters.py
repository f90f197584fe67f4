"""The shared sidebar filters (wave, countries) and how pages read them."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app import queries, routing, ui, urlstate


@dataclass(frozen=True)
class SharedFilters:
    """What the sidebar selects; an empty ``countries`` means all countries."""

    wave_id: str | None
    countries: tuple[str, ...]


def sidebar(ctx: queries.QueryContext) -> SharedFilters:
    """Draw the shared filters in the sidebar; their values live in the URL."""
    waves = queries.wave_names(ctx)
    wave_ids = list(waves)
    names = ui.labels(ctx)
    iso3 = queries.country_options(ctx)
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
    st.sidebar.caption(ui.suppression_note(ctx))
    return SharedFilters(wave, tuple(countries))


def current(ctx: queries.QueryContext) -> SharedFilters:
    """The shared filters of this run.

    A page run without the router (see :mod:`app.routing`, e.g. a page file executed by
    other tooling) draws the sidebar itself, so that it never runs without its filters.
    """
    if not routing.routed():
        return sidebar(ctx)
    return SharedFilters(st.session_state.get("wave"), tuple(st.session_state.get("countries", ())))
