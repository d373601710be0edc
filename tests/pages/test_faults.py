"""AppTest: a damaged cache and an unreachable database give Dutch messages; the rest of the app works."""

from __future__ import annotations

import pytest

from tests.support.apptest import open_app, texts
from wijkdata.cbs.sync import sync


@pytest.fixture
def damaged_manifest(settings, monkeypatch):
    """GM0999 pulled from the local CBS server, then its cache manifest cut short; the app's environment set."""
    sync(settings, "GM0999", [2023, 2024])
    (settings.cbs_dir / "manifest.json").write_text('{"broken": ', encoding="utf-8")
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WIJKDATA_CBS_URL", settings.cbs_url)
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_GEMEENTE", "GM0999")
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
    return settings


@pytest.mark.parametrize("page", [None, "profiel", "initiatieven", "bronnen"])
def test_a_damaged_manifest_is_a_warning_on_every_page_and_the_figures_stay(damaged_manifest, page):
    at = open_app(page)

    assert not at.exception
    assert not at.error
    warnings = [w.value for w in at.warning]
    assert any("De index van de CBS-cache" in w and "beschadigd" in w for w in warnings), warnings
    shown = [texts(at), *(df.value.to_string() for df in at.dataframe)]
    assert any("Testgemeente" in part for part in shown)  # the figures (or the cache table) of GM0999 are there


def test_the_demo_still_opens_with_a_damaged_manifest(damaged_manifest):
    at = open_app("profiel", query={"gemeente": "GM9999"})

    assert not at.exception
    assert not at.error
    assert "fictie" in texts(at)


@pytest.fixture
def database_gone(offline, monkeypatch, closed_port_url):
    """The demo, with the records database on a PostgreSQL address where nothing listens."""
    port = closed_port_url.rsplit(":", 1)[1]
    monkeypatch.setenv("WIJKDATA_DATABASE_URL", f"postgresql+psycopg://wim:geheim@127.0.0.1:{port}/wijkdata")
    return port


@pytest.mark.parametrize("page", ["profiel", "opgave", "briefing"])
def test_figures_stay_and_the_register_part_says_the_database_is_unreachable(database_gone, page):
    at = open_app(page)

    assert not at.exception
    assert not at.error
    said = [w.value.replace("\\", "") for w in at.warning if "niet bereikbaar" in w.value]
    assert len(said) == 1
    assert said[0].startswith(f"De database (PostgreSQL 127.0.0.1:{database_gone}/wijkdata) is niet bereikbaar")
    assert "geheim" not in texts(at)
    assert at.metric or at.table or at.markdown  # the figures are there


@pytest.mark.parametrize("page", ["initiatieven", "signalen"])
def test_a_register_page_shows_one_dutch_message(database_gone, page):
    at = open_app(page)

    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "")
    assert message.startswith(f"De database (PostgreSQL 127.0.0.1:{database_gone}/wijkdata) is niet bereikbaar")
    assert "geheim" not in at.error[0].value
