"""Drawing helpers every page shares: the page header, chart blocks and labels."""

from __future__ import annotations

import hashlib
import logging
import textwrap
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import orjson
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from app import db, i18n, memo, registry, routing, settings, urlstate
from app.disclosure import FLAG_SUFFIX, mark_small, small_label
from app.export import ExportHeader, to_csv, to_xlsx
from app.queries import Provenance, cases, meta, reference, series
from app.queries._base import fresh
from app.queries.cases import ALL_STATES, OTHER_COUNTRIES
from etl.schema import SCHEMA_VERSION

if typing.TYPE_CHECKING:
    # what st.column_config's columns are; that module does not export the name
    from streamlit.elements.lib.column_types import ColumnConfig

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


def current_language() -> str:
    """The visitor's language: chosen in the sidebar, or the link's ``lang``, else English."""
    chosen = st.session_state.get("lang") or urlstate.kept("lang", None)
    if chosen is None and "lang" in st.query_params:
        chosen = st.query_params.get("lang")
    return i18n.language(chosen)


def open_context() -> db.QueryContext:
    """Identify the warehouse file now on disk and check its schema; cheap on every run."""
    _ = i18n.translator(current_language())
    path = settings.warehouse_path()
    try:
        wid = db.identify(path)
    except db.WarehouseMissingError as exc:
        # the visitor gets the file's name, never the server's path to it
        raise WarehouseUnavailable(
            _(
                "No warehouse has been built yet (`{name}`). A data steward builds it with "
                "`python -m etl build` (see the README)."
            ).format(name=path.name)
        ) from exc
    problem = _schema_ok(wid)
    if problem:
        logging.getLogger(__name__).warning(problem)
        raise WarehouseUnavailable(
            _(
                "The warehouse (`{name}`) has schema version {found}; this dashboard reads "
                "version {wanted}. A data steward rebuilds it with `python -m etl build`."
            ).format(name=path.name, found=db.schema_version(wid), wanted=SCHEMA_VERSION)
        )
    ctx = db.QueryContext(wid, settings.suppression_threshold(), current_language())
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
        if (
            ctx is None
            or ctx.wid != current
            or ctx.threshold != settings.suppression_threshold()
            or ctx.lang != current_language()
        ):
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
    #: the language's words for the two rows that are not countries
    all_states: str = "All States (average)"
    other_countries: str = "Other countries"
    yes: str = "yes"
    no: str = "no"
    #: what the labels were made from (warehouse version and language), when they were made by
    #: :func:`labels`: tables presented with them are then kept, see :func:`present`
    source: tuple[object, ...] = ()

    def of(self, vocabulary: str) -> Callable[[object], str]:
        """A format function for one vocabulary; unknown codes show as themselves."""
        table = self.by_vocabulary.get(vocabulary, {})
        return lambda code: table.get(str(code), str(code))

    def short(self, vocabulary: str) -> Callable[[object], str]:
        """A format function for a crowded axis: the code's short label (vocabulary
        ``<vocabulary>_short`` of codes.csv), else its full label."""
        short, full = self.by_vocabulary.get(f"{vocabulary}_short", {}), self.of(vocabulary)
        return lambda code: short.get(str(code)) or full(code)

    def country(self, iso3: object) -> str:
        if iso3 == ALL_STATES:
            return self.all_states
        if iso3 == OTHER_COUNTRIES:
            return self.other_countries
        return self.country_names.get(str(iso3), str(iso3))


_LABELS = memo.Memo("labels", max_entries=8)


def labels(ctx: db.QueryContext) -> Labels:
    """Labels of the loaded warehouse in the visitor's language (English where a label has no
    translation); built once per warehouse version and language, never mutated."""
    return _LABELS.get((ctx.wid, ctx.lang), lambda: _labels(ctx))


