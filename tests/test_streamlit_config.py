"""The app is secure by default: it listens on this computer only and shows visitors no error details."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_binds_to_localhost_and_hides_error_details():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"]["showErrorDetails"] == "none"


def test_readme_says_how_to_serve_on_a_network_and_to_turn_sign_in_on_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert "--server.address 0.0.0.0" in readme
    assert "Zet dan eerst het inloggen aan (`[auth]` in `.streamlit/secrets.toml`" in readme


def test_sign_in_secrets_are_documented_and_never_committed():
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(example["auth"])
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
