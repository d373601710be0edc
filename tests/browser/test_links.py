"""A link carries the whole view, in Chromium: make choices on a page, copy the address, open it in a
fresh browser and see the same view (the demo, offline)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote

import pytest

from tests.support.browser import browser_page, page_problems, require_chromium, running_app, settle

pytestmark = pytest.mark.browser

DEMO = "gemeente=GM9999&jaar=2023"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    data = tmp_path_factory.mktemp("links-data")
    env = {"WIJKDATA_DATA_DIR": str(data), "WIJKDATA_CBS_URL": "http://127.0.0.1:9", "WIJKDATA_PDOK_URL": "http://127.0.0.1:9"}
    with running_app(env) as url:
        yield url


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    settle(page)
    assert page_problems(page) == [], url


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box or multiselect ``label`` the way a person does: open it, type, click."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option[:12])
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


@contextmanager
def _fresh(url: str) -> Iterator[object]:
    """``url`` opened in a new browser (no session, no state): what a colleague sees."""
    with browser_page() as other:
        _open(other, url)
        yield other


def _selected(page, label: str) -> str:
    """What the select box ``label`` shows as chosen."""
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_profile_link_carries_area_themes_and_trend(app_url):
    with browser_page() as page:
        _open(page, f"{app_url}/profiel?{DEMO}")
        _choose(page, "Wijk of buurt", "Molenpark (buurt in Molenwijk)")
        page.locator('[data-testid="stButtonGroup"] button', has_text="Zorg").click()
        settle(page)
        _choose(page, "Indicator", "Bevolking · Aantal inwoners")
        url = page.url
        assert page_problems(page) == []
    assert "gebied=BU99990205" in url and "thema=Zorg" in url and "trend=AantalInwoners" in url
    with _fresh(url) as other:
        assert _selected(other, "Wijk of buurt") == "Molenpark (buurt in Molenwijk)"
        assert "Zorg (" in _main(other)  # the chosen theme's figures
        assert _selected(other, "Indicator") == "Bevolking · Aantal inwoners"


def test_map_link_carries_level_and_selected_area(app_url):
    with browser_page() as page:
        _open(page, f"{app_url}/kaart?{DEMO}")
        page.locator('[data-testid="stRadio"]').get_by_text("Buurten", exact=True).click()
        settle(page)
        _choose(page, "Gebied", "Molenpark")
        assert "Profiel van Molenpark" in _main(page)
        url = page.url
    assert "niveau=buurt" in url and "gebied=BU99990205" in url
    with _fresh(url) as other:
        assert "Profiel van Molenpark" in _main(other) and _selected(other, "Gebied") == "Molenpark"
        assert "Buurten naar" in _main(other)  # the table of buurten, not wijken


def test_compare_link_carries_the_areas(app_url):
    with browser_page() as page:
        _open(page, f"{app_url}/vergelijken?{DEMO}")
        _choose(page, "Gebieden (2 tot 5)", "Molenpark (buurt, Voorbeeldstad)")
        before = page.locator('[data-testid="stTable"]').first.inner_text()
        url = page.url
    assert "BU99990205" in unquote(url).split("gebieden=")[1]
    with _fresh(url) as other:
        after = other.locator('[data-testid="stTable"]').first.inner_text()
    assert "Molenpark (Voorbeeldstad)" in after and after == before  # the same table, column for column


def test_briefing_link_carries_the_area(app_url):
    with browser_page() as page:
        _open(page, f"{app_url}/briefing?{DEMO}")
        _choose(page, "Wijk of buurt", "Kanaalzone (wijk)")
        url = page.url
    assert "gebied=WK999903" in url
    with _fresh(url) as other:
        assert "Raadsbriefing Kanaalzone" in _main(other)


def test_a_link_with_an_unknown_area_gives_a_note(app_url):
    with browser_page() as page:
        _open(page, f"{app_url}/vergelijken?{DEMO}&gebieden=WK999901,WK999902,WK777701")
        note = page.locator('[data-testid="stAlertContentInfo"]', has_text="uit de link").inner_text()
        table = page.locator('[data-testid="stTable"]').first.inner_text()
    assert "Gebied uit de link niet gevonden: 'WK777701'" in note
    assert "Centrum (Voorbeeldstad)" in table and "Molenwijk (Voorbeeldstad)" in table
