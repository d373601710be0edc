"""Address → buurt through a local Locatieserver speaking PDOK's JSON, checked against cached boundaries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.locatieserver import LocatieServer, address, demo_addresses
from tests.support.pdok_server import FIXTURES
from wijkdata.cli import main
from wijkdata.errors import AddressNotFound, GeoError, LocatieserverUnavailable, WijkdataError
from wijkdata.geo import geocode
from wijkdata.geo.service import import_boundaries

ARNHEM = address(
    "Stationsplein", 1, "6811KL", "Arnhem",
    buurt=("BU02020101", "Stationsplein e.o."), wijk=("WK020201", "Centrum"), gemeente=("0202", "Arnhem"),
    rd=(190606.0, 444218.0), ll=(5.899, 51.985),
)  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_cache():
    geocode.clear_cache()
    yield
    geocode.clear_cache()


@pytest.fixture
def server():
    with LocatieServer([ARNHEM, *demo_addresses()]) as s:
        yield s


def test_address_names_buurt_wijk_and_gemeente(settings, server):
    found = geocode.search(replace(settings, pdok_url=server.url), "Stationsplein 1, Arnhem")
    assert len(found) == 1
    m = found[0]
    assert (m.buurtcode, m.buurtnaam, m.wijkcode, m.wijknaam) == ("BU02020101", "Stationsplein e.o.", "WK020201", "Centrum")
    assert (m.gemeentecode, m.gemeentenaam) == ("GM0202", "Arnhem")  # PDOK's "0202" as a CBS code
    assert (m.x, m.y, m.lon, m.lat) == (190606.0, 444218.0, 5.899, 51.985)
    assert m.weergavenaam == "Stationsplein 1, 6811KL Arnhem" and m.huisnummer == "1" and m.type == "adres"
    path, query = server.requests[-1]
    assert path == "/bzk/locatieserver/search/v3_1/free"
    assert query["fq"] == "type:adres" and query["q"] == "Stationsplein 1, Arnhem"


@pytest.mark.parametrize("text", ["6811KL 1", "6811 KL 1", "6811 kl   1", " 6811kl 1 "])
def test_postcode_with_or_without_space(settings, server, text):
    found = geocode.search(replace(settings, pdok_url=server.url), text)
    assert [m.buurtcode for m in found] == ["BU02020101"]
    assert server.requests[-1][1]["q"] == "6811KL 1"


def test_place_name_is_asked_without_type_filter(settings, server):
    found = geocode.search(replace(settings, pdok_url=server.url), "Voorbeeldstad")
    assert len(found) == 4 and "fq" not in server.requests[-1][1]


def test_many_results_are_limited_and_best_first(settings):
    docs = [
        address("Lange Laan", n, "9999ZZ", "Voorbeeldstad", buurt=("BU99990101", "Binnenstad"), wijk=("WK999901", "Centrum"),
                gemeente=("9999", "Voorbeeldstad"), rd=(155000.0, 539000.0), ll=(5.39, 52.84))
        for n in range(1, 31)
    ]  # fmt: skip
    with LocatieServer(docs) as s:
        found = geocode.search(replace(settings, pdok_url=s.url), "Lange Laan", rows=5)
    assert [m.huisnummer for m in found] == ["1", "2", "3", "4", "5"]
    assert found[0].score > found[-1].score


def test_no_result_is_an_empty_list(settings, server):
    assert geocode.search(replace(settings, pdok_url=server.url), "Nergensstraat 99") == []


def test_empty_question_is_refused_in_dutch(settings):
    with pytest.raises(AddressNotFound, match="Typ een adres"):
        geocode.search(settings, "   ")


def test_recent_answers_are_kept(settings, server):
    s = replace(settings, pdok_url=server.url)
    first = geocode.search(s, "6811KL 1")
    again = geocode.search(s, "6811 kl 1")
    assert first == again and len(server.requests) == 1


def test_timeout_gives_a_dutch_message(settings):
    with LocatieServer([ARNHEM], delay=1.5) as s, pytest.raises(LocatieserverUnavailable, match="niet binnen 0.5 s"):
        geocode.search(replace(settings, pdok_url=s.url, timeout=0.5), "6811KL 1")


def test_http_500_gives_a_dutch_message_and_is_not_cached(settings):
    with LocatieServer([ARNHEM], fail_with=500) as s:
        with pytest.raises(LocatieserverUnavailable, match=r"HTTP 500") as caught:
            geocode.search(replace(settings, pdok_url=s.url), "6811KL 1")
        assert caught.value.status == 500
        s.fail_with = None
        assert [m.buurtcode for m in geocode.search(replace(settings, pdok_url=s.url), "6811KL 1")] == ["BU02020101"]


def test_unreachable_gives_a_dutch_message(settings, closed_port_url):
    with pytest.raises(LocatieserverUnavailable, match="niet bereikbaar") as caught:
        geocode.search(replace(settings, pdok_url=closed_port_url), "6811KL 1")
    assert isinstance(caught.value, WijkdataError)


def test_suggest_and_lookup(settings, server):
    s = replace(settings, pdok_url=server.url)
    suggestions = geocode.suggest(s, "Molenstraat")
    assert [name for _, name in suggestions] == ["Molenstraat 12, 9999AB Voorbeeldstad", "Molenstraat 14, 9999AB Voorbeeldstad"]
    m = geocode.lookup(s, suggestions[0][0])
    assert m.buurtcode == "BU99990205" and m.buurtnaam == "Molenpark"
    with pytest.raises(AddressNotFound, match="kent het adres"):
        geocode.lookup(s, "adr-bestaat-niet")


def test_point_in_polygon_places_a_point_in_its_demo_buurt(settings):
    doc = demo_addresses()[0]
    x, y = (float(v) for v in doc["centroide_rd"][6:-1].split())
    place = geocode.place_point(settings, x, y, "GM9999")
    assert (place.buurtcode, place.buurtnaam, place.wijkcode) == ("BU99990205", "Molenpark", "WK999902")
    assert geocode.place_point(settings, 10.0, 300_000.0, "GM9999") is None  # far outside Voorbeeldstad


def test_point_in_polygon_with_imported_boundaries(settings):
    import_boundaries(settings, FIXTURES / "wijken-en-buurten-2024" / "buurten.json", 2024)
    from wijkdata.geo.service import load_boundaries

    shapes = load_boundaries(settings, "GM0001", 2024, "buurt")
    p = shapes.geometry.iloc[1].representative_point()
    place = geocode.place_point(settings, p.x, p.y, "GM0001")
    assert place.jaar == 2024 and place.buurtcode == shapes["code"].iloc[1] and place.buurtnaam == shapes["naam"].iloc[1]
    assert geocode.place_point(settings, p.x, p.y, "GM0002") is None  # nothing cached for that gemeente


def test_check_match_confirms_fills_in_and_disagrees(settings):
    docs = demo_addresses()
    pdok = geocode._match(docs[0])
    assert geocode.check_match(settings, pdok).controle == "buurt klopt met de grenzen van 2024"
    wrong = replace(pdok, buurtcode="BU99990101")
    assert "ligt dit punt in buurt BU99990205, niet BU99990101" in geocode.check_match(settings, wrong).controle
    street = replace(pdok, buurtcode="", buurtnaam="", wijkcode="", wijknaam="", type="weg")
    filled = geocode.check_match(settings, street)
    assert (filled.buurtcode, filled.buurtnaam, filled.wijkcode) == ("BU99990205", "Molenpark", "WK999902")


def test_bad_json_is_a_geo_error(settings, server, monkeypatch):
    monkeypatch.setattr(server, "respond", lambda path, query: (200, {"unexpected": True}))
    with pytest.raises(GeoError, match="onverwacht antwoord"):
        geocode.search(replace(settings, pdok_url=server.url), "6811KL 1")


def test_cli_zoek_prints_address_buurt_wijk_gemeente(tmp_path, monkeypatch, capsys, server):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_PDOK_URL", server.url)
    assert main(["zoek", "Stationsplein 1, Arnhem"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Stationsplein 1, 6811KL Arnhem"
    assert out[1].split() == ["buurt", "BU02020101", "Stationsplein", "e.o."]
    assert out[2].split() == ["wijk", "WK020201", "Centrum"]
    assert out[3].split() == ["gemeente", "GM0202", "Arnhem"]
    assert main(["zoek", "Molenstraat", "12"]) == 0
    assert "controle buurt klopt met de grenzen van 2024" in capsys.readouterr().out


def test_cli_zoek_nothing_found_or_unreachable_is_one_dutch_line(tmp_path, monkeypatch, capsys, server, closed_port_url):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_PDOK_URL", server.url)
    assert main(["zoek", "Nergensstraat 1"]) == 1
    assert capsys.readouterr().err.strip() == "Fout: Geen adres, postcode of plaats gevonden voor 'Nergensstraat 1'."
    monkeypatch.setenv("WIJKDATA_PDOK_URL", closed_port_url)
    assert main(["zoek", "6811KL 1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "adreszoeker van PDOK is niet bereikbaar" in err[0]
