"""The council briefing: figures with sources, notable deviations, changes without crossing breaks, safe HTML."""

from datetime import date

import pytest

from tests.support.tiny import GM, build
from wijkdata.analysis.activity import AreaActivity
from wijkdata.analysis.briefing import Briefing, build_briefing, to_html
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("tiny"))
    build(settings)
    return load_kerncijfers(settings, GM)


def test_briefing_of_a_wijk(k):
    b = build_briefing(k, "WK088803", 2023, today=date(2026, 11, 29))
    md = b.markdown
    assert b.title == "Raadsbriefing Wijk C (2023)"
    assert "| Huishoudens met een laag inkomen | 30,0% | 18,0% | 8,0% |" in md
    assert "- Huishoudens met een laag inkomen: 30,0%, hoger dan in de meeste wijken van Rekendorp" in md and "**slechter**" in md
    assert "- Huishoudens met een laag inkomen: van 27,0% (2022) naar 30,0% (2023)." in md
    assert "T2023NED (2023), kolom HuishoudensMetEenLaagInkomen\\_6" in md
    assert "CC BY 4.0, Bron: CBS" in md
    assert "Fictief" not in md
    assert "opgesteld 29-11-2026" in md


def test_no_change_across_a_boundary_break(k):
    md = build_briefing(k, "BU08880102", 2023).markdown
    assert "Huishoudens met een laag inkomen: van" not in md  # 2022 and 2023 lie on both sides of the break
    assert "grens gewijzigd in 2023" in md


def test_missing_figures_are_named_with_their_reason(k):
    md = build_briefing(k, "BU08880103", 2023).markdown
    assert "120 inwoners" in md  # small-population warning
    assert "Huishoudens met een laag inkomen: geen cijfer — geheim: te weinig inwoners" in md


def test_records_section(k):
    import pandas as pd

    empty = pd.DataFrame(columns=["titel", "status", "betrokken", "eigenaar_opvolging"])
    activity = AreaActivity(
        initiatieven=pd.DataFrame({"titel": ["Moestuin *groot*"], "status": ["lopend"]}),
        interventies=pd.DataFrame({"titel": ["Pact"], "status": ["afgerond"]}),
        open_signalen=pd.DataFrame(
            {"titel": ["Vergunning"], "status": ["nieuw"], "betrokken": ["Omgevingsloket"], "eigenaar_opvolging": [None]}
        ),
        veldnotities=empty,
    )
    md = build_briefing(k, "WK088801", 2023, activity).markdown
    assert "**Initiatieven van bewoners en organisaties:** 1 lopend" in md and "Moestuin \\*groot\\*" in md
    assert "**Interventies van gemeente en partners:** 0 lopend (1 in totaal)" in md
    assert "Vergunning — Omgevingsloket; opvolging: nog niemand" in md


def test_demo_briefing_says_fictional(tmp_path):
    demo = load_kerncijfers(Settings(data_dir=tmp_path), DEMO_GEMEENTE)
    assert "**Fictief:**" in build_briefing(demo, "WK999902", 2023).markdown


def test_html_is_escaped_and_printable():
    page = to_html(
        Briefing(title="T <x>", markdown="# Kop\n\n| a | b |\n|---|---:|\n| <script> | **5** |\n\n- punt \\*niet vet\\*\n")
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<strong>5</strong>" in page and "*niet vet*" in page
    assert "@page{size:A4" in page and "<title>T &lt;x&gt;</title>" in page


@pytest.mark.parametrize("owner", [None, float("nan"), "", "  "], ids=["None", "NaN", "empty", "blank"])
def test_a_signal_without_owner_shows_nog_niemand_never_nan(k, owner):
    import pandas as pd

    empty = pd.DataFrame(columns=["titel", "status", "betrokken", "eigenaar_opvolging"])
    signals = pd.DataFrame({"titel": ["Vergunning", "Subsidie"], "status": ["nieuw"] * 2, "betrokken": ["Loket"] * 2})
    signals["eigenaar_opvolging"] = pd.Series([owner, "Team Subsidies"], dtype=object)
    activity = AreaActivity(initiatieven=empty, interventies=empty, open_signalen=signals, veldnotities=empty)
    md = build_briefing(k, "WK088801", 2023, activity).markdown
    assert "Vergunning — Loket; opvolging: nog niemand" in md
    assert "Subsidie — Loket; opvolging: Team Subsidies" in md
    assert "nan" not in md.lower().replace("financ", "")
