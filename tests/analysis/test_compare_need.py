"""Peer search, ranking, side by side, and the need/effort scores on hand-computable fixtures."""

import pandas as pd
import pytest

from tests.support.tiny import GM, SD, build
from wijkdata.analysis.compare import comparable_gemeenten, ranking, side_by_side, side_by_side_numbers, similar_areas
from wijkdata.analysis.need import effort_per_wijk, need_effort, need_scores
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.errors import WijkdataError

KEYS = ["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"]


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("tiny"))
    build(settings)
    return load_kerncijfers(settings, GM)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return load_kerncijfers(Settings(data_dir=tmp_path_factory.mktemp("demo")), DEMO_GEMEENTE)


def test_need_scores_by_hand(k):
    need = need_scores(k, 2023, KEYS).set_index("code")
    # C: low income (30-18)/SD worse, participation -(50-61)/SD worse → mean (12+11)/2/SD
    assert need.loc["WK088803", "opgave"] == pytest.approx(round((12 + 11) / 2 / SD, 2))
    # A: (10-18)/SD and -(70-61)/SD → mean (-8-9)/2/SD
    assert need.loc["WK088801", "opgave"] == pytest.approx(round((-8 - 9) / 2 / SD, 2))
    assert need.loc["WK088803", "grootste_achterstand"] == "Huishoudens met een laag inkomen"
    assert need.loc["WK088803", "referentiejaar"] == 2022 and need.loc["WK088803", "indicatoren"] == 2


def test_need_change_since_reference_year(k):
    need = need_scores(k, 2023, KEYS).set_index("code")
    # 2022 (B secret): SDs over the wijken with figures: low income {11, 27} → sd 8; participation {69, 61, 52}
    sd_part_2022 = pd.Series([69, 61, 52]).std(ddof=0)
    c_then = ((27 - 17) / 8 + -(52 - 60) / sd_part_2022) / 2
    assert need.loc["WK088803", "opgave_toen"] == pytest.approx(round(c_then, 2))
    c_now = (12 / SD + 11 / SD) / 2
    assert need.loc["WK088803", "verandering"] == pytest.approx(round(c_now - c_then, 2), abs=0.011)


def test_effort_counts_buurten_in_their_wijk_once(k):
    records = pd.DataFrame(
        [
            {"id": 1, "soort": "initiatief", "gebied": "BU08880101", "actief": True},
            {"id": 1, "soort": "initiatief", "gebied": "BU08880102", "actief": True},  # same record, same wijk
            {"id": 2, "soort": "interventie", "gebied": "WK088803", "actief": True},
            {"id": 3, "soort": "signaal", "gebied": "BU08880301", "actief": True},
            {"id": 4, "soort": "initiatief", "gebied": "BU08880301", "actief": False},  # finished: not counted
        ]
    )
    effort = effort_per_wijk(records, ["WK088801", "WK088802", "WK088803"]).set_index("code")
    assert effort.loc["WK088801", "initiatieven"] == 1
    assert effort.loc["WK088803"].to_dict() == {"initiatieven": 0, "interventies": 1, "open_signalen": 1, "inzet": 1}
    assert effort.loc["WK088802", "inzet"] == 0


def test_need_effort_quadrants(k):
    need = need_scores(k, 2023, KEYS)
    effort = pd.DataFrame(
        {
            "code": ["WK088801", "WK088802", "WK088803"],
            "initiatieven": [2, 0, 0],
            "interventies": [1, 0, 0],
            "open_signalen": [0, 0, 3],
            "inzet": [3, 0, 0],
        }
    )
    frame = need_effort(need, effort).set_index("code")
    assert frame.loc["WK088803", "kwadrant"] == "Grote opgave, weinig inzet"
    assert frame.loc["WK088801", "kwadrant"] == "Veel inzet, kleinere opgave"
    assert bool(frame.loc["WK088801", "stapeling"]) and not bool(frame.loc["WK088803", "stapeling"])
    assert list(frame.index)[0] == "WK088803"  # highest need first


def test_ranking_puts_missing_last(k):
    r = ranking(k, 2022, "wijk", "HuishoudensMetEenLaagInkomen")
    assert list(r["Naam"]) == ["Wijk C", "Wijk A", "Wijk B"]
    assert list(r["Rang"].astype("object").where(r["Rang"].notna(), None)) == [1, 2, None]
    assert r.iloc[2]["Toelichting"].startswith("geen cijfer")


def test_side_by_side_two_to_five(k, demo):
    frame = side_by_side([(k, "WK088801"), (demo, "WK999901")], 2023, ["AantalInwoners", "Koopwoningen"])
    assert list(frame.columns) == ["Wijk A (Rekendorp)", "Centrum (Voorbeeldstad)", "Bron"]
    assert frame.loc["Aantal inwoners", "Wijk A (Rekendorp)"] == "1.100"
    assert frame.loc["Koopwoningen", "Wijk A (Rekendorp)"] == "niet in de CBS-tabel van 2023"
    with pytest.raises(WijkdataError, match="twee tot vijf"):
        side_by_side([(k, "WK088801")], 2023, ["AantalInwoners"])


