"""The area index the registers validate against: cheap to build, the same codes and names as the cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cache_factory import GEMEENTE, build_cache
from wijkdata.areas import DEMO_AREAS, AreaIndex, demo_areas, known_area_index
from wijkdata.cbs.kerncijfers import known_areas
from wijkdata.config import Settings
from wijkdata.demo import tables


def test_known_area_index_has_the_same_names_as_known_areas(settings: Settings) -> None:
    build_cache(settings, (2022, 2023))
    assert known_area_index(settings).names == AreaIndex.from_frame(known_areas(settings)).names
    assert known_area_index(settings).name("BU09990101") == "Binnenstad"
    assert GEMEENTE in known_area_index(settings)


def test_known_area_index_does_not_build_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the demo tables were built to learn area names")

    monkeypatch.setattr(tables, "demo_tables", refuse)
    index = known_area_index(Settings(data_dir=tmp_path))
    assert index.names == {k: v for k, v in DEMO_AREAS.items()}
    assert index.name("WK999903") == "Kanaalzone"
    assert "BU99990303" in index and "BU99990306" in index  # every year's buurten, before and after the split


def test_demo_areas_come_from_the_demo_constants() -> None:
    assert demo_areas() == {"GM9999": tables.DEMO_NAME, **tables.WIJKEN, **tables.BUURTEN}


def test_importing_the_area_index_does_not_load_the_demo() -> None:
    code = "import sys, wijkdata.areas; assert 'wijkdata.demo.tables' not in sys.modules, 'demo loaded'"
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1], check=True, timeout=60)