def _labels(ctx: db.QueryContext) -> Labels:
    _ = tr(ctx)
    countries = reference.countries(ctx.wh)
    names = {
        str(iso3): i18n.country_name(str(iso3), str(name), ctx.lang)
        for iso3, name in zip(countries["iso3"].tolist(), countries["name"].tolist(), strict=True)
    }
    vocabularies = reference.labels(ctx.wh)
    if ctx.lang != i18n.DEFAULT:
        for vocabulary, table in reference.labels(ctx.wh, ctx.lang).items():
            vocabularies.setdefault(vocabulary, {}).update(table)
    return Labels(
        vocabularies,
        names,
        _("All States (average)"),
        _("Other countries"),
        _("yes"),
        _("no"),
        source=(ctx.wid, ctx.lang),
    )


def country_options(ctx: db.QueryContext) -> list[str]:
    """The countries a picker offers, in the alphabetical order of their names in the
    visitor's language."""
    name = labels(ctx).country
    return sorted(reference.country_options(ctx.wh), key=lambda c: i18n.sort_key(name(c)))


def tr(ctx: db.QueryContext) -> i18n.Translator:
    """``_`` in the visitor's language."""
    return i18n.translator(ctx.lang)


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
    _ = tr(ctx)
    page = next(p for p in registry.PAGES if p.key == page_key)
    title_col, link_col = st.columns([5, 1], vertical_alignment="bottom")
    title_col.title(_(page.title))
    with link_col.popover(_("Copy link"), icon=":material/link:", width="stretch"):
        st.caption(
            _("This view, with its filters and language: copy the address with the button at its right.")
        )
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
    _ = tr(ctx)
    status = reference.synthetic_status(ctx.wh)
    if status["waves"] or status["sources"]:
        badge = _("Synthetic demo data")
        st.markdown(
            f":orange-badge[:material/science: {badge}] :small["
            + _(
                "Invented for demonstration: not any country's answers or case records. Data and "
                "methods says which; every download says so too."
            )
            + "]"
        )


def wave_names(ctx: db.QueryContext) -> dict[str, tuple[str, bool]]:
    """Each wave's name and synthetic flag, newest first. A wave's label is written by its
    data steward in English; in another language the wave is named by its year."""
    names = reference.wave_names(ctx.wh)
    if ctx.lang == "en":
        return names
    _ = tr(ctx)
    years = reference.wave_years(ctx.wh)
    return {
        w: (_("{year} wave").format(year=years[w]) + (" " + _("(synthetic)") if synthetic else ""), synthetic)
        for w, (_label, synthetic) in names.items()
    }


def wave_provenance(
    ctx: db.QueryContext, wave_id: str | None, filters: Mapping[str, str] | None = None
) -> Provenance:
    """The provenance of questionnaire figures: the wave is their source."""
    _ = tr(ctx)
    label, synthetic = wave_names(ctx).get(str(wave_id), (_("no wave loaded"), False))
    return Provenance(
        source=_("questionnaire wave {label}").format(label=label),
        synthetic=synthetic,
        wave=label,
        filters=tuple((filters or {}).items()),
    )


