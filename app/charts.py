"""Figures built with ``plotly.graph_objects`` (cheaper to rebuild than plotly express).

Colours come from the Okabe-Ito palette, safe for the common colour-vision deficiencies.
Small counts arrive as NaN with a ``<col>_small`` flag (:mod:`app.disclosure`): the point is
left out of the drawing and its hover text reads ``<5``, never a number.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from app.disclosure import FLAG_SUFFIX, small_label

OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
#: Neutral colour of the all-States reference.
REFERENCE_COLOUR = "#7F7F7F"
SEQUENTIAL = "Cividis"

Labeller = Callable[[object], str]


def _identity(value: object) -> str:
    return str(value)


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label over lines so that columns need no slanted labels."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _hover_text(values: pd.Series, flags: pd.Series | None, threshold: int, digits: int) -> list[str]:
    out = []
    for i, v in enumerate(values.tolist()):
        if flags is not None and bool(flags.iloc[i]):
            out.append(small_label(threshold))
        elif v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("no data")
        else:
            out.append(f"{v:,.{digits}f}")
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


def line_chart(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    title: str,
    threshold: int,
    y_title: str = "",
    label: Labeller = _identity,
    digits: int = 0,
    reference: str | None = None,
) -> go.Figure:
    """One line per group; ``reference`` names the group drawn as a grey dashed line."""
    fig = go.Figure()
    groups = [(None, df)] if group is None else list(df.groupby(group, sort=True))
    flag_col = y + FLAG_SUFFIX
    colour = 0
    for name, part in groups:
        part = part.sort_values(x)
        flags = part[flag_col] if flag_col in part.columns else None
        is_ref = reference is not None and name == reference
        line = (
            {"color": REFERENCE_COLOUR, "dash": "dash"}
            if is_ref
            else {"color": OKABE_ITO[colour % len(OKABE_ITO)]}
        )
        colour += 0 if is_ref else 1
        shown = y_title or y
        fig.add_trace(
            go.Scatter(
                x=part[x].tolist(),
                y=part[y].astype("float64").tolist(),
                name=label(name) if name is not None else shown,
                mode="lines+markers",
                line=line,
                text=_hover_text(part[y], flags, threshold, digits),
                hovertemplate=f"%{{x}}<br>{shown}: %{{text}}<extra>%{{fullData.name}}</extra>",
            )
        )
    return _layout(fig, title, x_title=x, y_title=y_title)


def online_share_chart(share: pd.DataFrame, title: str, threshold: int) -> go.Figure:
    """The yearly share of cases recruited online (``cases.online_share``), one line."""
    return line_chart(
        share,
        x="year",
        y="share_pct",
        group=None,
        title=title,
        threshold=threshold,
        y_title="% of cases",
        digits=1,
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
) -> go.Figure:
    """Bars per category; ``marker`` adds a diamond per category (e.g. the published figure)."""
    flags = df[value + FLAG_SUFFIX] if value + FLAG_SUFFIX in df.columns else None
    cats = [label(c) for c in df[category].tolist()]
    vals = df[value].astype("float64").tolist()
    text = _hover_text(df[value], flags, threshold, digits)
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
        height=max(300, 60 + 34 * len(cats)) if horizontal else 420,
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
    """Side-by-side bars, one colour per group; the reference group is grey."""
    fig = go.Figure()
    colour = 0
    for name, part in df.groupby(group, sort=False):
        is_ref = reference is not None and name == reference
        fig.add_trace(
            go.Bar(
                x=[_wrap(label(c)) for c in part[category].tolist()],
                y=part[value].astype("float64").tolist(),
                name=group_label(name),
                marker_color=REFERENCE_COLOUR if is_ref else OKABE_ITO[colour % len(OKABE_ITO)],
                hovertemplate=f"%{{x}}<br>{value_title or value}: %{{y:.{digits}f}}"
                "<extra>%{fullData.name}</extra>",
            )
        )
        colour += 0 if is_ref else 1
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
    zmin: float = 0,
    zmax: float = 100,
    pinned: object = None,
) -> go.Figure:
    """A matrix of ``z`` by ``x`` and ``y`` on the Cividis scale, values written in cells.

    Rows and columns are ordered by label; ``pinned`` (e.g. the all-States row) goes last.
    """
    wide = df.pivot_table(index=y, columns=x, values=z, aggfunc="mean", sort=True)
    # order rows and columns by what the reader sees, not by code
    rows = sorted(wide.index, key=lambda r: (r == pinned, y_label(r)))
    cols = sorted(wide.columns, key=lambda c: (c == pinned, x_label(c)))
    wide = wide.loc[rows, cols]
    values = wide.to_numpy(dtype="float64")
    text = [["" if np.isnan(v) else f"{v:.0f}" for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values.tolist(),
            x=[_wrap(x_label(c)) for c in wide.columns],
            y=[y_label(r) for r in wide.index],
            colorscale=SEQUENTIAL,
            zmin=zmin,
            zmax=zmax,
            text=text,
            texttemplate="%{text}",
            colorbar={"title": {"text": z_title}},
            hovertemplate="%{y}<br>%{x}<br>" + (z_title or z) + ": %{text}<extra></extra>",
        )
    )
    fig = _layout(fig, title, height=max(320, 200 + 30 * len(wide.index)))
    fig.update_xaxes(tickangle=0, side="top")
    fig.update_yaxes(autorange="reversed")
    return fig


def spread_chart(
    df: pd.DataFrame,
    *,
    category: str,
    title: str,
    country_name: str,
    label: Labeller = _identity,
) -> go.Figure:
    """One country's score per category against the range, middle half and mean of all States."""
    cats = [label(c) for c in df[category].tolist()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=cats,
            x=(df["max_score"] - df["min_score"]).tolist(),
            base=df["min_score"].tolist(),
            orientation="h",
            name="Range of all States",
            marker_color="#D9D9D9",
            hovertemplate="%{y}<br>range %{base:.0f} to %{x:.0f} wide<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=cats,
            x=(df["p75_score"] - df["p25_score"]).tolist(),
            base=df["p25_score"].tolist(),
            orientation="h",
            name="Middle half of States",
            marker_color="#A6A6A6",
            width=0.4,
            hovertemplate="%{y}<br>middle half from %{base:.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=cats,
            x=df["mean_score"].tolist(),
            mode="markers",
            name="Mean of all States",
            marker={"symbol": "line-ns-open", "size": 18, "color": "#000000", "line": {"width": 3}},
            hovertemplate="%{y}<br>mean %{x:.0f}<extra></extra>",
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
        )
    )
    fig.update_layout(barmode="overlay")
    fig = _layout(fig, title, x_title="severity (0-100)", height=max(300, 80 + 40 * len(cats)))
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
) -> go.Figure:
    """Two values per category joined by a line: wave against wave."""
    cats = [label(c) for c in df[category].tolist()]
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
    fig = _layout(fig, title, x_title="mean severity (0-100)", height=max(300, 80 + 40 * len(cats)))
    fig.update_yaxes(autorange="reversed")
    return fig
