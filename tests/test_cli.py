"""python -m wijkdata: exit codes, one-line Dutch errors, and the files it writes."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.support.cache_factory import GEMEENTE, build_cache
from wijkdata.cli import main
from wijkdata.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_TIMEOUT", "2")
    monkeypatch.delenv("WIJKDATA_GEMEENTE", raising=False)
    return tmp_path


def test_status_on_empty_cache(env, capsys):
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Nog niets opgehaald" in out and str(env / "data") in out


def test_status_lists_cached_years(env, capsys):
    build_cache(Settings(data_dir=env / "data"), (2022, 2023))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if line.startswith("GM0999")]  # one line per gemeente
    assert line.startswith("GM0999  Testgemeente ")
    assert "2022 (T2022NED, opgehaald " in line and "2023 (T2023NED, opgehaald " in line and "vandaag" in line
    assert "Gemeenten in de cache: 1" in out


def test_export_demo_kerncijfers(env, capsys):
    out_file = env / "demo.csv"
    assert (
        main(["export", "kerncijfers", "--gemeente", "GM9999", "--jaar", "2023", "--format", "csv", "--output", str(out_file)])
        == 0
    )
    frame = pd.read_csv(out_file, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"jaar", "code", "naam", "niveau", "indicator", "cbs_kolom", "waarde", "eenheid"} <= set(frame.columns)
    assert set(frame["jaar"]) == {"2023"} and "Binnenstad" in set(frame["naam"])
    assert "geschreven naar" in capsys.readouterr().out


def test_export_level_filter_and_xlsx(env):
    build_cache(Settings(data_dir=env / "data"), (2023,))
    out_file = env / "wijken.xlsx"
    assert main(["export", "kerncijfers", "--gemeente", GEMEENTE, "--niveau", "wijk", "--output", str(out_file)]) == 0
    frame = pd.read_excel(out_file, dtype=str)
    assert set(frame["niveau"]) == {"wijk"} and frame["code"].str.startswith("WK0999").all()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "kerncijfers", "--gemeente", "GM0363", "--output", "x.csv"], "nog geen cijfers van GM0363"),
        (["export", "kerncijfers", "--gemeente", "Utrecht", "--output", "x.csv"], "geen gemeentecode"),
        (
            ["export", "kerncijfers", "--gemeente", "GM9999", "--jaar", "2031", "--output", "x.csv"],
            "Geen cijfers van Voorbeeldstad voor 2031",
        ),
        (["export", "kerncijfers", "--gemeente", "GM9999", "--format", "pdf", "--output", "x.pdf"], "Onbekend formaat"),
        (["export", "onzin", "--output", "x.csv"], "Onbekend soort export"),
        (["sync", "--gemeente", "GM9999", "--jaar", "2024", "--stil"], "fictieve demogemeente"),
        (["sync", "--gemeente", "GM0200", "--jaren", "2024-2019", "--stil"], "eindjaar"),
    ],
)
def test_failures_exit_1_with_one_dutch_line(env, capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and err.startswith("Fout: ")


def test_sync_without_cbs_is_one_line_no_traceback(env):
    """The real command, as a user runs it: CBS unreachable → exit 1, one line, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "wijkdata", "sync", "--gemeente", "GM0200", "--jaar", "2024"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("\r")]
    assert "Traceback" not in proc.stderr
    assert lines[-1].startswith("Fout: ") and "niet bereikbaar" in lines[-1]
    assert len(lines) == 1, lines  # no warning per retried connection before it


def test_sync_then_export_through_the_local_cbs_feed(cbs_server, tmp_path, monkeypatch, capsys):
    """The whole path a user runs: sync two years from a CBS feed, status, export; every figure as served."""
    import json

    from tests.support.cbs_server import FIXTURE_TABLES, FIXTURES

    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", cbs_server.url)
    assert main(["sync", "--gemeente", "GM0999", "--jaren", "2023-2024", "--stil"]) == 0
    out = capsys.readouterr().out
    assert "2023: Testgemeente uit 85618NED" in out and "2024: Testgemeente uit 85984NED" in out
    assert main(["status"]) == 0
    assert "GM0999  Testgemeente " in capsys.readouterr().out
    target = tmp_path / "k.csv"
    assert main(["export", "kerncijfers", "--gemeente", "GM0999", "--jaar", "2024", "--output", str(target)]) == 0
    frame = pd.read_csv(target, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = json.loads((FIXTURES / FIXTURE_TABLES[2024] / "TypedDataSet.json").read_text(encoding="utf-8"))
    rows = rows["value"] if isinstance(rows, dict) else rows
    got = {(r["code"], r["cbs_kolom"]): r["waarde"] for r in frame.to_dict("records")}
    checked = 0
    for row in rows:
        code = row["WijkenEnBuurten"].strip()
        if not (code == "NL00" or code[2:6] == "0999"):
            continue
        for column, value in row.items():
            if (code, column) not in got or isinstance(value, str):
                continue
            checked += 1
            if value is None:
                assert got[(code, column)] == "", (code, column)  # missing stays empty, never 0
            else:
                text = got[(code, column)]
                assert "." not in text, (code, column)  # a decimal comma, no thousands separator
                assert float(text.replace(",", ".")) == float(value), (code, column)
    assert checked > 50
    assert not frame["code"].str.startswith("GM0099").any()  # the neighbour gemeente is not in the export
