"""Benchmark of a cold start: the first page of a fresh server against a bare Streamlit page.

    python benchmarks/cold_start.py [--repeat 3] [--url-path /] [--timeout 90]

Starts, ``--repeat`` times each and alternating, a fresh ``streamlit run`` of

- a bare page (``import streamlit as st; st.title("Kaal"); st.write("hallo")``) in a temp dir, and
- Wijkdata's ``app.py`` from the repository root, with the environment as given (set
  ``WIJKDATA_GEMEENTE``, ``WIJKDATA_DATA_DIR`` and ``WIJKDATA_CBS_URL`` to measure a real
  gemeente: ``python -m wijkdata sync --gemeente GM0200 --jaar 2024`` first),

waits until the server answers its health check, then opens the page in headless Chromium
(/usr/bin/chromium through Playwright) and times until Streamlit has stopped running the script
and no skeleton is left (the same rule as the acceptance checks' ``browse.py``). Prints every
time, the medians and the ratio app/bare (the target is ≤ 2). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
BARE = 'import streamlit as st\nst.title("Kaal")\nst.write("hallo")\n'
_RUNNING = """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
   const a = document.querySelector('[data-testid="stApp"]');
   const s = a ? a.getAttribute('data-test-script-state') : 'initial';
   return !!w || s === 'running' || s === 'initial'; }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(folder: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
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
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"de server in {folder} startte niet")


def _settle(browser: object, url: str, timeout: float) -> tuple[float, int]:
    """Seconds until the page has settled, and the number of exceptions shown."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    t0 = time.time()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    quiet = 0
    while time.time() < t0 + timeout:
        try:
            running = page.evaluate(_RUNNING)
        except Exception:  # the page is being redrawn
            running = True
        if not running and page.locator('[data-testid="stSkeleton"]').count() == 0:
            quiet += 1
            if quiet >= 4:
                break
        else:
            quiet = 0
        time.sleep(0.25)
    elapsed = time.time() - t0
    exceptions = page.locator('[data-testid="stException"]').count()
    page.close()
    return elapsed, exceptions


def _cold(browser: object, folder: Path, path: str, timeout: float) -> float:
    proc, url = _start(folder)
    try:
        seconds, exceptions = _settle(browser, url + path, timeout)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    if exceptions:
        print(f"  let op: {exceptions} exception(s) op {folder}{path}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    """Measure and print; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url-path", default="/")
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"gemeente {os.environ.get('WIJKDATA_GEMEENTE', '(standaard)')}, data {os.environ.get('WIJKDATA_DATA_DIR', '-')}")
    bare_times, app_times = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        bare = Path(tmp)
        (bare / "app.py").write_text(BARE, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        _cold(browser, bare, "/", args.timeout)  # warm the disk cache and Chromium once, not counted
        for i in range(args.repeat):
            bare_times.append(_cold(browser, bare, "/", args.timeout))
            app_times.append(_cold(browser, ROOT, args.url_path, args.timeout))
            print(f"  run {i + 1}: kaal {bare_times[-1]:.2f} s, app {app_times[-1]:.2f} s")
        browser.close()
    bare_s, app_s = statistics.median(bare_times), statistics.median(app_times)
    print(f"eerste pagina, koude server (mediaan van {args.repeat}): kaal {bare_s:.2f} s, app {app_s:.2f} s")
    print(f"verhouding app/kaal: {app_s / bare_s:.2f} (doel ≤ 2)")


if __name__ == "__main__":
    main()
