"""The Kaart page in a real browser: the map is drawn (MapLibre canvas, coloured areas even without
internet for background tiles), the legend shows the unit, a click selects an area.

Skipped when /usr/bin/chromium is absent, unless WIJKDATA_REQUIRE_BROWSER=1 (then it fails).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.kaart_factories import cache_demo_as
from tests.support.pdok_server import FIXTURES
from wijkdata.config import Settings
from wijkdata.geo.service import import_boundaries

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("WIJKDATA_REQUIRE_BROWSER") == "1":
        raise RuntimeError("WIJKDATA_REQUIRE_BROWSER=1 but /usr/bin/chromium is absent")
    pytest.skip("no /usr/bin/chromium", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Streamlit on a free port; CBS and PDOK unreachable; a 'real' gemeente GM0001 with figures and buurt shapes."""
    data_dir = tmp_path_factory.mktemp("data")
    cache_demo_as(data_dir, "GM0001")
    import_boundaries(Settings(data_dir=data_dir), FIXTURES / "wijken-en-buurten-2024" / "buurten.json", 2024)
    port = _free_port()
    env = {
        **os.environ,
        "WIJKDATA_DATA_DIR": str(data_dir),
        "WIJKDATA_CBS_URL": "http://127.0.0.1:9",
        "WIJKDATA_PDOK_URL": "http://127.0.0.1:9",
        "WIJKDATA_TIMEOUT": "2",
    }
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"streamlit did not start: {log.read_text()[-500:]}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _settle(page, timeout: float = 45) -> None:
    """Wait until the script has finished running and the page is quiet."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    start, quiet = time.time(), 0
    while time.time() - start < timeout and quiet < 6:
        running = page.evaluate(
            """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
                       return !!w && (w.innerText || '').includes('Running'); }"""
        )
        quiet = 0 if running or page.locator('[data-testid="stSkeleton"]').count() else quiet + 1
        time.sleep(0.25)


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[object]:
    """One headless Chromium tab that has opened the main page once (a fresh server learns its pages there)."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--headless"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1100})
        tab.goto(app_url + "/", wait_until="domcontentloaded")
        _settle(tab)
        yield tab
        browser.close()


def _coloured_pixels(path: Path) -> int:
    """How many pixels of a screenshot are clearly blue (the classes' colours), not grey or white."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(path).convert("RGB")).astype(int)
    r, b = rgb[..., 0], rgb[..., 2]
    return int(((b > r + 40) & (b > 120)).sum())


def test_map_page_draws_the_map_with_legend_and_unit(app_url: str, page, tmp_path: Path) -> None:
    page.goto(app_url + "/kaart?niveau=buurt&indicator=GemiddeldeWOZWaardeVanWoningen", wait_until="domcontentloaded")
    _settle(page)
    page.wait_for_selector("canvas.maplibregl-canvas", timeout=30_000)
    page.wait_for_selector(".legendtitletext", timeout=30_000)

    time.sleep(1.5)  # let MapLibre finish drawing
    shot = tmp_path / "kaart.png"
    page.screenshot(path=str(shot))
    page.locator("canvas.maplibregl-canvas").screenshot(path=str(tmp_path / "canvas.png"))
    assert _coloured_pixels(tmp_path / "canvas.png") > 20_000  # the areas are drawn, not just an empty canvas
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("canvas.maplibregl-canvas").count() == 1
    legend = page.locator(".legendtitletext").first.text_content()
    assert legend == "Gemiddelde WOZ-waarde van woningen (× € 1.000)"
    entries = page.locator(".legendtext").all_text_contents()
    assert entries[-1] == "geen gegevens / geheim (1)" and all("× € 1.000" in e for e in entries[:-1])
    areas = page.evaluate(
        """() => { const gd = document.querySelector('.js-plotly-plot'); const out = {};
                   for (const t of gd._fullData) t.locations.forEach((c, i) => { out[c] = t.customdata[i]; });
                   return out; }"""
    )
    assert len(areas) == 40 and areas["BU99990101"][0] == "Binnenstad"
    assert shot.stat().st_size > 10_000


def test_clicking_an_area_selects_it(app_url: str, page, tmp_path: Path) -> None:
    page.goto(app_url + "/kaart?niveau=wijk&indicator=AantalInwoners", wait_until="domcontentloaded")
    _settle(page)
    canvas = page.wait_for_selector("canvas.maplibregl-canvas", timeout=30_000)
    time.sleep(1.5)  # let MapLibre finish drawing before hovering
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5  # the middle of Voorbeeldstad: Centrum
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    assert "Centrum" in page.locator(".hoverlayer").text_content()
    page.mouse.click(x, y)
    page.wait_for_function("() => document.body.innerText.includes('(WK999901) · Aantal inwoners')", timeout=20_000)
    page.screenshot(path=str(tmp_path / "kaart-klik.png"))
    assert page.locator('[data-testid="stException"]').count() == 0


def test_real_gemeente_is_drawn_offline_without_background_tiles(app_url: str, page, tmp_path: Path) -> None:
    page.goto(app_url + "/kaart?gemeente=GM0001&jaar=2024&niveau=buurt&indicator=AantalInwoners", wait_until="domcontentloaded")
    _settle(page)
    canvas = page.wait_for_selector("canvas.maplibregl-canvas", timeout=30_000)
    page.wait_for_selector(".legendtitletext", timeout=30_000)
    time.sleep(1.5)
    page.screenshot(path=str(tmp_path / "kaart-gm0001.png"))
    canvas.screenshot(path=str(tmp_path / "canvas-gm0001.png"))

    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".legendtitletext").first.text_content() == "Aantal inwoners (aantal)"
    assert _coloured_pixels(tmp_path / "canvas-gm0001.png") > 20_000  # PDOK tiles unreachable, the buurten still coloured
    body = page.locator("body").inner_text()
    assert "5 buurten op de kaart" in body and "35 buurten zonder grens" in body
