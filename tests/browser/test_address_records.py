"""In Chromium: from a demo buurt's profile, register an initiative by address search and indicators
chosen by title; it then shows on the Kaart (as a point with a link) and on the profile."""

from __future__ import annotations

import pytest

from tests.support.browser import browser_page, page_problems, require_chromium, running_app, settle
from tests.support.locatieserver import LocatieServer, demo_addresses

pytestmark = pytest.mark.browser

TITLE = "Moestuin Molenstraat"


def _field(page, label: str):
    """The text input labelled ``label`` (not its help button)."""
    return page.locator(f'input[aria-label="{label}"]')


def test_new_initiative_by_address_shows_on_map_and_profile(tmp_path):
    require_chromium()
    with LocatieServer(demo_addresses()) as pdok:
        env = {
            "WIJKDATA_DATA_DIR": str(tmp_path / "data"),
            "WIJKDATA_CBS_URL": "http://127.0.0.1:9",
            "WIJKDATA_PDOK_URL": pdok.url,
        }
        with running_app(env) as url, browser_page() as page:
            # the sidebar's address search opens the buurt's profile
            page.goto(f"{url}/?gemeente=GM9999&jaar=2024", wait_until="domcontentloaded")
            settle(page)
            search = _field(page, "Zoek adres of postcode")
            search.fill("9999 AB 12")
            search.press("Enter")
            settle(page)
            page.get_by_role("button", name="Molenstraat 12, 9999AB Voorbeeldstad · Molenpark").click()
            settle(page)
            assert "Molenpark (buurt in Molenwijk)" in page.locator("body").inner_text()
            assert "gebied=BU99990205" in page.url

            # "Nieuw initiatief in Molenpark" opens the add form with the buurt filled in
            page.get_by_role("link", name="Nieuw initiatief in Molenpark").click()
            settle(page)
            form_text = page.locator("body").inner_text()
            assert "Nieuw voor Molenpark (buurt)" in form_text
            address = _field(page, "Adres of postcode")
            address.fill("Molenstraat 14")
            address.press("Enter")
            settle(page)
            page.get_by_role("button", name="Molenstraat 14, 9999AB Voorbeeldstad · Molenpark").click()
            settle(page)
            assert "Gekozen locatie: Molenstraat 14, 9999AB Voorbeeldstad" in page.locator("body").inner_text()
            _field(page, "Titel *").fill(TITLE)
            _field(page, "Initiatiefnemer (organisatie) *").fill("Bewoners Molenstraat")
            _field(page, "Budget").fill("7.500")
            indicators = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Doelindicatoren").locator("input")
            indicators.click()
            indicators.fill("laag inkomen")
            page.get_by_role("option", name="Huishoudens met een laag inkomen", exact=False).first.click()
            page.keyboard.press("Escape")
            page.get_by_role("button", name="Initiatief toevoegen").click()
            settle(page)
            text = page.locator("body").inner_text()
            page.screenshot(path=str(tmp_path / "toegevoegd.png"), full_page=True)
            assert "Toegevoegd: initiatief nr." in text and TITLE in text
            assert page_problems(page) == []

            # on the map, as a point with a link
            page.goto(f"{url}/kaart?gemeente=GM9999&jaar=2024&niveau=buurt", wait_until="domcontentloaded")
            settle(page)
            page.get_by_text("Initiatieven, interventies en open signalen op de kaart").click()
            settle(page)
            page.wait_for_selector("canvas.maplibregl-canvas", timeout=30_000)
            titles = page.evaluate(
                """() => { const gd = document.querySelector('.js-plotly-plot'); const out = [];
                           for (const t of gd._fullData) if (t.type === 'scattermap') t.customdata.forEach(c => out.push(c[0]));
                           return out; }"""
            )
            assert TITLE in titles
            page.get_by_text("Op de kaart:").click()
            assert page.get_by_role("link", name=TITLE).count() == 1
            page.screenshot(path=str(tmp_path / "kaart.png"), full_page=True)

            # and on the profile of the buurt
            page.goto(f"{url}/profiel?gemeente=GM9999&gebied=BU99990205&jaar=2024", wait_until="domcontentloaded")
            settle(page)
            page.get_by_text("Wat er gebeurt in Molenpark").scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "profiel.png"), full_page=True)
            assert page_problems(page) == []
            assert "Initiatieven (van onderop): 1" in page.locator("body").inner_text()  # none there in the demo
            cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_text_contents()
            assert TITLE in cells and "€ 7.500" in cells
