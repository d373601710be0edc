"""Profile and trends against hand-computed expectations on the tiny fixture (tests/tiny.py)."""

import pandas as pd
import pytest

from tests.support.tiny import GM, SD, build
from wijkdata.analysis.profile import area_profile, profile_warnings, trend, trend_breaks
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings
from wijkdata.errors import UnknownArea


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("tiny"))
    build(settings)
    return load_kerncijfers(settings, GM)


def test_values_against_gemeente_nederland_and_peers(k):
    p = area_profile(k, "WK088803", 2023).set_index("indicator")
    low = p.loc["HuishoudensMetEenLaagInkomen"]
    assert low["waarde"] == 30.0 and low["gemeente"] == 18.0 and low["nederland"] == 8.0
    assert low["gemiddelde"] == pytest.approx(20.0)
    assert low["band_laag"] == pytest.approx(20.0 - SD) and low["band_hoog"] == pytest.approx(20.0 + SD)
    assert low["z"] == pytest.approx(10 / SD)  # 1.2247
    assert low["rang"] == 1 and low["van"] == 3
    assert low["afwijking"] == "hoger" and low["oordeel"] == "slechter"  # higher low-income share is worse
    assert low["waarde_tekst"] == "30,0%" and low["tabel"] == "T2023NED" and low["cbs_kolom"] == "HuishoudensMetEenLaagInkomen_6"
    work = p.loc["Nettoarbeidsparticipatie"]
    assert work["rang"] == 3 and work["afwijking"] == "lager" and work["oordeel"] == "slechter"


def test_within_band_is_not_flagged_and_counts_have_no_verdict(k):
    p = area_profile(k, "WK088802", 2023).set_index("indicator")
    assert p.loc["HuishoudensMetEenLaagInkomen", "z"] == pytest.approx(0.0)
    assert p.loc["HuishoudensMetEenLaagInkomen", "afwijking"] == "" and p.loc["HuishoudensMetEenLaagInkomen", "rang"] == 2
    assert p.loc["AantalInwoners", "afwijking"] == ""  # an absolute count is never a 'deviation'


def test_missing_value_is_explained_and_excluded_from_the_band(k):
    p = area_profile(k, "WK088801", 2022).set_index("indicator")
    low = p.loc["HuishoudensMetEenLaagInkomen"]
    assert low["van"] == 2  # wijk B is secret in 2022: two wijken have a figure
    assert low["gemiddelde"] == pytest.approx((11.0 + 27.0) / 2)
    b = area_profile(k, "WK088802", 2022).set_index("indicator").loc["HuishoudensMetEenLaagInkomen"]
    assert pd.isna(b["waarde"]) and pd.isna(b["rang"]) and b["waarde_tekst"] == "–"
    assert b["toelichting"].startswith("geheim of niet van toepassing")


def test_buurt_is_compared_with_buurten(k):
    p = area_profile(k, "BU08880101", 2023).set_index("indicator")
    # buurten with a 2023 figure: 9.5, 10.6, 20.0, 30.0 (A3 is secret)
    assert p.loc["HuishoudensMetEenLaagInkomen", "van"] == 4
    assert p.loc["HuishoudensMetEenLaagInkomen", "rang"] == 4
    assert p.loc["HuishoudensMetEenLaagInkomen", "gemiddelde"] == pytest.approx((9.5 + 10.6 + 20 + 30) / 4)


def test_warnings_small_population_and_boundary_change(k):
    assert any("120 inwoners" in w for w in profile_warnings(k, "BU08880103", 2023))
    assert any("grens" in w and "CBS-code 3" in w for w in profile_warnings(k, "BU08880102", 2023))
    assert profile_warnings(k, "WK088803", 2023) == []


def test_trend_breaks_are_never_bridged(k):
    assert trend_breaks(k, "BU08880102") == [{"jaar": 2023, "reden": "grens gewijzigd in 2023 (CBS-indelingswijziging 3)"}]
    assert trend_breaks(k, "BU08880103") == [{"jaar": 2023, "reden": "gebied bestaat sinds 2023 (nieuwe indeling)"}]
    t = trend(k, "BU08880102", "HuishoudensMetEenLaagInkomen")
    own = t[t["code"] == "BU08880102"].set_index("jaar")
    assert own.loc[2022, "segment"] != own.loc[2023, "segment"]  # a chart draws no line across the break
    assert own.loc[2023, "breuk"].startswith("grens gewijzigd")
    gm = t[t["code"] == GM]
    assert gm["segment"].nunique() == 1 and list(gm["waarde"]) == [17.0, 18.0]
    assert set(t["reeks"]) == {"Buurt A2", "Rekendorp", "Nederland"}


def test_unknown_area(k):
    with pytest.raises(UnknownArea, match="BU08880103 heeft geen cijfers in 2022"):
        area_profile(k, "BU08880103", 2022)
