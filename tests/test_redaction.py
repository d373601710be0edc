"""No credential in a URL reaches a page, a message or the status: one helper, redact_url."""

from __future__ import annotations

import pytest

from wijkdata.bronnen import settings_overview
from wijkdata.cbs.client import CbsClient
from wijkdata.cli import main
from wijkdata.config import Settings, get_settings, redact_url
from wijkdata.errors import CbsUnavailable, ConfigError


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://wim:geheim@opendata.cbs.nl/pad?x=1", "https://***@opendata.cbs.nl/pad?x=1"),
        ("http://alleen-naam@127.0.0.1:8123", "http://***@127.0.0.1:8123"),
        ("https://opendata.cbs.nl", "https://opendata.cbs.nl"),
        ("geen adres", "geen adres"),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def test_status_settings_and_errors_never_show_the_password(tmp_path, closed_port_url, monkeypatch, capsys):
    url = closed_port_url.replace("http://", "http://wim:geheim@")
    settings = Settings(data_dir=tmp_path, cbs_url=url, pdok_url=url, timeout=1.0)
    assert settings.cbs_url_display == closed_port_url.replace("http://", "http://***@")
    assert "geheim" not in str(settings_overview(settings))

    with pytest.raises(CbsUnavailable) as err:
        CbsClient(settings).registry()
    assert "geheim" not in str(err.value) and "geheim" not in err.value.url

    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDATA_CBS_URL", url)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "CBS: http://***@127.0.0.1:" in out and "geheim" not in out

    with pytest.raises(ConfigError) as bad:
        get_settings({"WIJKDATA_CBS_URL": "ftp://wim:geheim@host"})
    assert "geheim" not in str(bad.value)
