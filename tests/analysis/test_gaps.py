"""No crash on gaps: need, ranking, profile, side by side on wijken without figures, one wijk, one indicator.

Hand-made frames (tests/support/tiny.py): Rekendorp's wijken A, B, C with low income 10/20/30 %
and participation 70/60/50 % in 2023; in 2022 A had 11 % and 69 %.
"""

import pandas as pd
import pytest

from tests.support.tiny import GM, ONE_WIJK, SD, blanked, build
from wijkdata.analysis.compare import ranking, side_by_side, similar_areas
from wijkdata.analysis.need import MIN_NEED_INDICATORS, TOO_FEW, need_effort, need_scores
from wijkdata.analysis.profile import area_profile
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings

KEYS = ["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"]


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("tiny"))
    build(settings)
    return load_kerncijfers(settings, GM)


@pytest.fixture(scope="module")
def one_wijk(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("one"))
    build(settings, only=ONE_WIJK)
    return load_kerncijfers(settings, GM)


def _effort(need: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"code": need["code"], "initiatieven": 0, "interventies": 0, "open_signalen": 0, "inzet": 0})


def test_wijk_without_any_need_figure_is_listed_not_ranked(k):
    gap = blanked(k, 2023, {"WK088802"}, KEYS)
    need = need_scores(gap, 2023, KEYS, mode="peiljaar").set_index("code")
    b = need.loc["WK088802"]
    assert pd.isna(b["opgave"]) and not b["gerangschikt"] and b["indicatoren"] == 0
    assert b["grootste_achterstand"] == "" and b["jaren"] == ""
    assert b["toelichting"] == f"te weinig cijfers: 0 van de minimaal {MIN_NEED_INDICATORS} indicatoren"
    # A and C still ranked, over the two wijken with figures: low income {10, 30} sd 10, participation {70, 50} sd 10
    assert need.loc["WK088803", "opgave"] == pytest.approx(round(((30 - 18) / 10 + (61 - 50) / 10) / 2, 2))
    frame = need_effort(need.reset_index(), _effort(need.reset_index())).set_index("code")
    assert frame.loc["WK088802", "kwadrant"] == TOO_FEW and not frame.loc["WK088802", "hoge_opgave"]
    assert list(frame.index)[-1] == "WK088802"  # unranked last


def test_every_wijk_without_figures_gives_no_ranking_and_no_crash(k):
    gap = blanked(k, 2023, {"WK088801", "WK088802", "WK088803"}, KEYS)
    need = need_scores(gap, 2023, KEYS, mode="peiljaar")
    assert len(need) == 3 and need["opgave"].isna().all() and not need["gerangschikt"].any()
    assert set(need_effort(need, _effort(need))["kwadrant"]) == {TOO_FEW}


def test_one_indicator_is_below_the_minimum(k):
    need = need_scores(k, 2023, ["HuishoudensMetEenLaagInkomen"])
    assert need["opgave"].isna().all() and set(need["indicatoren"]) == {1}
    assert "1 van de minimaal 2" in need["toelichting"].iloc[0]
    single = need_scores(k, 2023, ["HuishoudensMetEenLaagInkomen"], minimum=1).set_index("code")
    assert single.loc["WK088803", "opgave"] == pytest.approx(round(12 / SD, 2))


def test_a_wijk_with_one_of_two_figures_is_not_ranked(k):
    gap = blanked(k, 2023, {"WK088801"}, ["Nettoarbeidsparticipatie"])
    need = need_scores(gap, 2023, KEYS, mode="peiljaar").set_index("code")
    assert pd.isna(need.loc["WK088801", "opgave"]) and need.loc["WK088801", "indicatoren"] == 1
    assert need.loc["WK088801", "grootste_achterstand"] == "Huishoudens met een laag inkomen"
    assert need["gerangschikt"].sum() == 2


