"""Drawing helpers every page shares: the page header, chart blocks and labels."""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import db, registry, routing, settings, urlstate
from app.disclosure import FLAG_SUFFIX, mark_small, small_label
from app.export import ExportHeader, to_csv, to_xlsx
from app.queries import Provenance, cases, meta, reference
from app.queries.cases import ALL_STATES, OTHER_COUNTRIES
from etl.schema import SCHEMA_VERSION

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
        # the visitor gets the file's name, never the server's path to it
        raise WarehouseUnavailable(
            f"No warehouse has been built yet (`{path.name}`). A data steward builds it with "
            "`python -m etl build` (see the README)."
        ) from exc
    problem = _schema_ok(wid)
    if problem:
        logging.getLogger(__name__).warning(problem)
        raise WarehouseUnavailable(
            f"The warehouse (`{path.name}`) has schema version {db.schema_version(wid)}; this "
            f"dashboard reads version {SCHEMA_VERSION}. A data steward rebuilds it with "
            "`python -m etl build`."
        )
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


def page_header(ctx: db.QueryContext, page_key: str, intro: str = "") -> registry.PageInfo:
    """The page's title, one compact line on synthetic data, a link to copy, and notes on
    link parameters it could not use. Returns the page's registry entry."""
    page = next(p for p in registry.PAGES if p.key == page_key)
    title_col, link_col = st.columns([5, 1], vertical_alignment="bottom")
    title_col.title(page.title)
    with link_col.popover("Copy link", icon=":material/link:", width="stretch"):
        st.caption("This view, with its filters: copy the address with the button at its right.")
        st.code(share_link(), language=None, wrap_lines=True)
    synthetic_note(ctx)
    if intro:
        st.caption(intro)
    urlstate.note_unknown_params(page.prefix)
    return page


def share_link() -> str:
    """The address of this view, with its filters (what the URL bar shows)."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode({k: ",".join(st.query_params.get_all(k)) for k in st.query_params}, safe=",")
    return base + ("?" + query if query else "")


def synthetic_note(ctx: db.QueryContext) -> None:
    """One compact line, once per page, when synthetic data are loaded."""
    status = reference.synthetic_status(ctx.wh)
    if status["waves"] or status["sources"]:
        st.markdown(
            ":orange-badge[:material/science: Synthetic demo data] :small[Invented for "
            "demonstration: not any country's answers or case records. Data and methods says "
            "which; every download says so too.]"
        )


def wave_provenance(
    ctx: db.QueryContext, wave_id: str | None, filters: Mapping[str, str] | None = None
) -> Provenance:
    """The provenance of questionnaire figures: the wave is their source."""
    label, synthetic = reference.wave_names(ctx.wh).get(str(wave_id), ("no wave loaded", False))
    return Provenance(
        source=f"questionnaire wave {label}",
        synthetic=synthetic,
        wave=label,
        filters=tuple((filters or {}).items()),
    )


def waves_provenance(ctx: db.QueryContext, waves: tuple[str, str], filters: Mapping[str, str]) -> Provenance:
    """The provenance of a comparison of two waves."""
    names = reference.wave_names(ctx.wh)
    labels = [names.get(w, (w, False)) for w in waves]
    return Provenance(
        source="questionnaire waves " + " and ".join(label for label, _ in labels),
        synthetic=any(synthetic for _, synthetic in labels),
        wave=" against ".join(label for label, _ in labels),
        filters=tuple(filters.items()),
    )


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """How a column is shown: its label and kind.

    Kinds: ``text``; ``count`` (a count of cases or victims: whole, small ones read ``<5``);
    ``number`` (whole); ``score`` (0-100, no decimals); ``change`` (signed, no decimals);
    ``percent``; ``rate`` (per 100,000, one decimal); ``yesno``; ``code`` (labelled through
    ``vocabulary``); ``country``.
    """

    label: str
    kind: str = "text"
    vocabulary: str = ""


@dataclass
class Presented:
    """A frame as readers see it: labelled columns, formatted values, no codes or None."""

    frame: pd.DataFrame
    config: dict[str, object] = field(default_factory=dict)


def present(frame: pd.DataFrame, columns: Mapping[str, Column], lab: Labels, threshold: int) -> Presented:
    """Keep the ``columns`` named, label them, and format each value by its kind.

    Counts are shown as whole numbers, or ``<5`` where small (a flag column from
    :func:`app.disclosure.mark_small`, or the value itself); missing values are blank.
    """
    out = pd.DataFrame(index=frame.index)
    config: dict[str, object] = {}
    for name, col in columns.items():
        if name not in frame.columns:
            continue
        values = frame[name]
        label = col.label
        if col.kind == "count":
            flags = frame.get(name + FLAG_SUFFIX)
            marked = mark_small(frame[[name]], [name], threshold) if flags is None else frame
            flags = marked[name + FLAG_SUFFIX].astype(bool)
            numbers = pd.to_numeric(marked[name], errors="coerce")
            out[label] = [
                small_label(threshold) if flag else ("" if pd.isna(v) else f"{v:,.0f}")
                for v, flag in zip(numbers, flags, strict=True)
            ]
        elif col.kind in ("number", "score", "change", "percent", "rate"):
            numbers = pd.to_numeric(values, errors="coerce").astype("float64")
            digits = 1 if col.kind in ("rate", "percent") else 0
            # whole numbers stay whole in tables and downloads (a rank reads 3, not 3.0)
            rounded = numbers.round(digits)
            out[label] = rounded.astype("Int64") if col.kind == "number" else rounded
            fmt = {"number": "%,.0f", "score": "%.0f", "change": "%+.0f", "percent": "%.1f%%", "rate": "%.1f"}
            config[label] = st.column_config.NumberColumn(label, format=fmt[col.kind])
        elif col.kind == "yesno":
            out[label] = values.map(lambda v: "" if pd.isna(v) else ("yes" if bool(v) else "no"))
        elif col.kind == "code":
            of = lab.of(col.vocabulary)
            out[label] = values.map(lambda v, of=of: "" if pd.isna(v) else of(v))
        elif col.kind == "country":
            out[label] = values.map(lambda v: "" if pd.isna(v) else lab.country(v))
        else:
            out[label] = values.map(_text)
    return Presented(out.reset_index(drop=True), config)


def _text(value: object) -> str:
    """A cell as text: missing values are blank, never ``None`` or ``nan``."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else f"{value}"


