import re
from pathlib import Path

import pytest

from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings, get_settings
from wijkdata.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults():
    s = get_settings({})
    assert s.data_dir == Path("data")
    assert s.cbs_url == "https://opendata.cbs.nl"
    assert s.pdok_url == "https://api.pdok.nl"
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("data/wijkdata.sqlite")
    assert s.gemeente == DEMO_GEMEENTE
    assert s.timeout == 30


def test_from_environment(tmp_path):
    s = get_settings(
        {
            "WIJKDATA_DATA_DIR": str(tmp_path),
            "WIJKDATA_CBS_URL": "http://127.0.0.1:8123/",
            "WIJKDATA_PDOK_URL": "http://127.0.0.1:8124",
            "WIJKDATA_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "WIJKDATA_GEMEENTE": "gm0200",
            "WIJKDATA_TIMEOUT": "2.5",
        }
    )
    assert s.data_dir == tmp_path and s.cbs_dir == tmp_path / "cbs" and s.geo_dir == tmp_path / "grenzen"
    assert s.cbs_url == "http://127.0.0.1:8123"
    assert s.database_url == "postgresql+psycopg://u@h/db" and not s.is_sqlite
    assert s.gemeente == "GM0200"
    assert s.timeout == 2.5


@pytest.mark.parametrize(
    "env, fragment",
    [
        ({"WIJKDATA_CBS_URL": "opendata.cbs.nl"}, "WIJKDATA_CBS_URL"),
        ({"WIJKDATA_PDOK_URL": "ftp://x"}, "WIJKDATA_PDOK_URL"),
        ({"WIJKDATA_TIMEOUT": "snel"}, "WIJKDATA_TIMEOUT"),
        ({"WIJKDATA_TIMEOUT": "0"}, "WIJKDATA_TIMEOUT"),
    ],
)
def test_bad_values_give_dutch_messages(env, fragment):
    with pytest.raises(ConfigError, match=fragment):
        get_settings(env)


def test_readme_documents_every_setting():
    """The README must not fall behind the code: every WIJKDATA_* variable read is documented."""
    code = (ROOT / "wijkdata" / "config.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    variables = set(re.findall(r'"(WIJKDATA_[A-Z_]+)"', code))
    assert {
        "WIJKDATA_DATA_DIR",
        "WIJKDATA_CBS_URL",
        "WIJKDATA_PDOK_URL",
        "WIJKDATA_DATABASE_URL",
        "WIJKDATA_GEMEENTE",
    } <= variables
    assert not [v for v in variables if v not in readme]


def test_streamlit_caches_key_on_equal_settings(tmp_path):
    """ui.data caches take Settings as an argument: equal settings must hit, different ones must miss."""
    import streamlit as st

    calls: list[Settings] = []

    @st.cache_data(show_spinner=False)
    def load(settings: Settings) -> str:
        calls.append(settings)
        return str(settings.data_dir)

    load(get_settings({"WIJKDATA_DATA_DIR": str(tmp_path)}))
    assert load(get_settings({"WIJKDATA_DATA_DIR": str(tmp_path)})) == str(tmp_path)
    assert len(calls) == 1
    assert load(get_settings({"WIJKDATA_DATA_DIR": str(tmp_path / "ander")})) == str(tmp_path / "ander")
    assert len(calls) == 2


def test_readme_documents_every_command_and_page():
    """Every `python -m wijkdata` export/import kind and every page title of main.py appears in the README."""
    import ast

    from wijkdata.cli import EXPORTS as exports
    from wijkdata.cli import IMPORTS as imports

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    registers = ("interventies", "signalen", "veldnotities")  # documented as "the same for ..."
    assert "`interventies`, `signalen` en `veldnotities`" in readme
    for kind in exports:
        assert f"export {kind}" in readme or kind in registers, kind
    for kind in imports:
        assert f"import {kind}" in readme or kind in registers, kind
    titles = [
        node.value.value
        for node in ast.walk(ast.parse((ROOT / "main.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.keyword) and node.arg == "title" and isinstance(node.value, ast.Constant)
    ]
    assert len(titles) == 11
    for title in titles:
        assert title.split(" · ")[0] in readme, title
