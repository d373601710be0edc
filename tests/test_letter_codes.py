"""A gemeente whose wijk and buurt codes hold letters (WK0998AA, BU0998AB0A), end to end.

CBS codes Amsterdam's wijken ``WK0363AA`` and its buurten ``BU0363AA01``. The hand-made fixture
gemeente GM0998 Westhaven does the same; it goes through sync, the kerncijfers export, the
boundary import and export, and the pages, and must come out with every wijk and buurt.
A pull that finds the gemeente but none of its wijken and buurten must fail, not succeed.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.support.apptest import open_app, problems, texts
from tests.support.cbs_server import FIXTURES, CbsServer
from wijkdata.cbs.cache import read_manifest, read_rows
from wijkdata.cbs.sync import sync
from wijkdata.cli import main
from wijkdata.codes import check_gemeente_code, code_problem, gemeente_of, level_of, member_prefixes, parent_codes
from wijkdata.config import Settings
from wijkdata.errors import IncompleteGemeente, UnknownGemeente

GM = "GM0998"
WIJKEN = {"WK0998AA": "Oude Haven", "WK0998AB": "Nieuwe Haven"}
BUURTEN = {"BU0998AA01": "Kade", "BU0998AA02": "Pakhuizen", "BU0998AB01": "Dokken", "BU0998AB0A": "Werf"}


def use(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """Point the command line and the app at ``settings``."""
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WIJKDATA_CBS_URL", settings.cbs_url)
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_TIMEOUT", "5")
    monkeypatch.delenv("WIJKDATA_GEMEENTE", raising=False)
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)


# -- the one definition of codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level", "parents"),
    [
        ("WK0363AA", "wijk", ("GM0363", "WK0363AA")),
        ("bu0363aa01  ", "buurt", ("GM0363", "WK0363AA")),
        ("BU0998AB0A", "buurt", ("GM0998", "WK0998AB")),
        ("WK020001", "wijk", ("GM0200", "WK020001")),
        ("GM0363", "gemeente", ("GM0363", None)),
    ],
)
def test_codes_with_letters_have_a_level_and_parents(code, level, parents):
    assert level_of(code) == level
    assert parent_codes(code) == parents
    assert code_problem(code) is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("WK12", "'WK12' is geen wijkcode (verwacht WK gevolgd door vier cijfers en twee tekens, bijv. WK020001 of WK0363AA)."),
        ("BU0363AA0", "'BU0363AA0' is geen buurtcode (verwacht BU gevolgd door vier cijfers en vier tekens"),
        ("Kade", "'Kade' is geen gemeente-, wijk- of buurtcode (verwacht GM gevolgd door vier cijfers"),
        ("WK0363A!", "'WK0363A!' is geen wijkcode"),
    ],
)
def test_malformed_codes_get_a_dutch_reason(given, message):
    assert code_problem(given).startswith(message)


def test_gemeente_codes_are_checked_in_one_place():
    assert check_gemeente_code(" gm0998 ") == GM and check_gemeente_code("998") == GM
    with pytest.raises(UnknownGemeente, match="'WK0998AA' is geen gemeentecode; verwacht GM gevolgd door vier cijfers"):
        check_gemeente_code("WK0998AA")
    assert gemeente_of("BU0998AB0A") == GM
    assert member_prefixes("gm0363") == ("GM0363", "WK0363", "BU0363")


def test_registers_accept_lettered_codes_and_name_malformed_ones():
    from wijkdata.areas import AreaIndex

    index = AreaIndex({GM: "Westhaven", **WIJKEN, **BUURTEN})
    assert index.unknown_reason("bu0998ab0a") is None
    assert index.unknown_reason("WK0998ZZ") == "onbekende wijkcode WK0998ZZ"
    assert index.unknown_reason("WK0998A").startswith("'WK0998A' is geen gebiedscode (verwacht GM gevolgd door vier cijfers")
    assert index.in_gemeente(GM).names.keys() == {GM, *WIJKEN, *BUURTEN}


# -- sync and export ------------------------------------------------------------------------------


def test_sync_keeps_every_lettered_wijk_and_buurt(settings):
    result = sync(settings, GM, [2024])

    assert result.years == [2024]
    rows = read_rows(settings, "85984NED", GM)
    areas = rows[rows["niveau"].isin(["wijk", "buurt"])]
    assert dict(zip(areas["code"], areas["naam"], strict=True)) == {**WIJKEN, **BUURTEN}
    by_code = rows.set_index("code")
    assert by_code.loc["BU0998AB0A", "wijk_code"] == "WK0998AB"
    assert by_code.loc["BU0998AA02", "AantalInwoners_5"] == 1400
    assert by_code.loc["BU0998AB0A", "GemiddeldeWOZWaardeVanWoningen_39"] is pd.NA
    assert read_manifest(settings)[0].rows == 8  # Nederland, the gemeente, 2 wijken, 4 buurten


def test_cli_sync_and_export_of_a_lettered_gemeente(settings, tmp_path, monkeypatch, capsys):
    use(monkeypatch, settings)
    assert main(["sync", "--gemeente", GM, "--stil"]) == 0
    assert "Opgehaald: GM0998, 2 jaar." in capsys.readouterr().out

    out = tmp_path / "westhaven.csv"
    assert main(["export", "kerncijfers", "--gemeente", GM, "--jaar", "2024", "--format", "csv", "--output", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    names = {r["code"]: r["naam"] for r in rows}
    assert {c: names.get(c) for c in {**WIJKEN, **BUURTEN}} == {**WIJKEN, **BUURTEN}
    figure = {(r["code"], r["cbs_kolom"]): r["waarde"] for r in rows}
    assert figure[("WK0998AB", "AantalInwoners_5")] == "960"
    assert figure[("BU0998AA01", "PercentageWoningenMetStadsverwarming_69")] == "35,8"
    assert figure[("BU0998AB0A", "GemiddeldeWOZWaardeVanWoningen_39")] == ""  # secret stays empty, never 0


# -- a pull without wijken and buurten fails ------------------------------------------------------


@pytest.fixture
def headless_feed(tmp_path: Path):
    """The fixture tables with GM0998's wijk and buurt rows removed, as if a filter had lost them."""
    tables = []
    for table_id in ("85618NED", "85984NED"):
        folder = tmp_path / "feed" / table_id
        shutil.copytree(FIXTURES / table_id, folder)
        for name in ("TypedDataSet", "WijkenEnBuurten"):
            path = folder / f"{name}.json"
            body = json.loads(path.read_text(encoding="utf-8"))
            key = "WijkenEnBuurten" if name == "TypedDataSet" else "Key"
            body["value"] = [r for r in body["value"] if not r[key].startswith(("WK0998", "BU0998"))]
            path.write_text(json.dumps(body), encoding="utf-8")
        tables.append(folder)
    with CbsServer(tables) as server:
        yield server