def waves_provenance(ctx: db.QueryContext, waves: tuple[str, str], filters: Mapping[str, str]) -> Provenance:
    """The provenance of a comparison of two waves."""
    _ = tr(ctx)
    names = wave_names(ctx)
    labels = [names.get(w, (w, False)) for w in waves]
    return Provenance(
        source=_("questionnaire waves {first} and {second}").format(first=labels[0][0], second=labels[1][0]),
        synthetic=any(synthetic for _label, synthetic in labels),
        wave=_("{first} against {second}").format(first=labels[0][0], second=labels[1][0]),
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
    """A frame as readers see it: labelled columns, formatted values, no codes or None.

    ``arrow`` is the same table as Arrow, made once with the frame (Streamlit converted the
    frame on every run): change neither.
    """

    frame: pd.DataFrame
    config: dict[str, ColumnConfig] = field(default_factory=dict)
    arrow: pa.Table | None = None


def present(
    frame: pd.DataFrame, columns: Mapping[str, Column], lab: Labels, threshold: int, lang: str = "en"
) -> Presented:
    """Keep the ``columns`` named, label them, and format each value by its kind.

    Counts are shown as whole numbers, or ``<5`` where small (a flag column from
    :func:`app.disclosure.mark_small`, or the value itself); missing values are blank.
    With the labels of :func:`labels`, the result is kept per frame, columns, threshold and
    language: formatting a table value by value cost more than drawing it.
    """
    if not lab.source:
        return _present(frame, columns, lab, threshold, lang)
    key = (lab.source, threshold, lang, tuple(columns.items()), frame_digest(frame))
    shown: Presented = fresh(_PRESENTED.get(key, lambda: _present(frame, columns, lab, threshold, lang)))
    return shown


def frame_digest(frame: pd.DataFrame) -> tuple[object, ...]:
    """What tells two frames apart: columns, types, shape and a hash of the values (the
    index aside). A few times faster than pandas' own hash of a frame.

    >>> a = pd.DataFrame({"code": ["x", None], "value": [1.0, float("nan")]})
    >>> frame_digest(a) == frame_digest(a.copy()), frame_digest(a) == frame_digest(a.iloc[::-1])
    (True, False)
    """
    values = hashlib.blake2b(digest_size=16)
    for name in frame.columns:
        column = frame[name]
        if isinstance(column, pd.DataFrame):  # a name given to two columns
            return (tuple(map(str, frame.columns)), frame.shape, int(pd.util.hash_pandas_object(frame).sum()))
        _digest_column(values, column)
    return (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), frame.shape, values.digest())


def _digest_column(values: typing.Any, column: pd.Series) -> None:
    """Add a column's values to ``values`` (a hash) so that different values add different
    bytes: numbers as they are held; Arrow-backed columns (pandas' text) as their Arrow
    buffers with each chunk's offset and length; other objects as JSON."""

    def add(data: typing.Any) -> None:
        view = memoryview(data)
        values.update(view.nbytes.to_bytes(8, "little"))
        values.update(view)

    array = column.array
    if hasattr(array, "__arrow_array__"):
        arrow = pa.array(array)
        for chunk in getattr(arrow, "chunks", [arrow]):
            add(f"{chunk.type}:{chunk.offset}:{len(chunk)}".encode())
            for buffer in chunk.buffers():
                add(b"" if buffer is None else buffer)
        return
    numbers = column.to_numpy()
    if numbers.dtype.kind in "biufcmM":
        add(numbers.tobytes())
        return
    try:
        add(orjson.dumps(numbers.tolist()))
    except TypeError:  # a value JSON has no form for: pandas' own hash
        add(pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes())


_PRESENTED = memo.Memo("presented tables", max_entries=512)


def _present(
    frame: pd.DataFrame, columns: Mapping[str, Column], lab: Labels, threshold: int, lang: str
) -> Presented:
    out = pd.DataFrame(index=frame.index)
    config: dict[str, ColumnConfig] = {}
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
                small_label(threshold) if flag else ("" if pd.isna(v) else i18n.number(v, lang))
                for v, flag in zip(numbers, flags, strict=True)
            ]
        elif col.kind in ("number", "score", "change", "percent", "rate"):
            numbers = pd.to_numeric(values, errors="coerce").astype("float64")
            digits = 1 if col.kind in ("rate", "percent") else 0
            # whole numbers stay whole in tables and downloads (a rank reads 3, not 3.0)
            rounded = numbers.round(digits)
            if lang != i18n.DEFAULT:
                # the table's own number format follows the browser, not the visitor's language
                sign = "+" if col.kind == "change" else ""
                out[label] = [
                    "" if pd.isna(v) else (sign if v > 0 else "") + i18n.number(v, lang, digits)
                    for v in rounded
                ]
                continue
            out[label] = rounded.astype("Int64") if col.kind == "number" else rounded
            fmt = {"number": "%,.0f", "score": "%.0f", "change": "%+.0f", "percent": "%.1f%%", "rate": "%.1f"}
            config[label] = st.column_config.NumberColumn(label, format=fmt[col.kind])
        elif col.kind == "yesno":
            out[label] = values.map(lambda v, lab=lab: "" if pd.isna(v) else (lab.yes if bool(v) else lab.no))
        elif col.kind == "code":
            of = lab.of(col.vocabulary)
            out[label] = values.map(lambda v, of=of: "" if pd.isna(v) else of(v))
        elif col.kind == "country":
            out[label] = values.map(lambda v: "" if pd.isna(v) else lab.country(v))
        else:
            out[label] = values.map(_text)
    out = out.reset_index(drop=True)
    return Presented(out, config, _arrow(out))


