"""Drawing helpers every page shares: the page header, chart blocks and labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import db, routing, settings, urlstate
from app.disclosure import display_frame, small_label
from app.export import ExportHeader, to_csv, to_xlsx
from app.queries import Provenance, cases, meta, reference
from app.queries.cases import ALL_STATES, OTHER_COUNTRIES

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


def open_context() -> db.QueryContext:
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
    ctx = db.QueryContext(wid, settings.suppression_threshold())
    st.session_state[_CTX_KEY] = ctx
    return ctx


def context() -> db.QueryContext:
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
        if iso3 == ALL_STATES:
            return "All States (average)"
        if iso3 == OTHER_COUNTRIES:
            return "Other countries"
        return self.country_names.get(str(iso3), str(iso3))


@st.cache_resource(max_entries=4, show_spinner=False)
def labels(ctx: db.QueryContext) -> Labels:
    """Labels of the loaded warehouse (built once per warehouse version, never mutated)."""
    countries = reference.countries(ctx.wh)
    names = dict(zip(countries["iso3"].tolist(), countries["name"].tolist(), strict=True))
    return Labels(reference.labels(ctx.wh), names)


def default_country(ctx: db.QueryContext, wave_id: str | None, chosen: tuple[str, ...]) -> str | None:
    """The country a one-country view starts on: the first chosen in the sidebar, else the
    first that answered the wave, else the first on offer."""
    for pool in (chosen, reference.answering_countries(ctx.wh, wave_id), reference.country_options(ctx.wh)):
        if pool:
            return pool[0]
    return None


def page_header(ctx: db.QueryContext, title: str, prefix: str, intro: str = "") -> None:
    """Title, the synthetic-data banner (always first) and notes on unusable link parameters."""
    synthetic_banner(ctx)
    st.title(title)
    if intro:
        st.caption(intro)
    urlstate.note_unknown_params(prefix)


def synthetic_banner(ctx: db.QueryContext) -> None:
    """Say at the top of the page that synthetic data are loaded, and which."""
    status = reference.synthetic_status(ctx.wh)
    names = status["waves"] + status["sources"]
    if names:
        st.warning(
            "**Synthetic demo data.** These figures are invented for demonstration and are "
            "not real country answers or case records: " + "; ".join(names) + ".",
            icon=":material/science:",
        )


def case_source(ctx: db.QueryContext, key: str) -> str | None:
    """The source of case records a page shows: chosen on the page when several are loaded
    (real data first), never several at once."""
    df = cases.sources(ctx.wh)
    names = df["source"].astype(str).tolist()
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return urlstate.selectbox(
        "Source of case records",
        names,
        key=key,
        default=names[0],
        help="Sources count differently (cases or victims, their own definitions), so they "
        "are shown one at a time, never added together.",
    )


def source_line(provenance: Provenance) -> str:
    """One caption line: source (marked when synthetic), period, vintage and protection."""
    parts = [f"Source: {provenance.source}" + (" (synthetic)" if provenance.synthetic else "")]
    if provenance.period:
        parts.append(f"period {provenance.period}")
    if provenance.vintage:
        parts.append(f"vintage {provenance.vintage}")
    line = "; ".join(parts) + "."
    if provenance.protection:
        line += f" Counts {provenance.protection}."
    return line


def wave_label(ctx: db.QueryContext, wave_id: str | None) -> str:
    """The wave's label, marked when synthetic."""
    info = reference.wave_names(ctx.wh).get(str(wave_id))
    if info is None:
        return "no wave loaded"
    label, synthetic = info
    return f"{label} - SYNTHETIC" if synthetic else label


def is_synthetic_wave(ctx: db.QueryContext, wave_id: str | None) -> bool:
    """Whether the wave holds invented answers."""
    info = reference.wave_names(ctx.wh).get(str(wave_id))
    return bool(info and info[1])


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(fingerprint: tuple, _build: Callable[[], go.Figure | None]) -> go.Figure | None:
    """Build a figure once per fingerprint: building plotly figures dominates a rerun.

    The figure is shared between sessions and never mutated (st.plotly_chart copies it).
    """
    return _build()


def _fingerprint(
    ctx: db.QueryContext, key: str, table: pd.DataFrame, header: ExportHeader, alt: str
) -> tuple:
    """Everything a chart depends on: its data, its title and filters, the warehouse."""
    data = int(pd.util.hash_pandas_object(table, index=False).sum()) if len(table) else 0
    described = tuple((k, v) for k, v in header.lines() if k != "date")
    return (key, ctx, described, alt, tuple(map(str, table.columns)), table.shape, data)


def chart_block(
    ctx: db.QueryContext,
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
    ctx: db.QueryContext,
    title: str,
    source: str,
    *,
    wave: str | None = None,
    filters: dict[str, str] | None = None,
    synthetic: bool = False,
) -> ExportHeader:
    """The header block of a download of questionnaire figures made on this page."""
    return ExportHeader(
        title=title,
        source=source,
        wave=wave_label(ctx, wave) if wave else None,
        vintage=_built(ctx),
        filters=filters or {},
        small_count_threshold=ctx.threshold,
        synthetic=synthetic,
    )


def export_header_for(ctx: db.QueryContext, title: str, provenance: Provenance) -> ExportHeader:
    """The header block of a download of figures with their provenance."""
    vintage = "; ".join(v for v in (provenance.vintage, _built(ctx)) if v)
    return ExportHeader(
        title=title,
        source=provenance.source,
        vintage=vintage or None,
        period=provenance.period,
        filters=dict(provenance.filters),
        small_count_threshold=ctx.threshold,
        synthetic=provenance.synthetic,
        protection=provenance.protection,
    )


def _built(ctx: db.QueryContext) -> str:
    info = meta.build_info(ctx.wh)
    return "" if info.empty else f"warehouse built {str(info['built_at'].iloc[0])[:10]}"


def small_count_note(ctx: db.QueryContext) -> str:
    """One line on how counts are protected and shown, for captions."""
    return (
        f"Counts of cases and victims carry noise added to protect victims; those from 1 to "
        f"{ctx.threshold - 1} read {small_label(ctx.threshold)}."
    )
