"""The national index: every cached area in one Parquet dataset per year, the cache's values, rebuilt when stale or damaged."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.support import tiny
from wijkdata.cbs import cache, index
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.config import Settings

OTHER, OTHER_NAME = "GM0777", "Telstad"
LOW = "HuishoudensMetEenLaagInkomen"


def store_other(settings: Settings, low_2023: dict[str, float | None] | None = None) -> None:
    """Rekendorp's tables relabelled as GM0777 'Telstad', low-income shares 5 points higher (``low_2023`` overrides 2023)."""
    for year, (info, props, rows, regions) in tiny.tables().items():
        text = json.dumps({"rows": rows, "regions": regions}).replace("0888", "0777").replace("Rekendorp", OTHER_NAME)
        moved = json.loads(text)
        for r in moved["rows"]:
            code = r["Codering_3"].strip()
            if r["HuishoudensMetEenLaagInkomen_6"] is not None and code != "NL00":
                r["HuishoudensMetEenLaagInkomen_6"] += 5
            if year == 2023 and low_2023 and code in low_2023:
                r["HuishoudensMetEenLaagInkomen_6"] = low_2023[code]
        frame = normalise_table(moved["rows"], props, moved["regions"], OTHER)
        cache.store_table(settings, info, properties_frame(props), frame, OTHER, year)


def two_gemeenten(settings: Settings, low_2023: dict[str, float | None] | None = None) -> Settings:
    """A cache with Rekendorp (GM0888) and Telstad (GM0777), 2022 and 2023, as sync writes it."""
    tiny.build(settings)
    store_other(settings, low_2023)
    return settings


@pytest.fixture
def cached(tmp_path) -> Settings:
    return two_gemeenten(Settings(data_dir=tmp_path / "data"))


def test_index_holds_every_area_with_the_values_and_dtypes_of_the_cache(cached):
    assert index.refresh(cached) == [2022, 2023]
    assert (cached.cbs_dir / "index" / "jaar=2023" / "part-0.parquet").exists()
    rows = index.read(cached, 2023)
    assert "NL00" not in set(rows["code"])
    assert rows["gemeente_code"].tolist() == sorted(rows["gemeente_code"])
    for gemeente, name in ((tiny.GM, "Rekendorp"), (OTHER, OTHER_NAME)):
        k = load_kerncijfers(cached, gemeente)
        expected = k.year(2023)
        expected = expected[expected["niveau"] != "land"].reset_index(drop=True)
        mine = rows[rows["gemeente_code"] == gemeente].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine[list(expected.columns)], expected)
        assert set(mine["gemeentenaam"]) == {name} and set(mine["tabel"]) == {"T2023NED"}


def test_missing_stays_missing(cached):
    rows = index.read(cached, 2022, ["code", LOW], codes=["WK088802", "WK077702", "WK088801"]).set_index("code")
    assert pd.isna(rows.at["WK088802", LOW]) and pd.isna(rows.at["WK077702", LOW])
    assert rows.at["WK088801", LOW] == 11.0
    assert str(rows[LOW].dtype) == "Float64"


def test_reads_only_the_columns_and_rows_asked(cached):
    wijken = index.read(cached, 2023, ["code", "gemeentenaam", LOW, "jaar"], niveau="wijk")
    assert list(wijken.columns) == ["code", "gemeentenaam", LOW, "jaar"]
    assert wijken["code"].tolist() == ["WK077701", "WK077702", "WK077703", "WK088801", "WK088802", "WK088803"]
    assert wijken[LOW].tolist() == [15.0, 25.0, 35.0, 10.0, 20.0, 30.0]
    assert set(wijken["jaar"]) == {2023}
    one = index.read(cached, 2023, ["naam", "GeenIndicator"], gemeenten=[OTHER], codes=["BU07770101", "BU08880101"])
    assert one["naam"].tolist() == ["Buurt A1"] and one["GeenIndicator"].isna().all()
    assert index.read(cached, 2019, ["code", LOW]).empty
    assert index.read(cached, 2023, ["code"], codes=[]).empty


def test_readers_build_the_index_lazily_and_never_reread_the_cache_when_fresh(cached):
    assert not (cached.cbs_dir / "index").exists()
    assert index.read(cached, 2023, ["code"], codes=["WK077703"])["code"].tolist() == ["WK077703"]
    for path in (cached.cbs_dir / "T2023NED").glob("GM*.parquet"):  # the index alone answers from now on
        path.unlink()
    assert index.read(cached, 2023, [LOW], codes=["WK077703"])[LOW].tolist() == [35.0]
    assert index.years(cached) == [2022, 2023]


def test_refresh_is_cheap_when_nothing_changed_and_rebuilds_only_what_changed(cached):
    index.refresh(cached)
    assert index.refresh(cached) == []
    stamp = index.stamp(cached)
    store_other(cached, low_2023={"WK077701": 42.0})  # a new pull of Telstad
    assert index.read(cached, 2023, [LOW], codes=["WK077701"])[LOW].tolist() == [42.0]  # seen without refresh
    assert index.stamp(cached) != stamp
    incremental = index.read(cached, 2023)
    assert incremental["gemeente_code"].tolist() == sorted(incremental["gemeente_code"])
    assert index.refresh(cached, force=True) == [2022, 2023]
    pd.testing.assert_frame_equal(index.read(cached, 2023), incremental)


@pytest.mark.parametrize("damage", ["partition", "state", "folder"])
def test_a_damaged_index_is_rebuilt(cached, damage):
    index.refresh(cached)
    before = index.read(cached, 2023)
    folder = cached.cbs_dir / "index"
    if damage == "partition":
        (folder / "jaar=2023" / "part-0.parquet").write_bytes(b"PAR1 kapot")
    elif damage == "state":
        (folder / "_index.json").write_text("{kapot", encoding="utf-8")
    else:
        import shutil

        shutil.rmtree(folder)
    pd.testing.assert_frame_equal(index.read(cached, 2023), before)


def test_latest_takes_an_earlier_figure_only_in_laatst_mode(tmp_path):
    settings = two_gemeenten(Settings(data_dir=tmp_path / "data"), low_2023={"WK077701": None})
    laatst = index.latest(settings, 2023, [LOW, "Nettoarbeidsparticipatie"], niveau="wijk").set_index("code")
    assert laatst.at["WK077701", LOW] == 16.0  # 2022's 11.0 + 5
    assert laatst.at["WK077701", "gemeentenaam"] == OTHER_NAME
    assert laatst.at["WK088801", LOW] == 10.0
    peiljaar = index.latest(settings, 2023, [LOW], niveau="wijk", mode="peiljaar").set_index("code")
    assert pd.isna(peiljaar.at["WK077701", LOW])


def test_area_figures_are_those_of_the_whole_gemeente(cached):
    few = index.area_figures(cached, OTHER, ["WK077702", "BU07770201"])
    whole = load_kerncijfers(cached, OTHER)
    assert (few.naam, few.years, few.catalogue.keys) == (OTHER_NAME, whole.years, whole.catalogue.keys)
    expected = whole.data[whole.data["code"].isin([OTHER, "WK077702", "BU07770201"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(few.data, expected)
    pd.testing.assert_frame_equal(few.sources, whole.sources)


def test_an_empty_cache_gives_an_empty_index(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    assert index.refresh(settings) == [] and index.years(settings) == []
    assert list(index.read(settings, 2023, ["code", LOW]).columns) == ["code", LOW]
