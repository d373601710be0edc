"""The PDOK client against a local OGC API Features server: paging, land parts, CRS, errors."""

from __future__ import annotations

import socket

import numpy as np
import pytest
from shapely.geometry import box

from tests.support.geo_factories import BUURTEN_GM0001, fixture_frame
from tests.support.pdok_server import PdokServer
from wijkdata.config import Settings
from wijkdata.errors import GeoError, PdokUnavailable
from wijkdata.geo.pdok import fetch_pdok
from wijkdata.geo.service import load_boundaries


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
    source = fixture_frame("buurten")
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
