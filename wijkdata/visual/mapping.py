"""The choropleth map as pure functions: classes, the GeoJSON for the browser, the plotly figure.

Nothing here imports streamlit or reads files. The geometry is prepared once per gemeente, year
and level (:func:`map_geometry`, from the drawing :func:`wijkdata.geo.service.load_drawing` reads,
simplified at the import) and kept; switching the indicator only reclassifies the values and
regroups the already built GeoJSON features into one trace per class (:func:`build_figure`), so no
geometry is recomputed or copied. Streamlit sends the whole figure on every switch (plotly has no
way to keep the geometry in the browser), so the figure is kept small and cheap instead: shapes
simplified to the gemeente's vertex budget and rounded to ~1 m (≤ 1 MB for 500 buurten), traces
built as plain dicts without plotly's validators, JSON written by orjson (benchmarks/map_scale.py).

The figure (``plotly.graph_objects.Choroplethmap``, MapLibre, no access token) has one trace per
class, named by its Dutch label so the legend reads like a key, and one neutral grey trace
:data:`MISSING_LABEL` for areas without a figure, kept in the figure so the count stays honest.
Each area's ``customdata`` is ``[naam, waarde als tekst, waarde (getal of None), waarde van de
gemeente als tekst, code]``; ``z`` holds the raw value of coloured areas. A value from another year
than the chosen one carries its year in its text (``"30,4 (2023)"``) and the legend names the years.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale

from wijkdata.analysis.latest import value_label
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, Catalogue
from wijkdata.text import nl_number, nl_unit, with_unit
from wijkdata.visual.basemap import BASEMAP_BLANK, BASEMAP_BLANK_NOTE, BASEMAP_NOTE, BASEMAP_PDOK

__all__ = [
    "BASEMAP_BLANK",
    "BASEMAP_BLANK_NOTE",
    "BASEMAP_NOTE",
    "BASEMAP_PDOK",
    "METHODS",
    "MISSING_COLOUR",
    "MISSING_LABEL",
    "Classes",
    "MapGeometry",
    "build_figure",
    "classify",
    "indicator_choices",
    "legend_title",
    "map_geometry",
    "selected_code",
    "unit_label",
]

#: Classification methods: key → Dutch label.
METHODS = {"kwantielen": "Kwantielen", "gelijke intervallen": "Gelijke intervallen"}
#: Legend entry of areas without a figure.
MISSING_LABEL = "geen gegevens / geheim"
MISSING_COLOUR = "#cfcfcf"
_PALETTES = {HIGHER_IS_BETTER: "YlGnBu", HIGHER_IS_WORSE: "OrRd", None: "Blues"}


def unit_label(eenheid: str) -> str:
    """The unit as a legend shows it: ``"× € 1.000"``, ``"%"``, ``"aantal"`` for plain counts."""
    return nl_unit(eenheid) or (eenheid or "").strip()


def legend_title(titel: str, eenheid: str) -> str:
    """``"Aantal inwoners (aantal)"``, ``"Gemiddelde WOZ-waarde (× € 1.000)"``."""
    unit = unit_label(eenheid)
    return f"{titel} ({unit})" if unit else titel


@dataclass(frozen=True)
class Classes:
    """A classification of values.

    ``edges`` are the k+1 ascending class boundaries, ``labels`` the k Dutch labels,
    ``index`` per value its class (0 … k-1) or -1 where the value is missing.
    """

    edges: list[float]
    labels: list[str]
    index: np.ndarray

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.labels)


def _label(lo: float, hi: float, decimals: int, eenheid: str) -> str:
    unit = nl_unit(eenheid)
    text = nl_number(lo, decimals) if lo == hi else f"{nl_number(lo, decimals)} – {nl_number(hi, decimals)}"
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def classify(
    values: pd.Series | np.ndarray, method: str = "kwantielen", k: int = 5, decimals: int = 0, eenheid: str = ""
) -> Classes:
    """Put ``values`` in at most ``k`` classes by quantiles or equal intervals.

    Class boundaries are rounded to ``decimals`` (the precision CBS publishes), duplicates
    removed, so there can be fewer than ``k`` classes (many equal values, or few areas). A value
    on a boundary belongs to the upper class; the maximum to the last. Labels are Dutch numbers
    with the unit: ``"1.000 – 2.500"``, ``"20 – 35%"``.

    Raises ``ValueError`` on an unknown method or ``k < 1``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, not {method!r}")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    numbers = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").astype("float64").to_numpy()
    present = np.isfinite(numbers)
    index = np.full(len(numbers), -1, dtype=int)
    if not present.any():
        return Classes(edges=[], labels=[], index=index)
    data = numbers[present]
    steps = np.linspace(0, 1, k + 1)
    raw = np.quantile(data, steps) if method == "kwantielen" else data.min() + steps * (data.max() - data.min())
    edges = np.unique(np.round(raw, max(decimals, 0)))
    edges[0], edges[-1] = min(edges[0], data.min()), max(edges[-1], data.max())
    if len(edges) == 1:
        index[present] = 0
        return Classes(edges=[float(edges[0])] * 2, labels=[_label(edges[0], edges[0], decimals, eenheid)], index=index)
    index[present] = np.clip(np.searchsorted(edges[1:-1], data, side="right"), 0, len(edges) - 2)
    labels = [_label(edges[i], edges[i + 1], decimals, eenheid) for i in range(len(edges) - 1)]
    return Classes(edges=[float(e) for e in edges], labels=labels, index=index)


