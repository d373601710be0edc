"""Plotly figures for the pages (no streamlit here): trends with breaks, need against effort.

Every figure names its axes with units and carries its source in the title or a note.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from wijkdata.text import nl_number, nl_unit

__all__ = ["trend_figure", "need_effort_figure", "need_bar_figure"]

_AREA_COLOUR, _GEMEENTE_COLOUR, _NL_COLOUR = "#1f5fa8", "#e07b00", "#7a7a7a"


def _axis_unit(unit: str) -> str:
    shown = nl_unit(unit)
    return f" ({shown})" if shown else ""


def _source_note(fig: go.Figure, source: str, y: float) -> None:
    """The source line under a figure (kept in exported images)."""
    if source:
        fig.add_annotation(
            text=source, xref="paper", yref="paper", x=0, y=y, showarrow=False, font={"size": 10, "color": "#666"}, xanchor="left"
        )


def trend_figure(frame: pd.DataFrame, title: str, unit: str, decimals: int = 0, source: str = "") -> go.Figure:
    """A line per series (area, gemeente, Nederland) from :func:`wijkdata.analysis.profile.trend`.

    Each segment of a series is its own line, so no line crosses a boundary change; the first
    point after a break is marked and labelled with the reason.
    """
    fig = go.Figure()
    series = list(dict.fromkeys(frame["reeks"]))
    colours = [_AREA_COLOUR, _GEMEENTE_COLOUR, _NL_COLOUR]
    for i, name in enumerate(series):
        part = frame[frame["reeks"] == name]
        colour = colours[min(i, 2)]
        for j, (_, seg) in enumerate(part.groupby("segment", sort=True)):
            seg = seg.dropna(subset=["waarde"])
            if seg.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=seg["jaar"],
                    y=seg["waarde"].astype(float),
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=j == 0,
                    line={"color": colour, "dash": "solid" if i == 0 else "dot", "width": 3 if i == 0 else 2},
                    customdata=[
                        [nl_number(v, decimals), t, c]
                        for v, t, c in zip(seg["waarde"], seg["tabel"], seg["cbs_kolom"], strict=True)
                    ],
                    hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{customdata[0]}}{_axis_unit(unit)}"
                    "<br>Bron: CBS %{customdata[1]}, kolom %{customdata[2]}<extra></extra>",
                )
            )
    for _, row in frame[(frame["breuk"] != "") & (frame["reeks"] == series[0])].iterrows() if series else []:
        fig.add_vline(x=row["jaar"] - 0.5, line={"dash": "dash", "color": "#b00020", "width": 1})
        fig.add_annotation(
            x=row["jaar"] - 0.5,
            y=1,
            yref="paper",
            text=f"breuk: {row['breuk']}",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 11, "color": "#b00020"},
        )
    fig.update_layout(
        title={"text": title, "font": {"size": 16}},
        xaxis={"title": {"text": "Jaar"}, "dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": f"{title}{_axis_unit(unit)}"}, "separatethousands": True},
        separators=",.",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 50, "b": 40, "l": 10, "r": 10},
        height=380,
    )
    _source_note(fig, source, -0.35)
    return fig


def need_effort_figure(frame: pd.DataFrame, source: str = "") -> go.Figure:
    """Wijken as points: need (opgave, x) against effort (active initiatives + interventions, y).

    Point size grows with open signals; the quadrant lines sit at need 0 and just above the effort median.
    """
    fig = go.Figure()
    sizes = 14 + 6 * frame["open_signalen"].astype(float)
    colours = ["#b00020" if v else "#1f5fa8" for v in frame["verslechtert"]]
    fig.add_trace(
        go.Scatter(
            x=frame["opgave"].astype(float),
            y=frame["inzet"].astype(float),
            mode="markers+text",
            text=frame["naam"],
            textposition="top center",
            marker={"size": sizes, "color": colours, "opacity": 0.8, "line": {"width": 1, "color": "white"}},
            customdata=frame[["initiatieven", "interventies", "open_signalen", "kwadrant"]].to_numpy(),
            hovertemplate="<b>%{text}</b><br>Opgave: %{x:.2f} sd<br>Initiatieven: %{customdata[0]}"
            "<br>Interventies: %{customdata[1]}<br>Open signalen: %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            name="wijken",
            showlegend=False,
        )
    )
    median = float(frame["inzet"].median()) if len(frame) else 0.0
    fig.add_vline(x=0, line={"dash": "dot", "color": "#999"})
    fig.add_hline(y=median + 0.5, line={"dash": "dot", "color": "#999"})
    fig.update_layout(
        xaxis={"title": {"text": "Opgave (achterstand op de gemeente, in standaarddeviaties; rechts = groter)"}},
        yaxis={"title": {"text": "Inzet (actieve initiatieven + interventies, aantal)"}, "rangemode": "tozero"},
        separators=",.",
        height=460,
        margin={"t": 30, "b": 60, "l": 10, "r": 10},
    )
    _source_note(fig, source, -0.2)
    return fig


def need_bar_figure(frame: pd.DataFrame, source: str = "") -> go.Figure:
    """Need (opgave) per wijk as horizontal bars, largest need on top; red where it is growing."""
    data = frame.dropna(subset=["opgave"]).sort_values("opgave")
    fig = go.Figure(
        go.Bar(
            x=data["opgave"].astype(float),
            y=data["naam"],
            orientation="h",
            marker={"color": ["#b00020" if v else "#1f5fa8" for v in data["verslechtert"]]},
            customdata=data[["grootste_achterstand"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>Opgave: %{x:.2f} sd<br>Grootste achterstand: %{customdata[0]}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": "Opgave (achterstand op de gemeente, in standaarddeviaties; rechts = groter)"}},
        yaxis={"title": {"text": "Wijk"}, "automargin": True},
        separators=",.",
        height=max(320, 28 * len(data) + 120),
        margin={"t": 30, "b": 60, "l": 10, "r": 10},
    )
    _source_note(fig, source, -0.15)
    return fig