def _arrow(frame: pd.DataFrame) -> pa.Table | None:
    """The frame as an Arrow table, as Streamlit makes it for a table (None when it cannot:
    Streamlit then fixes the frame's types itself)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):
        return None


def _text(value: object) -> str:
    """A cell as text: missing values are blank, never ``None`` or ``nan``."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else f"{value}"


def table(shown: Presented, key: str) -> None:
    """A presented table (Streamlit's own export is switched off: downloads are ours)."""
    data = shown.frame if shown.arrow is None else shown.arrow
    st.dataframe(data, hide_index=True, width="stretch", key=key, column_config=shown.config)


def downloads(shown: Presented, header: ExportHeader, key: str) -> None:
    """CSV and Excel downloads of a presented table, with the header block."""
    _ = i18n.translator(header.lang)
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        _("Download CSV"),
        lambda: to_csv(shown.frame, header),  # built on click, not on every rerun
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    xlsx_col.download_button(
        _("Download Excel"),
        lambda: to_xlsx(shown.frame, header, key),
        file_name=f"{key}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


# ---------------------------------------------------------------- charts


class FinishedFigure(go.Figure):  # type: ignore[misc]  # plotly has no type information
    """A figure that no code changes any more, so that its plain form is made once.

    ``st.plotly_chart`` asks a figure for ``to_dict()`` on every run, and plotly makes it by
    deep-copying every trace: for the map, its shapes. Here the first answer is kept and
    given again.
    """

    def to_dict(self) -> dict[str, typing.Any]:
        plain: dict[str, typing.Any] | None = self.__dict__.get("_finished_plain")
        if plain is None:
            plain = super().to_dict()
            self._finished_plain = plain
        return plain


@dataclass(frozen=True)
class _Block:
    """What a chart block draws, prepared once per fingerprint and shared by every session:
    the figure (or None), the table as shown and the downloads' header. Never mutated."""

    figure: go.Figure | None
    shown: Presented
    header: ExportHeader


#: Chart blocks by fingerprint: building plotly figures and formatting tables dominated a run.
_BLOCKS = memo.Memo("chart blocks", max_entries=256)


def _block(fingerprint: tuple[object, ...], prepare: Callable[[], _Block]) -> _Block:
    """The chart block of ``fingerprint``, prepared once and shared by every session."""

    def finished() -> _Block:
        block = prepare()
        if block.figure is not None:
            # the kept figure is finished: only its class changes, to keep its plain form
            block.figure.__class__ = FinishedFigure
        return block

    return _BLOCKS.get(fingerprint, finished)


def _fingerprint(
    ctx: db.QueryContext,
    key: str,
    data: pd.DataFrame,
    described: tuple[object, ...],
    alt: str,
    columns: Mapping[str, Column],
    drawn: bool,
) -> tuple[object, ...]:
    """Everything a chart block depends on: its data, title, filters and columns, the
    warehouse, threshold and language, and whether it has a chart to draw."""
    return (key, ctx, described, alt, tuple(columns.items()), drawn, frame_digest(data))


#: What the image of a chart of synthetic data says under its title.
SYNTHETIC_IMAGE_MARK = i18n.N_("Synthetic demo data: invented, not real country data")

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
    _ = tr(ctx)
    drawn = figure is not None and not data.empty

    def prepare() -> _Block:
        built = figure() if drawn and figure is not None else None
        return _Block(
            figure=None if built is None else finish_figure(built, title, provenance, ctx.lang),
            shown=present(data, columns, labels(ctx), ctx.threshold, ctx.lang),
            header=export_header(ctx, title, provenance),
        )

    block = _block(_fingerprint(ctx, key, data, (title, provenance), alt, columns, drawn), prepare)
    fig, shown, header = block.figure, block.shown, block.header
    # Only the open tab is drawn (a click on the other reruns the page): a table nobody opened
    # costs neither the server's serialising nor the browser's data grid.
    chart_tab, table_tab = st.tabs([_("Chart"), _("Table")], key=f"{key}_view", on_change="rerun")
    if chart_tab.open:
        with chart_tab:
            if data.empty:
                st.info(_("No data for this selection."))
            elif fig is None:
                st.info(_("The chart is not available here; the Table tab holds the same values."))
            else:
                st.plotly_chart(fig, width="stretch", key=f"{key}_chart", alt=alt, config=PLOTLY_CONFIG)
    if table_tab.open:
        with table_tab:
            table(shown, f"{key}_table")
    st.caption(" ".join(part for part in (caption, source_line(ctx, provenance)) if part))
    downloads(shown, header, key)


def finish_figure(fig: go.Figure, title: str, provenance: Provenance, lang: str = "en") -> go.Figure:
    """The figure's own title, wrapped to fit a phone, with a synthetic mark under it: the
    image a reader saves from the chart says what it shows.

    The title starts at the figure's left edge and below the strip where the chart's tool bar
    appears, so that the bar never covers it.
    """
    lines = textwrap.wrap(title, TITLE_CHARS) or [title]
    if provenance.synthetic:
        mark = i18n.translator(lang)(SYNTHETIC_IMAGE_MARK)
        lines += [
            f"<span style='font-size:11px;color:#8a4b00'>{part}</span>"
            for part in textwrap.wrap(mark, MARK_CHARS)
        ]
    # The title block and, on a phone, a legend stacked one entry a line add to the figure's
    # height instead of taking it from the plot, which would shrink to a strip (on a wide
    # screen the plot just gets a little taller).
    top = TOOLBAR_STRIP + 22 * len(lines) + 8
    entries = sum(1 for t in fig.data if t.showlegend is not False and t.name)
    height = (
        (fig.layout.height or 450)
        + max(top - (fig.layout.margin.t or 0), 0)
        + (LEGEND_LINE * entries if entries > 2 else 0)
    )
    fig.update_layout(
        height=height,
        # decimal and thousands separators of the language: "1,234.5" or "1 234,5"
        separators=", " if lang == "fr" else ".,",
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
        margin={"t": top},
    )
    return fig


#: Characters of a title line: one line fits a 390 px phone; and of the smaller synthetic mark.
TITLE_CHARS = 48
MARK_CHARS = 62
#: Pixels at the top of a figure left to the chart's tool bar.
TOOLBAR_STRIP = 50
#: Pixels of one legend entry when a phone stacks them.
LEGEND_LINE = 19


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
        protection=protection_text(ctx, provenance),
        lang=ctx.lang,
    )


