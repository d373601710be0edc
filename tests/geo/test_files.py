"""Reading boundary files: CBS GeoPackage, gebiedsindelingen GeoJSON, refusals, CRS guessing."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from tests.support.geo_factories import BUURTEN_GM0001, cbs_geopackage, fixture_frame
from wijkdata.config import Settings
from wijkdata.errors import GeoError, InputFileError
from wijkdata.geo.files import read_boundaries_file
from wijkdata.geo.service import boundary_source, import_boundaries, load_boundaries


def test_import_cbs_geopackage_with_wijken_and_buurten_layers(settings: Settings, tmp_path: Path) -> None:
    gpkg = cbs_geopackage(tmp_path / "wijkenbuurten_2024_v1.gpkg")

    result = import_boundaries(settings, gpkg, "2024")

    assert result.counts == {"wijk": {"GM0001": 2, "GM0002": 1}, "buurt": {"GM0001": 5, "GM0002": 1}}
    assert any("1 waterdeel weggelaten" in note for note in result.notes)
    assert result.lines()[:2] == [
        "3 wijken geïmporteerd voor 2 gemeenten: GM0001 (2), GM0002 (1).",
        "6 buurten geïmporteerd voor 2 gemeenten: GM0001 (5), GM0002 (1).",
    ]
    wijken = load_boundaries(settings, "GM0001", 2024, "wijk")
    buurten = load_boundaries(settings, "GM0001", 2024, "buurt")
    assert list(wijken["naam"]) == ["Proefdorp-West", "Proefdorp-Oost"]
    assert list(buurten["code"]) == BUURTEN_GM0001
    assert buurten.crs.to_epsg() == 28992
    assert boundary_source(settings, "GM0001", 2024, "wijk").startswith("bestand wijkenbuurten_2024_v1.gpkg")


def test_import_gebiedsindelingen_geojson_with_statcode(settings: Settings, tmp_path: Path) -> None:
    wijken = fixture_frame("wijken")
    wijken = wijken[wijken["water"] == "NEE"]
    frame = gpd.GeoDataFrame(
        {
            "statcode": wijken["wijkcode"],
            "jrstatcode": "2024" + wijken["wijkcode"],
            "statnaam": wijken["wijknaam"],
            "rubriek": "wijk",
            "id": range(len(wijken)),
        },
        geometry=wijken.geometry.values,
        crs=28992,
    ).to_crs(4326)
    path = tmp_path / "cbs_wijk_2024_gegeneraliseerd.geojson"
    frame.to_file(path, driver="GeoJSON")

    result = import_boundaries(settings, path, 2024)

    assert result.counts == {"wijk": {"GM0001": 2, "GM0002": 1}}
    shapes = load_boundaries(settings, "GM0001", 2024, "wijk")
    assert list(shapes["naam"]) == ["Proefdorp-West", "Proefdorp-Oost"]
    assert shapes.area.sum() == pytest.approx(4000 * 2000, rel=1e-4)


def test_import_refuses_a_file_without_code_column(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "vlakken.geojson"
    squares = [box(5.0, 52.0, 5.1, 52.1), box(5.1, 52.0, 5.2, 52.1)]
    gpd.GeoDataFrame({"naam": ["A", "B"]}, geometry=squares, crs=4326).to_file(path)
    with pytest.raises(InputFileError, match="geen kolom met wijk- of buurtcodes.*gevonden kolommen: naam"):
        import_boundaries(settings, path, 2024)


def test_import_refuses_codes_that_are_neither_wijk_nor_buurt(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "gemeenten.geojson"
    squares = [box(5.0, 52.0, 5.1, 52.1), box(5.1, 52.0, 5.2, 52.1)]
    frame = gpd.GeoDataFrame({"statcode": ["GM0001", "GM0002"]}, geometry=squares, crs=4326)
    frame.to_file(path)
    with pytest.raises(InputFileError, match="geen kolom met wijk- of buurtcodes"):
        import_boundaries(settings, path, 2024)


def test_import_refuses_unreadable_missing_file_and_missing_year(settings: Settings, tmp_path: Path) -> None:
    junk = tmp_path / "grenzen.geojson"
    junk.write_text("dit is geen geojson", encoding="utf-8")
    with pytest.raises(InputFileError, match="Kan grenzen.geojson niet lezen"):
        import_boundaries(settings, junk, 2024)
    with pytest.raises(InputFileError, match="bestaat niet"):
        import_boundaries(settings, tmp_path / "weg.gpkg", 2024)
    with pytest.raises(GeoError, match="Geef het jaar van de grenzen op"):
        import_boundaries(settings, junk, None)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_crs_is_guessed_from_plausible_coordinates_or_refused(settings: Settings, tmp_path: Path) -> None:
    rd = gpd.GeoDataFrame({"wijkcode": ["WK000101"]}, geometry=[box(230000, 560000, 232000, 562000)])
    rd.to_file(tmp_path / "rd_zonder_crs.shp")  # no .prj: no CRS, RD metres
    lonlat = gpd.GeoDataFrame({"wijkcode": ["WK000102"]}, geometry=[box(6.50, 53.03, 6.52, 53.05)])
    lonlat.to_file(tmp_path / "graden_zonder_crs.shp")
    (tmp_path / "rd.geojson").write_text(json.dumps(json.loads(rd.to_json())), encoding="utf-8")  # RD coordinates, no crs member
    nowhere = gpd.GeoDataFrame({"wijkcode": ["WK000103"]}, geometry=[box(5_000_000, 5_000_000, 5_001_000, 5_001_000)])
    nowhere.to_file(tmp_path / "nergens.shp")

    a, _ = read_boundaries_file(tmp_path / "rd_zonder_crs.shp")
    b, _ = read_boundaries_file(tmp_path / "graden_zonder_crs.shp")
    c, _ = read_boundaries_file(tmp_path / "rd.geojson")
    assert a["wijk"].area.iloc[0] == pytest.approx(4_000_000, rel=1e-9)
    assert b["wijk"].crs.to_epsg() == 28992 and 230_000 < b["wijk"].geometry.iloc[0].centroid.x < 250_000
    assert c["wijk"].area.iloc[0] == pytest.approx(4_000_000, rel=1e-9)
    with pytest.raises(InputFileError, match="geen coördinatenstelsel"):
        read_boundaries_file(tmp_path / "nergens.shp")
