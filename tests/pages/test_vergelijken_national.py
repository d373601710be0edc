"""Vergelijken across gemeenten and "lijkt op" over all of the Netherlands, read from the national index."""

from __future__ import annotations

from tests.cbs.test_index import OTHER, OTHER_NAME, two_gemeenten
from tests.support.apptest import open_app, problems
from tests.support.tiny import GM
from wijkdata.config import Settings

LINK = {
    "gemeente": GM,
    "jaar": "2023",
    "gebieden": "WK088802,WK077702,BU07770301",
    "indicatoren": "HuishoudensMetEenLaagInkomen",
    "lijkt_op": "nl",
}


def test_areas_of_two_gemeenten_and_peers_from_all_of_the_netherlands(offline):
    two_gemeenten(Settings(data_dir=offline))
    at = open_app("vergelijken", query=LINK)
    assert problems(at) == []
    side = at.table[0].value
    assert list(side.columns) == ["Wijk B (Rekendorp)", f"Wijk B ({OTHER_NAME})", f"Buurt C1 ({OTHER_NAME})", "Bron"]
    low = side.loc["Huishoudens met een laag inkomen"].tolist()
    assert low == ["20,0%", "25,0%", "35,0%", "T2023NED/HuishoudensMetEenLaagInkomen_6"]
    assert at.multiselect(key="vergelijken_gemeenten").value == [OTHER]
    assert at.checkbox(key="vergelijken_breed").value is True
    peers = at.dataframe[-1].value
    assert {"Rekendorp", OTHER_NAME} <= set(peers["Gemeente"])
    assert set(peers["Naam"]) >= {"Wijk A", "Wijk B", "Wijk C"} and not peers["Naam"].str.match(r"^(WK|BU)\d").any()
    assert len(at.get("download_button")) == 6  # side by side, ranking and lijkt op: CSV and Excel each
    assert at.query_params["lijkt_op"] == "nl"


def test_lijkt_op_in_the_url_follows_the_checkbox(offline):
    two_gemeenten(Settings(data_dir=offline))
    at = open_app("vergelijken", query={"gemeente": GM, "jaar": "2023"})
    assert at.checkbox(key="vergelijken_breed").value is False and "lijkt_op" not in at.query_params
    assert set(at.dataframe[-1].value["Gemeente"]) == {"Rekendorp"}
    at.checkbox(key="vergelijken_breed").check().run()
    assert problems(at) == [] and at.query_params["lijkt_op"] == "nl"
    assert OTHER_NAME in set(at.dataframe[-1].value["Gemeente"])
    at.checkbox(key="vergelijken_breed").uncheck().run()
    assert problems(at) == [] and "lijkt_op" not in at.query_params
    assert set(at.dataframe[-1].value["Gemeente"]) == {"Rekendorp"}
