"""Run the real app with `streamlit run` and look at it in headless Chromium (Debian's, via Playwright).

Browser tests skip when /usr/bin/chromium is absent, unless WIJKDATA_REQUIRE_BROWSER=1 (CI),
in which case they fail: a CI run must not pass by skipping what it was meant to check.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    """Skip (or fail in CI) when Chromium or Playwright is missing."""
    missing = None
    if not CHROMIUM.exists():
        missing = "Debian chromium is not installed at /usr/bin/chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed"
    if missing:
        if os.environ.get("WIJKDATA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required but {missing}")
        pytest.skip(missing)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(env: dict[str, str], *, root: Path = ROOT, port: int | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` with ``env`` on a free port (or ``port``) in ``root`` (default: this
    project; a copy with its own ``.streamlit/secrets.toml`` for sign-in); yield its base URL."""
    port = port or free_port()
    full_env = {**os.environ, **env}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=root,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            proc.kill()
            raise RuntimeError(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser_page() -> Iterator[object]:
    """A Playwright page in Debian's headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def settle(page, timeout: float = 60) -> None:
    """Wait until the app view exists and Streamlit has stopped running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    deadline, quiet = time.time() + timeout, 0
    while time.time() < deadline:
        running = page.evaluate(
            """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
                       const t = w ? (w.innerText || '') : '';
                       return t.includes('Running') || t.includes('Stop'); }"""
        )
        if not running and page.locator('[data-testid="stSkeleton"]').count() == 0:
            quiet += 1
            if quiet >= 6:
                return
        else:
            quiet = 0
        time.sleep(0.25)


def page_problems(page) -> list[str]:
    """Exceptions and error boxes a person would see."""
    return [e.inner_text()[:300] for e in page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all()]
