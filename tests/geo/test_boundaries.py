"""Boundaries: PDOK through a local OGC API Features server, file imports, cache, simplification, join, export."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from tests.support.pdok_server import FIXTURES, PdokServer
from wijkdata.cbs import cache
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.cli import main
from wijkdata.config import Settings
from wijkdata.errors import GeoError, InputFileError, NotCached, PdokUnavailable
from wijkdata.geo.boundaries import (
    boundary_source,
    display_shapes,
    export_boundaries,
    fetch_pdok,
    import_boundaries,
    join_figures,
    load_boundaries,
    read_boundaries_file,
    read_manifest,
    simplify_coverage,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "cbs-sample"
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_coverage  # noqa: E402

BUURTEN_GM0001 = ["BU00010101", "BU00010102", "BU00010201", "BU00010202", "BU00010203"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A data folder in ``tmp_path``; CBS and PDOK on a port where nothing listens."""
    return Settings(data_dir=tmp_path / "data", cbs_url="http://127.0.0.1:9", pdok_url="http://127.0.0.1:9", timeout=2.0)


@pytest.fixture
def pdok() -> PdokServer:
    with PdokServer(max_limit=2) as server:  # small pages, so paging is exercised
        yield server


def _fixture_frame(name: str) -> gpd.GeoDataFrame:
    """A fixture collection as a GeoDataFrame in RD, as the CBS GeoPackage would hold it."""
    data = json.loads((FIXTURES / "wijken-en-buurten-2024" / f"{name}.json").read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(data["features"], crs="OGC:CRS84").to_crs(28992)


def _overlap_and_gaps(geoms: np.ndarray) -> tuple[float, float]:
    """(area counted twice, area of holes inside the union) as shares of the union's area."""
    union = shapely.union_all(geoms)
    total = float(shapely.area(geoms).sum())
    holes = sum(shapely.area(shapely.polygons(ring)) for poly in shapely.get_parts(union) for ring in poly.interiors)
    return (total - union.area) / union.area, holes / union.area


# --- PDOK ----------------------------------------------------------------------------------------
def test_fetch_follows_next_links_and_keeps_one_gemeente(settings: Settings, pdok: PdokServer) -> None:
    shapes = fetch_pdok(Settings(data_dir=settings.data_dir, pdok_url=pdok.url), "GM0001", 2024, "buurt", page_size=2)

    assert list(shapes["code"]) == BUURTEN_GM0001
    assert list(shapes.columns) == ["code", "naam", "niveau", "gemeente_code", "geometry"]
    assert shapes.crs.to_epsg() == 28992
    assert set(shapes["niveau"]) == {"buurt"} and set(shapes["gemeente_code"]) == {"GM0001"}
    assert dict(zip(shapes["code"], shapes["naam"], strict=True))["BU00010202"] == "Veldzicht"
    pages = pdok.item_requests("buurten")
    assert len(pages) == 3  # 6 features of GM0001 (one twice: land and water) in pages of 2
    assert all(q["gemeentecode"] == "GM0001" and q["f"] == "json" for q in pages)
    assert "cursor" not in pages[0] and all("cursor" in q for q in pages[1:])


def test_fetch_keeps_the_land_part_of_a_code_that_has_land_and_water(settings: Settings, pdok: PdokServer) -> None:
    s = Settings(data_dir=settings.data_dir, pdok_url=pdok.url)
    buurten = fetch_pdok(s, "GM0001", 2024, "buurt").set_index("code")
    wijken = fetch_pdok(s, "GM0001", 2024, "wijk").set_index("code")

    lake = box(234000, 560000, 234600, 561000)
    meerkant = buurten.geometry["BU00010203"]
    assert meerkant.intersection(lake).area < 1  # the water part is not part of the shape
    source = _fixture_frame("buurten")
    land = source[(source["buurtcode"] == "BU00010203") & (source["water"] == "NEE")].geometry.iloc[0]
    assert meerkant.area == pytest.approx(land.area, rel=1e-6)
    assert wijken.geometry["WK000102"].intersection(lake).area < 1
    assert len(buurten) == 5 and len(wijken) == 2


def test_fetch_from_a_server_that_ignores_crs_and_filters(settings: Settings) -> None:
    with PdokServer(filters=False, honour_crs=False, crs_header=False) as server:
        s = Settings(data_dir=settings.data_dir, pdok_url=server.url)
        plain = fetch_pdok(s, "GM0001", 2024, "buurt")
    with PdokServer() as server:
        rd = fetch_pdok(Settings(data_dir=settings.data_dir, pdok_url=server.url), "GM0001", 2024, "buurt")

    assert list(plain["code"]) == BUURTEN_GM0001  # GM0002's buurt dropped by the client
    assert plain.crs.to_epsg() == 28992
    assert np.allclose(plain.area, rd.area, rtol=1e-6)
    assert plain.geometry.iloc[0].hausdorff_distance(rd.geometry.iloc[0]) < 0.01


def test_pdok_unreachable_is_a_dutch_pdok_error(settings: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(PdokUnavailable, match="PDOK is niet bereikbaar") as info:
        load_boundaries(Settings(data_dir=settings.data_dir, pdok_url=closed), "GM0001", 2024, "wijk", fetch=True)
    assert "import grenzen" in str(info.value)


def test_pdok_without_a_map_for_the_year_says_so(settings: Settings, pdok: PdokServer) -> None:
    with pytest.raises(PdokUnavailable, match="geen wijk- en buurtkaart voor 2019") as info:
        fetch_pdok(Settings(data_dir=settings.data_dir, pdok_url=pdok.url), "GM0001", 2019, "wijk")
    assert info.value.status == 404


def test_pdok_server_error_and_unknown_gemeente(settings: Settings) -> None:
    with PdokServer(fail_with=503) as server, pytest.raises(PdokUnavailable, match="HTTP 503"):
        fetch_pdok(Settings(data_dir=settings.data_dir, pdok_url=server.url), "GM0001", 2024, "wijk")
    with PdokServer() as server, pytest.raises(GeoError, match="geen wijken van GM0003"):
        fetch_pdok(Settings(data_dir=settings.data_dir, pdok_url=server.url), "GM0003", 2024, "wijk")


def test_fetched_shapes_are_cached_and_load_without_pdok(settings: Settings, pdok: PdokServer) -> None:
    s = Settings(data_dir=settings.data_dir, pdok_url=pdok.url)
    fetched = load_boundaries(s, "GM0001", 2024, "buurt", fetch=True)
    offline = load_boundaries(settings, "GM0001", 2024, "buurt")  # PDOK at a dead port now

    assert list(offline.columns) == ["code", "naam", "niveau", "geometry"]
    assert list(offline["code"]) == list(fetched["code"]) == BUURTEN_GM0001
    assert (settings.geo_dir / "2024" / "buurt.parquet").exists()
    [entry] = read_manifest(settings)
    assert (entry.gemeente, entry.jaar, entry.niveau, entry.soort, entry.aantal) == ("GM0001", 2024, "buurt", "pdok", 5)
    assert boundary_source(settings, "GM0001", 2024, "buurt").startswith("PDOK, CBS wijk- en buurtkaart 2024")


def test_missing_boundaries_are_not_cached_with_advice(settings: Settings, pdok: PdokServer) -> None:
    load_boundaries(Settings(data_dir=settings.data_dir, pdok_url=pdok.url), "GM0001", 2024, "wijk", fetch=True)
    with pytest.raises(NotCached, match="import grenzen BESTAND --jaar 2023") as info:
        load_boundaries(settings, "GM0001", 2023, "wijk")
    assert "Wel aanwezig: 2024" in str(info.value)
    with pytest.raises(NotCached):
        load_boundaries(settings, "GM0002", 2024, "wijk")


# --- file imports --------------------------------------------------------------------------------
def _cbs_geopackage(path: Path) -> Path:
    """A GeoPackage laid out as CBS's wijk- en buurtkaart: layers gemeenten, wijken, buurten."""
    buurten = _fixture_frame("buurten")
    wijken = _fixture_frame("wijken")
    land = wijken[wijken["water"] == "NEE"]
    gemeenten = land.dissolve("gemeentecode", as_index=False)[["gemeentecode", "gemeentenaam", "geometry"]]
    gemeenten.to_file(path, layer="gemeenten", driver="GPKG")
    wijken.to_file(path, layer="wijken", driver="GPKG")
    buurten.to_file(path, layer="buurten", driver="GPKG")
    return path


def test_import_cbs_geopackage_with_wijken_and_buurten_layers(settings: Settings, tmp_path: Path) -> None:
    gpkg = _cbs_geopackage(tmp_path / "wijkenbuurten_2024_v1.gpkg")

    result = import_boundaries(settings, gpkg, "2024")

    assert result.counts == {"wijk": {"GM0001": 2, "GM0002": 1}, "buurt": {"GM0001": 5, "GM0002": 1}}
    assert any("waterdeel" in note for note in result.notes)
    assert result.lines()[:2] == [
        "3 wijken geïmporteerd voor 2 gemeente(n): GM0001 (2), GM0002 (1).",
        "6 buurten geïmporteerd voor 2 gemeente(n): GM0001 (5), GM0002 (1).",
    ]
    wijken = load_boundaries(settings, "GM0001", 2024, "wijk")
    buurten = load_boundaries(settings, "GM0001", 2024, "buurt")
    assert list(wijken["naam"]) == ["Proefdorp-West", "Proefdorp-Oost"]
    assert list(buurten["code"]) == BUURTEN_GM0001
    assert buurten.crs.to_epsg() == 28992
    assert boundary_source(settings, "GM0001", 2024, "wijk").startswith("bestand wijkenbuurten_2024_v1.gpkg")


def test_import_gebiedsindelingen_geojson_with_statcode(settings: Settings, tmp_path: Path) -> None:
    wijken = _fixture_frame("wijken")
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


def test_imports_of_several_gemeenten_merge_and_replace_the_same_codes(settings: Settings, tmp_path: Path) -> None:
    buurten = _fixture_frame("buurten")
    buurten = buurten[buurten["water"] == "NEE"]
    for gm in ("GM0001", "GM0002"):
        part = buurten[buurten["gemeentecode"] == gm][["buurtcode", "buurtnaam", "geometry"]]
        part.to_file(tmp_path / f"{gm}.gpkg", layer="buurten", driver="GPKG")
        import_boundaries(settings, tmp_path / f"{gm}.gpkg", 2024)
    renamed = buurten[buurten["buurtcode"] == "BU00010101"][["buurtcode", "buurtnaam", "geometry"]]
    renamed = renamed.assign(buurtnaam="Kerkbuurt Nieuw")
    renamed.to_file(tmp_path / "fix.gpkg", layer="buurten", driver="GPKG")
    import_boundaries(settings, tmp_path / "fix.gpkg", 2024)

    cached = gpd.read_parquet(settings.geo_dir / "2024" / "buurt.parquet")
    assert sorted(cached["code"]) == [*BUURTEN_GM0001, "BU00020101"]
    assert load_boundaries(settings, "GM0001", 2024, "buurt").set_index("code").loc["BU00010101", "naam"] == "Kerkbuurt Nieuw"
    assert {(e.gemeente, e.aantal) for e in read_manifest(settings)} == {("GM0001", 1), ("GM0002", 1)}


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
    overlap, _ = _overlap_and_gaps(np.asarray(ex.geometry.values))
    assert overlap < 0.005
    assert abs(ex.union_all().area - src.union_all().area) / src.union_all().area < 0.02


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


# --- simplification ------------------------------------------------------------------------------
def test_simplified_neighbours_still_share_their_border() -> None:
    shapes = synthetic_coverage(60, (150_000.0, 400_000.0, 160_000.0, 410_000.0), seed=7)
    original = np.asarray(shapes.geometry.values)

    simplified = simplify_coverage(shapes, 40.0)
    geoms = np.asarray(simplified.geometry.values)
    overlap, gaps = _overlap_and_gaps(geoms)

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
    overlap, gaps = _overlap_and_gaps(np.asarray(drawn.to_crs(28992).geometry.values))
    assert abs(overlap) < 1e-6 and gaps < 1e-6
    assert list(drawn["code"]) == list(shapes["code"])


def test_display_shapes_leave_coarse_shapes_alone() -> None:
    demo = load_boundaries(Settings(), "GM9999", 2024, "buurt")
    drawn = display_shapes(demo)
    assert drawn.attrs["tolerantie_m"] == 0
    assert shapely.get_num_coordinates(drawn.geometry.values).sum() == pytest.approx(
        shapely.get_num_coordinates(demo.geometry.values).sum(), rel=0.02
    )


# --- join and export -----------------------------------------------------------------------------
def test_join_report_names_areas_without_shape_and_shapes_without_figures() -> None:
    k = load_kerncijfers(Settings(), "GM9999")
    shapes = load_boundaries(Settings(), "GM9999", 2024, "buurt")
    shapes = shapes[shapes["code"] != "BU99990101"]  # Binnenstad has figures but now no shape
    stray = gpd.GeoDataFrame(
        {"code": ["BU99990999"], "naam": ["Nieuwe Polder"], "niveau": ["buurt"]}, geometry=[box(0, 0, 1, 1)], crs=28992
    )
    shapes = pd.concat([shapes, stray], ignore_index=True)

    joined, report = join_figures(shapes, k, 2024, "buurt")

    assert len(joined) == len(shapes)  # nothing dropped
    assert report.gekoppeld == 39
    assert list(report.zonder_grens["code"]) == ["BU99990101"] and list(report.zonder_grens["naam"]) == ["Binnenstad"]
    assert list(report.zonder_cijfers["code"]) == ["BU99990999"]
    assert report.lines() == [
        "39 buurten met grens en cijfers (2024).",
        "1 buurt zonder grens: Binnenstad (BU99990101).",
        "1 vlak zonder cijfers: Nieuwe Polder (BU99990999).",
    ]
    row = joined.set_index("code")
    assert not row.loc["BU99990999", "heeft_cijfers"] and pd.isna(row.loc["BU99990999", "AantalInwoners"])
    assert row.loc["BU99990102", "AantalInwoners"] == k.year(2024, "buurt").set_index("code").loc["BU99990102", "AantalInwoners"]


def test_join_uses_the_figures_of_the_same_year() -> None:
    k = load_kerncijfers(Settings(), "GM9999")
    shapes_2021 = load_boundaries(Settings(), "GM9999", 2021, "buurt")  # before Werfterrein was split
    _, report = join_figures(shapes_2021, k, 2021, "buurt")
    _, mixed = join_figures(shapes_2021, k, 2024, "buurt")
    assert report.zonder_grens.empty and report.zonder_cijfers.empty
    assert list(mixed.zonder_cijfers["code"]) == ["BU99990303"]
    assert sorted(mixed.zonder_grens["code"]) == ["BU99990306", "BU99990307"]


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


# --- command line --------------------------------------------------------------------------------
def test_cli_import_and_export_grenzen(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(settings.data_dir))
    gpkg = _cbs_geopackage(tmp_path / "kaart.gpkg")

    assert main(["import", "grenzen", str(gpkg), "--jaar", "2024"]) == 0
    out = capsys.readouterr().out
    assert "3 wijken geïmporteerd voor 2 gemeente(n): GM0001 (2), GM0002 (1)." in out

    assert main(["import", "grenzen", str(gpkg)]) == 1
    assert "Fout: Geef het jaar van de grenzen op" in capsys.readouterr().err

    target = tmp_path / "uit" / "demo.geojson"
    assert (
        main(
            [
                "export",
                "grenzen",
                "--gemeente",
                "GM9999",
                "--jaar",
                "2024",
                "--niveau",
                "wijk",
                "--format",
                "geojson",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    assert "8 wijken van Voorbeeldstad (2024) met cijfers geschreven" in capsys.readouterr().out
    assert len(gpd.read_file(target)) == 8

    assert main(["export", "grenzen", "--gemeente", "GM0001", "--jaar", "2024", "--output", str(tmp_path / "x.gpkg")]) == 1
    assert "Er zijn nog geen cijfers van GM0001 opgehaald" in capsys.readouterr().err
