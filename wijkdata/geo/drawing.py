"""The map's shapes, simplified once and kept on disk: a page view never simplifies.

Layout under ``<data dir>/grenzen/``, beside the full-resolution cache of :mod:`wijkdata.geo.cache`::

    <jaar>/wijk-kaart.parquet    every cached gemeente's wijken, simplified for drawing
    <jaar>/buurt-kaart.parquet   the same for buurten

GeoParquet in **EPSG:4326** (the only place Wijkdata stores degrees: this is a drawing, not data)
with columns ``code``, ``naam``, ``gemeente_code``, ``tolerantie_m``, ``geometry``. Each gemeente
is simplified as its own coverage with :func:`wijkdata.geo.tidy.display_shapes` (the vertex budget
of one gemeente's map, coordinates rounded to 5 decimals ≈ 1 m), exactly what the map used to
compute on its first view.

When it is made
---------------
- :func:`wijkdata.geo.cache.store_boundaries` (every import and PDOK fetch) calls
  :func:`store_drawings` for the gemeenten it stored, under the same folder lock, after the
  full-resolution file: the drawing is written atomically and is never older than its source.
- A cache made before drawings existed, or a drawing file that is damaged, older than its source
  or lacks a gemeente, is built once for that gemeente by
  :func:`wijkdata.geo.service.load_drawing` and written back, so the next view (and the next
  server) reads it.

The demo gemeente (GM9999) is generated in memory and small; its drawing is made in memory.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from wijkdata.config import Settings
from wijkdata.geo.levels import check_niveau
from wijkdata.geo.tidy import CRS_WGS84, display_shapes
from wijkdata.storage import atomic_parquet

__all__ = ["DRAWING_COLUMNS", "drawing_path", "drawn_in_memory", "read_drawing", "store_drawings"]

#: Columns of a drawing file and of what :func:`load_drawing` returns.
DRAWING_COLUMNS = ["code", "naam", "gemeente_code", "tolerantie_m", "geometry"]


def drawing_path(settings: Settings, jaar: int, niveau: str) -> Path:
    """The GeoParquet file with the simplified shapes of every cached gemeente of ``jaar`` at ``niveau``."""
    return settings.geo_dir / str(int(jaar)) / f"{niveau}-kaart.parquet"


def drawn_in_memory(shapes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``shapes`` (one level, column ``gemeente_code``, EPSG:28992) simplified per gemeente, in EPSG:4326.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`DRAWING_COLUMNS`; EPSG:4326; by gemeente and code.
    """
    parts = []
    for gemeente, rows in shapes.groupby("gemeente_code", sort=True):
        drawn = display_shapes(gpd.GeoDataFrame(rows, geometry="geometry", crs=shapes.crs).sort_values("code"))
        parts.append(drawn.assign(gemeente_code=str(gemeente), tolerantie_m=float(drawn.attrs["tolerantie_m"])))
    if not parts:
        return gpd.GeoDataFrame({c: [] for c in DRAWING_COLUMNS}, geometry="geometry", crs=CRS_WGS84)
    out = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(out[DRAWING_COLUMNS], geometry="geometry", crs=CRS_WGS84)


def _read_all(path: Path) -> gpd.GeoDataFrame | None:
    """The drawing file, or ``None`` when it is missing or damaged."""
    try:
        return gpd.read_parquet(path)
    except Exception:  # missing or damaged (pyarrow raises several types): it is made again
        return None


def store_drawings(
    settings: Settings, shapes: gpd.GeoDataFrame, jaar: int, niveau: str, *, keep_others: bool = True
) -> gpd.GeoDataFrame:
    """Simplify ``shapes`` per gemeente and merge them into the drawing of ``jaar`` and ``niveau``, atomically.

    The caller holds the lock of the boundaries folder (:func:`wijkdata.storage.locked`).
    ``shapes`` are full-resolution shapes of one level (columns ``code``, ``naam``,
    ``gemeente_code``, ``geometry``), all cached areas of each gemeente in it. The gemeenten in
    ``shapes`` replace their earlier drawing; with ``keep_others=False`` the other gemeenten are
    dropped too (their source was lost).

    Returns
    -------
    geopandas.GeoDataFrame
        The simplified rows of ``shapes``: columns :data:`DRAWING_COLUMNS`, EPSG:4326.
    """
    niveau = check_niveau(niveau)
    new = drawn_in_memory(shapes)
    path = drawing_path(settings, jaar, niveau)
    old = _read_all(path) if keep_others else None
    merged = new
    if old is not None and len(old):
        kept = old[~old["gemeente_code"].isin(set(new["gemeente_code"]))]
        merged = gpd.GeoDataFrame(pd.concat([kept, new], ignore_index=True), geometry="geometry", crs=CRS_WGS84)
    atomic_parquet(merged.sort_values(["gemeente_code", "code"]).reset_index(drop=True), path)
    return new


def read_drawing(settings: Settings, gemeente: str, jaar: int, niveau: str, source: Path) -> gpd.GeoDataFrame | None:
    """The stored drawing of one gemeente, or ``None`` when there is none that is current.

    ``source`` is the full-resolution file it was made from (:func:`wijkdata.geo.cache.cache_path`).

    Returns
    -------
    geopandas.GeoDataFrame or None
        Columns :data:`DRAWING_COLUMNS`, EPSG:4326, sorted by code; ``None`` when the file is
        missing, damaged, older than ``source``, or lacks ``gemeente``.
    """
    path = drawing_path(settings, jaar, niveau)
    try:
        if not path.exists() or (source.exists() and path.stat().st_mtime_ns < source.stat().st_mtime_ns):
            return None
        rows = gpd.read_parquet(path, filters=[("gemeente_code", "==", gemeente)])
    except Exception:  # damaged: made again by load_drawing
        return None
    if rows.empty:
        return None
    return rows.sort_values("code").reset_index(drop=True)
