"""What a person sees in Chromium: the Overzicht on the demo, offline, and navigation to Data en bronnen."""

import pytest

from tests.support.browser import browser_page, page_problems, require_chromium, running_app, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    data = tmp_path_factory.mktemp("browser-data")
    env = {"WIJKDATA_DATA_DIR": str(data), "WIJKDATA_CBS_URL": "http://127.0.0.1:9", "WIJKDATA_PDOK_URL": "http://127.0.0.1:9"}
    with running_app(env) as url:
        yield url


def test_overzicht_offline_on_the_demo(app_url, tmp_path):
    with browser_page() as page:
        page.goto(app_url + "/?jaar=2023", wait_until="domcontentloaded")
        settle(page)
        page.screenshot(path=str(tmp_path / "overzicht.png"), full_page=True)
        text = page.locator("body").inner_text()
        assert page_problems(page) == []
        assert "fictieve demogemeente" in text
        assert "Voorbeeldstad" in text and "Peiljaar 2023" in text
        assert "Kerncijfers tegen Nederland" in text and "Aantal inwoners" in text
        assert "× € 1.000" in text  # units shown
        assert page.locator('[data-testid="stDataFrame"]').count() >= 1
        assert page.locator('[data-testid="stDownloadButton"]').count() >= 4
        assert "jaar=2023" in page.url and "gemeente=GM9999" in page.url


def test_navigation_to_data_en_bronnen(app_url):
    with browser_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        settle(page)
        page.locator('[data-testid="stSidebarNav"] a', has_text="Data en bronnen").click()
        settle(page)
        text = page.locator("body").inner_text()
        assert page_problems(page) == []
        assert "CC BY 4.0" in text and "Ophalen bij CBS" in text and "fictieve demogemeente" in text


def test_every_page_opens_on_the_demo_and_says_it_is_fictional(app_url):
    """A newcomer clicking through the menu: no exception, no error box, every page says 'fictief'."""
    with browser_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        settle(page)
        links = [a.get_attribute("href") for a in page.locator('[data-testid="stSidebarNav"] a').all()]
        assert len(links) == 11  # every page of app.py
        for href in links:
            page.goto(href if href.startswith("http") else app_url + "/" + href.lstrip("/"), wait_until="domcontentloaded")
            settle(page)
            text = page.locator("body").inner_text().lower()
            assert page_problems(page) == [], href
            assert "fictie" in text, href


def test_the_page_says_it_is_dutch(app_url):
    """Streamlit serves <html lang="en">; screen readers and translation offers must see Dutch."""
    with browser_page() as page:
        for path in ("/", "/vergelijken"):
            page.goto(app_url + path, wait_until="domcontentloaded")
            settle(page)
            page.wait_for_function("document.documentElement.lang === 'nl'", timeout=10_000)
            assert page.evaluate("document.documentElement.lang") == "nl", path
            assert page_problems(page) == []
