"""``python -m wijkdata export|import <register>``: the semantics the acceptance checks rely on."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wijkdata import cli

ROOT = Path(__file__).resolve().parents[1]
REGISTERS = ["initiatieven", "interventies", "signalen", "veldnotities"]


@pytest.fixture
def env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI's environment: a fresh data dir; on SQLite the default database (with the demo)."""
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    if database_url.startswith("sqlite"):
        monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
        return "sqlite"
    monkeypatch.setenv("WIJKDATA_DATABASE_URL", database_url)
    return "postgresql"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV export must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("kind", REGISTERS)
def test_export_writes_the_register(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    out_file = tmp_path / f"{kind}.csv"
    code, out, err = run(capsys, "export", kind, "--format", "csv", "--output", str(out_file))
    assert (code, err) == (0, "")
    rows = read_csv(out_file)
    expected = {"sqlite": {"initiatieven": 12, "interventies": 8, "signalen": 8, "veldnotities": 10}[kind], "postgresql": 0}[env]
    assert len(rows) == expected  # the demo on the default SQLite, an empty register on PostgreSQL
    assert out.strip() == f"{expected} {kind} geschreven naar {out_file}."
    header = out_file.read_bytes().decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:2] == ["id", "versie"] and "gebieden" in header and header[-1] == "fictief"
    assert "contactpersoon" not in header


