""""Lijkt op" over all of the Netherlands from the national index: the same answer as loading every gemeente."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.cbs.test_index import OTHER, OTHER_NAME, two_gemeenten
from tests.support.tiny import GM
from wijkdata.analysis.compare import side_by_side, similar_areas
from wijkdata.cbs import index
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings

KEYS = ["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"]


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    # Telstad's wijk A has no 2023 low-income figure: "laatst" takes 2022's, "peiljaar" leaves it out
    return two_gemeenten(Settings(data_dir=tmp_path_factory.mktemp("nl")), low_2023={"WK077701": None})


@pytest.mark.parametrize("mode", ["laatst", "peiljaar"])
@pytest.mark.parametrize("target", ["WK088802", "BU08880101"])
def test_national_peers_equal_those_of_every_gemeente_loaded(settings, mode, target):
    k, other = load_kerncijfers(settings, GM), load_kerncijfers(settings, OTHER)
    loaded = similar_areas([k, other], k, target, 2023, KEYS, n=20, mode=mode)
    national = index.latest(settings, 2023, KEYS, mode=mode)
    from_index = similar_areas([k], k, target, 2023, KEYS, n=20, mode=mode, national=national)
    pd.testing.assert_frame_equal(from_index, loaded, check_dtype=False)  # same areas, names and distances
    assert OTHER_NAME in set(from_index["Gemeente"]) and target not in set(from_index["Code"])


def test_national_peers_have_the_target_level_and_their_gemeente_name(settings):
    k = load_kerncijfers(settings, GM)
    peers = similar_areas([k], k, "WK088801", 2023, KEYS, n=20, national=index.latest(settings, 2023, KEYS))
    assert peers["Code"].str.startswith("WK").all()
    named = dict(zip(peers["Code"], peers["Gemeente"], strict=True))
    assert named["WK077702"] == OTHER_NAME and named["WK088802"] == "Rekendorp"


def test_the_demo_looks_among_real_areas_of_the_index(settings):
    demo = load_kerncijfers(settings, DEMO_GEMEENTE)
    peers = similar_areas([demo], demo, "WK999902", 2023, KEYS, n=100, national=index.latest(settings, 2023, KEYS))
    assert {"Rekendorp", OTHER_NAME, "Voorbeeldstad"} <= set(peers["Gemeente"])


def test_side_by_side_of_areas_read_from_the_index(settings):
    k = load_kerncijfers(settings, GM)
    other = index.area_figures(settings, OTHER, ["WK077702"])
    table = side_by_side([(k, "WK088802"), (other, "WK077702")], 2023, KEYS)
    assert list(table.columns) == ["Wijk B (Rekendorp)", f"Wijk B ({OTHER_NAME})", "Bron"]
    assert table.loc["Huishoudens met een laag inkomen"].tolist()[:2] == ["20,0%", "25,0%"]