def protection_text(ctx: db.QueryContext, provenance: Provenance) -> str | None:
    """How the provenance's counts are protected, in the visitor's language."""
    if provenance.kind == "cases":
        return cases.protection(ctx.wh, provenance.source, ctx.lang)
    if provenance.kind == "series":
        return tr(ctx)(series.SERIES_PROTECTION)  # marked where it is defined
    return provenance.protection


def _built(ctx: db.QueryContext) -> str:
    info = meta.build_info(ctx.wh)
    if info.empty:
        return ""
    _ = tr(ctx)
    built = info["built_at"].iloc[0]
    return _("warehouse built {date}").format(date=i18n.date(built.date(), ctx.lang))


def case_source(ctx: db.QueryContext, key: str) -> str | None:
    """The source of case records a page shows: chosen on the page when several are loaded
    (real data first), never several at once."""
    _ = tr(ctx)
    df = cases.sources(ctx.wh)
    names: list[str] = df["source"].astype(str).tolist()
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    chosen: str | None = urlstate.selectbox(
        _("Source of case records"),
        names,
        key=key,
        default=names[0],
        help=_(
            "Sources count differently (cases or victims, their own definitions), so they are "
            "shown one at a time, never added together."
        ),
    )
    return chosen


def source_line(ctx: db.QueryContext, provenance: Provenance, lead: str | None = None) -> str:
    """One caption line: source (marked when synthetic), period, vintage and protection."""
    _ = tr(ctx)
    marked = provenance.synthetic and "synth" not in provenance.source.lower()
    source = provenance.source + (" " + _("(synthetic)") if marked else "")
    parts = [_("{lead}: {source}").format(lead=lead or _("Source"), source=source)]
    if provenance.period:
        parts.append(_("period {period}").format(period=provenance.period))
    if provenance.vintage:
        parts.append(_("vintage {vintage}").format(vintage=provenance.vintage))
    line = "; ".join(parts) + "."
    protection = protection_text(ctx, provenance)
    if protection:
        line += " " + _("Counts {protection}.").format(protection=protection)
    return line


