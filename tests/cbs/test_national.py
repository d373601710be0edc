"""wijkdata.cbs.national: every gemeente of a yearly table at once, cached as if pulled one by one."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.support.cbs_server import FIXTURES, CbsServer, fixture_set, read_entity_set
from wijkdata.cbs import cache
from wijkdata.cbs.cache import read_gemeenten, read_manifest, read_rows
from wijkdata.cbs.national import sync_alle
from wijkdata.cbs.normalise import normalise_gemeenten, normalise_table
from wijkdata.cbs.sync import sync
from wijkdata.cli import main
from wijkdata.config import Settings
from wijkdata.errors import CbsUnavailable

CODES = ["GM0099", "GM0999", "GM0998"]  # the fixture table's gemeenten, in CBS order
NAMES = {"GM0099": "Naburig", "GM0999": "Testgemeente", "GM0998": "Westhaven"}
NL_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "cbs-sample" / "nl-2024"


def test_sync_alle_caches_every_gemeente_as_a_pull_of_each_would(settings, cbs_server, tmp_path):
    result = sync_alle(settings, [2024], batch=2)

    assert result.years == [2024] and result.gemeenten(2024) == CODES and result.notes == []
    one_by_one = Settings(data_dir=tmp_path / "los", cbs_url=cbs_server.url, timeout=2.0)
    for code in CODES:
        sync(one_by_one, code, [2024])
        pd.testing.assert_frame_equal(read_rows(settings, "85984NED", code), read_rows(one_by_one, "85984NED", code))
    same = [dataclasses.replace(e, fetched_at="") for e in read_manifest(settings)]
    assert same == [dataclasses.replace(e, fetched_at="") for e in read_manifest(one_by_one)]
    assert {e.gemeente: e.gemeentenaam for e in same} == NAMES
    werf = read_rows(settings, "85984NED", "GM0998").set_index("code").loc["BU0998AB0A"]
    assert werf["naam"] == "Werf" and werf["AantalInwoners_5"] == 10 and werf["GemiddeldeWOZWaardeVanWoningen_39"] is pd.NA
    assert read_gemeenten(settings).values.tolist() == [[c, NAMES[c], 2024] for c in CODES]


def test_sync_alle_pulls_each_table_once_in_pages_and_writes_the_manifest_once(settings, cbs_server, monkeypatch):
    writes: list[int] = []
    real = cache._write_manifest
    monkeypatch.setattr(cache, "_write_manifest", lambda s, entries: (writes.append(len(entries)), real(s, entries)))
    seen: list[tuple[float, str]] = []

    sync_alle(settings, [2023, 2024], progress=lambda f, label: seen.append((f, label)), batch=2)

    assert writes == [3, 6]  # once per year, never once per gemeente
    pages = [h.params["$filter"] for h in cbs_server.hits("TypedDataSet") if "/85984NED/" in h.path]
    assert pages == [
        "startswith(WijkenEnBuurten,'NL00') or startswith(WijkenEnBuurten,'GM0099') or startswith(WijkenEnBuurten,'WK0099') or "
        "startswith(WijkenEnBuurten,'BU0099') or startswith(WijkenEnBuurten,'GM0999') or startswith(WijkenEnBuurten,'WK0999') or "
        "startswith(WijkenEnBuurten,'BU0999')",
        "startswith(WijkenEnBuurten,'GM0998') or startswith(WijkenEnBuurten,'WK0998') or startswith(WijkenEnBuurten,'BU0998')",
    ]
    assert sum(h.rows for h in cbs_server.hits("TypedDataSet")) == sum(
        len(fixture_set(t, "TypedDataSet")) for t in ("85618NED", "85984NED")
    )
    assert len(cbs_server.hits("WijkenEnBuurten")) == 2  # one region list per year
    assert ("2024: 2 van 3 gemeenten" in [label for _, label in seen]) and seen[-1] == (1.0, "klaar")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert {(e.year, e.gemeente) for e in read_manifest(settings)} == {(y, c) for y in (2023, 2024) for c in CODES}


def test_failure_half_way_keeps_what_was_pulled_and_the_older_cache(settings, cbs_server):
    sync(settings, "GM0998", [2024])
    older = (settings.cbs_dir / "85984NED" / "GM0998.parquet").read_bytes()
    older_entry = {e.gemeente: e for e in read_manifest(settings)}["GM0998"]
    cbs_server.fail_after(2, path="/TypedDataSet")  # two pages of one gemeente pass, then CBS fails

    with pytest.raises(CbsUnavailable) as err:
        sync_alle(settings, [2024], batch=1)

    assert str(err.value) == (
        "CBS gaf een foutmelding (HTTP 500) bij het ophalen van heel Nederland uit tabel 85984NED (2024); probeer het later "
        "opnieuw. Van 2024 zijn 2 gemeenten opgehaald en bewaard (Naburig t/m Testgemeente); de overige hebben hun eerdere cache."
    )
    entries = {e.gemeente: e for e in read_manifest(settings)}
    assert set(entries) == set(CODES) and entries["GM0998"] == older_entry
    assert (settings.cbs_dir / "85984NED" / "GM0998.parquet").read_bytes() == older
    assert read_rows(settings, "85984NED", "GM0999")["code"].iloc[1] == "GM0999"


def test_a_gemeente_without_wijken_is_reported_not_fatal(settings, tmp_path):
    folder = tmp_path / "tabel"
    shutil.copytree(FIXTURES / "85984NED", folder)
    rows = [r for r in fixture_set("85984NED", "TypedDataSet") if not r["WijkenEnBuurten"].startswith(("WK0998", "BU0998"))]
    (folder / "TypedDataSet.json").write_text(json.dumps(rows), encoding="utf-8")
    with CbsServer([folder]) as server:
        result = sync_alle(dataclasses.replace(settings, cbs_url=server.url), [2024])

    assert result.gemeenten(2024) == ["GM0099", "GM0999"]
    assert result.notes == [
        "Overgeslagen: CBS stuurde voor GM0998 in 2024 (tabel 85984NED) wel de gemeente, maar geen wijken en geen buurten; "
        "er is niets opgeslagen."
    ]


def test_cli_sync_alle_then_status_lists_every_gemeente_by_code_and_name(cbs_server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)

    assert main(["sync", "--alle", "--jaar", "2024", "--stil"]) == 0
    out = capsys.readouterr().out
    assert "2024: 3 gemeenten uit 85984NED" in out and "Opgehaald: heel Nederland, 3 gemeenten, 1 jaar." in out
    assert main(["status"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("GM")]
    assert [line.split()[:2] for line in lines] == [["GM0099", "Naburig"], ["GM0998", "Westhaven"], ["GM0999", "Testgemeente"]]
    assert all("2024 (85984NED, opgehaald " in line for line in lines)


def test_cli_sync_alle_failure_is_one_dutch_line(cbs_server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)
    cbs_server.fail_after(0, path="/TypedDataSet")

    assert main(["sync", "--alle", "--jaar", "2024", "--stil"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Fout: CBS gaf een foutmelding (HTTP 500)") and err.endswith("Van 2024 is niets veranderd.")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sync", "--alle", "--onzin"], "Fout: onbekende optie of argument: --onzin"),
        (["sync", "--alle", "--jaar", "2024", "--jaren", "2019-2024"], "Fout: --jaren en --jaar gaan niet samen"),
        (["sync", "--jaar"], "Fout: --jaar heeft een waarde nodig"),
    ],
)
def test_unknown_or_wrong_options_are_one_dutch_line(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)

    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(message) and len(err.splitlines()) == 1


def test_alle_with_a_gemeente_is_refused(cbs_server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)

    assert main(["sync", "--alle", "--gemeente", "GM9999", "--stil"]) == 1
    assert capsys.readouterr().err.strip() == "Fout: Kies --gemeente of --alle, niet allebei."
    assert cbs_server.log == []


@pytest.mark.skipif(not NL_SAMPLE.is_dir(), reason="../shared/cbs-sample/nl-2024 not present")
def test_national_sample_cut_per_gemeente_equals_each_gemeente_alone():
    """On CBS's real 2024 rows of 165 gemeenten: the national cut gives each gemeente exactly its own pull."""
    rows = read_entity_set(NL_SAMPLE / "TypedDataSet.json.gz")
    props = read_entity_set(NL_SAMPLE / "DataProperties.json.gz")
    regions = read_entity_set(NL_SAMPLE / "WijkenEnBuurten.json.gz")

    frames = normalise_gemeenten(rows, props, regions)

    assert len(frames) == 165
    for code in ("GM1680", "GM0200", list(frames)[-1]):
        alone = [r for r in rows if r["Codering_3"].startswith("NL") or r["Codering_3"][2:6] == code[2:]]
        pd.testing.assert_frame_equal(frames[code], normalise_table(alone, props, regions, code))
    aa_en_hunze = frames["GM1680"].set_index("code")
    assert aa_en_hunze.loc["GM1680", "naam"] == "Aa en Hunze" and aa_en_hunze.loc["GM1680", "AantalInwoners_5"] == 25845
    assert sum(len(f) - 1 for f in frames.values()) == len(rows) - 1  # every row but Nederland in one gemeente


