"""One installation for many, on this machine: two ``streamlit run`` processes on one PostgreSQL
database and one data folder, in headless Chromium, and nginx (deploy/nginx.conf) in front of both.

(a) the schema is migrated once although both processes open it at the same moment;
(b) one record edited through both: the second gets the Dutch conflict message, nothing is lost;
(c) a sync on the command line is read by a running app without restart;
(d) a page loads through nginx (sticky by cookie, websocket upgraded).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.deploy.conftest import fresh_postgres_database, version_rows
from tests.deploy.processes import ROOT, AppProcess, app_processes, nginx_binary, nginx_in_front
from tests.support.browser import CHROMIUM, page_problems, require_chromium
from tests.support.browser import settle as settle_within
from tests.support.cbs_server import FIXTURE_TABLES, FIXTURES, CbsServer
from wijkdata.areas import demo_areas
from wijkdata.registers import db
from wijkdata.registers.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

CLOSED = "http://127.0.0.1:9"  # PDOK: nothing listens
#: Seconds a page may take: two app processes and Chromium share the machine's cores.
PATIENCE = 150


def settle(page) -> None:
    """Wait until the page stopped running (generously: this module runs three busy processes at once)."""
    settle_within(page, timeout=PATIENCE)


@dataclass
class Installation:
    database: str
    data: Path
    apps: list[AppProcess]
    work: Path


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Iterator[Installation]:
    require_chromium()
    work = tmp_path_factory.mktemp("installatie")
    with contextlib.contextmanager(fresh_postgres_database)() as database, CbsServer([]) as down:
        down.fail_after(0, status=500)  # CBS answers, with an error: no retries, the apps fetch nothing themselves
        env = {
            "WIJKDATA_DATA_DIR": str(work / "data"),
            "WIJKDATA_DATABASE_URL": database,
            "WIJKDATA_CBS_URL": down.url,
            "WIJKDATA_PDOK_URL": CLOSED,
        }
        with app_processes(2, env, work / "logs") as apps:
            yield Installation(database, work / "data", apps, work)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


def _visitor(browser):
    """A page in its own browser context: a colleague with their own session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PATIENCE * 1000)
    return context.new_page()


def _log_problems(app: AppProcess) -> list[str]:
    """Tracebacks and errors in the process's log (not urllib3's retries of the unreachable CBS)."""
    return [
        line
        for line in app.log_text().splitlines()
        if any(word in line for word in ("Traceback", "Error", "error", "Exception")) and not line.startswith("WARNING:urllib3")
    ]


def test_both_apps_open_the_registers_together_and_migrate_once(installation, browser):
    engine = sa.create_engine(installation.database)
    assert db.current_revision(engine) is None  # nothing migrated before the first page view
    engine.dispose()
    pages = [_visitor(browser) for _ in installation.apps]
    for page, app in zip(pages, installation.apps, strict=True):  # both page views start before either settles
        page.goto(f"{app.url}/initiatieven?gemeente=GM9999", wait_until="commit")
    for page in pages:
        settle(page)
        assert page_problems(page) == []
        assert "Initiatieven van bewoners" in page.locator("body").inner_text()
        page.context.close()
    assert version_rows(installation.database) == [(db.head_revision(),)]
    for app in installation.apps:
        assert _log_problems(app) == [], app.log_text()[-3000:]


def _field(page, label: str):
    return page.locator(f'input[aria-label="{label}"]')


def _open_for_editing(page, app: AppProcess, record_id: int) -> None:
    page.goto(f"{app.url}/initiatieven?gemeente=GM9999&nr={record_id}", wait_until="domcontentloaded")
    settle(page)
    name = _field(page, "Uw naam (voor het logboek)")
    if name.count():  # local mode (no sign-in): the editor types a name for the audit trail
        name.fill(f"collega via {app.url.rsplit(':', 1)[1]}")
        name.press("Enter")
        settle(page)
    assert _field(page, "Titel *").input_value() == "Buurtmoestuin"


def _save_title(page, title: str) -> None:
    _field(page, "Titel *").fill(title)
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    settle(page)


