"""The command line's import grenzen and export grenzen."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from tests.support.geo_factories import cbs_geopackage
from wijkdata.cli import main
from wijkdata.config import Settings


def test_cli_import_and_export_grenzen(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(settings.data_dir))
    gpkg = cbs_geopackage(tmp_path / "kaart.gpkg")

    assert main(["import", "grenzen", str(gpkg), "--jaar", "2024"]) == 0
    out = capsys.readouterr().out
    assert "3 wijken geïmporteerd voor 2 gemeenten: GM0001 (2), GM0002 (1)." in out

    assert main(["import", "grenzen", str(gpkg)]) == 1
    assert "Fout: Geef het jaar van de grenzen op" in capsys.readouterr().err

    target = tmp_path / "uit" / "demo.geojson"
    assert (
        main(
            [
                "export",
                "grenzen",
                "--gemeente",
                "GM9999",
                "--jaar",
                "2024",
                "--niveau",
                "wijk",
                "--format",
                "geojson",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    assert "8 wijken van Voorbeeldstad (2024) met cijfers geschreven" in capsys.readouterr().out
    assert len(gpd.read_file(target)) == 8

    assert main(["export", "grenzen", "--gemeente", "GM0001", "--jaar", "2024", "--output", str(tmp_path / "x.gpkg")]) == 1
    assert "Er zijn nog geen cijfers van GM0001 opgehaald" in capsys.readouterr().err
