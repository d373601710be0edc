"""Shapes made fit for use: EPSG:28992, valid polygons, one land part per code, and simplification.

CRS
---
Everything is stored and computed in EPSG:28992 (RD, metres): :func:`to_rd` converts, and guesses
a missing CRS from plausible coordinates (degrees or RD metres in the Netherlands). Only
:func:`display_shapes` converts to EPSG:4326, to draw.

Land and water
--------------
The wijk- en buurtkaart can hold one code twice: a land part (``water`` = ``"NEE"``) and a water
part (``"JA"``). Wijkdata **keeps the land part** and drops the water part (:func:`keep_land`),
because the figures are about where people live and the generalised CBS maps are land-only as
well. A code that only has water parts keeps them, so no area ever loses its shape. Several parts
of one code that remain are dissolved into one (multi)polygon.

Simplification
--------------
When the areas drawn together have more vertices than :func:`vertex_budget` allows (36 000 for a
gemeente, 16 per area for the whole country, which keeps the map sent to the browser under 1 MB
per gemeente and under 8 MB for all of the Netherlands), :func:`display_shapes` simplifies them
**as one coverage** (:func:`simplify_coverage`, :func:`shapely.coverage_simplify`,
Visvalingam–Whyatt on shared edges), so neighbours keep sharing their border exactly: no gaps, no
slivers. The tolerance is not fixed: a first guess from the typical area size (never below
:data:`MIN_TOLERANCE` metres) grows until the drawing fits the budget. The cache keeps the full
resolution; the simplified drawing is made once per gemeente when boundaries are imported or
fetched and kept beside it on disk (:mod:`wijkdata.geo.drawing`), so a page view never
simplifies. Exports (:func:`wijkdata.geo.export.export_boundaries`) are **not** simplified: GIS
colleagues get the source resolution.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from wijkdata.codes import gemeente_of, level_of
from wijkdata.errors import InputFileError

__all__ = [
    "CRS_RD",
    "CRS_WGS84",
    "MIN_TOLERANCE",
    "display_shapes",
    "finish",
    "keep_land",
    "polygonal",
    "simplify_coverage",
    "to_rd",
    "vertex_budget",
]

CRS_RD = "EPSG:28992"
CRS_WGS84 = "EPSG:4326"
#: Smallest simplification tolerance for drawing, in metres.
MIN_TOLERANCE = 2.0


# --- CRS -----------------------------------------------------------------------------------------
def _plausible_lonlat(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(minx >= 2.5 and maxx <= 7.8 and miny >= 50.3 and maxy <= 54.0)


def _plausible_rd(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(minx >= -10_000 and maxx <= 310_000 and miny >= 280_000 and maxy <= 640_000)


def to_rd(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """``frame`` converted to EPSG:28992; a missing CRS is guessed from the coordinates.

    ``what`` names the source in messages (a file name, ``"PDOK wijken 2024"``).

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows and columns in EPSG:28992.

    Raises
    ------
    InputFileError
        When there is no usable geometry, the CRS is missing and the coordinates are neither
        degrees nor RD metres in the Netherlands, the CRS cannot be converted, or the shapes do
        not lie in the Netherlands.
    """
    bounds = frame.total_bounds
    if not np.isfinite(bounds).all():
        raise InputFileError(f"{what} bevat geen bruikbare geometrie.", path=what)
    if frame.crs is None or (frame.crs.is_geographic and not _plausible_lonlat(bounds)):
        if _plausible_lonlat(bounds):
            frame = frame.set_crs(CRS_WGS84, allow_override=True)
        elif _plausible_rd(bounds):
            frame = frame.set_crs(CRS_RD, allow_override=True)
        else:
            raise InputFileError(
                f"{what} heeft geen coördinatenstelsel en de coördinaten ({bounds[0]:.0f}, {bounds[1]:.0f}) zijn "
                "geen graden (EPSG:4326) of RD-meters (EPSG:28992) in Nederland; sla het bestand op met een CRS.",
                path=what,
            )
    try:
        out = frame.to_crs(CRS_RD)
    except Exception as exc:  # pyproj raises several types
        raise InputFileError(
            f"{what}: kan het coördinatenstelsel {frame.crs} niet omzetten naar RD ({exc}).", path=what
        ) from None
    if not _plausible_rd(out.total_bounds):
        raise InputFileError(f"{what}: de vlakken liggen niet in Nederland (CRS {frame.crs}).", path=what)
    return out


# --- validity, land and water --------------------------------------------------------------------
def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid polygonal geometries: invalid ones repaired, lines and points dropped from collections.

    Returns
    -------
    numpy.ndarray
        An object array as long as ``geoms`` of Polygons and MultiPolygons (an empty Polygon
        where nothing polygonal was left).
    """
    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    kinds = shapely.get_type_id(geoms)
    mixed = ~np.isin(kinds, [3, 6])  # Polygon, MultiPolygon
    for i in np.flatnonzero(mixed):
        parts = [p for p in shapely.get_parts(geoms[i]) if p.geom_type in ("Polygon", "MultiPolygon")]
        geoms[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    return geoms


def keep_land(frame: pd.DataFrame, geometry: np.ndarray, crs: object) -> tuple[gpd.GeoDataFrame, int]:
    """One row per code: the land parts, dissolved (see the module docstring).

    ``frame`` has ``code``, ``naam`` and optionally ``water`` (``"JA"``/``"NEE"``) and
    ``gemeente_code``; ``geometry`` holds one shape per row of ``frame``, in ``crs``.

    Returns
    -------
    (geopandas.GeoDataFrame, int)
        The frame without empty shapes and without ``water``, one row per code, CRS ``crs``;
        and the number of water parts dropped.
    """
    out = gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=list(geometry), crs=crs)
    out = out[~(out.geometry.isna() | out.geometry.is_empty)]
    water = pd.Series("NEE", index=out.index, dtype="string")
    if "water" in out:
        water = out["water"].astype("string").str.strip().str.upper().fillna("NEE")
    out = out.assign(_land=(water != "JA").to_numpy())
    has_land = out.groupby("code")["_land"].transform("any")
    keep = out[out["_land"] | ~has_land]
    dropped = len(out) - len(keep)
    keep = keep.drop(columns=[c for c in ("_land", "water") if c in keep])
    dup = keep["code"].duplicated(keep=False)
    if dup.any():
        merged = keep[dup].groupby("code", sort=False).agg(naam=("naam", "first"), geometry=("geometry", shapely.union_all))
        keep = pd.concat([keep[~dup], merged.reset_index()], ignore_index=True)
        keep = gpd.GeoDataFrame(keep, geometry="geometry", crs=crs)
    return keep.reset_index(drop=True), dropped


