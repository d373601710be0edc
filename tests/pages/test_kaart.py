"""The Kaart page in AppTest: demo offline at both levels, URL parameters, a real gemeente without shapes, PDOK."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support.kaart_factories import cache_demo_as
from tests.support.pdok_server import PdokServer
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings
from wijkdata.geo.cache import read_manifest
from wijkdata.text import with_unit
from wijkdata.visual.mapping import MISSING_LABEL, indicator_choices

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder; CBS and PDOK unreachable; streamlit's caches emptied."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_TIMEOUT", "2")
    st.cache_data.clear()
    st.cache_resource.clear()
    return tmp_path


def _kaart(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page("pages/kaart.py")
    return at.run()


def _spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _drawn(spec: dict) -> dict[str, list]:
    """Area code → its customdata, over all traces."""
    return {loc: row for t in spec["data"] for loc, row in zip(t["locations"], t["customdata"], strict=True)}


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_demo_map_draws_the_wijken_offline_with_names_and_unit(data_dir: Path) -> None:
    at = _kaart()

    assert not at.exception
    assert not at.error
    spec = _spec(at)
    drawn = _drawn(spec)
    assert len(drawn) == 8
    assert drawn["WK999901"][0] == "Centrum" and drawn["WK999901"][2] == 8015 and drawn["WK999901"][1] == "8.015"
    assert spec["layout"]["legend"]["title"]["text"] == "<b>Aantal inwoners (aantal)</b>"
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert at.title[0].value == "Kaart" and at.header[0].value == "Voorbeeldstad"
    assert "8 wijken op de kaart · 0 zonder cijfer" in _captions(at)
    assert "Bron: Fictief (demo), DEMO2024 (2024), kolom AantalInwoners_5; grenzen: fictief" in _captions(at)
    table = at.table[0].value  # eight wijken: a table to read, values as Dutch text
    assert list(table.columns) == ["Naam", "Aantal inwoners (aantal)", "Op de kaart", "Code"]
    assert table[table["Code"] == "WK999901"].iloc[0].tolist() == ["Centrum", "8.015", "ja", "WK999901"]
    counts = [int(v.replace(".", "")) for v in table["Aantal inwoners (aantal)"]]
    assert counts == sorted(counts, reverse=True) and "WK999901" in set(table["Code"])


def test_switching_indicator_and_level(data_dir: Path) -> None:
    at = _kaart()
    at.radio(key="kaart_niveau").set_value("buurt").run()
    at.selectbox(key="kaart_thema").set_value("Inkomen").run()

    assert not at.exception
    assert at.selectbox(key="kaart_indicator").value == "GemiddeldInkomenPerInwoner"
    spec = _spec(at)
    assert len(_drawn(spec)) == 40
    # incomes are not yet published for 2024: by default the 2023 figures, each with its year, the legend says so
    assert "cijfers uit 2023" in spec["layout"]["legend"]["title"]["text"]
    coloured = [d for t in spec["data"] if not t["name"].startswith(MISSING_LABEL) for d in t["customdata"]]
    assert len(coloured) >= 30 and all(d[1].endswith("(2023)") for d in coloured)
    assert "Cijfers uit een eerder jaar: 2023" in _captions(at)
    assert set(at.dataframe[0].value["Jaar"]) <= {"2023", "–"}  # 40 buurten: a grid with the year per value
    assert at.query_params["niveau"] == "buurt" and at.query_params["indicator"] == "GemiddeldInkomenPerInwoner"

    # alleen peiljaar: every buurt grey, and the page says why
    at = _kaart({"cijfers": "peiljaar", "niveau": "buurt", "indicator": "GemiddeldInkomenPerInwoner"})
    spec = _spec(at)
    assert [t["name"] for t in spec["data"]] == [f"{MISSING_LABEL} (40)"]
    assert any("nog niet gepubliceerd" in i.value for i in at.info)
    assert at.query_params["cijfers"] == "peiljaar"

    at = _kaart({"jaar": "2023", "niveau": "buurt", "indicator": "GemiddeldInkomenPerInwoner"})
    spec = _spec(at)
    assert not at.exception
    assert len([t for t in spec["data"] if not t["name"].startswith(MISSING_LABEL)]) >= 3
    assert "Gemiddeld inkomen per inwoner (× € 1.000)" in spec["layout"]["legend"]["title"]["text"]


def test_every_theme_at_both_levels_without_exception(data_dir: Path) -> None:
    choices = indicator_choices(load_kerncijfers(Settings(data_dir=data_dir), "GM9999").catalogue, 2024)
    at = _kaart()
    for niveau in ("wijk", "buurt"):
        at.radio(key="kaart_niveau").set_value(niveau).run()
        for theme, keys in choices.items():
            at.selectbox(key="kaart_thema").set_value(theme).run()
            at.selectbox(key="kaart_indicator").set_value(keys[-1]).run()
            assert not at.exception, (niveau, theme)
            assert len(_drawn(_spec(at))) == (8 if niveau == "wijk" else 40)


def test_query_parameters_open_the_same_map(data_dir: Path) -> None:
    at = _kaart({"niveau": "buurt", "indicator": "Koopwoningen", "jaar": "2022"})

    assert not at.exception
    assert at.radio(key="kaart_niveau").value == "buurt"
    assert at.selectbox(key="kaart_thema").value == "Wonen en vastgoed"
    assert at.selectbox(key="kaart_indicator").value == "Koopwoningen"
    spec = _spec(at)
    assert "Koopwoningen (%)" in spec["layout"]["legend"]["title"]["text"]
    assert len(_drawn(spec)) == 40 and "BU99990306" in _drawn(spec)  # the 2022 split is there
    assert "(2022)" in _captions(at)


def test_unknown_indicator_in_the_url_falls_back_with_a_note(data_dir: Path) -> None:
    at = _kaart({"indicator": "BestaatNiet", "niveau": "gemeente"})
    assert not at.exception
    assert at.selectbox(key="kaart_indicator").value == "AantalInwoners"
    assert at.radio(key="kaart_niveau").value == "wijk"
    assert any("BestaatNiet" in i.value for i in at.info)


def test_choosing_an_area_shows_its_value_and_the_gemeente(data_dir: Path) -> None:
    at = _kaart()
    at.selectbox(key="kaart_gebied").set_value("WK999901").run()
    text = " ".join(m.value for m in at.markdown)
    assert "**Centrum** (WK999901) · Aantal inwoners: **8.015** · Voorbeeldstad: 77.486" in text

    k = load_kerncijfers(Settings(data_dir=data_dir), "GM9999")
    rows = k.year(2023).set_index("code")["GemiddeldInkomenPerInwoner"]
    ind = k.catalogue["GemiddeldInkomenPerInwoner"]
    wijk, gemeente = (with_unit(rows[c], ind.eenheid, ind.decimalen) for c in ("WK999901", "GM9999"))
    at = _kaart({"indicator": "GemiddeldInkomenPerInwoner"})  # not yet published in 2024: the 2023 figure, with its year
    at.selectbox(key="kaart_gebied").set_value("WK999901").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert f"Gemiddeld inkomen per inwoner: **{wijk} (2023)** · Voorbeeldstad: {gemeente} (2023)" in text

    at = _kaart({"indicator": "GemiddeldInkomenPerInwoner", "cijfers": "peiljaar"})
    at.selectbox(key="kaart_gebied").set_value("WK999901").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Gemiddeld inkomen per inwoner: **nog niet gepubliceerd door CBS**" in text


def test_real_gemeente_without_boundaries_keeps_the_table_and_offers_pdok(data_dir: Path) -> None:
    cache_demo_as(data_dir, "GM0001")
    at = _kaart({"gemeente": "GM0001", "jaar": "2024", "niveau": "buurt"})

    assert not at.exception
    assert not at.get("plotly_chart")
    assert any("nog geen buurtengrenzen van GM0001 voor 2024" in i.value for i in at.info)
    assert at.button(key="kaart_pdok").label == "Grenzen ophalen bij PDOK"
    assert "python -m wijkdata import grenzen BESTAND --jaar 2024" in _captions(at)
    assert len(at.dataframe[0].value) == 40
    assert "grenzen: niet aanwezig" in _captions(at)

    at.button(key="kaart_pdok").click().run()  # PDOK is unreachable: a warning, the page keeps working
    assert not at.exception
    assert any("PDOK is niet bereikbaar" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 40


def test_fetching_from_pdok_draws_the_map_and_counts_what_is_missing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_demo_as(data_dir, "GM0001")
    with PdokServer() as pdok:
        monkeypatch.setenv("WIJKDATA_PDOK_URL", pdok.url)
        at = _kaart({"gemeente": "GM0001", "jaar": "2024", "niveau": "buurt"})
        at.button(key="kaart_pdok").click().run()

    assert not at.exception
    spec = _spec(at)
    assert sorted(_drawn(spec)) == ["BU00010101", "BU00010102", "BU00010201", "BU00010202", "BU00010203"]
    assert spec["layout"]["map"]["style"]["sources"]["brt"]["type"] == "raster"  # PDOK tiles; the areas draw without them
    captions = _captions(at)
    assert "5 buurten op de kaart" in captions
    assert "35 buurten zonder grens" in captions
    assert "grenzen: PDOK, CBS wijk- en buurtkaart 2024" in captions
    assert "Bron: CBS, T2024 (2024), kolom AantalInwoners_5" in captions
    assert {e.niveau for e in read_manifest(Settings(data_dir=data_dir))} == {"wijk", "buurt"}  # one click, both levels
