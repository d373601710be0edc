"""The app is secure by default: it listens on this computer only and shows visitors no error details."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_binds_to_localhost_and_hides_error_details():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"]["showErrorDetails"] == "none"


def test_readme_says_how_to_serve_on_a_network_and_that_it_has_no_sign_in_yet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert "--server.address 0.0.0.0" in readme
    assert "nog geen inlog" in readme
