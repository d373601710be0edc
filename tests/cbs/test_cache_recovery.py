"""A damaged CBS cache is no dead end: read from the files on disk, reported in Dutch, repaired by the next sync."""

from __future__ import annotations

import pytest

from wijkdata.areas import known_area_index
from wijkdata.bronnen import cache_problems
from wijkdata.cbs.cache import read_manifest
from wijkdata.cbs.kerncijfers import available_gemeenten, known_areas, load_kerncijfers
from wijkdata.cbs.sync import sync
from wijkdata.cli import main
from wijkdata.errors import CacheError

GEMEENTE = "GM0999"


@pytest.fixture
def synced(settings):
    sync(settings, GEMEENTE, [2023, 2024])
    return settings


def damage_manifest(settings) -> None:
    (settings.cbs_dir / "manifest.json").write_text('{"broken": ', encoding="utf-8")


def test_a_damaged_manifest_still_gives_the_figures_and_is_reported(synced):
    before = load_kerncijfers(synced, GEMEENTE)
    damage_manifest(synced)

    after = load_kerncijfers(synced, GEMEENTE)

    assert after.years == before.years == [2023, 2024]
    assert after.data.equals(before.data)
    status = available_gemeenten(synced).set_index("code")["status"]
    assert (status["GM9999"], status[GEMEENTE]) == ("fictief", "opgehaald")
    problems = cache_problems(synced)
    assert len(problems) == 1
    assert problems[0].startswith(f"De index van de CBS-cache ({synced.cbs_dir / 'manifest.json'}) is beschadigd.")
    assert "de volgende keer ophalen" in problems[0]


def test_sync_repairs_a_damaged_manifest_and_keeps_the_other_years(synced):
    damage_manifest(synced)

    sync(synced, GEMEENTE, [2024])

    assert cache_problems(synced) == []
    assert [(e.year, e.table_id, e.gemeentenaam) for e in read_manifest(synced)] == [
        (2023, "85618NED", "Testgemeente"),
        (2024, "85984NED", "Testgemeente"),
    ]


def test_status_names_the_damage_and_does_not_fail(synced, monkeypatch, capsys):
    damage_manifest(synced)
    (synced.cbs_dir / "85618NED" / f"{GEMEENTE}.parquet").write_bytes(b"PAR1 kapot")
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(synced.data_dir))
    monkeypatch.setenv("WIJKDATA_CBS_URL", synced.cbs_url)

    assert main(["status"]) == 0

    out = capsys.readouterr().out
    assert "Let op: De index van de CBS-cache" in out
    assert f"{GEMEENTE}  Testgemeente " in out and " 2024 " in out
    assert " 2023 " not in out  # the damaged year is not claimed as cached


def test_a_damaged_parquet_file_is_reported_registers_fall_back_and_sync_repairs(synced):
    path = synced.cbs_dir / "85984NED" / f"{GEMEENTE}.parquet"
    path.write_bytes(b"PAR1 kapot")

    assert cache_problems(synced) == [
        f"De cijfers van {GEMEENTE} 2024 in de cache zijn beschadigd ({path}); haal ze opnieuw op met "
        f"python -m wijkdata sync --gemeente {GEMEENTE} --jaar 2024."
    ]
    with pytest.raises(CacheError, match="beschadigd"):
        load_kerncijfers(synced, GEMEENTE)
    index = known_area_index(synced)  # the 2023 rows and the demo are still readable
    assert "GM9999" in index and "WK099901" in index
    assert "WK099901" in set(known_areas(synced)["code"])

    sync(synced, GEMEENTE, [2024])

    assert cache_problems(synced) == []
    assert load_kerncijfers(synced, GEMEENTE).years == [2023, 2024]
