"""The map's simplified shapes: made once at the import, kept on disk, read on every view."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
import shapely

import wijkdata.geo.drawing as drawing
from wijkdata.geo.cache import cache_path, store_boundaries
from wijkdata.geo.drawing import drawing_path
from wijkdata.geo.service import load_boundaries, load_drawing
from wijkdata.geo.tidy import CRS_RD
from wijkdata.visual.mapping import build_figure, map_geometry

MB = 1_000_000


def buurten(n: int, gemeente: str = "0999", seed: int = 0, step: float = 12.0) -> gpd.GeoDataFrame:
    """``n`` buurten of one gemeente as a true coverage (Voronoi cells, edges densified every ``step`` m)."""
    rng = np.random.default_rng(seed)
    x0, y0 = 180_000.0, 430_000.0
    side = 20_000.0
    points = shapely.multipoints(rng.uniform([x0, y0], [x0 + side, y0 + side], (n, 2)))
    frame = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame)), frame)
    cells = shapely.segmentize(shapely.set_precision(cells, 0.01), step)
    codes = [f"BU{gemeente}{i:04d}" for i in range(len(cells))]
    return gpd.GeoDataFrame(
        {"code": codes, "naam": [f"Buurt {i}" for i in range(len(cells))], "niveau": "buurt", "gemeente_code": f"GM{gemeente}"},
        geometry=list(cells),
        crs=CRS_RD,
    )


@pytest.fixture
def count_simplify(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often a gemeente is simplified (calls of display_shapes in wijkdata.geo.drawing)."""
    calls: list[int] = []
    real = drawing.display_shapes

    def counted(shapes, *args, **kwargs):
        calls.append(len(shapes))
        return real(shapes, *args, **kwargs)

    monkeypatch.setattr(drawing, "display_shapes", counted)
    return calls


def test_import_writes_the_drawing_once_and_views_only_read_it(settings, count_simplify):
    store_boundaries(settings, buurten(60), 2024, "test.geojson", "bestand")
    path = drawing_path(settings, 2024, "buurt")
    assert path.exists() and count_simplify == [60]
    stamp = path.stat().st_mtime_ns

    first = load_drawing(settings, "GM0999", 2024, "buurt")
    again = load_drawing(settings, "GM0999", 2024, "buurt")

    assert count_simplify == [60]  # the views did not simplify
    assert path.stat().st_mtime_ns == stamp  # nor write
    assert list(first["code"]) == list(again["code"]) == sorted(buurten(60)["code"])
    assert first.crs.to_epsg() == 4326


def test_old_cache_without_drawing_is_drawn_once_then_reused(settings, count_simplify):
    store_boundaries(settings, buurten(40), 2024, "test.geojson", "bestand")
    path = drawing_path(settings, 2024, "buurt")
    path.unlink()  # a cache made before drawings existed
    count_simplify.clear()

    load_drawing(settings, "GM0999", 2024, "buurt")
    stamp = path.stat().st_mtime_ns
    load_drawing(settings, "GM0999", 2024, "buurt")

    assert count_simplify == [40]
    assert path.stat().st_mtime_ns == stamp


def test_other_gemeenten_keep_their_drawing_and_a_new_import_replaces_its_own(settings, count_simplify):
    store_boundaries(settings, buurten(30, "0998", seed=1), 2024, "a.geojson", "bestand")
    store_boundaries(settings, buurten(20, "0999", seed=2), 2024, "b.geojson", "bestand")
    store_boundaries(settings, buurten(25, "0999", seed=3), 2024, "c.geojson", "bestand")  # 0999 again

    assert count_simplify == [30, 20, 25]  # 0998 was not simplified again
    kept = gpd.read_parquet(drawing_path(settings, 2024, "buurt"))
    assert kept.groupby("gemeente_code").size().to_dict() == {"GM0998": 30, "GM0999": 25}


def test_a_drawing_older_than_its_source_or_damaged_is_made_again(settings, count_simplify):
    store_boundaries(settings, buurten(20), 2024, "test.geojson", "bestand")
    drawing_path(settings, 2024, "buurt").write_bytes(b"not parquet")
    count_simplify.clear()

    drawn = load_drawing(settings, "GM0999", 2024, "buurt")

    assert len(drawn) == 20 and count_simplify == [20]
    assert drawing_path(settings, 2024, "buurt").stat().st_mtime_ns > cache_path(settings, 2024, "buurt").stat().st_mtime_ns


def test_ids_names_and_values_stay_joined_after_simplification(settings):
    shapes = buurten(120)
    store_boundaries(settings, shapes, 2024, "test.geojson", "bestand")
    full = load_boundaries(settings, "GM0999", 2024, "buurt")
    drawn = load_drawing(settings, "GM0999", 2024, "buurt")
    assert drawn.attrs["tolerantie_m"] > 0  # it was simplified
    geometry = map_geometry(drawn)
    values = {c: float(i) if i % 7 else None for i, c in enumerate(full["code"])}
    areas = pd.DataFrame({"code": list(values), "naam": list(full["naam"]), "waarde": list(values.values())})

    fig = build_figure(geometry, areas, titel="Inwoners", eenheid="aantal")

    seen = {}
    for trace in fig.data:
        feature_ids = [f["id"] for f in trace.geojson["features"]]
        assert feature_ids == list(trace.locations)
        for code, custom in zip(trace.locations, trace.customdata, strict=True):
            seen[code] = custom[2]
            assert custom[0] == full.set_index("code").at[code, "naam"] and custom[4] == code
    assert seen == values  # every area once, with its own value; missing stays missing
    # each drawn shape still lies where its source lies
    source = full.set_index("code").geometry.to_crs(4326)
    for code, shape in zip(drawn["code"], drawn.geometry, strict=True):
        assert source[code].buffer(0.001).contains(shape.representative_point())


def test_figure_of_500_buurten_stays_under_1_mb(settings):
    store_boundaries(settings, buurten(500, step=8.0), 2024, "test.geojson", "bestand")
    full_vertices = int(shapely.get_num_coordinates(load_boundaries(settings, "GM0999", 2024, "buurt").geometry.values).sum())
    geometry = map_geometry(load_drawing(settings, "GM0999", 2024, "buurt"))
    rng = np.random.default_rng(0)
    areas = pd.DataFrame({"code": geometry.codes, "naam": list(geometry.names.values()), "waarde": rng.gamma(2, 900, 500)})

    sent = pio.to_json(build_figure(geometry, areas, titel="Inwoners", eenheid="aantal", k=7), validate=False)

    assert full_vertices > 100_000  # large enough to need simplifying
    assert len(sent.encode()) < 1 * MB
    assert len(json.loads(sent)["data"]) == 7
