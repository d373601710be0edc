"""AppTest of finding a buurt by address: the sidebar's search field and ``?adres=`` in the URL."""

import pytest

from tests.support.apptest import open_app, open_script, problems, texts
from tests.support.locatieserver import LocatieServer, address, demo_addresses
from wijkdata.geo import geocode

TESTGEMEENTE = address(
    "Kerkstraat", 3, "0999AA", "Testdorp",
    buurt=("BU09990102", "Stationsbuurt"), wijk=("WK099901", "Centrum"), gemeente=("0999", "Testgemeente"),
    rd=(150000.0, 450000.0), ll=(5.3, 52.0),
)  # fmt: skip


@pytest.fixture
def locatieserver(offline, monkeypatch):
    geocode.clear_cache()
    with LocatieServer([*demo_addresses(), TESTGEMEENTE]) as server:
        monkeypatch.setenv("WIJKDATA_PDOK_URL", server.url)
        yield server
    geocode.clear_cache()


def test_adres_in_the_url_opens_the_buurt_profile(locatieserver):
    at = open_app("profiel", query={"gemeente": "GM9999", "jaar": "2023", "adres": "9999 ab 12"})
    assert problems(at) == []
    assert "Molenpark (buurt in Molenwijk)" in texts(at)
    assert {m.label: m.value for m in at.metric}["Inwoners Molenpark"] == "2.395"
    assert at.query_params["gebied"] == "BU99990205" and "adres" not in at.query_params
    assert locatieserver.requests[0][1]["q"] == "9999AB 12"


def test_adres_on_another_page_switches_to_the_profile(locatieserver):
    at = open_app(query={"adres": "Marktplein 1"})
    assert problems(at) == []
    assert "Binnenstad (buurt in Centrum)" in texts(at) and "Wijkprofiel" in texts(at)


def _sidebar_only():
    from ui import sidebar

    sidebar.render()


def test_sidebar_search_lists_results_and_opens_the_chosen_one(locatieserver):
    at = open_script(_sidebar_only)
    at.sidebar.text_input(key="_sb_adres").input("Molenstraat").run()
    buttons = [b for b in at.sidebar.button if b.key.startswith("_sb_adres_")]
    assert [b.label for b in buttons] == [
        "Molenstraat 12, 9999AB Voorbeeldstad · Molenpark",
        "Molenstraat 14, 9999AB Voorbeeldstad · Molenpark",
    ]
    buttons[1].click().run()
    assert problems(at) == []
    assert at.query_params["gebied"] == "BU99990205" and at.query_params["gemeente"] == "GM9999"
    assert at.session_state["_adres_gekozen"].huisnummer == "14"


def test_address_in_a_gemeente_not_cached_pulls_it_first(locatieserver, cbs_server, monkeypatch):
    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)
    at = open_app("profiel", query={"adres": "0999AA 3"})
    assert problems(at) == []
    shown = texts(at)
    assert "Stationsbuurt (buurt in Centrum)" in shown and "fictieve demogemeente" not in shown
    assert at.query_params["gemeente"] == "GM0999"


def test_nothing_found_and_pdok_unreachable_are_dutch_notices(locatieserver, monkeypatch):
    at = open_app(query={"adres": "Nergensstraat 5"})
    assert problems(at) == []
    assert "Geen adres gevonden voor 'Nergensstraat 5'." in " ".join(str(w.value) for w in at.sidebar.warning)
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    at = open_script(_sidebar_only)
    at.sidebar.text_input(key="_sb_adres").input("6811AA 12").run()
    assert problems(at) == []
    assert "adreszoeker van PDOK is niet bereikbaar" in " ".join(str(w.value) for w in at.sidebar.warning)