def test_gemeente_with_one_wijk(one_wijk):
    need = need_scores(one_wijk, 2023, KEYS)
    assert list(need["code"]) == ["WK088801"] and pd.isna(need["opgave"].iloc[0])
    assert need_effort(need, _effort(need))["kwadrant"].tolist() == [TOO_FEW]
    r = ranking(one_wijk, 2023, "wijk", "HuishoudensMetEenLaagInkomen")
    assert r["Rang"].tolist() == [1] and r["Jaar"].tolist() == [2023]
    p = area_profile(one_wijk, "WK088801", 2023).set_index("indicator")
    assert pd.isna(p.loc["HuishoudensMetEenLaagInkomen", "rang"]) and p.loc["HuishoudensMetEenLaagInkomen", "afwijking"] == ""
    assert similar_areas([one_wijk], one_wijk, "WK088801", 2023, KEYS).empty


def test_need_falls_back_to_the_latest_published_figure(k):
    gap = blanked(k, 2023, {"WK088801"}, ["HuishoudensMetEenLaagInkomen"])
    need = need_scores(gap, 2023, KEYS).set_index("code")
    a = need.loc["WK088801"]
    assert a["gerangschikt"] and a["jaren"] == "2022, 2023"
    # A's low income is its 2022 figure 11 %; the sd is then over {11, 20, 30}
    sd = pd.Series([11.0, 20.0, 30.0]).std(ddof=0)
    assert a["opgave"] == pytest.approx(round(((11 - 18) / sd + -(70 - 61) / SD) / 2, 2))
    assert need.loc["WK088803", "jaren"] == "2023"


def test_ranking_side_by_side_and_profile_label_the_year(k):
    gap = blanked(k, 2023, {"WK088801"}, ["HuishoudensMetEenLaagInkomen"])
    r = ranking(gap, 2023, "wijk", "HuishoudensMetEenLaagInkomen").set_index("Code")
    assert r.loc["WK088801", "Waarde"] == 11.0 and r.loc["WK088801", "Jaar"] == 2022
    assert r.loc["WK088801", "Toelichting"] == "cijfer van 2022 (voor 2023 nog niet gepubliceerd)"
    assert r.loc["WK088801", "Rang"] == 3
    strict = ranking(gap, 2023, "wijk", "HuishoudensMetEenLaagInkomen", mode="peiljaar").set_index("Code")
    assert pd.isna(strict.loc["WK088801", "Rang"]) and pd.isna(strict.loc["WK088801", "Jaar"])

    side = side_by_side([(gap, "WK088801"), (gap, "WK088803")], 2023, KEYS)
    assert side.loc["Huishoudens met een laag inkomen", "Wijk A (Rekendorp)"] == "11,0% (2022)"
    assert side.loc["Huishoudens met een laag inkomen", "Wijk C (Rekendorp)"] == "30,0%"
    bron = "T2022NED/HuishoudensMetEenLaagInkomen_6, T2023NED/HuishoudensMetEenLaagInkomen_6"
    assert side.loc["Huishoudens met een laag inkomen", "Bron"] == bron
    strict_side = side_by_side([(gap, "WK088801"), (gap, "WK088803")], 2023, KEYS, mode="peiljaar")
    assert strict_side.loc["Huishoudens met een laag inkomen", "Wijk A (Rekendorp)"] == "–"

    p = area_profile(gap, "WK088801", 2023).set_index("indicator").loc["HuishoudensMetEenLaagInkomen"]
    assert p["waarde"] == 11.0 and p["waarde_jaar"] == 2022 and p["waarde_tekst"] == "11,0% (2022)"
    assert p["tabel"] == "T2022NED" and p["gemeente_tekst"] == "18,0%" and p["gemeente_jaar"] == 2023
    q = area_profile(gap, "WK088801", 2023, "peiljaar").set_index("indicator").loc["HuishoudensMetEenLaagInkomen"]
    assert pd.isna(q["waarde"]) and q["waarde_tekst"] == "–" and pd.isna(q["waarde_jaar"]) and q["tabel"] == "T2023NED"


def test_profile_explains_a_gap_without_any_earlier_figure(k):
    gap = blanked(k, 2023, {"WK088802"}, KEYS)  # B's 2022 low income is secret too
    p = area_profile(gap, "WK088802", 2023).set_index("indicator").loc["HuishoudensMetEenLaagInkomen"]
    assert pd.isna(p["waarde"]) and p["toelichting"].endswith("; ook geen eerder gepubliceerd cijfer")
