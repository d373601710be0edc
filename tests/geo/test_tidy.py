"""Simplification and drawing: coverage simplification keeps shared borders, display shapes fit the budget."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from tests.support.geo_factories import overlap_and_gaps
from wijkdata.config import Settings
from wijkdata.geo.service import load_boundaries
from wijkdata.geo.tidy import display_shapes, simplify_coverage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_coverage  # noqa: E402


def test_simplified_neighbours_still_share_their_border() -> None:
    shapes = synthetic_coverage(60, (150_000.0, 400_000.0, 160_000.0, 410_000.0), seed=7)
    original = np.asarray(shapes.geometry.values)

    simplified = simplify_coverage(shapes, 40.0)
    geoms = np.asarray(simplified.geometry.values)
    overlap, gaps = overlap_and_gaps(geoms)

    assert shapely.get_num_coordinates(geoms).sum() < 0.5 * shapely.get_num_coordinates(original).sum()
    assert abs(overlap) < 1e-9 and gaps < 1e-9
    assert shapely.coverage_is_valid(geoms)
    moved = abs(shapely.union_all(geoms).area - shapely.union_all(original).area) / shapely.union_all(original).area
    assert moved < 0.02
    tree = shapely.STRtree(original)
    left, right = tree.query(original, predicate="touches")
    pairs = [(i, j) for i, j in zip(left, right, strict=True) if i < j and original[i].intersection(original[j]).length > 0]
    assert pairs
    for i, j in pairs:  # every pair of neighbours still shares a border, and nothing overlaps
        assert geoms[i].intersection(geoms[j]).length > 0
        assert geoms[i].intersection(geoms[j]).area < 1e-6


def test_display_shapes_fit_the_budget_in_wgs84_and_keep_shared_vertices() -> None:
    shapes = synthetic_coverage(40, (150_000.0, 400_000.0, 158_000.0, 408_000.0), seed=3)

    drawn = display_shapes(shapes, max_vertices=2000)

    assert drawn.crs.to_epsg() == 4326
    assert shapely.get_num_coordinates(drawn.geometry.values).sum() <= 2000
    assert drawn.attrs["tolerantie_m"] > 0
    coords = shapely.get_coordinates(drawn.geometry.values)
    assert np.allclose(coords, np.round(coords, 5))
    overlap, gaps = overlap_and_gaps(np.asarray(drawn.to_crs(28992).geometry.values))
    assert abs(overlap) < 1e-6 and gaps < 1e-6
    assert list(drawn["code"]) == list(shapes["code"])


def test_display_shapes_leave_coarse_shapes_alone() -> None:
    demo = load_boundaries(Settings(), "GM9999", 2024, "buurt")
    drawn = display_shapes(demo)
    assert drawn.attrs["tolerantie_m"] == 0
    assert shapely.get_num_coordinates(drawn.geometry.values).sum() == pytest.approx(
        shapely.get_num_coordinates(demo.geometry.values).sum(), rel=0.02
    )
