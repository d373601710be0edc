"""In Chromium against a real OpenID Connect provider (oidc-provider-mock): the whole sign-in flow.

A copy of the app with ``.streamlit/secrets.toml`` ``[auth]`` pointing at the provider, roles in
WIJKDATA_ROLLEN. Anonymous: the registers are closed behind "Inloggen". A lezer (not listed) sees
the register and their e-mail, and no editing control. A redacteur sees editing controls.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.browser import ROOT, free_port, page_problems, require_chromium, running_app, settle

pytestmark = pytest.mark.browser

EDIT = re.compile(r"\b(toevoegen|opslaan|importeren|verwijderen|bewerken|terugzetten|wijzigen)\b", re.I)
USERS = [
    {"sub": "lezer", "email": "lezer@voorbeeld.nl", "name": "Lea Lezer"},
    {"sub": "redacteur", "email": "redacteur@voorbeeld.nl", "name": "Ruud Redacteur"},
]


@contextmanager
def oidc_provider() -> Iterator[str]:
    """``oidc-provider-mock`` on a free port with two predefined users; yields its issuer URL."""
    port = free_port()
    claims = [arg for user in USERS for arg in ("--user-claims", json.dumps(user))]
    executable = Path(sys.executable).with_name("oidc-provider-mock")
    if not executable.exists():  # in requirements.txt; CI (WIJKDATA_REQUIRE_BROWSER=1) must not pass by skipping
        if os.environ.get("WIJKDATA_REQUIRE_BROWSER") == "1":
            pytest.fail("browser test required but oidc-provider-mock is not installed")
        pytest.skip("oidc-provider-mock is not installed (pip install -r requirements.txt)")
    proc = subprocess.Popen([str(executable), "-p", str(port), *claims], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=1):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"oidc-provider-mock did not start: {proc.stdout.read().decode()[-2000:]}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def app_copy(folder: Path, app_port: int, provider: str) -> Path:
    """This project copied to ``folder`` (code only) with a ``secrets.toml`` for the provider."""
    ignore = shutil.ignore_patterns(".git", "data", ".ci", "__pycache__", ".pytest_cache", ".ruff_cache", "secrets.toml")
    shutil.copytree(ROOT, folder, ignore=ignore)
    (folder / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-geheim-dat-lang-genoeg-is-voor-het-teken-0123456789"\n'
        'client_id = "wijkdata"\nclient_secret = "wijkdata-geheim"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return folder


def look(page, url: str) -> dict:
    """Open the Initiatieven page (every tab) and say what shows."""
    page.goto(f"{url}/initiatieven", wait_until="domcontentloaded")
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    for i in range(main.locator('[data-baseweb="tab"]').count()):
        main.locator('[data-baseweb="tab"]').nth(i).click()
        settle(page)
    labels = main.locator('button, [role="tab"], [data-testid="stRadio"] label').all_inner_texts()
    controls = sorted({m.group(0).lower() for t in labels for m in EDIT.finditer(t)})
    controls += ["bestand uploaden"] * main.locator('[data-testid="stFileUploader"]').count()
    return {
        "text": page.locator("body").inner_text(),
        "tables": main.locator('[data-testid="stDataFrame"]').count(),
        "controls": controls,
        "sign_in": page.get_by_role("button", name="Inloggen").count(),
        "problems": page_problems(page),
    }


def sign_in(page, url: str, sub: str) -> None:
    page.goto(f"{url}/", wait_until="domcontentloaded")
    settle(page)
    page.get_by_role("button", name="Inloggen").first.click()
    page.wait_for_selector(f'button[name="sub"][value="{sub}"]', timeout=20000)
    page.click(f'button[name="sub"][value="{sub}"]')
    page.wait_for_url(re.compile("^" + re.escape(url)), timeout=30000)
    settle(page)


def test_sign_in_flow_closes_registers_and_gives_each_role_its_controls(tmp_path: Path) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    roles = tmp_path / "rollen.toml"
    roles.write_text('[rollen]\nredacteur = ["redacteur@voorbeeld.nl"]\nbeheerder = []\n', encoding="utf-8")
    env = {"WIJKDATA_DATA_DIR": str(tmp_path / "data"), "WIJKDATA_CBS_URL": "http://127.0.0.1:9", "WIJKDATA_ROLLEN": str(roles)}
    port = free_port()
    with (
        oidc_provider() as provider,
        running_app(env, root=app_copy(tmp_path / "app", port, provider), port=port) as url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            anonymous = look(browser.new_page(viewport={"width": 1400, "height": 1400}), url)
            assert anonymous["sign_in"] >= 1 and anonymous["tables"] == 0 and anonymous["controls"] == []
            assert "alleen te zien voor wie is ingelogd" in anonymous["text"] and not anonymous["problems"]

            seen = {}
            for sub in ("lezer", "redacteur"):
                page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
                sign_in(page, url, sub)
                seen[sub] = look(page, url)
            lezer, redacteur = seen["lezer"], seen["redacteur"]
            assert "lezer@voorbeeld.nl" in lezer["text"] and "Rol: lezer" in lezer["text"]
            assert lezer["tables"] > 0 and lezer["controls"] == [] and lezer["sign_in"] == 0 and not lezer["problems"]
            assert "redacteur@voorbeeld.nl" in redacteur["text"] and "Rol: redacteur" in redacteur["text"]
            assert {"toevoegen", "bewerken", "importeren"} <= set(redacteur["controls"]) and redacteur["tables"] > 0
            assert not redacteur["problems"]
        finally:
            browser.close()
