"""A cold start loads only what the first page needs (in the style of geopandas' test_no_additional_imports).

The first page of a fresh server (Overzicht) draws tables, not maps, charts or registers; the
heavy libraries behind those are imported by the pages and functions that use them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.support.kaart_factories import cache_demo_as
from wijkdata.cbs.cache import store_gemeenten
from wijkdata.config import Settings
from wijkdata.demo.shapes import demo_shapes
from wijkdata.geo.cache import store_boundaries

ROOT = Path(__file__).resolve().parents[1]

#: What main.py, the sidebar and the Overzicht page import (see main.py and pages/overzicht.py).
APP_START = """
import json, sys
import streamlit as st
from ui.widgets import page_language
from ui import data, sidebar
from ui.context import start_page
from ui.errors import shown_errors
from ui.widgets import downloads
from wijkdata.analysis.overview import METRIC_KEYS, area_table, key_figures
from wijkdata.text import count
print(json.dumps(sorted(sys.modules)))
"""

#: Not needed to draw the first page: maps, charts, the records database, documents, CBS requests.
NOT_AT_START = [
    "matplotlib",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "geopandas",
    "shapely",
    "pyproj",
    "pyogrio",
    "openpyxl",
    "fpdf",
    "docx",
    "cbsodata",
    "requests",
]


#: The first page of a server, run for real (AppTest runs main.py, the sidebar and Overzicht in-process).
FIRST_PAGE = """
import json, sys
from streamlit.testing.v1 import AppTest
from ui import data
opened = []
data.engine_future = lambda settings, url: opened.append(url)  # the database opens after the page: noted, not done
at = AppTest.from_file("main.py", default_timeout=60)
at.run()
assert not at.exception, at.exception
print(json.dumps({"title": [t.value for t in at.title], "db": len(opened), "modules": sorted(sys.modules)}))
"""


def _modules(script: str, env: dict[str, str] | None = None) -> tuple[set[str], dict]:
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    answer = json.loads(out.strip().splitlines()[-1])
    return (set(answer), {}) if isinstance(answer, list) else (set(answer.pop("modules")), answer)


def test_app_start_imports_no_heavy_optional_libraries():
    loaded, _ = _modules(APP_START)
    assert "ui.sidebar" in loaded and "pandas" in loaded  # the import did run
    assert sorted(m for m in NOT_AT_START if m in loaded) == []


def test_first_page_of_a_cached_gemeente_with_boundaries_loads_none_of_them(tmp_path):
    """Overzicht of a real (cached) gemeente whose boundaries were imported: still no geopandas, no database."""
    data = tmp_path / "data"
    cache_demo_as(data, "GM0001")
    gemeenten = pd.DataFrame({"code": ["GM0001"], "naam": ["Eerste"], "jaar": [2024]})
    store_gemeenten(Settings(data_dir=data), gemeenten)  # CBS's list is cached: no refresh in the background
    shapes = demo_shapes(2024, "wijk").assign(gemeente_code="GM9999")
    store_boundaries(Settings(data_dir=data), shapes, 2024, "demo.geojson", "bestand")
    env = {"WIJKDATA_DATA_DIR": str(data), "WIJKDATA_GEMEENTE": "GM0001", "WIJKDATA_CBS_URL": "http://127.0.0.1:9"}
    env["WIJKDATA_PDOK_URL"] = "http://127.0.0.1:9"

    loaded, page = _modules(FIRST_PAGE, env)

    assert page["title"] == ["Overzicht"] and page["db"] == 1
    assert sorted(m for m in NOT_AT_START if m in loaded) == []


def test_main_py_draws_its_first_element_before_importing_the_engine():
    """Streamlit's first element looks up every loaded module's file once; before pandas that is cheap."""
    source = (ROOT / "main.py").read_text(encoding="utf-8")
    assert source.index("page_language()") < source.index("from ui import data, sidebar")
    assert 'page_icon=":material/' in source  # an emoji icon loads Streamlit's emoji catalogue


#: The server's start-up hook (app.py), run as uvicorn runs it: the lifespan starts the warm-up.
WARM_UP = """
import asyncio, json, sys
import app
assert type(app.app).__name__ == "App" and app.app._script_path.name == "main.py"
before = "pandas" in sys.modules
started = []
async def serve():
    async with app.lifespan(None):  # uvicorn takes requests only after this
        started.append("pandas" in sys.modules and "ui.data" in sys.modules)
asyncio.run(serve())
print(json.dumps({"before": before, "started": started, "modules": sorted(sys.modules)}))
"""


def test_the_server_loads_pandas_and_the_engine_before_the_first_visitor():
    """``streamlit run app.py`` serves main.py through st.App, whose start-up imports what the first page needs."""
    loaded, answer = _modules(WARM_UP)

    assert answer["before"] is False  # importing app.py itself stays cheap
    assert answer["started"] == [True]  # loaded before the server takes its first request
    assert {"pandas", "ui.data", "ui.sidebar", "wijkdata.analysis.overview"} <= loaded
    assert sorted(m for m in NOT_AT_START if m in loaded) == []  # and nothing the first page does not need