@dataclass(frozen=True)
class MapGeometry:
    """The drawable areas, built once: GeoJSON features by code, and where to look.

    ``features`` maps code → GeoJSON Feature (``id`` = code, coordinates EPSG:4326, empty
    properties); ``names`` code → name; ``center`` ``{"lat", "lon"}``; ``zoom`` fits the areas.
    """

    features: dict[str, dict]
    names: dict[str, str]
    center: dict[str, float]
    zoom: float

    @property
    def codes(self) -> list[str]:
        """Codes in drawing order."""
        return list(self.features)


def _zoom(bounds: np.ndarray, width: int = 680, height: int = 580) -> float:
    minx, miny, maxx, maxy = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(maxx - minx, 1e-6) / 360
    dy = max(merc(maxy) - merc(miny), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width / 512 / dx), math.log2(height / 512 / dy))
    return round(max(min(zoom - 0.15, 16.0), 1.0), 2)


def map_geometry(shapes: gpd.GeoDataFrame) -> MapGeometry:
    """Build the browser's GeoJSON features from shapes in EPSG:4326 (see :func:`wijkdata.geo.tidy.display_shapes`).

    ``shapes`` needs columns ``code``, ``naam`` and a geometry in EPSG:4326.
    """
    if shapes.crs is not None and shapes.crs.to_epsg() != 4326:
        raise ValueError(f"shapes must be in EPSG:4326 to draw, not {shapes.crs}")
    texts = shapely.to_geojson(np.asarray(shapes.geometry.values, dtype=object))
    features = {
        str(code): {"type": "Feature", "id": str(code), "properties": {}, "geometry": json.loads(text)}
        for code, text in zip(shapes["code"], texts, strict=True)
    }
    names = dict(zip(shapes["code"].astype(str), shapes["naam"].astype(str), strict=True))
    if len(shapes):
        bounds = shapes.total_bounds
        center = {"lat": float((bounds[1] + bounds[3]) / 2), "lon": float((bounds[0] + bounds[2]) / 2)}
        zoom = _zoom(bounds)
    else:
        center, zoom = {"lat": 52.2, "lon": 5.3}, 6.0
    return MapGeometry(features=features, names=names, center=center, zoom=zoom)


class _Shared(list):
    """A list plotly does not deep-copy: the cached GeoJSON features are shared, never duplicated,
    and a figure's own long lists (locations, values, hover data) are not copied on their way out."""

    def __copy__(self) -> _Shared:
        return self

    def __deepcopy__(self, memo: dict) -> _Shared:
        return self


def _trace(geometry: MapGeometry, codes: list[str], colour: str, name: str, z: list, customdata: list, hover: str) -> dict:
    """One class as a ``choroplethmap`` trace, as a plain dict: the figure validates it once."""
    return {
        "type": "choroplethmap",
        "geojson": {"type": "FeatureCollection", "features": _Shared(geometry.features[c] for c in codes)},
        "locations": _Shared(codes),
        "featureidkey": "id",
        "z": _Shared(z),
        "zmin": 0,
        "zmax": 1,
        "colorscale": [[0, colour], [1, colour]],
        "showscale": False,
        "showlegend": True,
        "name": name,
        "legendgroup": name,
        "customdata": _Shared(customdata),
        "hovertemplate": hover,
        "marker": {"opacity": 0.85, "line": {"width": 0.6, "color": "#ffffff"}},
        "selected": {"marker": {"opacity": 1.0}},
        "unselected": {"marker": {"opacity": 0.5}},
    }