def test_demo_export_has_titles_codes_and_fictional_marks(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if env != "sqlite":
        pytest.skip("the demo is only on the default SQLite database")
    out_file = tmp_path / "i.csv"
    run(capsys, "export", "initiatieven", "--format", "csv", "--output", str(out_file))
    rows = read_csv(out_file)
    assert rows[0]["titel"] == "Buurtmoestuin Kanaaloever"
    assert rows[-1]["gebieden"] == "BU99990805,WK999903"
    assert {r["fictief"] for r in rows} == {"ja"}
    assert all("(fictief)" in r["omschrijving"] for r in rows)


def test_personal_data_leaves_only_on_request_saying_so_in_the_file_and_the_log(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wijkdata.config import get_settings
    from wijkdata.registers.opening import open_store

    store = open_store(get_settings())
    record = store.create("initiatieven", {**_initiative(), "contactpersoon": "Jan Jansen"}, "Ans")
    run(capsys, "export", "initiatieven", "--output", str(tmp_path / "zonder.csv"))
    assert "Jan Jansen" not in (tmp_path / "zonder.csv").read_text(encoding="utf-8-sig")
    code, out, err = run(
        capsys, "export", "initiatieven", "--output", str(tmp_path / "p.csv"), "--met-persoonsgegevens", "--gebruiker", "Beheer"
    )
    assert (code, err) == (0, "") and "MET persoonsgegevens" in out
    lines = (tmp_path / "p.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Bevat persoonsgegevens: contactpersoon. Alleen voor wie ze voor dit werk nodig heeft")
    assert "Geëxporteerd door opdrachtregel (beheerder): Beheer op" in lines[0]
    personal = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert {r["contactpersoon"] for r in personal if r["id"] == str(record["id"])} == {"Jan Jansen"}
    history = store.history("initiatieven", record["id"])
    last = history.iloc[-1]
    assert (last["action"], last["actor"]) == ("export", "opdrachtregel (beheerder): Beheer")
    assert last["changes"] == {"persoonsgegevens": [None, "contactpersoon geëxporteerd naar p.csv"]}
    assert "Jan Jansen" not in str(history["changes"].tolist())
    code, out, err = run(capsys, "import", "initiatieven", str(tmp_path / "p.csv"))  # the note line is skipped
    assert (code, err) == (0, "") and "ongewijzigd" in out
    run(capsys, "export", "initiatieven", "--output", str(tmp_path / "p.xlsx"), "--met-persoonsgegevens")
    book = load_workbook(tmp_path / "p.xlsx")
    assert book.sheetnames == ["Initiatieven", "Bevat persoonsgegevens"]
    assert book["Bevat persoonsgegevens"]["A1"].value.startswith("Bevat persoonsgegevens: contactpersoon.")


def _initiative() -> dict[str, object]:
    return {"titel": "Moestuin", "gebieden": ["WK999901"], "status": "lopend", "initiatiefnemer": "Bewoners"}


def test_xlsx_export_from_the_extension(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "export", "interventies", "--output", str(tmp_path / "iv.xlsx"))
    assert code == 0
    sheet = load_workbook(tmp_path / "iv.xlsx").active
    assert sheet.title == "Interventies"
    assert [c.value for c in sheet[1]][:3] == ["id", "versie", "titel"]


def test_unknown_export_format_is_refused(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "signalen", "--format", "geojson", "--output", str(tmp_path / "s.geojson"))
    assert code == 1
    assert err.strip() == "Fout: Registers worden als csv of xlsx geëxporteerd, niet als 'geojson'."


def test_broken_import_exits_1_names_rows_and_changes_nothing(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "kapot.csv"
    bad.write_bytes(
        "titel;gebieden;initiatiefnemer\r\nCafé de Zon;BU99990301;Bewoners\r\nOngeldig;BU99999999;Bewoners\r\n".encode("cp1252")
    )
    run(capsys, "export", "initiatieven", "--output", str(tmp_path / "voor.csv"))
    code, out, err = run(capsys, "import", "initiatieven", str(bad), "--gebruiker", "ans")
    assert code == 1 and out == ""
    assert err.startswith("Fout: Niets ingelezen uit kapot.csv: 1 rij heeft fouten.")
    assert "rij 3, kolom 'gebieden': onbekende buurtcode BU99999999" in err
    run(capsys, "export", "initiatieven", "--output", str(tmp_path / "na.csv"))
    assert read_csv(tmp_path / "na.csv") == read_csv(tmp_path / "voor.csv")


def test_good_windows_1252_import_adds_rows(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "goed.csv"
    good.write_bytes(
        'titel;gebieden;initiatiefnemer\r\nCafé de Zon;BU99990301;Bewoners\r\n"=HYPERLINK(""http://x"")";WK999903;B\r\n'.encode(
            "cp1252"
        )
    )
    code, out, err = run(capsys, "import", "initiatieven", str(good), "--gebruiker", "ans")
    assert (code, err) == (0, "")
    assert out.strip() == "2 initiatieven toegevoegd, 0 gewijzigd, 0 ongewijzigd (uit goed.csv)."
    run(capsys, "export", "initiatieven", "--output", str(tmp_path / "na.csv"))
    titles = [r["titel"] for r in read_csv(tmp_path / "na.csv")]
    assert "Café de Zon" in titles
    assert '\'=HYPERLINK("http://x")' in titles


def test_export_imports_back_as_unchanged(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in REGISTERS:
        path = tmp_path / f"{kind}.xlsx"
        run(capsys, "export", kind, "--output", str(path))
        code, out, err = run(capsys, "import", kind, str(path))
        assert code == 0, err
        assert " toegevoegd, 0 gewijzigd, " in out
        assert out.startswith("0 ") or env == "postgresql"


def test_missing_import_file_is_a_dutch_error(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "veldnotities", str(tmp_path / "weg.csv"))
    assert code == 1
    assert err.startswith("Fout: Kan ") and "weg.csv niet lezen" in err


def test_real_command_line_round_trip(tmp_path: Path) -> None:
    """The acceptance check's path: a real ``python -m wijkdata`` process on a fresh default SQLite."""
    environment = {**os.environ, "WIJKDATA_DATA_DIR": str(tmp_path / "data"), "WIJKDATA_CBS_URL": "http://127.0.0.1:9"}
    environment.pop("WIJKDATA_DATABASE_URL", None)

    def wijkdata(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wijkdata", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
        )

    export = wijkdata("export", "initiatieven", "--format", "csv", "--output", str(tmp_path / "i.csv"))
    assert export.returncode == 0, export.stderr
    bad = tmp_path / "bad.csv"
    bad.write_bytes("titel;gebieden;initiatiefnemer\r\nA;BU99990301;B\r\nB;BU99999999;B\r\n".encode("cp1252"))
    result = wijkdata("import", "initiatieven", str(bad))
    assert result.returncode == 1
    assert "rij 3, kolom 'gebieden': onbekende buurtcode BU99999999" in result.stderr
