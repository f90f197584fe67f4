"""Figures built with ``plotly.graph_objects`` (cheaper to rebuild than plotly express).

Colours come from the Okabe-Ito palette, safe for the common colour-vision deficiencies.
Small counts arrive as NaN with a ``<col>_small`` flag (:mod:`app.disclosure`): the point is
left out of the drawing and its hover text reads ``<5``, never a number.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from app import i18n
from app.disclosure import FLAG_SUFFIX, small_label

OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    # yellow last: on white it is the hardest to see
    "#F0E442",
)
#: Line styles that, with the colours, keep up to eight lines apart without colour alone.
DASHES = ("solid", "dash", "dot", "dashdot")
#: Neutral colour of the all-States reference.
REFERENCE_COLOUR = "#7F7F7F"
#: Sequential scale of the heatmaps: light to dark, with no grey in it (grey means no data).
SEQUENTIAL = "YlOrRd"
#: Most lines a chart draws; the rest are summed into "All others" or left to a picker.
MAX_LINES = 8
OTHERS = "_others"

Labeller = Callable[[object], str]
Translator = Callable[[str], str]


def _same(message: str) -> str:
    return message


def _identity(value: object) -> str:
    return str(value)


#: Row labels of horizontal charts wrap at this many characters: unwrapped, a long challenge
#: name left a phone's chart a few pixels of plot and was cut at the screen's edge.
ROW_LABEL_CHARS = 26


def _rows_height(labels: list[str], row: int = 40) -> int:
    """Pixels for the rows of a horizontal chart: ``row`` a row, more when a label has several
    lines (rows are evenly spaced, so each gets the room of the tallest label).

    >>> _rows_height(["one line", "three<br>short<br>lines"])
    132
    """
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return len(labels) * max(row, 12 + 18 * lines)


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label over lines so that columns need no slanted labels."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _hover_text(
    values: pd.Series,
    flags: pd.Series | None,
    threshold: int,
    digits: int,
    tr: Translator = _same,
    lang: str = "en",
) -> list[str]:
    out = []
    for i, v in enumerate(values.tolist()):
        if flags is not None and bool(flags.iloc[i]):
            out.append(small_label(threshold))
        elif v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(tr("no data"))
        else:
            out.append(i18n.number(v, lang, digits))
    return out


def _layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 80},
        # the legend sits in the bottom margin so that it never covers the axis title
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.01, "x": 0},
        colorway=list(OKABE_ITO),
        hovermode="closest",
    )
    return fig


def top_groups(
    df: pd.DataFrame, *, group: str, value: str, x: str = "year", keep: int = MAX_LINES, combine: bool = True
) -> tuple[pd.DataFrame, int]:
    """At most ``keep`` groups: the largest by their total, the rest summed into one
    ``_others`` group (``combine``, for counts that add up) or left out. Returns the frame and
    how many groups were folded or left out.

    >>> frame = pd.DataFrame({"year": [1] * 4, "g": list("abcd"), "v": [4, 3, 2, 1]})
    >>> out, folded = top_groups(frame, group="g", value="v", keep=3)
    >>> out["g"].tolist(), out["v"].tolist(), folded
    (['a', 'b', '_others'], [4, 3, 3], 2)
    """
    totals = df.groupby(group)[value].sum(min_count=1).sort_values(ascending=False, na_position="last")
    if len(totals) <= keep:
        return df, 0
    kept = list(totals.index[: keep - 1 if combine else keep])
    rest = df[~df[group].isin(kept)]
    out = df[df[group].isin(kept)]
    if combine:
        summed = rest.groupby(x, as_index=False)[value].sum(min_count=1).assign(**{group: OTHERS})
        out = pd.concat([out, summed], ignore_index=True)
    return out.reset_index(drop=True), len(totals) - len(kept)


def group_styles(names: Sequence[object], reference: str | None = None) -> dict[str, int]:
    """Each group's colour (and dash) number, by its code rather than its size or place, so
    that a country keeps its colour in every chart of a selection; "All others" and the
    reference group are drawn grey and get none.

    >>> group_styles(["FRA", "DEU", OTHERS, "ALL"], reference="ALL")
    {'DEU': 0, 'FRA': 1}
    """
    styled = sorted({str(n) for n in names if n is not None and n not in (OTHERS, reference)})
    return {name: i for i, name in enumerate(styled)}


def line_chart(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    title: str = "",
    threshold: int,
    y_title: str = "",
    label: Labeller = _identity,
    digits: int = 0,
    reference: str | None = None,
    percent: bool = False,
    tr: Translator = _same,
    lang: str = "en",
) -> go.Figure:
    """One line per group (at most :data:`MAX_LINES`: see :func:`top_groups`), each with its own
    colour and dash; ``reference`` names the group drawn as a grey dashed line; ``percent``
    puts a 0-100 % axis. Counts start at zero."""
    fig = go.Figure()
    groups = [(None, df)] if group is None else list(df.groupby(group, sort=False))
    if group is not None:
        # the largest first, "All others" last: the legend reads in order of size
        order = df.groupby(group)[y].sum(min_count=1).fillna(-1)
        groups.sort(key=lambda item: (item[0] == OTHERS, item[0] == reference, -order.get(item[0], 0)))
    flag_col = y + FLAG_SUFFIX
    style = group_styles([name for name, _ in groups], reference)
    for name, part in groups:
        part = part.sort_values(x)
        flags = part[flag_col] if flag_col in part.columns else None
        is_ref = reference is not None and name == reference
        if is_ref or name == OTHERS:
            line = {"color": REFERENCE_COLOUR, "dash": "dash" if is_ref else "dot"}
        else:
            n = style.get(str(name), 0)  # one line without groups: the first style
            line = {"color": OKABE_ITO[n % len(OKABE_ITO)], "dash": DASHES[n % len(DASHES)]}
        shown = y_title or y
        fig.add_trace(
            go.Scatter(
                x=part[x].tolist(),
                y=part[y].astype("float64").tolist(),
                name=(tr("All others") if name == OTHERS else label(name)) if name is not None else shown,
                mode="lines+markers",
                line={**line, "width": 2.5},
                text=_hover_text(part[y], flags, threshold, digits, tr, lang),
                hovertemplate=f"%{{x}}<br>{shown}: %{{text}}{'%' if percent else ''}"
                "<extra>%{fullData.name}</extra>",
            )
        )
    fig = _layout(fig, title, x_title="", y_title=y_title)
    if percent:
        fig.update_yaxes(range=[0, 100], ticksuffix="%")
    else:
        fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(dtick=1 if df[x].nunique() <= 12 else None)
    return fig


def online_share_chart(
    share: pd.DataFrame,
    title: str,
    threshold: int,
    label: Labeller = _identity,
    tr: Translator = _same,
    lang: str = "en",
) -> go.Figure:
    """The yearly share of cases recruited online (``cases.online_share``): one line, or one
    per country when the frame has countries."""
    group = "country_iso3" if "country_iso3" in share.columns else None
    return line_chart(
        share,
        x="year",
        y="share_pct",
        group=group,
        title=title,
        threshold=threshold,
        y_title=tr("% of recorded cases"),
        digits=1,
        percent=True,
        label=label,
        tr=tr,
        lang=lang,
    )


def bar_chart(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    threshold: int,
    value_title: str = "",
    label: Labeller = _identity,
    digits: int = 0,
    marker: str | None = None,
    marker_name: str = "",
    marker_text: str | None = None,
    horizontal: bool = True,
    tr: Translator = _same,
    lang: str = "en",
) -> go.Figure:
    """Bars per category; ``marker`` adds a diamond per category (e.g. the published figure)."""
    flags = df[value + FLAG_SUFFIX] if value + FLAG_SUFFIX in df.columns else None
    cats = [_wrap(label(c), ROW_LABEL_CHARS) if horizontal else label(c) for c in df[category].tolist()]
    vals = df[value].astype("float64").tolist()
    text = _hover_text(df[value], flags, threshold, digits, tr, lang)
    xy = {"x": vals, "y": cats} if horizontal else {"x": cats, "y": vals}
    fig = go.Figure(
        go.Bar(
            **xy,
            orientation="h" if horizontal else "v",
            name=value_title or value,
            marker_color=OKABE_ITO[0],
            text=text,
            textposition="auto",
            hovertemplate=f"%{{{'y' if horizontal else 'x'}}}<br>{value_title or value}: "
            "%{text}<extra></extra>",
        )
    )
    if marker is not None and marker in df.columns:
        mvals = df[marker].astype("float64").tolist()
        mtext = (
            df[marker_text].fillna("").astype(str).tolist()
            if marker_text
            else [f"{v:.0f}" if not np.isnan(v) else "" for v in mvals]
        )
        mxy = {"x": mvals, "y": cats} if horizontal else {"x": cats, "y": mvals}
        fig.add_trace(
            go.Scatter(
                **mxy,
                mode="markers",
                name=marker_name or marker,
                marker={
                    "symbol": "diamond",
                    "size": 12,
                    "color": OKABE_ITO[1],
                    "line": {"color": "#000000", "width": 1},
                },
                text=mtext,
                hovertemplate=f"{marker_name or marker}: %{{text}}<extra></extra>",
            )
        )
    fig = _layout(
        fig,
        title,
        x_title=value_title if horizontal else "",
        y_title="" if horizontal else value_title,
        height=max(300, 60 + _rows_height(cats, row=34)) if horizontal else 420,
    )
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return fig


def grouped_bars(
    df: pd.DataFrame,
    *,
    category: str,
    group: str,
    value: str,
    title: str,
    value_title: str = "",
    label: Labeller = _identity,
    group_label: Labeller = _identity,
    reference: str | None = None,
    digits: int = 0,
) -> go.Figure:
    """Side-by-side bars, one colour per group (as in :func:`group_styles`); the reference
    group and "All others" are grey."""
    fig = go.Figure()
    groups = list(df.groupby(group, sort=False))
    style = group_styles([name for name, _ in groups], reference)
    for name, part in groups:
        grey = name == OTHERS or (reference is not None and name == reference)
        fig.add_trace(
            go.Bar(
                x=[_wrap(label(c)) for c in part[category].tolist()],
                y=part[value].astype("float64").tolist(),
                name=group_label(name),
                marker_color=REFERENCE_COLOUR if grey else OKABE_ITO[style[str(name)] % len(OKABE_ITO)],
                hovertemplate=f"%{{x}}<br>{value_title or value}: %{{y:.{digits}f}}"
                "<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, title, y_title=value_title)


def heatmap(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    z: str,
    title: str,
    z_title: str = "",
    x_label: Labeller = _identity,
    y_label: Labeller = _identity,
    x_short: Labeller | None = None,
    zmin: float = 0,
    zmax: float = 100,
    pinned: object = None,
) -> go.Figure:
    """A matrix of ``z`` by ``x`` and ``y`` on the Cividis scale, values written in cells.

    Rows and columns are ordered by label; ``pinned`` (e.g. the all-States row) goes last.
    With ``x_short``, columns carry short labels on one line, across where they fit and upright
    where they would overlap (a phone); the full label shows on hover.
    """
    wide = df.pivot_table(index=y, columns=x, values=z, aggfunc="mean", sort=True)
    column_label = x_short or x_label
    # order rows and columns by what the reader sees, not by code
    rows = sorted(wide.index, key=lambda r: (r == pinned, i18n.sort_key(y_label(r))))
    cols = sorted(wide.columns, key=lambda c: (c == pinned, i18n.sort_key(column_label(c))))
    wide = wide.loc[rows, cols]
    values = wide.to_numpy(dtype="float64")
    text = [["" if np.isnan(v) else f"{v:.0f}" for v in row] for row in values]
    row_labels = [_wrap(y_label(r), ROW_LABEL_CHARS) for r in wide.index]
    if x_short is None:
        # wrapped under the matrix: on top they ran into each other and the title
        columns = [_wrap(x_label(c), 13) for c in wide.columns]
        label_lines = max((c.count("<br>") + 1 for c in columns), default=1)
        ticks: dict[str, object] = {"tickangle": 0}
    else:
        # wrapped full labels of seven columns ran into each other on a phone; short ones fit
        columns = [column_label(c) for c in wide.columns]
        label_lines = 1
        # every column named, even where a phone gives each column less than a line's height
        ticks = {"autotickangles": [0, 90], "tickmode": "linear", "dtick": 1, "tickfont": {"size": 11}}
    full = [x_label(c) for c in wide.columns]
    fig = go.Figure(
        go.Heatmap(
            z=values.tolist(),
            x=columns,
            y=row_labels,
            customdata=[full for _ in row_labels],
            colorscale=SEQUENTIAL,
            zmin=zmin,
            zmax=zmax,
            text=text,
            texttemplate="%{text}",
            # the scale's title along it: across, it took a phone's matrix a fifth of its width
            colorbar={"title": {"text": z_title, "side": "right"}, "thickness": 14},
            hovertemplate="%{y}<br>%{customdata}<br>" + (z_title or z) + ": %{text}<extra></extra>",
        )
    )
    # room for the rows and for the column labels under them
    fig = _layout(fig, title, height=max(340, 170 + _rows_height(row_labels, row=30) + 16 * label_lines))
    fig.update_xaxes(side="bottom", automargin=True, **ticks)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(margin={"b": 110})
    return fig


def spread_chart(
    df: pd.DataFrame,
    *,
    category: str,
    title: str,
    country_name: str,
    label: Labeller = _identity,
    tr: Translator = _same,
) -> go.Figure:
    """One country's score per category against the range, middle half and mean of all States."""
    cats = [_wrap(label(c), ROW_LABEL_CHARS) for c in df[category].tolist()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=cats,
            x=(df["max_score"] - df["min_score"]).tolist(),
            base=df["min_score"].tolist(),
            orientation="h",
            name=tr("Range of all States"),
            marker_color="#D9D9D9",
            hovertemplate="%{y}<br>" + tr("range from %{base:.0f}, %{x:.0f} wide") + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=cats,
            x=(df["p75_score"] - df["p25_score"]).tolist(),
            base=df["p25_score"].tolist(),
            orientation="h",
            name=tr("Middle half of States"),
            marker_color="#A6A6A6",
            width=0.4,
            hovertemplate="%{y}<br>" + tr("middle half from %{base:.0f}") + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=cats,
            x=df["mean_score"].tolist(),
            mode="markers",
            name=tr("Mean of all States"),
            marker={"symbol": "line-ns-open", "size": 18, "color": "#000000", "line": {"width": 3}},
            hovertemplate="%{y}<br>" + tr("mean %{x:.0f}") + "<extra></extra>",
            # a score of 100 sits on the axis's end: drawn whole, not cut in half
            cliponaxis=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            y=cats,
            x=df["country_score"].tolist(),
            mode="markers",
            name=country_name,
            marker={"symbol": "circle", "size": 12, "color": OKABE_ITO[5]},
            hovertemplate="%{y}<br>" + country_name + " %{x:.0f}<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_layout(barmode="overlay")
    fig = _layout(fig, title, x_title=tr("severity (0-100)"), height=max(300, 80 + _rows_height(cats)))
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    return fig


def dumbbell(
    df: pd.DataFrame,
    *,
    category: str,
    a: str,
    b: str,
    a_name: str,
    b_name: str,
    title: str,
    label: Labeller = _identity,
    tr: Translator = _same,
) -> go.Figure:
    """Two values per category joined by a line: wave against wave."""
    cats = [_wrap(label(c), ROW_LABEL_CHARS) for c in df[category].tolist()]
    fig = go.Figure()
    for cat, va, vb in zip(cats, df[a].tolist(), df[b].tolist(), strict=True):
        fig.add_trace(
            go.Scatter(
                x=[va, vb],
                y=[cat, cat],
                mode="lines",
                showlegend=False,
                line={"color": "#BBBBBB", "width": 3},
                hoverinfo="skip",
            )
        )
    for col, name, colour in ((a, a_name, OKABE_ITO[0]), (b, b_name, OKABE_ITO[1])):
        fig.add_trace(
            go.Scatter(
                x=df[col].tolist(),
                y=cats,
                mode="markers",
                name=name,
                marker={"size": 12, "color": colour},
                hovertemplate="%{y}<br>" + name + ": %{x:.0f}<extra></extra>",
            )
        )
    fig = _layout(fig, title, x_title=tr("mean severity (0-100)"), height=max(300, 80 + _rows_height(cats)))
    fig.update_yaxes(autorange="reversed")
    return fig


def yes_no_matrix(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str = "",
    x_label: Labeller = _identity,
    y_label: Labeller = _identity,
    tr: Translator = _same,
) -> go.Figure:
    """A yes/no answer per ``x`` and ``y``: a filled dot for yes, an open one for no, nothing
    where there is no answer. Yes and no are never drawn on a scale between them."""
    fig = go.Figure()
    for answer, symbol, colour in ((True, "circle", OKABE_ITO[0]), (False, "circle-open", OKABE_ITO[5])):
        part = df[(df[value].astype("boolean") == answer).fillna(False)] if len(df) else df
        fig.add_trace(
            go.Scatter(
                x=[_wrap(x_label(v), 14) for v in part[x].tolist()],
                y=[y_label(v) for v in part[y].tolist()],
                mode="markers",
                name=tr("yes") if answer else tr("no"),
                marker={"symbol": symbol, "size": 16, "color": colour, "line": {"width": 2, "color": colour}},
                hovertemplate="%{y}<br>%{x}: " + (tr("yes") if answer else tr("no")) + "<extra></extra>",
            )
        )
    rows = df[y].nunique() if len(df) else 1
    fig = _layout(fig, title, height=max(320, 160 + 28 * rows))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top", automargin=True)
    return fig


def category_grid(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    category: str,
    rank: str,
    title: str = "",
    category_label: Labeller = _identity,
    y_label: Labeller = _identity,
    missing: str = "not available",
) -> go.Figure:
    """A category (a tier, a rating) per ``x`` and ``y``: one square per cell, coloured by the
    category's place on its scale (light for the first, dark for the last) and named in the
    legend in that order. A cell without a category (``category`` empty) is an open square.
    """
    fig = go.Figure()
    scale = df.dropna(subset=[category]).drop_duplicates(category).sort_values(rank)
    steps = max(len(scale) - 1, 1)
    for i, code in enumerate(scale[category].tolist()):
        part = df[df[category] == code]
        colour = _scale_colour(i / steps)
        fig.add_trace(
            go.Scatter(
                x=part[x].tolist(),
                y=[y_label(v) for v in part[y].tolist()],
                mode="markers",
                name=category_label(code),
                marker={
                    "symbol": "square",
                    "size": 18,
                    "color": colour,
                    "line": {"width": 1, "color": "#555555"},
                },
                hovertemplate="%{y}, %{x}: " + category_label(code) + "<extra></extra>",
            )
        )
    gaps = df[df[category].isna()]
    if len(gaps):
        fig.add_trace(
            go.Scatter(
                x=gaps[x].tolist(),
                y=[y_label(v) for v in gaps[y].tolist()],
                mode="markers",
                name=missing,
                marker={"symbol": "square-open", "size": 16, "color": REFERENCE_COLOUR},
                hovertemplate="%{y}, %{x}: " + missing + "<extra></extra>",
            )
        )
    # rows in the reader's alphabetical order, not in the order the categories were drawn
    names = sorted({y_label(v) for v in df[y].tolist()}, key=i18n.sort_key)
    # room for the rows and for a legend of one line per category on a phone
    fig = _layout(fig, title, height=max(440, 300 + 30 * len(names)))
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array", categoryarray=names)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def _scale_colour(position: float) -> str:
    """The colour at ``position`` (0 to 1) of the sequential scale, kept off its near-white end."""
    colours: list[str] = sample_colorscale(SEQUENTIAL, [0.15 + 0.85 * position])
    return colours[0]