def test_side_by_side_download_holds_numbers_not_text(k, demo, tmp_path):
    from openpyxl import load_workbook

    from wijkdata.tabular import table_bytes

    keys = ["AantalInwoners", "Koopwoningen", "GemiddeldeHuishoudensgrootte"]
    frame = side_by_side_numbers([(k, "WK088801"), (demo, "WK999901")], 2023, keys)
    assert list(frame.columns) == ["Indicator", "Eenheid", "Wijk A (Rekendorp)", "Centrum (Voorbeeldstad)", "Bron", "Toelichting"]
    rows = frame.set_index("Indicator")
    assert rows.loc["Aantal inwoners", "Wijk A (Rekendorp)"] == 1100
    assert rows.loc["Koopwoningen", "Wijk A (Rekendorp)"] is None
    assert rows.loc["Koopwoningen", "Toelichting"] == "Wijk A (Rekendorp): niet in de CBS-tabel van 2023"
    assert rows.loc["Koopwoningen", "Eenheid"] == "%"
    demo_size = demo.year(2023).set_index("code").loc["WK999901", "GemiddeldeHuishoudensgrootte"]

    path = tmp_path / "vergelijking.xlsx"
    path.write_bytes(table_bytes(frame, "xlsx", source="CBS"))
    sheet = load_workbook(path)["Gegevens"]
    header = [c.value for c in sheet[1]]
    cells = {(row[0].value, header[i]): c for row in sheet.iter_rows(min_row=2) for i, c in enumerate(row)}
    inwoners = cells[("Aantal inwoners", "Wijk A (Rekendorp)")]
    assert (inwoners.value, inwoners.data_type, inwoners.number_format) == (1100, "n", "#,##0")
    size = cells[("Gemiddelde huishoudensgrootte", "Centrum (Voorbeeldstad)")]
    assert size.data_type == "n" and size.value == pytest.approx(float(demo_size)) and size.number_format.startswith("#,##0.0")
    koop = cells[("Koopwoningen", "Centrum (Voorbeeldstad)")]
    assert koop.data_type == "n" and 0 <= koop.value <= 100  # a percentage as a number, its unit in "Eenheid"


def test_similar_areas_standardised_distance(k):
    peers = similar_areas([k], k, "WK088802", 2023, KEYS, n=2)
    # B sits in the middle: A and C are equally far (one SD on both indicators → distance 1.22)
    assert set(peers["Naam"]) == {"Wijk A", "Wijk C"}
    assert list(peers["Afstand"]) == [pytest.approx(round(10 / SD, 2))] * 2
    nearest = similar_areas([k], k, "WK088801", 2023, KEYS, n=1)
    assert list(nearest["Naam"]) == ["Wijk B"]


def test_similar_areas_across_gemeenten(k, demo):
    peers = similar_areas([demo, k], demo, "BU99990205", 2023, ["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"], n=50)
    assert "Rekendorp" in set(peers["Gemeente"]) and "Voorbeeldstad" in set(peers["Gemeente"])
    assert peers["Afstand"].is_monotonic_increasing


def test_the_demo_never_appears_among_real_areas(k, demo):
    """A real gemeente's "lijkt op" leaves invented buurten out, even when the demo is a candidate."""
    peers = similar_areas([k, demo], k, "WK088802", 2023, KEYS, n=50)
    assert set(peers["Gemeente"]) == {"Rekendorp"}
    assert not peers["Code"].str.startswith(("WK9999", "BU9999")).any()
    # the demo itself may look among real ones (it is the chosen gemeente)
    assert "Rekendorp" in set(similar_areas([demo, k], demo, "WK999902", 2023, KEYS, n=50)["Gemeente"])


def test_comparison_choices_offer_the_demo_only_to_itself():
    gemeenten = pd.DataFrame(
        {
            "code": [DEMO_GEMEENTE, "GM0200", "GM0888", "GM0014"],
            "naam": ["Voorbeeldstad", "Apeldoorn", "Rekendorp", "Groningen"],
            "status": ["fictief", "opgehaald", "opgehaald", "bij CBS"],
        }
    )
    assert comparable_gemeenten(gemeenten, "GM0200") == {"GM0888": "Rekendorp"}
    assert comparable_gemeenten(gemeenten, DEMO_GEMEENTE) == {"GM0200": "Apeldoorn", "GM0888": "Rekendorp"}


def test_need_year_prefers_a_complete_year(demo):
    from wijkdata.analysis.need import need_year

    assert need_year(demo, ["HuishoudensMetEenLaagInkomen", "WmoClientenRelatief"], 2024) == 2023  # incomes not out in 2024
    assert need_year(demo, ["WmoClientenRelatief"], 2024) == 2024
    assert need_year(demo, ["WmoClientenRelatief"], 2021) == 2021
    assert need_year(demo, ["GeenBestaandeIndicator"], 2024) is None