def test_one_record_saved_through_both_apps_loses_nothing(installation, browser):
    engine = db.make_engine(installation.database)
    store = Store(engine, demo_areas())
    record = store.create(
        "initiatieven",
        {"titel": "Buurtmoestuin", "gebieden": ["BU99990101"], "themas": ["groen en openbare ruimte"],
         "status": "lopend", "initiatiefnemer": "Bewonersvereniging"},
        "test",
    )  # fmt: skip
    first, second = _visitor(browser), _visitor(browser)
    _open_for_editing(first, installation.apps[0], record["id"])
    _open_for_editing(second, installation.apps[1], record["id"])

    _save_title(first, "Buurtmoestuin Oost")
    assert page_problems(first) == []
    assert store.get("initiatieven", record["id"])["titel"] == "Buurtmoestuin Oost"

    _save_title(second, "Buurtmoestuin West")  # opened at version 1, saved after the first editor
    text = second.locator("body").inner_text()
    assert "is intussen gewijzigd door" in text and "Uw wijzigingen zijn niet opgeslagen en niet verloren" in text
    assert "versie 2; u bewerkte versie 1" in text
    stored = store.get("initiatieven", record["id"])
    assert (stored["titel"], stored["version"]) == ("Buurtmoestuin Oost", 2)  # the first save stands

    second.get_by_role("button", name="Mijn versie alsnog opslaan").click()  # the second editor's text was kept
    settle(second)
    stored = store.get("initiatieven", record["id"])
    assert (stored["titel"], stored["version"]) == ("Buurtmoestuin West", 3)
    assert list(store.history("initiatieven", record["id"])["action"]) == ["create", "update", "update"]
    first.context.close()
    second.context.close()
    engine.dispose()


def test_a_sync_on_the_command_line_is_read_by_the_running_apps(installation, browser):
    page = _visitor(browser)
    app = installation.apps[1]
    page.goto(f"{app.url}/?gemeente=GM9999&jaar=2024", wait_until="domcontentloaded")
    settle(page)  # the process has its caches warm before the sync
    assert "Testgemeente" not in page.locator("body").inner_text()

    with CbsServer([FIXTURES / t for t in FIXTURE_TABLES.values()]) as cbs:
        env = {**os.environ, "WIJKDATA_DATA_DIR": str(installation.data), "WIJKDATA_CBS_URL": cbs.url,
               "WIJKDATA_DATABASE_URL": installation.database}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "wijkdata", "sync", "--gemeente", "GM0999", "--jaar", "2024", "--stil"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    for app in installation.apps:  # neither process was restarted; both read the new cache
        page.goto(f"{app.url}/?gemeente=GM0999&jaar=2024", wait_until="domcontentloaded")
        settle(page)
        text = page.locator("body").inner_text()
        assert page_problems(page) == [], app.url
        assert "Testgemeente" in text and "7.445" in text, text[:1500]
    page.context.close()


def test_a_page_through_nginx_in_front_of_both(installation, browser):
    if nginx_binary() is None:
        if os.environ.get("WIJKDATA_REQUIRE_BROWSER") == "1":
            pytest.fail("nginx is required in CI (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    upstreams = [app.url.removeprefix("http://") for app in installation.apps]
    with nginx_in_front(upstreams, installation.work / "nginx") as proxy:
        page = _visitor(browser)
        page.goto(f"{proxy}/?gemeente=GM9999&jaar=2024", wait_until="domcontentloaded")
        settle(page)  # the page only renders when the websocket /_stcore/stream got through
        text = page.locator("body").inner_text()
        assert page_problems(page) == []
        assert "Voorbeeldstad" in text and "Kerncijfers tegen Nederland" in text
        assert "_streamlit_xsrf" in {c["name"] for c in page.context.cookies()}  # what the proxy hashes on
        page.get_by_role("link", name="Initiatieven").first.click()
        settle(page)
        cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_text_contents()
        assert "Buurtmoestuin West" in cells  # the record as the two apps left it
        page.context.close()
    log = (installation.work / "nginx" / "nginx.log").read_text()
    assert "[error]" not in log and "[emerg]" not in log, log
