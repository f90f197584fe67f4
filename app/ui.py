"""Drawing helpers every page shares: the page header, chart blocks and labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import db, queries, routing, settings, urlstate
from app.export import ExportHeader, to_csv, to_xlsx
from app.suppression import display_frame

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Where the context of this run is kept; set by dashboard.py before the page runs.
_CTX_KEY = "_thb_ctx"


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be read: missing, or from another schema version."""


@st.cache_data(max_entries=4, show_spinner=False)
def _schema_ok(wid: db.WarehouseId) -> str | None:
    """None when the warehouse speaks the app's schema, else the message to show."""
    try:
        db.check_schema(wid)
    except db.SchemaVersionError as exc:
        return str(exc)
    return None


def open_context() -> queries.QueryContext:
    """Identify the warehouse file now on disk and check its schema; cheap on every run."""
    path = settings.warehouse_path()
    try:
        wid = db.identify(path)
    except db.WarehouseMissingError as exc:
        raise WarehouseUnavailable(
            f"No warehouse at `{path}`. Build one with `python -m etl build --db {path}`."
        ) from exc
    problem = _schema_ok(wid)
    if problem:
        raise WarehouseUnavailable(problem)
    ctx = queries.QueryContext(wid, settings.suppression_threshold())
    st.session_state[_CTX_KEY] = ctx
    return ctx


def context() -> queries.QueryContext:
    """The query context of this run (opened by the router, or now).

    Called first by every page, so it also makes sure the page runs under the router.
    """
    routing.ensure_router()
    ctx = st.session_state.get(_CTX_KEY)
    try:
        current = db.identify(settings.warehouse_path())
    except db.WarehouseMissingError:
        current = None
    try:
        if ctx is None or ctx.wid != current or ctx.threshold != settings.suppression_threshold():
            ctx = open_context()
    except (WarehouseUnavailable, settings.SettingsError) as exc:
        st.error(str(exc), icon=":material/database:")
        st.stop()
    return ctx


@dataclass(frozen=True)
class Labels:
    """Code-to-label lookups from ``marts.labels`` and ``marts.countries``."""

    by_vocabulary: dict[str, dict[str, str]]
    country_names: dict[str, str]

    def of(self, vocabulary: str) -> Callable[[object], str]:
        """A format function for one vocabulary; unknown codes show as themselves."""
        table = self.by_vocabulary.get(vocabulary, {})
        return lambda code: table.get(str(code), str(code))

    def country(self, iso3: object) -> str:
        if iso3 == queries.ALL_STATES:
            return "All States (average)"
        return self.country_names.get(str(iso3), str(iso3))


@st.cache_resource(max_entries=4, show_spinner=False)
def labels(ctx: queries.QueryContext) -> Labels:
    """Labels of the loaded warehouse (built once per warehouse version, never mutated)."""
    countries = queries.countries(ctx)
    names = dict(zip(countries["iso3"].tolist(), countries["name"].tolist(), strict=True))
    return Labels(queries.labels(ctx), names)


def default_country(ctx: queries.QueryContext, wave_id: str | None, chosen: tuple[str, ...]) -> str | None:
    """The country a one-country view starts on: the first chosen in the sidebar, else the
    first that answered the wave, else the first on offer."""
    for pool in (chosen, queries.answering_countries(ctx, wave_id), queries.country_options(ctx)):
        if pool:
            return pool[0]
    return None


def page_header(ctx: queries.QueryContext, title: str, prefix: str, intro: str = "") -> None:
    """Title, the synthetic-data banner (always first) and notes on unusable link parameters."""
    synthetic_banner(ctx)
    st.title(title)
    if intro:
        st.caption(intro)
    urlstate.note_unknown_params(prefix)


def synthetic_banner(ctx: queries.QueryContext) -> None:
    """Say at the top of the page that synthetic data are loaded, and which."""
    status = queries.synthetic_status(ctx)
    names = status["waves"] + status["sources"]
    if names:
        st.warning(
            "**Synthetic demo data.** These figures are invented for demonstration and are "
            "not real country answers or case records: " + "; ".join(names) + ".",
            icon=":material/science:",
        )


