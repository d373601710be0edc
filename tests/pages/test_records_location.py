"""AppTest: a record's location by address, areas from where the user came, records as points on the Kaart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_app
from tests.support.locatieserver import LocatieServer, demo_addresses
from tests.support.records_fixtures import AREAS
from ui import data as ui_data
from wijkdata.config import get_settings
from wijkdata.geo import geocode
from wijkdata.registers import db
from wijkdata.registers.store import Store

PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture
def env(offline, monkeypatch):
    geocode.clear_cache()
    with LocatieServer(demo_addresses()) as server:
        monkeypatch.setenv("WIJKDATA_PDOK_URL", server.url)
        yield server
    geocode.clear_cache()
    ui_data.engine_future.clear()


def _page(name: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_new_initiative_from_a_profile_link_with_address_and_indicators_by_title(env):
    at = _page("initiatieven", {"gemeente": "GM9999", "gebied": "BU99990205", "nieuw": "1"})
    p = "initiatieven_nieuw0_"
    assert at.multiselect(key=f"{p}gebieden").value == ["BU99990205"]  # from the area the user came from
    assert "nieuw" not in at.query_params
    assert not [n for n in at.number_input if "locatie" in (n.key or "")]  # no RD coordinates to type
    at.text_input(key=f"{p}adres").input("Marktplein 1").run()
    choice = next(b for b in at.button if b.key == f"{p}adres_0")
    assert choice.label == "Marktplein 1, 9999AA Voorbeeldstad · Binnenstad"
    choice.click().run()
    assert at.multiselect(key=f"{p}gebieden").value == ["BU99990205", "BU99990101"]  # the address's buurt added
    assert any("Gekozen locatie: Marktplein 1" in c.value for c in at.caption)
    at.text_input(key=f"{p}titel").input("Moestuin aan de markt")
    at.text_input(key=f"{p}initiatiefnemer").input("Bewoners")
    at.multiselect(key=f"{p}indicatoren").select("HuishoudensMetEenLaagInkomen")
    at.text_input(key=f"{p}budget").input("7.500")
    at.button(key=f"{p}opslaan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    store = Store(db.make_engine(get_settings()), AREAS)
    frame = store.list("initiatieven", gemeente="GM9999")
    store.engine.dispose()
    row = frame[frame["titel"] == "Moestuin aan de markt"].iloc[0]
    doc = next(d for d in demo_addresses() if d["straatnaam"] == "Marktplein")
    x, y = (float(v) for v in doc["centroide_rd"][6:-1].split())
    assert (row["locatie_x"], row["locatie_y"]) == (x, y)  # RD stays in the data
    assert row["gebieden"] == ["BU99990205", "BU99990101"] and row["indicatoren"] == ["HuishoudensMetEenLaagInkomen"]
    assert float(row["budget"]) == 7500.0


def test_record_link_opens_it_for_editing(env):
    at = _page("initiatieven", {"gemeente": "GM9999", "nr": "2"})
    assert at.selectbox(key="initiatieven_kies").value == 2
    assert "nr" not in at.query_params


def test_kaart_shows_records_as_points_with_links(env):
    at = open_app("kaart", {"gemeente": "GM9999", "niveau": "buurt"})
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"]) < 12  # off by default: only the classes
    at.toggle(key="kaart_records").set_value(True).run()
    assert not at.exception
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    names = [t.get("name", "") for t in traces if t["type"] == "scattermap"]
    assert [n.split(" (")[0] for n in names] == ["Initiatief", "Interventie", "Open signaal"]
    titles = {row[0] for t in traces if t["type"] == "scattermap" for row in t["customdata"]}
    links = [link.proto.label for link in at.get("page_link")]
    assert titles and all(any(t.replace("*", "") in label.replace("\\", "") for label in links) for t in titles)