def table(shown: Presented, key: str) -> None:
    """A presented table (Streamlit's own export is switched off: downloads are ours)."""
    st.dataframe(shown.frame, hide_index=True, width="stretch", key=key, column_config=shown.config)


def downloads(shown: Presented, header: ExportHeader, key: str) -> None:
    """CSV and Excel downloads of a presented table, with the header block."""
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        "Download CSV",
        lambda: to_csv(shown.frame, header),  # built on click, not on every rerun
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    xlsx_col.download_button(
        "Download Excel",
        lambda: to_xlsx(shown.frame, header, key),
        file_name=f"{key}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


# ---------------------------------------------------------------- charts


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(fingerprint: tuple, _build: Callable[[], go.Figure | None]) -> go.Figure | None:
    """Build a figure once per fingerprint: building plotly figures dominates a rerun.

    The figure is shared between sessions and never mutated (st.plotly_chart copies it).
    """
    return _build()


def _fingerprint(ctx: db.QueryContext, key: str, data: pd.DataFrame, described: tuple, alt: str) -> tuple:
    """Everything a chart depends on: its data, its title and filters, the warehouse."""
    digest = int(pd.util.hash_pandas_object(data, index=False).sum()) if len(data) else 0
    return (key, ctx, described, alt, tuple(map(str, data.columns)), data.shape, digest)


#: What the image of a chart of synthetic data says under its title.
SYNTHETIC_IMAGE_MARK = "Synthetic demo data: invented, not real country data"

#: The chart's own tool bar: an image download and a reset; zooming by drag stays.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "pan2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def chart_block(
    ctx: db.QueryContext,
    figure: Callable[[], go.Figure | None] | None,
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    provenance: Provenance,
    columns: Mapping[str, Column],
    alt: str,
    caption: str = "",
) -> None:
    """A chart, its table one click away, and CSV and Excel downloads that say what they hold.

    ``figure`` builds the chart from ``data`` and is called only when the data, the title or
    the provenance changed. The table and the downloads show ``columns`` of ``data``,
    labelled; the caption and the downloads' header come from ``provenance``; a synthetic
    source is marked in the chart's image too.
    """
    lab = labels(ctx)
    shown = present(data, columns, lab, ctx.threshold)
    header = export_header(ctx, title, provenance)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    fig = None
    if figure is not None and not data.empty:
        described = (title, provenance)

        def build() -> go.Figure | None:
            built = figure()
            return None if built is None else finish_figure(built, title, provenance)

        fig = _figure(_fingerprint(ctx, key, data, described, alt), build)
    with chart_tab:
        if data.empty:
            st.info("No data for this selection.")
        elif fig is None:
            st.info("The chart is not available here; the Table tab holds the same values.")
        else:
            st.plotly_chart(fig, width="stretch", key=f"{key}_chart", alt=alt, config=PLOTLY_CONFIG)
    with table_tab:
        table(shown, f"{key}_table")
    st.caption(" ".join(part for part in (caption, source_line(provenance)) if part))
    downloads(shown, header, key)