def data_label(ctx: queries.QueryContext, relation: str) -> str:
    """Which data a chart shows, for its title: source names and a synthetic mark."""
    info = queries.provenance(ctx, relation)
    names = ", ".join(info["sources"]) or "no source loaded"
    return f"{names}{' - SYNTHETIC' if info['synthetic'] else ''}"


def wave_label(ctx: queries.QueryContext, wave_id: str | None) -> str:
    """The wave's label, marked when synthetic."""
    info = queries.wave_names(ctx).get(str(wave_id))
    if info is None:
        return "no wave loaded"
    label, synthetic = info
    return f"{label} - SYNTHETIC" if synthetic else label


def is_synthetic_wave(ctx: queries.QueryContext, wave_id: str | None) -> bool:
    """Whether the wave holds invented answers."""
    info = queries.wave_names(ctx).get(str(wave_id))
    return bool(info and info[1])


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(fingerprint: tuple, _build: Callable[[], go.Figure | None]) -> go.Figure | None:
    """Build a figure once per fingerprint: building plotly figures dominates a rerun.

    The figure is shared between sessions and never mutated (st.plotly_chart copies it).
    """
    return _build()


def _fingerprint(
    ctx: queries.QueryContext, key: str, table: pd.DataFrame, header: ExportHeader, alt: str
) -> tuple:
    """Everything a chart depends on: its data, its title and filters, the warehouse."""
    data = int(pd.util.hash_pandas_object(table, index=False).sum()) if len(table) else 0
    described = tuple((k, v) for k, v in header.lines() if k != "date")
    return (key, ctx, described, alt, tuple(map(str, table.columns)), table.shape, data)


def chart_block(
    ctx: queries.QueryContext,
    figure: Callable[[], go.Figure | None] | None,
    table: pd.DataFrame,
    *,
    key: str,
    header: ExportHeader,
    alt: str,
    caption: str = "",
) -> None:
    """A chart, the table behind it one click away, and CSV and Excel downloads with a header block.

    ``figure`` builds the chart from the same data as ``table``; it is called only when that
    data, the title or the filters changed. ``table`` may hold suppression flags: the table
    and the download show ``<5`` there.
    """
    shown = display_frame(table, ctx.threshold)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    fig = None
    if figure is not None and not table.empty:
        fig = _figure(_fingerprint(ctx, key, table, header, alt), figure)
    with chart_tab:
        if table.empty:
            st.info("No data for this selection.")
        elif fig is None:
            st.info("The chart is not available here; the Table tab holds the same values.")
        else:
            st.plotly_chart(fig, width="stretch", key=f"{key}_chart", alt=alt, config={"displaylogo": False})
    with table_tab:
        st.dataframe(shown, hide_index=True, width="stretch", key=f"{key}_table")
    if caption:
        st.caption(caption)
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        "Download CSV",
        lambda: to_csv(shown, header),  # built on click, not on every rerun
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    xlsx_col.download_button(
        "Download Excel",
        lambda: to_xlsx(shown, header, key),
        file_name=f"{key}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


def export_header(
    ctx: queries.QueryContext,
    title: str,
    source: str,
    *,
    wave: str | None = None,
    filters: dict[str, str] | None = None,
    synthetic: bool = False,
) -> ExportHeader:
    """The header block of a download made on this page."""
    return ExportHeader(
        title=title,
        source=source,
        wave=wave_label(ctx, wave) if wave else None,
        vintage=vintage(ctx, source),
        filters=filters or {},
        suppression_threshold=ctx.threshold,
        synthetic=synthetic,
    )


def vintage(ctx: queries.QueryContext, source: str) -> str:
    """The vintage of each loaded source named in ``source``, and the warehouse build date."""
    sources = queries.sources(ctx)
    named = [
        f"{name} {vint}"
        for name, vint in zip(sources["source"].tolist(), sources["vintage"].tolist(), strict=True)
        if str(name) and str(name) in source
    ]
    info = queries.build_info(ctx)
    built = "" if info.empty else f"warehouse built {str(info['built_at'].iloc[0])[:10]}"
    return "; ".join([*named, built] if built else named) or "not stated"


def suppression_note(ctx: queries.QueryContext) -> str:
    """One line on the suppression rule, for captions."""
    return (
        f"Counts of cases or victims from 1 to {ctx.threshold - 1} are withheld "
        f"(shown as <{ctx.threshold}) to protect victims."
    )
