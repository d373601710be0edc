"""The wijk's own knowledge on the map: records as points, and a map to pick a location by clicking.

Pure functions (no streamlit, no files). Points are computed in EPSG:28992 and converted to
EPSG:4326 only to draw:

- :func:`record_points`: initiatives at their own location (else in the middle of their first
  area), interventions in the middle of their first area, open signals at their initiative's
  point (else in the middle of their first area); one row per record.
- :func:`add_record_layer`: those points as one trace per kind over a choropleth figure, each
  with its title on hover and ``customdata`` ``[titel, soort, id, "soort/id"]``.
- :func:`click_grid` and :func:`location_figure`: a faint grid of clickable points over a
  gemeente's areas, so a click on the map gives a location (plotly selects points, not places).
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from pyproj import Transformer

__all__ = [
    "KINDS",
    "add_record_layer",
    "click_grid",
    "location_figure",
    "record_points",
    "to_lonlat",
]

#: Kind of record → (Dutch label on the map, colour, offset in metres so kinds at one spot stay apart).
KINDS: dict[str, tuple[str, str, float]] = {
    "initiatieven": ("Initiatief", "#1b9e77", 0.0),
    "interventies": ("Interventie", "#7570b3", 60.0),
    "signalen": ("Open signaal", "#d95f02", -60.0),
}
_POINT_COLUMNS = ["soort", "id", "titel", "gebied", "x", "y", "lon", "lat"]
_TO_LL = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def to_lonlat(x: np.ndarray | list[float], y: np.ndarray | list[float]) -> tuple[np.ndarray, np.ndarray]:
    """RD metres (EPSG:28992) → longitude and latitude (EPSG:4326), as arrays."""
    lon, lat = _TO_LL.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def _middles(shapes: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """Area code → a point inside it; at buurt level also each wijk (the union of its buurten)."""
    points = shapes.geometry.representative_point()
    out = {str(c): (float(p.x), float(p.y)) for c, p in zip(shapes["code"], points, strict=True)}
    buurten = shapes[shapes["code"].astype(str).str.startswith("BU")]
    if len(buurten):
        wijken = buurten.assign(_wijk="WK" + buurten["code"].astype(str).str[2:8]).dissolve("_wijk").geometry
        for code, p in zip(wijken.index, wijken.representative_point(), strict=True):
            out.setdefault(str(code), (float(p.x), float(p.y)))
    return out


def _first_middle(codes: object, middles: dict[str, tuple[float, float]]) -> tuple[str, tuple[float, float]] | None:
    for code in codes if isinstance(codes, list | tuple) else []:
        if code in middles:
            return code, middles[code]
        wijk = f"WK{str(code)[2:8]}" if str(code).startswith("BU") else ""
        if wijk in middles:
            return code, middles[wijk]
    return None


def record_points(
    initiatieven: pd.DataFrame, interventies: pd.DataFrame, signalen: pd.DataFrame, shapes: gpd.GeoDataFrame
) -> pd.DataFrame:
    """One point per record that can be placed in ``shapes`` (wijken or buurten, EPSG:28992).

    Signals count only while open (``nieuw``, ``in behandeling``). A record none of whose areas
    is among ``shapes`` (nor the wijk of one of its buurten) and without a location is left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``soort`` (``initiatieven``/``interventies``/``signalen``), ``id``, ``titel``,
        ``gebied`` (the area it is drawn in, or ``""`` at its own location), ``x``/``y`` (RD) and
        ``lon``/``lat`` (WGS84).
    """
    middles = _middles(shapes)
    rows: list[dict] = []
    own: dict[int, tuple[float, float]] = {}
    for r in initiatieven.to_dict("records"):
        x, y = r.get("locatie_x"), r.get("locatie_y")
        if x is not None and y is not None and not (pd.isna(x) or pd.isna(y)):
            own[int(r["id"])] = (float(x), float(y))
            rows.append({"soort": "initiatieven", "id": int(r["id"]), "titel": r["titel"], "gebied": "", "x": x, "y": y})
            continue
        found = _first_middle(r.get("gebieden"), middles)
        if found:
            rows.append(
                {
                    "soort": "initiatieven",
                    "id": int(r["id"]),
                    "titel": r["titel"],
                    "gebied": found[0],
                    "x": found[1][0],
                    "y": found[1][1],
                }
            )
    for r in interventies.to_dict("records"):
        found = _first_middle(r.get("gebieden"), middles)
        if found:
            rows.append(
                {
                    "soort": "interventies",
                    "id": int(r["id"]),
                    "titel": r["titel"],
                    "gebied": found[0],
                    "x": found[1][0],
                    "y": found[1][1],
                }
            )
    for r in signalen.to_dict("records"):
        if r.get("status") not in ("nieuw", "in behandeling"):
            continue
        ref = r.get("initiatief_id")
        if ref is not None and not pd.isna(ref) and int(ref) in own:
            x, y = own[int(ref)]
            rows.append({"soort": "signalen", "id": int(r["id"]), "titel": r["titel"], "gebied": "", "x": x, "y": y})
            continue
        found = _first_middle(r.get("gebieden"), middles)
        if found:
            rows.append(
                {
                    "soort": "signalen",
                    "id": int(r["id"]),
                    "titel": r["titel"],
                    "gebied": found[0],
                    "x": found[1][0],
                    "y": found[1][1],
                }
            )
    frame = pd.DataFrame(rows, columns=_POINT_COLUMNS[:6])
    if frame.empty:
        return pd.DataFrame(columns=_POINT_COLUMNS)
    frame["x"] = frame["x"].astype(float) + frame["soort"].map(lambda s: KINDS[s][2])
    frame["y"] = frame["y"].astype(float)
    frame["lon"], frame["lat"] = to_lonlat(frame["x"], frame["y"])
    return frame[_POINT_COLUMNS].reset_index(drop=True)


def add_record_layer(figure: go.Figure, points: pd.DataFrame) -> go.Figure:
    """``figure`` with one point trace per kind of record (legend: Initiatief, Interventie, Open signaal)."""
    for soort, (label, colour, _) in KINDS.items():
        part = points[points["soort"] == soort]
        if part.empty:
            continue
        custom = [[t, soort, int(i), f"{soort}/{int(i)}"] for t, i in zip(part["titel"], part["id"], strict=True)]
        figure.add_trace(
            go.Scattermap(
                lon=part["lon"],
                lat=part["lat"],
                mode="markers",
                marker={"size": 13, "color": colour, "opacity": 0.95},
                name=f"{label} ({len(part)})",
                customdata=custom,
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{label} nr. %{{customdata[2]}}<extra></extra>",
            )
        )
    return figure


def click_grid(shapes: gpd.GeoDataFrame, max_points: int = 2500) -> pd.DataFrame:
    """A regular grid of points inside ``shapes`` (EPSG:28992), at most about ``max_points``.

    Returns
    -------
    pandas.DataFrame
        Columns ``x``, ``y`` (RD metres, rounded) and ``lon``, ``lat``; empty for no shapes.
    """
    if shapes.empty:
        return pd.DataFrame(columns=["x", "y", "lon", "lat"])
    area = shapely.union_all(np.asarray(shapes.geometry.values, dtype=object))
    minx, miny, maxx, maxy = area.bounds
    step = max(25.0, math.sqrt(max(area.area, 1.0) / max_points))
    xs, ys = np.meshgrid(np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(area, xs, ys)
    xs, ys = np.round(xs[inside]), np.round(ys[inside])
    lon, lat = to_lonlat(xs, ys)
    return pd.DataFrame({"x": xs, "y": ys, "lon": lon, "lat": lat})


def location_figure(
    shapes_ll: gpd.GeoDataFrame, grid: pd.DataFrame, chosen: tuple[float, float] | None, basemap: str | dict, height: int = 420
) -> go.Figure:
    """A map to click a location on: the areas as outlines, the grid faintly, the chosen point as a marker.

    ``shapes_ll`` are the areas in EPSG:4326 (columns ``code``, ``naam``); ``chosen`` is an RD point.
    Each grid point's ``customdata`` is ``[x, y]`` in RD metres.
    """
    geojson = shapes_ll.__geo_interface__
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=list(shapes_ll["code"]),
            featureidkey="properties.code",
            z=[0] * len(shapes_ll),
            colorscale=[[0, "#dfe8f1"], [1, "#dfe8f1"]],
            showscale=False,
            marker={"opacity": 0.5, "line": {"width": 0.8, "color": "#5b7083"}},
            customdata=list(shapes_ll["naam"]),
            hovertemplate="%{customdata}<extra></extra>",
            name="gebieden",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scattermap(
            lon=grid["lon"],
            lat=grid["lat"],
            mode="markers",
            marker={"size": 9, "color": "#5b7083", "opacity": 0.12},
            customdata=grid[["x", "y"]].to_numpy().tolist(),
            hoverinfo="none",
            name="klik",
            showlegend=False,
        )
    )
    if chosen is not None:
        lon, lat = to_lonlat([chosen[0]], [chosen[1]])
        fig.add_trace(
            go.Scattermap(
                lon=lon, lat=lat, mode="markers", marker={"size": 16, "color": "#d7301f"}, name="gekozen locatie",
                hoverinfo="none", showlegend=False,
            )
        )  # fmt: skip
    if len(shapes_ll):
        b = shapes_ll.total_bounds
        center = {"lon": float((b[0] + b[2]) / 2), "lat": float((b[1] + b[3]) / 2)}
        span = max(b[2] - b[0], (b[3] - b[1]) * 1.6, 1e-3)
        zoom = float(np.clip(math.log2(360 / span) + 0.6, 3, 16))
    else:
        center, zoom = {"lon": 5.3, "lat": 52.2}, 6.0
    fig.update_layout(
        map={"style": basemap, "center": center, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        clickmode="event+select",
        dragmode=False,
    )
    return fig
