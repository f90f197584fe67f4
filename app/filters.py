"""The shared sidebar filters (wave, countries) and how pages read them."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app import db, i18n, registry, routing, ui, urlstate
from app.queries import reference


@dataclass(frozen=True)
class SharedFilters:
    """What the sidebar selects; an empty ``countries`` means all countries."""

    wave_id: str | None
    countries: tuple[str, ...]


def sidebar(ctx: db.QueryContext, page: registry.PageInfo | None = None) -> SharedFilters:
    """Draw the shared filters the page acts on in the sidebar; their values live in the URL.

    A filter the page does not use is not drawn; its value is kept for the pages that do.
    """
    _ = ui.tr(ctx)
    uses = page.filters if page is not None else ("wave", "countries")
    waves = ui.wave_names(ctx)
    wave_ids = list(waves)
    wave, countries = _kept_values(ctx, wave_ids)
    language_switch()
    if uses:
        st.sidebar.header(_("Filters"))
    if "wave" in uses:
        wave = urlstate.selectbox(
            _("Questionnaire wave"),
            wave_ids,
            key="wave",
            default=wave_ids[0] if wave_ids else None,
            format_func=lambda w: waves[w][0] if w in waves else w,
            where=st.sidebar,
            help=_("A round of the questionnaire to States, NGOs and companies."),
            persist=True,
        )
    if "countries" in uses:
        names = ui.labels(ctx)
        countries = urlstate.multiselect(
            _("Countries"),
            ui.country_options(ctx),
            key="countries",
            format_func=names.country,
            where=st.sidebar,
            help=_(
                "Leave empty for all countries. Compare countries compares these; the country "
                "profile shows the first."
            ),
            persist=True,
        )
    return SharedFilters(wave, tuple(countries))


def language_switch() -> str:
    """English or French, on every page; kept in the link (``?lang=fr``) and per visitor."""
    return str(
        urlstate.selectbox(
            "Language / Langue",
            list(i18n.LANGS),
            key="lang",
            default=i18n.DEFAULT,
            format_func=i18n.LANGS.__getitem__,
            where=st.sidebar,
            persist=True,
        )
    )


def _kept_values(ctx: db.QueryContext, wave_ids: list[str]) -> tuple[str | None, list[str]]:
    """The shared filters' values when the page does not draw them: as last chosen, or from
    the link, or the defaults (values that are not on offer are dropped)."""
    wave = urlstate.kept("wave", wave_ids[0] if wave_ids else None)
    if wave not in wave_ids:
        wave = wave_ids[0] if wave_ids else None
    offered = set(reference.country_options(ctx.wh))
    return wave, [c for c in urlstate.kept("countries", []) if c in offered]


def current(ctx: db.QueryContext) -> SharedFilters:
    """The shared filters of this run.

    A page run without the router (see :mod:`app.routing`, e.g. a page file executed by
    other tooling) draws the sidebar itself, so that it never runs without its filters.
    """
    if not routing.routed():
        return sidebar(ctx)
    wave, countries = _kept_values(ctx, list(ui.wave_names(ctx)))
    return SharedFilters(wave, tuple(countries))