def test_bronnen_page_pulls_heel_nederland_with_progress(offline, cbs_server, monkeypatch):
    from tests.support.apptest import open_app, problems, texts

    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)
    cbs_server.fail_after(0, path="/TypedDataSet")
    at = open_app("bronnen")
    at.selectbox(key="bronnen_nederland_jaar").set_value(2024)
    next(b for b in at.button if b.label == "Heel Nederland ophalen").click()
    at.run()

    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1 and "HTTP 500" in errors[0] and "blijft bruikbaar" in errors[0] and not at.success

    cbs_server.clear_faults()
    next(b for b in at.button if b.label == "Heel Nederland ophalen").click()
    at.run()

    assert problems(at) == []
    assert [str(s.value) for s in at.success] == ["Heel Nederland 2024: 3 gemeenten opgehaald."]
    progress = at.get("progress")
    assert len(progress) == 1 and progress[0].proto.value == 100 and progress[0].proto.text == "klaar"
    assert {e.gemeente for e in read_manifest(Settings(data_dir=offline))} == set(CODES)
    at.run()  # the next view of the page lists them in its overview
    assert set(at.dataframe[0].value["Gemeente"]) == set(CODES) and "Heel Nederland ophalen" in texts(at)


def test_a_pull_leaves_the_national_index_up_to_date(settings, cbs_server, monkeypatch):
    from wijkdata.cbs import index

    sync_alle(settings, [2024], batch=2)
    rebuilt: list[bool] = []
    real = index.refresh
    monkeypatch.setattr(index, "refresh", lambda s, **kw: (rebuilt.append(True), real(s, **kw))[1])

    gemeenten = index.read(settings, 2024, ["code", "naam"], niveau="gemeente")

    assert rebuilt == []  # the pull brought it up to date; reading builds nothing
    assert dict(zip(gemeenten["code"], gemeenten["naam"], strict=True)) == NAMES