def small_count_note(ctx: db.QueryContext) -> str:
    """One line on how counts are protected and shown, for captions."""
    _ = tr(ctx)
    return _(
        "Counts of cases and victims carry noise added to protect "
        "victims; those from 1 to {last} read {label}."
    ).format(last=ctx.threshold - 1, label=small_label(ctx.threshold))


def wave_label(ctx: db.QueryContext, wave_id: str | None) -> str:
    """The wave's full label, for captions and downloads."""
    _ = tr(ctx)
    return wave_names(ctx).get(str(wave_id), (_("no wave loaded"), False))[0]


def wave_short(ctx: db.QueryContext, wave_id: str | None) -> str:
    """The wave in a few words, for titles and legends: "2025 wave"."""
    _ = tr(ctx)
    year = reference.wave_years(ctx.wh).get(str(wave_id))
    return _("no wave loaded") if year is None else _("{year} wave").format(year=year)


def not_compared(ctx: db.QueryContext, left_out: pd.DataFrame, vocabulary: str = "challenge") -> str:
    """The items two waves did not ask the same way, each with why: "Speed of technological
    change (asked in the 2025 wave only)"; empty when every item was compared."""
    _ = tr(ctx)
    name = labels(ctx).of(vocabulary)
    reasons = {
        "answer_type": _("answer type changed"),
        "scale": _("rating scale changed"),
        "choices": _("choice list changed"),
        "reworded": _("question reworded"),
        "measure": _("the item measures something else"),
    }

    def why(row: typing.Any) -> str:
        if row.why == "added":
            return _("asked in the {wave} only").format(wave=wave_short(ctx, row.wave))
        if row.why == "removed":
            return _("not asked in the {wave}").format(wave=wave_short(ctx, row.wave))
        return reasons.get(row.why, _("asked differently"))

    return "; ".join(f"{name(getattr(r, vocabulary))} ({why(r)})" for r in left_out.itertuples())


def scope_of(ctx: db.QueryContext, countries: tuple[str, ...]) -> str:
    """The chosen countries in words: "all countries", or their names."""
    _ = tr(ctx)
    lab = labels(ctx)
    return ", ".join(lab.country(c) for c in countries) or _("all countries")