def finish_figure(fig: go.Figure, title: str, provenance: Provenance) -> go.Figure:
    """The figure's own title, wrapped to fit a phone, with a synthetic mark under it: the
    image a reader saves from the chart says what it shows.

    The title starts at the figure's left edge and below the strip where the chart's tool bar
    appears, so that the bar never covers it.
    """
    lines = textwrap.wrap(title, TITLE_CHARS) or [title]
    if provenance.synthetic:
        lines.append(f"<span style='font-size:11px;color:#8a4b00'>{SYNTHETIC_IMAGE_MARK}</span>")
    height = fig.layout.height or 450
    fig.update_layout(
        title={
            "text": "<br>".join(lines),
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 1 - TOOLBAR_STRIP / height,
            "yanchor": "top",
            "font": {"size": 14},
        },
        margin={"t": TOOLBAR_STRIP + 22 * len(lines) + 8},
    )
    return fig


#: Characters of a title line: one line fits a 390 px phone.
TITLE_CHARS = 48
#: Pixels at the top of a figure left to the chart's tool bar.
TOOLBAR_STRIP = 50


def export_header(ctx: db.QueryContext, title: str, provenance: Provenance) -> ExportHeader:
    """The header block of a download: title, source, wave, period, vintage, filters, protection."""
    vintage = "; ".join(v for v in (provenance.vintage, _built(ctx)) if v)
    return ExportHeader(
        title=title,
        source=provenance.source,
        wave=provenance.wave,
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


def source_line(provenance: Provenance, lead: str = "Source") -> str:
    """One caption line: source (marked when synthetic), period, vintage and protection."""
    marked = provenance.synthetic and "synthetic" not in provenance.source.lower()
    parts = [f"{lead}: {provenance.source}" + (" (synthetic)" if marked else "")]
    if provenance.period:
        parts.append(f"period {provenance.period}")
    if provenance.vintage:
        parts.append(f"vintage {provenance.vintage}")
    line = "; ".join(parts) + "."
    if provenance.protection:
        line += f" Counts {provenance.protection}."
    return line


def small_count_note(ctx: db.QueryContext) -> str:
    """One line on how counts are protected and shown, for captions."""
    return (
        f"Counts of cases and victims carry noise added to protect victims; those from 1 to "
        f"{ctx.threshold - 1} read {small_label(ctx.threshold)}."
    )


def wave_label(ctx: db.QueryContext, wave_id: str | None) -> str:
    """The wave's full label, for captions and downloads."""
    return reference.wave_names(ctx.wh).get(str(wave_id), ("no wave loaded", False))[0]


def wave_short(ctx: db.QueryContext, wave_id: str | None) -> str:
    """The wave in a few words, for titles and legends: "2025 wave"."""
    waves = reference.waves(ctx.wh)
    row = waves[waves["wave_id"].astype(str) == str(wave_id)]
    return "no wave loaded" if row.empty else f"{int(row['year'].iloc[0])} wave"


def scope_of(lab: Labels, countries: tuple[str, ...]) -> str:
    """The chosen countries in words: "all countries", or their names."""
    return ", ".join(lab.country(c) for c in countries) or "all countries"
