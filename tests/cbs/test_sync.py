"""wijkdata.cbs.sync and wijkdata.cbs.cache: pulling into the cache, and failures that must not damage it."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tests.support.cbs_server import FIXTURES, CbsServer, fixture_set
from wijkdata.cbs.cache import read_gemeenten, read_info, read_manifest, read_properties, read_rows
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.cbs.sync import parse_years, refresh_gemeenten, sync
from wijkdata.config import Settings
from wijkdata.errors import CacheError, CbsTableNotFound, CbsUnavailable, UnknownGemeente, WijkdataError

GEMEENTE = "GM0999"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def expected_rows(table_id: str, gemeente: str = GEMEENTE) -> pd.DataFrame:
    """What the cache must hold for ``gemeente``: the fixture table, normalised."""
    sets = [fixture_set(table_id, name) for name in ("TypedDataSet", "DataProperties", "WijkenEnBuurten")]
    return normalise_table(*sets, gemeente)


# -- a good pull ----------------------------------------------------------------------------------


def test_sync_writes_manifest_and_parquet(settings):
    result = sync(settings, "gm0999")

    assert result.gemeente == GEMEENTE
    assert result.years == [2023, 2024]
    assert result.notes == []
    entries = read_manifest(settings)
    assert [(e.table_id, e.year, e.gemeente, e.modified, e.rows, e.title, e.gemeentenaam) for e in entries] == [
        ("85618NED", 2023, GEMEENTE, "2024-09-27T02:00:00", 9, "Kerncijfers wijken en buurten 2023", "Testgemeente"),
        ("85984NED", 2024, GEMEENTE, "2025-03-27T02:00:00", 9, "Kerncijfers wijken en buurten 2024", "Testgemeente"),
    ]
    for entry in entries:
        fetched = datetime.fromisoformat(entry.fetched_at)
        assert fetched.tzinfo is not None
        assert datetime.now(UTC) - fetched < timedelta(minutes=1)
    manifest = json.loads((settings.cbs_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 1
    assert [e["table_id"] for e in manifest["entries"]] == ["85618NED", "85984NED"]
    for table_id in ("85618NED", "85984NED"):
        files = sorted(p.name for p in (settings.cbs_dir / table_id).iterdir())
        assert files == ["GM0999.parquet", "info.json", "properties.parquet"]


def test_cached_figures_read_back_identical(settings):
    sync(settings, GEMEENTE, [2024])

    rows = read_rows(settings, "85984NED", GEMEENTE)

    pd.testing.assert_frame_equal(rows, expected_rows("85984NED"))
    by_code = rows.set_index("code")
    assert by_code.loc["BU09990101", "GemiddeldeWOZWaardeVanWoningen_39"] == 268
    assert by_code.loc["BU09990202", "GemiddeldeWOZWaardeVanWoningen_39"] is pd.NA
    assert by_code.loc["WK099902", "PercentageWoningenMetStadsverwarming_69"] == 0.0
    assert by_code["GemiddeldInkomenPerInwoner_83"].isna().all()
    assert read_rows(settings, "85984NED", GEMEENTE, columns=["code", "AantalInwoners_5"])["AantalInwoners_5"].tolist() == [
        17942942,
        7445,
        5570,
        3120,
        2450,
        1875,
        1860,
        15,
        0,
    ]
    properties = properties_frame(fixture_set("85984NED", "DataProperties"))
    pd.testing.assert_frame_equal(read_properties(settings, "85984NED"), properties)
    assert read_info(settings, "85984NED") == fixture_set("85984NED", "TableInfos")[0]


def test_sync_caches_the_gemeenten_of_the_newest_table(settings):
    sync(settings, GEMEENTE)

    gemeenten = read_gemeenten(settings)
    assert gemeenten.values.tolist() == [
        ["GM0099", "Naburig", 2024],
        ["GM0999", "Testgemeente", 2024],
        ["GM0998", "Westhaven", 2024],
    ]


def test_sync_of_the_neighbour_takes_only_its_rows(settings):
    sync(settings, "GM0099", [2024])

    rows = read_rows(settings, "85984NED", "GM0099")
    assert rows["code"].tolist() == ["NL00", "GM0099", "WK009999", "BU00999901"]
    assert read_manifest(settings)[0].gemeentenaam == "Naburig"


def test_sync_reports_progress(settings):
    seen: list[tuple[float, str]] = []

    sync(settings, GEMEENTE, [2023, 2024], progress=lambda fraction, label: seen.append((fraction, label)))

    assert seen[0] == (0.0, "CBS-catalogus lezen")
    assert seen[-1] == (1.0, "klaar")
    assert (0.0, "2023: tabel 85618NED ophalen") in seen
    assert (0.5, "2024: tabel 85984NED ophalen") in seen
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)


def test_sync_uses_the_builtin_list_when_the_catalogue_fails(settings, cbs_server):
    cbs_server.fail_after(0, path="/ODataCatalog/")

    result = sync(settings, GEMEENTE, [2024])

    assert result.years == [2024]
    assert result.notes[0].startswith("CBS-catalogus niet gelezen (CBS gaf een foutmelding (HTTP 500)")
    assert read_manifest(settings)[0].modified == "2025-03-27T02:00:00"  # from the table itself


def test_a_second_sync_replaces_the_cache(settings, cbs_server):
    sync(settings, GEMEENTE, [2024])
    first = read_manifest(settings)

    sync(settings, GEMEENTE, [2024])

    assert len(read_manifest(settings)) == len(first) == 1
    assert sorted(p.name for p in settings.cbs_dir.rglob("*.tmp")) == []


# -- a pull that fails ----------------------------------------------------------------------------


def test_outage_at_any_request_leaves_the_earlier_cache_intact(settings, cbs_server):
    sync(settings, GEMEENTE, [2024])
    cbs_server.page_size = 4  # the figures come in three pages
    cbs_server.log.clear()
    sync(settings, GEMEENTE, [2024])
    requests_per_pull = len(cbs_server.log)
    assert requests_per_pull > 10
    before = snapshot(settings.cbs_dir)

    for good in range(requests_per_pull):
        cbs_server.clear_faults()
        cbs_server.fail_after(good)
        with pytest.raises(CbsUnavailable) as err:
            sync(settings, GEMEENTE, [2024])
        assert err.value.status == 500
        assert str(err.value).endswith("De eerdere cache van 2024 is onveranderd."), good
        assert snapshot(settings.cbs_dir) == before, f"cache changed when CBS failed after {good} requests"

    pd.testing.assert_frame_equal(read_rows(settings, "85984NED", GEMEENTE), expected_rows("85984NED"))


def test_connection_dropped_mid_page_leaves_the_earlier_cache_intact(settings, cbs_server):
    sync(settings, GEMEENTE, [2024])
    before = snapshot(settings.cbs_dir)
    cbs_server.page_size = 4
    cbs_server.drop_after(1, path="TypedDataSet")

    with pytest.raises(CbsUnavailable) as err:
        sync(settings, GEMEENTE, [2024])

    assert "werd verbroken" in str(err.value)
    assert [h.rows for h in cbs_server.hits("TypedDataSet")][-2:] == [1, 4]  # Nederland's row came; the next answer broke off
    assert snapshot(settings.cbs_dir) == before
    assert read_manifest(settings)[0].rows == 9


def test_failure_in_a_later_year_keeps_the_years_before_it(settings, cbs_server):
    sync(settings, GEMEENTE)
    old_2024 = (settings.cbs_dir / "85984NED" / "GM0999.parquet").read_bytes()
    old_entry = {e.year: e for e in read_manifest(settings)}[2024]
    cbs_server.fail_after(0, path="/85984NED/")

    with pytest.raises(CbsUnavailable) as err:
        sync(settings, GEMEENTE)

    assert str(err.value) == (
        "CBS gaf een foutmelding (HTTP 500) bij het ophalen van GM0999 uit tabel 85984NED (2024); probeer het later opnieuw. "
        "Wel bijgewerkt: 2023. De eerdere cache van 2024 is onveranderd."
    )
    assert (settings.cbs_dir / "85984NED" / "GM0999.parquet").read_bytes() == old_2024
    assert {e.year: e for e in read_manifest(settings)}[2024] == old_entry


def test_damaged_cache_file_is_a_cache_error(settings):
    sync(settings, GEMEENTE, [2024])
    (settings.cbs_dir / "85984NED" / "GM0999.parquet").write_bytes(b"PAR1 not really")

    with pytest.raises(CacheError) as err:
        read_rows(settings, "85984NED", GEMEENTE)

    assert str(err.value).startswith("Tabel 85984NED voor GM0999 in de cache is beschadigd (")
    assert str(err.value).endswith("haal de cijfers opnieuw op.")


def test_unreadable_manifest_is_read_from_the_files_on_disk(settings):
    sync(settings, GEMEENTE, [2023, 2024])
    before = read_manifest(settings)
    (settings.cbs_dir / "manifest.json").write_text("{half", encoding="utf-8")

    after = read_manifest(settings)

    assert [(e.table_id, e.year, e.gemeente, e.rows, e.title, e.gemeentenaam, e.modified) for e in after] == [
        (e.table_id, e.year, e.gemeente, e.rows, e.title, e.gemeentenaam, e.modified) for e in before
    ]


# -- what is refused ------------------------------------------------------------------------------


def test_unknown_year_names_the_years_there_are(settings, cbs_server):
    with pytest.raises(CbsTableNotFound) as err:
        sync(settings, GEMEENTE, [2019, 2024])

    assert str(err.value) == "CBS publiceert geen Kerncijfers wijken en buurten voor 2019 (beschikbaar: 2023–2024)."
    assert err.value.year == 2019
    assert not cbs_server.hits("TypedDataSet")
    assert read_manifest(settings) == []


def test_unknown_year_lists_the_years_when_some_are_missing(settings, cbs_server):
    cbs_server.add_catalogue_row(Identifier="85039NED", Title="Kerncijfers wijken en buurten 2021", Period="2021")

    with pytest.raises(CbsTableNotFound) as err:
        sync(settings, GEMEENTE, [2022])

    assert str(err.value) == "CBS publiceert geen Kerncijfers wijken en buurten voor 2022 (beschikbaar: 2021, 2023, 2024)."


def test_unknown_year_when_cbs_has_one_year(tmp_path):
    with CbsServer([FIXTURES / "85984NED"]) as server, pytest.raises(CbsTableNotFound) as err:
        sync(Settings(data_dir=tmp_path, cbs_url=server.url, timeout=2), GEMEENTE, [2023])

    assert str(err.value) == "CBS publiceert geen Kerncijfers wijken en buurten voor 2023 (beschikbaar: 2024)."


def test_gemeente_without_rows_is_unknown(settings):
    with pytest.raises(UnknownGemeente) as err:
        sync(settings, "GM0001", [2024])

    assert str(err.value) == (
        "CBS publiceert geen cijfers voor GM0001 in 2024 (tabel 85984NED); bestaat de gemeente in dat jaar?"
    )
    assert err.value.code == "GM0001"
    assert read_manifest(settings) == []


@pytest.mark.parametrize("code", ["GM9999", "gm9999", "9999"])
def test_the_demo_gemeente_is_never_pulled(settings, cbs_server, code):
    with pytest.raises(UnknownGemeente) as err:
        sync(settings, code)

    assert str(err.value) == "GM9999 is de fictieve demogemeente; die wordt niet bij CBS opgehaald."
    assert cbs_server.log == []


def test_malformed_gemeente_is_refused_before_any_request(settings, cbs_server):
    with pytest.raises(UnknownGemeente) as err:
        sync(settings, "Apeldoorn")

    assert str(err.value) == "'Apeldoorn' is geen gemeentecode; verwacht GM gevolgd door vier cijfers, bijv. GM0200."
    assert cbs_server.log == []


# -- the gemeentelijst ----------------------------------------------------------------------------


def test_refresh_gemeenten_skips_tables_cbs_does_not_have(settings, cbs_server):
    cbs_server.fail_after(0, path="/ODataCatalog/")  # built-in list: its newest tables are not served here

    frame = refresh_gemeenten(settings)

    assert frame.values.tolist() == [["GM0099", "Naburig", 2024], ["GM0999", "Testgemeente", 2024], ["GM0998", "Westhaven", 2024]]
    assert read_gemeenten(settings).values.tolist() == frame.values.tolist()
    assert [(h.path, h.status) for h in cbs_server.hits("WijkenEnBuurten")] == [
        ("/ODataFeed/odata/86165NED/WijkenEnBuurten", 404),  # 2025 in the built-in list
        ("/ODataFeed/odata/85984NED/WijkenEnBuurten", 200),
    ]


# -- years ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2024", [2024]),
        ("2019-2024", [2019, 2020, 2021, 2022, 2023, 2024]),
        ("2019–2021", [2019, 2020, 2021]),
        ("2022,2024", [2022, 2024]),
        (" 2024, 2022 ,2024 ", [2022, 2024]),
        ("2019-2020,2024", [2019, 2020, 2024]),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vorig jaar", "'vorig jaar' is geen jaar of reeks jaren; gebruik bijv. 2024 of 2019-2024."),
        ("24", "'24' is geen jaar of reeks jaren; gebruik bijv. 2024 of 2019-2024."),
        ("2024-", "'2024-' is geen jaar of reeks jaren; gebruik bijv. 2024 of 2019-2024."),
        ("2024-2019", "'2024-2019': het eindjaar ligt voor het beginjaar."),
    ],
)
def test_parse_years_refuses(text, message):
    with pytest.raises(WijkdataError) as err:
        parse_years(text)

    assert str(err.value) == message


# -- a gemeente that is newer than some tables ----------------------------------------------------


@pytest.fixture
def newer_gemeente(tmp_path):
    """The feed with GM0099 absent from the 2023 table, as for a gemeente formed by a merger in 2024."""
    old = tmp_path / "feed" / "85618NED"
    shutil.copytree(FIXTURES / "85618NED", old)
    for name in ("TypedDataSet", "WijkenEnBuurten"):
        path = old / f"{name}.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        key = "WijkenEnBuurten" if name == "TypedDataSet" else "Key"
        body["value"] = [r for r in body["value"] if not r[key].startswith(("GM0099", "WK0099", "BU0099"))]
        path.write_text(json.dumps(body), encoding="utf-8")
    with CbsServer([old, FIXTURES / "85984NED"]) as server:
        yield Settings(data_dir=tmp_path / "data", cbs_url=server.url, timeout=2)


def test_all_years_skips_the_years_before_a_gemeente_existed(newer_gemeente):
    result = sync(newer_gemeente, "GM0099")

    assert result.years == [2024]
    assert result.notes == ["CBS publiceert geen cijfers voor GM0099 in 2023 (tabel 85618NED); dat jaar is overgeslagen."]
    assert [(e.year, e.gemeente) for e in read_manifest(newer_gemeente)] == [(2024, "GM0099")]


def test_an_asked_year_before_a_gemeente_existed_is_refused(newer_gemeente):
    with pytest.raises(UnknownGemeente) as err:
        sync(newer_gemeente, "GM0099", [2023, 2024])

    assert str(err.value) == "CBS publiceert geen cijfers voor GM0099 in 2023 (tabel 85618NED); bestaat de gemeente in dat jaar?"
    assert read_manifest(newer_gemeente) == []


def test_all_years_without_the_gemeente_anywhere_is_unknown(settings):
    with pytest.raises(UnknownGemeente) as err:
        sync(settings, "GM0001")

    assert str(err.value) == "CBS publiceert geen cijfers voor GM0001 in 2023–2024; bestaat deze gemeentecode wel?"
    assert read_manifest(settings) == []
