"""The boundaries cache: fetched and imported shapes stored, merged, read offline, and its manifest."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

from tests.support.geo_factories import BUURTEN_GM0001, fixture_frame
from tests.support.pdok_server import PdokServer
from wijkdata.config import Settings
from wijkdata.errors import CacheError, NotCached
from wijkdata.geo.cache import MANIFEST, BoundaryEntry, cache_problems, read_manifest
from wijkdata.geo.service import boundary_source, import_boundaries, load_boundaries


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


def test_imports_of_several_gemeenten_merge_and_replace_the_same_codes(settings: Settings, tmp_path: Path) -> None:
    buurten = fixture_frame("buurten")
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


def test_manifest_keeps_its_format_and_reads_an_existing_cache(settings: Settings, tmp_path: Path) -> None:
    written = {
        "version": 1,
        "entries": [
            {
                "jaar": 2023,
                "niveau": "wijk",
                "gemeente": "GM0002",
                "bron": "kaart.gpkg",
                "soort": "bestand",
                "opgehaald": "2024-05-01T10:00:00+00:00",
                "aantal": 1,
            }
        ],
    }
    settings.geo_dir.mkdir(parents=True)
    (settings.geo_dir / MANIFEST).write_text(json.dumps(written), encoding="utf-8")
    assert read_manifest(settings) == [
        BoundaryEntry(2023, "wijk", "GM0002", "kaart.gpkg", "bestand", "2024-05-01T10:00:00+00:00", 1)
    ]

    buurten = fixture_frame("buurten")
    part = buurten[(buurten["gemeentecode"] == "GM0001") & (buurten["water"] == "NEE")][["buurtcode", "buurtnaam", "geometry"]]
    part.to_file(tmp_path / "GM0001.gpkg", layer="buurten", driver="GPKG")
    import_boundaries(settings, tmp_path / "GM0001.gpkg", 2024)

    body = json.loads((settings.geo_dir / MANIFEST).read_text(encoding="utf-8"))
    assert body["version"] == 1
    assert [(e["gemeente"], e["jaar"], e["niveau"]) for e in body["entries"]] == [
        ("GM0001", 2024, "buurt"),
        ("GM0002", 2023, "wijk"),
    ]
    assert body["entries"][1] == written["entries"][0]
    assert set(body["entries"][0]) == set(written["entries"][0])
    (settings.geo_dir / MANIFEST).write_text("{kapot", encoding="utf-8")
    derived = read_manifest(settings)  # from the Parquet files: GM0002's shapes were never there
    assert [(e.gemeente, e.jaar, e.niveau, e.aantal, e.bron) for e in derived] == [
        ("GM0001", 2024, "buurt", body["entries"][0]["aantal"], "onbekend (index hersteld)")
    ]
    assert "index van de grenzencache" in cache_problems(settings)[0]


def test_a_damaged_parquet_file_is_reported_and_replaced_by_the_next_import(settings: Settings, tmp_path: Path) -> None:
    buurten = fixture_frame("buurten")
    part = buurten[(buurten["gemeentecode"] == "GM0001") & (buurten["water"] == "NEE")][["buurtcode", "buurtnaam", "geometry"]]
    part.to_file(tmp_path / "GM0001.gpkg", layer="buurten", driver="GPKG")
    import_boundaries(settings, tmp_path / "GM0001.gpkg", 2024)
    (settings.geo_dir / "2024" / "buurt.parquet").write_bytes(b"PAR1 kapot")

    assert cache_problems(settings) == [
        f"De buurtgrenzen van 2024 in de cache zijn beschadigd of verdwenen ({settings.geo_dir / '2024' / 'buurt.parquet'}); "
        "importeer ze opnieuw of haal ze op bij PDOK."
    ]
    with pytest.raises(CacheError, match="beschadigd"):
        load_boundaries(settings, "GM0001", 2024, "buurt")

    import_boundaries(settings, tmp_path / "GM0001.gpkg", 2024)

    assert cache_problems(settings) == []
    assert sorted(load_boundaries(settings, "GM0001", 2024, "buurt")["code"]) == sorted(part["buurtcode"])
