"""Exporting boundaries with figures, in EPSG:4326, as GeoJSON or GeoPackage."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from tests.support.geo_factories import overlap_and_gaps
from wijkdata.cbs import cache
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.config import Settings
from wijkdata.errors import GeoError
from wijkdata.geo.export import export_boundaries
from wijkdata.geo.join import join_figures
from wijkdata.geo.service import import_boundaries, load_boundaries

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "cbs-sample"


@pytest.mark.sample
def test_import_real_gebiedsindelingen_of_apeldoorn_and_export_with_figures(settings: Settings, tmp_path: Path) -> None:
    source = SAMPLE / "geo" / "wijk_2024_GM0200.geojson"
    if not source.exists():
        pytest.skip("../shared/cbs-sample is absent")
    table = SAMPLE / "85984NED"
    load = lambda name: json.loads((table / f"{name}.json").read_text(encoding="utf-8"))  # noqa: E731
    info, props = load("TableInfos")[0], load("DataProperties")
    rows = normalise_table(load("TypedDataSet"), props, load("WijkenEnBuurten"), "GM0200")
    cache.store_table(settings, info, properties_frame(props), rows, "GM0200", 2024)

    result = import_boundaries(settings, source, 2024)
    k = load_kerncijfers(settings, "GM0200")
    shapes = load_boundaries(settings, "GM0200", 2024, "wijk")
    joined, report = join_figures(shapes, k, 2024, "wijk")
    out = export_boundaries(settings, k, 2024, "wijk", tmp_path / "apeldoorn.geojson", "geojson")

    assert result.counts == {"wijk": {"GM0200": 16}}
    assert "Centrum" in set(shapes["naam"])
    assert report.gekoppeld == 16 and report.zonder_grens.empty and report.zonder_cijfers.empty
    truth = {r["Codering_3"].strip(): r["AantalInwoners_5"] for r in load("TypedDataSet") if r["Codering_3"].startswith("WK0200")}
    exported = gpd.read_file(out.path)
    assert exported.crs.to_epsg() == 4326
    assert dict(zip(exported["code"], exported["AantalInwoners"], strict=True)) == truth
    src = gpd.read_file(source).to_crs(28992)
    ex = exported.to_crs(28992)
    overlap, _ = overlap_and_gaps(np.asarray(ex.geometry.values))
    assert overlap < 0.005
    assert abs(ex.union_all().area - src.union_all().area) / src.union_all().area < 0.02


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_export_writes_wgs84_with_code_name_and_figures(settings: Settings, tmp_path: Path, fmt: str) -> None:
    k = load_kerncijfers(settings, "GM9999")
    result = export_boundaries(settings, k, 2024, "buurt", tmp_path / f"buurten.{fmt}", fmt)

    back = gpd.read_file(result.path)
    figures = k.year(2024, "buurt").set_index("code")
    assert result.rows == len(back) == 40
    assert back.crs.to_epsg() == 4326
    assert {"code", "naam", "niveau", "jaar", "AantalInwoners", "GemiddeldeWOZWaardeVanWoningen"} <= set(back.columns)
    exported = back.set_index("code")
    assert (exported["AantalInwoners"] == figures.loc[exported.index, "AantalInwoners"].astype(float)).all()
    assert exported["GemiddeldInkomenPerInwoner"].isna().all()  # not yet published in 2024: empty, not 0
    assert exported.loc["BU99990101", "naam"] == "Binnenstad"


def test_export_refuses_unknown_format(settings: Settings, tmp_path: Path) -> None:
    k = load_kerncijfers(settings, "GM9999")
    with pytest.raises(GeoError, match="kies geojson of gpkg"):
        export_boundaries(settings, k, 2024, "wijk", tmp_path / "x.shp", "shp")
