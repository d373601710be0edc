"""What a Dutch reader sees in the pages: meanings of codes, ranks with a direction, right plurals,
no "nan"/"None", no demo among real areas, Dutch placeholders, and a map that says when its
background cannot load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_app, problems, texts
from tests.support.kaart_factories import cache_demo_as
from tests.support.pdok_server import PdokServer
from tests.support.tiny import GM, build
from wijkdata.analysis.profile import area_profile
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings
from wijkdata.visual.mapping import BASEMAP_BLANK_NOTE, BASEMAP_NOTE

ROOT = Path(__file__).resolve().parents[2]
_NOT_TEXT = re.compile(r"(?<![\w-])(nan|None|NaN|<NA>)(?![\w-])")


def _everything(at: AppTest) -> str:
    """Visible text plus the labels and cells of every data frame."""
    parts = [texts(at)]
    for frame in at.dataframe:
        value = frame.value
        parts.append(" ".join(map(str, value.columns)))
        parts.append(value.astype("string").fillna("").to_string())
    return "\n".join(parts)


def _full_profile(query: dict[str, str]) -> AppTest:
    """The profile with every theme open (as the pills would choose them)."""
    at = open_app("profiel", query=query)
    k = load_kerncijfers(Settings(), query["gemeente"])
    themes = area_profile(k, query["gebied"], int(query["jaar"]))["thema"]
    at.session_state["profiel_themas"] = list(dict.fromkeys(themes))
    return at.run()


def test_profile_shows_code_meanings_and_ranks_with_their_direction(offline):
    at = _full_profile({"gemeente": "GM9999", "gebied": "BU99990205", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert re.search(r"\b\d \((zeer sterk|sterk|matig|weinig|niet) stedelijk\)", shown)  # Mate van stedelijkheid
    ranks = re.findall(r"(?:hoogste van \d+|\d+e hoogste van \d+|\d+e van \d+, (?:1 = hoogste|de laagste))", shown)
    assert len(ranks) > 10
    bare = [m for m in re.findall(r"\d+e van \d+[^,\d]", shown)]
    assert bare == []  # every rank says which way it counts
    assert "(1 cijfers" not in shown and not re.search(r"\(1 cijfers\b", shown)
    assert _NOT_TEXT.findall(_everything(at)) == []


def test_profile_popover_description_is_never_nan(offline):
    at = _full_profile({"gemeente": "GM9999", "gebied": "WK999901", "jaar": "2024"})
    assert problems(at) == []
    assert [t.value for t in at.text if t.value.strip().lower() in {"nan", "none"}] == []
    assert "Het aantal inwoners op 1 januari (fictief)." in [t.value for t in at.text]


def test_overzicht_counts_wijken_and_buurten_in_good_dutch(offline):
    build(Settings(data_dir=offline))
    at = open_app(query={"gemeente": GM, "jaar": "2023"})
    assert problems(at) == []
    headings = [s.value for s in at.subheader if s.value.startswith("Wijken en buurten")]
    assert headings == ["Wijken en buurten (3 wijken, 5 buurten)"]
    assert not re.search(r"\b1 (wijken|buurten|cijfers|initiatieven)\b", _everything(at))


def test_vergelijken_keeps_the_demo_away_from_a_real_gemeente(offline):
    build(Settings(data_dir=offline))
    at = open_app("vergelijken", query={"gemeente": GM, "jaar": "2023"})
    assert problems(at) == []
    assert "GM9999" not in at.multiselect(key="vergelijken_gemeenten").options
    at.checkbox(key="vergelijken_breed").check().run()
    assert problems(at) == []
    assert "Voorbeeldstad" not in _everything(at)
    # Dutch placeholders, no English "Select all" entry
    for key in ("vergelijken_gemeenten", "vergelijken_gebieden", "vergelijken_indicatoren", "vergelijken_lijkt_indicatoren"):
        widget = at.multiselect(key=key)
        assert widget.placeholder.startswith("Kies"), key
        assert widget.proto.HasField("select_all") and widget.proto.select_all == 0, key  # 0: never "Select all"


def test_ranking_of_a_coded_indicator_says_what_the_codes_mean(offline):
    at = open_app("vergelijken", query={"gemeente": "GM9999", "jaar": "2023"})
    at.selectbox(key="vergelijken_rang").set_value("MateVanStedelijkheid").run()
    assert problems(at) == []
    ranked = next(f.value for f in at.dataframe if "Rang" in f.value.columns)
    assert "Betekenis" in ranked.columns
    meanings = {"zeer sterk stedelijk", "sterk stedelijk", "matig stedelijk", "weinig stedelijk", "niet stedelijk"}
    assert set(ranked["Betekenis"]) <= meanings and len(set(ranked["Betekenis"])) >= 2
    assert "Mate van stedelijkheid (code)" not in _everything(at)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_TIMEOUT", "2")
    st.cache_data.clear()
    st.cache_resource.clear()
    return tmp_path


def test_map_says_when_the_background_may_be_missing_and_offers_the_select_box(data_dir, monkeypatch):
    demo = open_app("kaart", query={"gemeente": "GM9999", "jaar": "2024"})
    assert problems(demo) == []
    assert BASEMAP_BLANK_NOTE in [c.value for c in demo.caption]

    cache_demo_as(data_dir, "GM0001")
    with PdokServer() as pdok:
        monkeypatch.setenv("WIJKDATA_PDOK_URL", pdok.url)
        at = open_app("kaart", query={"gemeente": "GM0001", "jaar": "2024"})
        at.button(key="kaart_pdok").click().run()
    assert problems(at) == []
    captions = [c.value for c in at.caption]
    assert BASEMAP_NOTE in captions and "Achtergrondkaart niet" not in captions
    assert "offline" in BASEMAP_NOTE and "kies het hieronder" in BASEMAP_NOTE
    area = at.selectbox(key="kaart_gebied")
    assert area.placeholder.startswith("Klik op de kaart of kies") and len(area.options) >= 2
    area.set_value("WK000101").run()
    assert "Profiel van" in " ".join(str(p.proto.label) for p in at.get("page_link"))
