"""Synthetic boundaries that look like the real thing, for benchmarks and tests.

:func:`synthetic_coverage` cuts a region into Voronoi cells and gives every shared edge a
wiggly course (the same course for both neighbours), so each area has a realistic 100–300
vertices and the set is a true polygonal coverage, as the CBS wijk- en buurtkaart is.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPoint, box

__all__ = ["synthetic_coverage"]


def _wiggle(line: shapely.LineString, points: int, rng: np.random.Generator) -> np.ndarray:
    """``line`` (two points) as a smooth irregular path of ``points`` vertices with fixed ends."""
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    t = np.linspace(0, 1, points)
    length = float(np.hypot(x1 - x0, y1 - y0))
    nx, ny = (-(y1 - y0) / length, (x1 - x0) / length) if length else (0.0, 0.0)
    offset = np.zeros_like(t)
    for harmonic in (1, 2, 3, 5, 8):
        offset += rng.normal(0, 0.025 / harmonic) * np.sin(np.pi * harmonic * t + rng.uniform(0, np.pi)) * np.sin(np.pi * t)
    offset += rng.normal(0, 0.002, len(t)) * np.sin(np.pi * t)  # small-scale jitter, like digitised lines
    offset *= length
    return np.column_stack([x0 + (x1 - x0) * t + nx * offset, y0 + (y1 - y0) * t + ny * offset])


def synthetic_coverage(
    n: int,
    bounds: tuple[float, float, float, float] = (180_000.0, 430_000.0, 200_000.0, 450_000.0),
    vertices_per_edge: int = 30,
    seed: int = 1,
    prefix: str = "BU0999",
) -> gpd.GeoDataFrame:
    """About ``n`` areas tiling ``bounds`` (EPSG:28992 metres) without gaps or overlaps.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code`` (``BU09990001`` …), ``naam``, ``niveau`` (``buurt``), ``geometry``;
        EPSG:28992. Codes follow the cells' order along the seeds.
    """
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    seeds = np.column_stack([rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)])
    frame = box(minx, miny, maxx, maxy)
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=frame, ordered=True)
    cells = shapely.intersection(np.asarray(cells.geoms, dtype=object), frame)
    edges = shapely.get_parts(shapely.union_all(shapely.boundary(cells)))  # each shared edge once, noded
    segments = []
    for edge in edges:
        coords = np.asarray(edge.coords)
        for a, b in zip(coords[:-1], coords[1:], strict=True):
            segments.append(shapely.LineString(_wiggle(shapely.LineString([a, b]), vertices_per_edge, rng)))
    polygons = shapely.get_parts(shapely.polygonize(segments))
    # order the pieces like their seeds; a piece whose seed a wiggle pushed out goes last
    tree = shapely.STRtree(polygons)
    hit_seed, hit_poly = tree.query(shapely.points(seeds), predicate="within")
    order = list(dict.fromkeys(hit_poly[np.argsort(hit_seed, kind="stable")]))
    order += [i for i in range(len(polygons)) if i not in set(order)]
    geoms = [polygons[i] for i in order]
    width = 10 - len(prefix)
    codes = [f"{prefix}{i:0{width}d}" for i in range(1, len(geoms) + 1)]
    return gpd.GeoDataFrame(
        {"code": codes, "naam": [f"Buurt {i}" for i in range(1, len(geoms) + 1)], "niveau": "buurt"},
        geometry=geoms,
        crs="EPSG:28992",
    )
