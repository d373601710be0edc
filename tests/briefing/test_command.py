"""``python -m wijkdata briefing``: writes each format; bad input is one Dutch line and exit status 1."""

from __future__ import annotations

import pytest

from wijkdata.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_writes_each_format(env, capsys, fmt):
    out = env / f"b.{fmt}"
    assert main(["briefing", "--gemeente", "GM9999", "--gebied", "WK999902", "--jaar", "2023", "--output", str(out)]) == 0
    magic = {"pdf": b"%PDF-", "docx": b"PK", "html": b"<!doctype html>", "md": b"# Raadsbriefing"}[fmt]
    assert out.read_bytes().startswith(magic)
    assert f"geschreven naar {out}" in capsys.readouterr().out


def test_theme(env):
    out = env / "thema.md"
    assert (
        main(["briefing", "--gemeente", "GM9999", "--thema", "inkomen", "--jaar", "2024", "--format", "md", "-o", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8").startswith("# Raadsbriefing Inkomen in Voorbeeldstad (2024)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gebied", "WK123456", "--jaar", "2023"], "'WK123456' is geen wijk of buurt van Voorbeeldstad"),
        (["--gebied", "WK999902", "--jaar", "2031"], "Geen cijfers van Voorbeeldstad voor 2031"),
        (["--gebied", "WK999902", "--jaar", "dit jaar"], "'dit jaar' is geen jaar"),
        (["--thema", "Sport", "--jaar", "2023"], "Onbekend thema 'Sport'; kies uit: "),
        (["--gebied", "WK999902", "--format", "pdf", "--output", "/proc/nee/b.pdf"], "Kan /proc/nee/b.pdf niet schrijven"),
    ],
)
def test_bad_input_is_one_dutch_line(env, capsys, args, message):
    argv = ["briefing", "--gemeente", "GM9999", *args]
    if "--output" not in args:
        argv += ["--output", str(env / "b.pdf")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and message in err and len(err.strip().splitlines()) == 1
    assert not (env / "b.pdf").exists()
