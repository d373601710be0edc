import pandas as pd
import pytest

from tests.support.cache_factory import GEMEENTE, NAAM, build_cache
from wijkdata.cbs.kerncijfers import available_gemeenten, known_areas, load_kerncijfers, require_area
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.errors import NotCached, UnknownArea, UnknownGemeente


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path, cbs_url="http://127.0.0.1:9")


def test_demo_loads_all_years_on_stable_keys(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    assert k.fictief and k.naam == "Voorbeeldstad"
    assert k.years == [2019, 2020, 2021, 2022, 2023, 2024]
    woz = k.catalogue["GemiddeldeWOZWaardeVanWoningen"]
    assert woz.eenheid == "x 1 000 euro"
    assert woz.kolommen[2019].startswith("GemiddeldeWoningwaarde_") and woz.kolommen[2024].startswith("GemiddeldeWOZ")
    series = k.data[k.data["code"] == "WK999905"].set_index("jaar")["GemiddeldeWOZWaardeVanWoningen"]
    assert series.notna().all() and series.is_monotonic_increasing  # one series across the renamed column
    assert k.source_of(2024).startswith("Fictief (demo)")


def test_indicator_only_in_some_years_is_missing_elsewhere_not_zero(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    nieuwbouw = k.catalogue["NieuwbouwWoningen"]
    assert nieuwbouw.years == [2023, 2024]
    early = k.year(2020)["NieuwbouwWoningen"]
    assert early.isna().all()


def test_cached_gemeente_loads_with_sources(settings):
    build_cache(settings, (2022, 2023))
    k = load_kerncijfers(settings, "gm0999")
    assert not k.fictief and k.naam == NAAM and k.years == [2022, 2023]
    assert list(k.sources["tabel"]) == ["T2022NED", "T2023NED"]
    assert k.source_of(2023) == "CBS, Kerncijfers wijken en buurten 2023 (T2023NED)"
    row = k.year(2023).set_index("code").loc["BU09990101"]
    assert row["naam"] == "Binnenstad" and row["wijk_code"] == "WK099901" and row["gemeente_code"] == GEMEENTE
    assert k.name_of("WK099903") == "Kanaalzone"
    with pytest.raises(UnknownArea, match="BU12345678"):
        k.name_of("BU12345678")


def test_not_cached_and_malformed(settings):
    with pytest.raises(NotCached, match="python -m wijkdata sync --gemeente GM0363"):
        load_kerncijfers(settings, "GM0363")
    with pytest.raises(UnknownGemeente, match="geen gemeentecode"):
        load_kerncijfers(settings, "Amsterdam")


def test_areas_keep_codes_that_disappeared(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    areas = k.areas("buurt").set_index("code")
    assert areas.loc["BU99990303", "laatste_jaar"] == 2021
    assert areas.loc["BU99990306", "eerste_jaar"] == 2022
    assert len(areas) == 41


def test_available_gemeenten_lists_demo_first_then_cached(settings):
    build_cache(settings, (2023,))
    options = available_gemeenten(settings)
    assert list(options["code"][:2]) == [DEMO_GEMEENTE, GEMEENTE]
    assert options.set_index("code").loc[GEMEENTE, "status"] == "opgehaald"
    assert options.set_index("code").loc[DEMO_GEMEENTE, "status"] == "fictief"


def test_known_areas_cover_demo_and_cache(settings):
    build_cache(settings, (2023,))
    areas = known_areas(settings).set_index("code")
    assert areas.loc["BU99990101", "naam"] == "Binnenstad"
    assert areas.loc["BU09990101", "gemeente_code"] == GEMEENTE
    assert "NL00" not in areas.index
    assert areas.index.is_unique


def test_require_area(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    assert require_area(k, " wk999901 ") == "WK999901"
    with pytest.raises(UnknownArea, match="geen wijk of buurt van Voorbeeldstad"):
        require_area(k, "WK020001")


def test_missing_stays_missing_through_harmonisation(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    park = k.year(2023).set_index("code").loc["BU99990805"]
    assert pd.isna(park["Koopwoningen"]) and park["AantalInwoners"] > 0