def test_sync_without_wijken_fails_and_writes_nothing(tmp_path, headless_feed):
    settings = Settings(data_dir=tmp_path / "data", cbs_url=headless_feed.url, timeout=5)

    with pytest.raises(IncompleteGemeente) as err:
        sync(settings, GM)

    assert str(err.value).startswith(
        "CBS stuurde voor GM0998 in 2023 (tabel 85618NED) wel de gemeente, maar geen wijken en geen buurten; "
        "er is niets opgeslagen."
    )
    assert (err.value.gemeente, err.value.year) == (GM, 2023)
    assert read_manifest(settings) == []
    assert not list((settings.data_dir).rglob("GM0998.parquet"))


def test_cli_sync_without_wijken_exits_1(tmp_path, headless_feed, monkeypatch, capsys):
    use(monkeypatch, Settings(data_dir=tmp_path / "data", cbs_url=headless_feed.url))
    assert main(["sync", "--gemeente", GM, "--jaar", "2024", "--stil"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: CBS stuurde voor GM0998 in 2024 (tabel 85984NED) wel de gemeente, maar geen wijken")
    assert err.count("\n") == 1 and "Traceback" not in err


# -- boundaries -----------------------------------------------------------------------------------


def lettered_wijken(path: Path) -> Path:
    """The generalised CBS GeoJSON (``statcode``, ``statnaam``, WGS84) of Westhaven's two wijken."""
    squares = {"WK0998AA": (5.90, 52.20), "WK0998AB": (5.91, 52.20)}
    features = [
        {
            "type": "Feature",
            "properties": {"statcode": code, "statnaam": WIJKEN[code], "jrstatcode": f"2024{code}", "rubriek": "wijk"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]],
            },
        }
        for code, (x, y) in squares.items()
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_boundary_import_and_export_of_lettered_wijken(settings, tmp_path, monkeypatch, capsys):
    use(monkeypatch, settings)
    sync(settings, GM, [2024])
    shapes = lettered_wijken(tmp_path / "wijk_2024.geojson")

    assert main(["import", "grenzen", str(shapes), "--jaar", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2 wijken geïmporteerd voor 1 gemeente: GM0998 (2)." in out
    assert "zonder" not in out

    target = tmp_path / "westhaven.geojson"
    args = ["export", "grenzen", "--gemeente", GM, "--jaar", "2024", "--niveau", "wijk", "--format", "geojson"]
    assert main([*args, "--output", str(target)]) == 0
    exported = json.loads(target.read_text(encoding="utf-8"))["features"]
    inwoners = {f["properties"]["code"]: f["properties"].get("AantalInwoners") for f in exported}
    assert inwoners == {"WK0998AA": 3505, "WK0998AB": 960}


# -- pages ----------------------------------------------------------------------------------------


def test_profile_and_briefing_of_a_lettered_wijk(settings, monkeypatch):
    use(monkeypatch, settings)
    sync(settings, GM, [2024])

    at = open_app("profiel", query={"gemeente": GM, "gebied": "wk0998ab", "jaar": "2024"})
    assert problems(at) == []
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners Nieuwe Haven"] == "960" and metrics["Inwoners Westhaven"] == "4.465"

    at = open_app("briefing", query={"gemeente": GM, "gebied": "BU0998AB0A", "jaar": "2024"})
    assert problems(at) == []
    assert "Werf" in texts(at)


@pytest.mark.parametrize(
    ("gebied", "message"),
    [
        (
            "WK12",
            "Gebied uit de link niet gevonden: 'WK12'. "
            "'WK12' is geen wijkcode (verwacht WK gevolgd door vier cijfers en twee tekens",
        ),
        ("WK0998ZZ", "Gebied uit de link niet gevonden: 'WK0998ZZ'."),
    ],
)
def test_a_bad_gebied_in_the_url_is_named_not_a_crash(settings, monkeypatch, gebied, message):
    use(monkeypatch, settings)
    sync(settings, GM, [2024])

    at = open_app("profiel", query={"gemeente": GM, "gebied": gebied, "jaar": "2024"})

    assert problems(at) == []
    notes = " ".join(str(w.value) for w in at.info)
    assert message in notes.replace("\\", "")
    assert "Oude Haven (wijk)" in texts(at)  # the page carries on with the first area
