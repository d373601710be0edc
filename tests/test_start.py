"""A cold start loads only what the first page needs (in the style of geopandas' test_no_additional_imports).

The first page of a fresh server (Overzicht) draws tables, not maps, charts or registers; the
heavy libraries behind those are imported by the pages and functions that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What app.py, the sidebar and the Overzicht page import (see app.py and pages/overzicht.py).
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


def test_app_start_imports_no_heavy_optional_libraries():
    out = subprocess.run(
        [sys.executable, "-c", APP_START], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "ui.sidebar" in loaded and "pandas" in loaded  # the import did run
    assert sorted(m for m in NOT_AT_START if m in loaded) == []


def test_app_py_draws_its_first_element_before_importing_the_engine():
    """Streamlit's first element looks up every loaded module's file once; before pandas that is cheap."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert source.index("page_language()") < source.index("from ui import data, sidebar")
    assert 'page_icon=":material/' in source  # an emoji icon loads Streamlit's emoji catalogue
