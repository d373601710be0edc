"""The profile of a demo buurt in Chromium, opened by a link as the very first request to a fresh server."""

import pytest

from tests.support.browser import browser_page, page_problems, require_chromium, running_app, settle

pytestmark = pytest.mark.browser


def test_profile_deep_link_on_a_cold_server(tmp_path):
    require_chromium()
    env = {
        "WIJKDATA_DATA_DIR": str(tmp_path / "data"),
        "WIJKDATA_CBS_URL": "http://127.0.0.1:9",
        "WIJKDATA_PDOK_URL": "http://127.0.0.1:9",
    }
    with running_app(env) as url, browser_page() as page:
        page.goto(f"{url}/profiel?gemeente=GM9999&gebied=BU99990205&jaar=2023", wait_until="domcontentloaded")
        settle(page)
        page.screenshot(path=str(tmp_path / "profiel.png"), full_page=True)
        text = page.locator("body").inner_text()
        assert page_problems(page) == []
        assert "fictieve demogemeente" in text
        assert "Molenpark (buurt in Molenwijk)" in text
        assert "2.395" in text and "77.035" in text  # the buurt's and the gemeente's inhabitants, Dutch format
        # the app's own navigation and sidebar are there (not Streamlit's automatic page list)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Wijkprofiel" in nav and "Data en bronnen" in nav and "app" not in nav.split()
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
        # the info popover of a figure names its CBS table and column
        page.locator('[data-testid="stPopover"] button').first.click()
        page.wait_for_timeout(500)
        assert "Bron: CBS-tabel DEMO2023" in page.locator("body").inner_text()
        assert "gebied=BU99990205" in page.url
