"""Factories for the boundary tests: the PDOK fixture collections as files, and coverage checks."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from tests.support.pdok_server import FIXTURES

#: The buurten of GM0001 in the PDOK fixtures of 2024, by code.
BUURTEN_GM0001 = ["BU00010101", "BU00010102", "BU00010201", "BU00010202", "BU00010203"]


def fixture_frame(name: str) -> gpd.GeoDataFrame:
    """A fixture collection as a GeoDataFrame in RD, as the CBS GeoPackage would hold it."""
    data = json.loads((FIXTURES / "wijken-en-buurten-2024" / f"{name}.json").read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(data["features"], crs="OGC:CRS84").to_crs(28992)


def overlap_and_gaps(geoms: np.ndarray) -> tuple[float, float]:
    """(area counted twice, area of holes inside the union) as shares of the union's area."""
    union = shapely.union_all(geoms)
    total = float(shapely.area(geoms).sum())
    holes = sum(shapely.area(shapely.polygons(ring)) for poly in shapely.get_parts(union) for ring in poly.interiors)
    return (total - union.area) / union.area, holes / union.area


def cbs_geopackage(path: Path) -> Path:
    """A GeoPackage laid out as CBS's wijk- en buurtkaart: layers gemeenten, wijken, buurten."""
    buurten = fixture_frame("buurten")
    wijken = fixture_frame("wijken")
    land = wijken[wijken["water"] == "NEE"]
    gemeenten = land.dissolve("gemeentecode", as_index=False)[["gemeentecode", "gemeentenaam", "geometry"]]
    gemeenten.to_file(path, layer="gemeenten", driver="GPKG")
    wijken.to_file(path, layer="wijken", driver="GPKG")
    buurten.to_file(path, layer="buurten", driver="GPKG")
    return path