def finish(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Shapes with level and gemeente taken from their code, in RD, repaired (see :func:`to_rd`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``naam`` (the code where it had none), ``niveau``, ``gemeente_code``,
        ``geometry`` (valid, 2D, polygonal); EPSG:28992; sorted by code.

    Raises
    ------
    InputFileError
        As :func:`to_rd`.
    """
    frame = to_rd(frame, what)
    frame = frame.assign(
        niveau=frame["code"].map(level_of),
        gemeente_code=frame["code"].map(gemeente_of),
        naam=frame["naam"].fillna(frame["code"]).astype(str),
    )
    frame = frame.set_geometry(polygonal(shapely.force_2d(np.asarray(frame.geometry.values, dtype=object))), crs=CRS_RD)
    return frame[["code", "naam", "niveau", "gemeente_code", "geometry"]].sort_values("code").reset_index(drop=True)


# --- simplification and drawing ------------------------------------------------------------------
def vertex_budget(n_areas: int) -> int:
    """How many vertices a drawing of ``n_areas`` areas may have: ``max(36 000, 16 × n_areas)``."""
    return max(36_000, 16 * int(n_areas))


def simplify_coverage(shapes: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """``shapes`` simplified as one coverage: shared borders stay shared (no gaps, no slivers).

    ``tolerance`` is in the units of the CRS (metres for EPSG:28992), roughly the square root of
    the largest triangle area removed.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with the same rows and columns and the CRS of ``shapes``; valid polygons.
    """
    geoms = shapely.coverage_simplify(np.asarray(shapes.geometry.values, dtype=object), tolerance)
    return shapes.set_geometry(polygonal(geoms), crs=shapes.crs)


def display_shapes(shapes: gpd.GeoDataFrame, max_vertices: int | None = None, decimals: int = 5) -> gpd.GeoDataFrame:
    """``shapes`` ready to draw: simplified as a coverage to fit ``max_vertices``, in EPSG:4326.

    Coordinates are rounded to ``decimals`` (5 ≈ 1 m). Shared vertices are rounded alike, so
    neighbours still share their border.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns as ``shapes``; CRS EPSG:4326; ``attrs["tolerantie_m"]`` is the
        tolerance used (0 when the shapes fitted the budget unsimplified).
    """
    rd = shapes.to_crs(CRS_RD) if shapes.crs is not None and shapes.crs != CRS_RD else shapes
    budget = max_vertices or vertex_budget(len(rd))
    geoms = np.asarray(rd.geometry.values, dtype=object)
    count = int(shapely.get_num_coordinates(geoms).sum())
    drawn, tolerance = rd, 0.0
    if count > budget:
        # first guess from the typical area size and the vertices each area may keep, then grow
        typical = math.sqrt(float(np.median(shapely.area(geoms)))) if len(geoms) else 0.0
        tolerance = max(MIN_TOLERANCE, 0.4 * typical / (budget / max(len(geoms), 1)))
        while True:
            drawn = simplify_coverage(rd, tolerance)
            count = int(shapely.get_num_coordinates(drawn.geometry.values).sum())
            if count <= budget or tolerance > 5_000:
                break
            tolerance *= max(1.2, (count / budget) ** 1.5)
    out = drawn.to_crs(CRS_WGS84)
    geoms = shapely.transform(np.asarray(out.geometry.values, dtype=object), lambda xy: np.round(xy, decimals))
    geoms = shapely.remove_repeated_points(geoms)
    out = out.set_geometry(geoms, crs=CRS_WGS84)
    out.attrs["tolerantie_m"] = tolerance
    return out
