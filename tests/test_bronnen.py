"""The tables behind 'Data en bronnen' and `status`: what is cached, from where, how old; settings without secrets."""

from datetime import UTC, datetime, timedelta

from tests.support.cache_factory import build_cache
from wijkdata.bronnen import age_text, boundaries_overview, cache_overview, settings_overview
from wijkdata.config import Settings
from wijkdata.demo.shapes import demo_shapes
from wijkdata.geo.cache import store_boundaries


def test_cache_overview(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert cache_overview(settings).empty
    build_cache(settings, (2022, 2023))
    frame = cache_overview(settings)
    assert list(frame["Jaar"]) == [2022, 2023] and set(frame["Tabel"]) == {"T2022NED", "T2023NED"}
    assert set(frame["Leeftijd"]) == {"vandaag"} and set(frame["Naam"]) == {"Testgemeente"}


def test_boundaries_overview(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert boundaries_overview(settings).empty
    shapes = demo_shapes(2023, "wijk").assign(code=lambda f: f["code"].str.replace("9999", "0999"), gemeente_code="GM0999")
    store_boundaries(settings, shapes, 2023, "wijken.geojson", "bestand")
    frame = boundaries_overview(settings)
    assert frame.iloc[0][["Gemeente", "Jaar", "Niveau", "Gebieden"]].tolist() == ["GM0999", 2023, "wijk", 8]
    assert "wijken.geojson" in frame.iloc[0]["Bron"]


def test_age_and_masked_password():
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert age_text((now - timedelta(days=3)).isoformat(), now) == "3 dagen oud"
    assert age_text((now - timedelta(days=1)).isoformat(), now) == "1 dag oud"
    assert age_text("onzin", now) == "onbekend"
    rows = {
        r["Instelling"]: r["Waarde"]
        for r in settings_overview(Settings(database_url="postgresql+psycopg://wim:geheim@db/wijkdata"))
    }
    assert "geheim" not in rows["WIJKDATA_DATABASE_URL"] and "wim" in rows["WIJKDATA_DATABASE_URL"]