def build_figure(
    geometry: MapGeometry,
    areas: pd.DataFrame,
    *,
    titel: str,
    eenheid: str,
    decimalen: int = 0,
    method: str = "kwantielen",
    k: int = 5,
    richting: str | None = None,
    gemeentenaam: str = "",
    gemeentewaarde: object = None,
    basemap: str | dict = BASEMAP_BLANK,
    height: int = 600,
    uirevision: str = "kaart",
    value_text: Callable[[object], str] | None = None,
    peiljaar: int | None = None,
) -> go.Figure:
    """The choropleth of one indicator.

    Parameters
    ----------
    geometry
        The areas to draw (every one is drawn, coloured or grey).
    areas
        Columns ``code``, ``naam`` and ``waarde`` (number or missing), optionally ``jaar`` (the
        year each value comes from); codes without a shape are ignored here (the join report
        counts them), shapes without a row are drawn grey.
    titel, eenheid, decimalen, richting
        Of the indicator: legend title, number format, palette (reds when higher is worse).
    gemeentenaam, gemeentewaarde
        Shown in the hover as comparison.
    value_text
        How a value reads in the hover (default: Dutch number with unit); pass
        :meth:`wijkdata.cbs.catalogue.Indicator.text` so a code shows its meaning.
        Shown in the hover as comparison (``gemeentewaarde`` may be a text, e.g. with its year).
    peiljaar
        The chosen year: with a ``jaar`` column, values of other years show their year in the
        hover and the legend title names every year the values come from.
    basemap
        A plotly map style name or a MapLibre style (see :data:`BASEMAP_PDOK`); use one that
        needs no network to draw the areas (not ``"carto-positron"``: its style is fetched online,
        and without it MapLibre draws nothing at all).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Choroplethmap`` trace per class (legend entry = class label), one grey trace
        :data:`MISSING_LABEL` (with the count) when any area lacks a figure.
    """
    codes = geometry.codes
    by_code = areas.drop_duplicates("code").set_index("code")
    values = pd.to_numeric(by_code["waarde"].reindex(codes).astype("object"), errors="coerce").astype("float64").to_numpy()
    names = by_code["naam"].reindex(codes).astype("object").to_numpy()
    names = [str(n) if isinstance(n, str) and n else geometry.names.get(c, c) for n, c in zip(names, codes, strict=True)]
    classes = classify(values, method, k, decimalen, eenheid)
    shown = value_text or (lambda v: with_unit(v, eenheid, decimalen))
    gm_text = gemeentewaarde if isinstance(gemeentewaarde, str) else shown(gemeentewaarde)
    years = by_code["jaar"].reindex(codes).to_numpy() if "jaar" in by_code and peiljaar else [None] * len(codes)
    texts = [
        value_label(shown(v), y, peiljaar or 0) if np.isfinite(v) else MISSING_LABEL
        for v, y in zip(values, years, strict=True)
    ]
    shown_years = sorted({int(y) for y, v in zip(years, values, strict=True) if y is not None and pd.notna(y) and np.isfinite(v)})
    mixed = f"<br>cijfers uit {', '.join(map(str, shown_years))}" if any(y != peiljaar for y in shown_years) else ""
    custom = [
        [n, t, float(v) if np.isfinite(v) else None, gm_text, c] for n, t, v, c in zip(names, texts, values, codes, strict=True)
    ]
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + f"{_escape(titel)}: "
        + "%{customdata[1]}"
        + (f"<br>{_escape(gemeentenaam)}: " + "%{customdata[3]}" if gemeentenaam else "")
        + "<extra></extra>"
    )
    palette = sample_colorscale(_PALETTES.get(richting, "Blues"), np.linspace(0.15, 0.95, max(classes.k, 1)).tolist())
    traces = []
    for i, label in enumerate(classes.labels):
        members = np.flatnonzero(classes.index == i)
        if not len(members):
            continue
        traces.append(
            _trace(
                geometry,
                [codes[j] for j in members],
                palette[i],
                label,
                [float(values[j]) for j in members],
                [custom[j] for j in members],
                hover,
            )
        )
    missing = np.flatnonzero(classes.index < 0)
    if len(missing):
        traces.append(
            _trace(
                geometry,
                [codes[j] for j in missing],
                MISSING_COLOUR,
                f"{MISSING_LABEL} ({len(missing)})",
                [0.0] * len(missing),
                [custom[j] for j in missing],
                hover,
            )
        )
    layout = dict(
        map={"style": basemap, "center": geometry.center, "zoom": geometry.zoom, "domain": {"x": [0, 0.74], "y": [0, 1]}},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": f"<b>{_escape(legend_title(titel, eenheid))}</b>{mixed}", "side": "top"},
            "x": 0.755,
            "y": 0.92,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#999999",
            "borderwidth": 1,
        },
        uirevision=uirevision,
    )
    # Built from plain dicts and not validated again (tests validate the same structure): an
    # indicator switch then costs milliseconds, not the ~0.2 s of plotly's validators.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _escape(text: str) -> str:
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def selected_code(points: list[dict], figure: go.Figure) -> str | None:
    """The area code of the first clicked point of a streamlit plotly selection, or ``None``.

    Uses the point's ``location`` when streamlit passes it, else its ``customdata`` (whose last
    element is the code), else the trace's ``locations`` at ``point_index``.
    """
    for point in points or []:
        location = point.get("location")
        if location:
            return str(location)
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and custom and isinstance(custom[-1], str):
            return custom[-1]
        curve, index = point.get("curve_number"), point.get("point_index", point.get("point_number"))
        if curve is not None and index is not None and 0 <= curve < len(figure.data):
            locations = figure.data[curve].locations
            if locations is not None and 0 <= index < len(locations):
                return str(locations[index])
    return None


def indicator_choices(catalogue: Catalogue, jaar: int) -> dict[str, list[str]]:
    """Theme → keys of the indicators the year's table has, both in catalogue order."""
    out: dict[str, list[str]] = {}
    for ind in catalogue:
        if jaar in ind.kolommen:
            out.setdefault(ind.thema, []).append(ind.key)
    return out
