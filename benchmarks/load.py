"""Load: N people at once on two app processes, each in their own headless Chromium session.

    python benchmarks/load.py [--users 20] [--apps 2] [--rounds 1] [--nginx]
    python benchmarks/load.py --url http://host-a:8501 --url http://host-b:8501   # a running installation

Without ``--url`` the script starts ``--apps`` processes of ``streamlit run app.py`` on one
temporary data folder (the fictional demo, offline; registers in its SQLite file, or
``--database-url``), optionally with nginx (``deploy/nginx.conf``) in front. Each user is a
browser context on its own app (round robin, or through nginx), opening every page of
``--pages`` in turn, ``--rounds`` times. Users start together after one warm-up visit per app.

A page's time runs from the navigation to the moment the app stopped running its script and
showed no skeletons (the last quiet moment, not the quiet wait after it). It prints p50/p95 per
page and overall, the errors (exceptions or error boxes on a page, timeouts), each process's
peak memory (VmHWM from /proc, for processes this script started) and the machine's load.
It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.deploy.processes import app_processes, nginx_in_front  # noqa: E402
from tests.support.cbs_server import CbsServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = [
    "/?gemeente=GM9999&jaar=2024",
    "/kaart?gemeente=GM9999&jaar=2024",
    "/profiel?gemeente=GM9999&jaar=2024&gebied=WK999901",
    "/initiatieven?gemeente=GM9999",
]
_RUNNING = """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
    const t = w ? (w.innerText || '') : '';
    return t.includes('Running') || t.includes('Stop')
        || document.querySelector('[data-testid="stSkeleton"]') !== null
        || document.querySelector('[data-testid="stMain"]') === null; }"""
_PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


async def settled_after(page, started: float, timeout: float, quiet_checks: int = 4, interval: float = 0.25) -> float:
    """Seconds from ``started`` until the page stopped running (the start of its last quiet spell)."""
    await page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    deadline, quiet, quiet_since = started + timeout, 0, None
    while time.perf_counter() < deadline:
        if await page.evaluate(_RUNNING):
            quiet, quiet_since = 0, None
        else:
            quiet_since = quiet_since or time.perf_counter()
            quiet += 1
            if quiet >= quiet_checks:
                return quiet_since - started
        await asyncio.sleep(interval)
    raise TimeoutError(f"niet tot rust gekomen binnen {timeout:g} s")


async def one_user(browser, base: str, pages: list[str], rounds: int, timeout: float, times: dict, errors: list) -> None:
    """One person: their own context (session), every page in turn."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        for _ in range(rounds):
            for path in pages:
                started = time.perf_counter()
                try:
                    await page.goto(base + path, wait_until="domcontentloaded", timeout=timeout * 1000)
                    times.setdefault(path, []).append(await settled_after(page, started, timeout))
                    problems = await page.locator(_PROBLEMS).all_inner_texts()
                    errors.extend(f"{base}{path}: {p[:200]}" for p in problems)
                except Exception as exc:  # a timeout or a crashed page is a result here, not a bug of the script
                    errors.append(f"{base}{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, interpolated."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def run_users(bases: list[str], users: int, pages: list[str], rounds: int, timeout: float) -> tuple[dict, list, dict]:
    """Warm up each base once, then let ``users`` people loose at once; returns (times, errors, warm-up)."""
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {}
    errors: list[str] = []
    warm: dict[str, float] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        for base in bases:
            started = time.perf_counter()
            await one_user(browser, base, pages[:1], 1, timeout, {}, errors)
            warm[base] = time.perf_counter() - started
        await asyncio.gather(
            *(one_user(browser, bases[i % len(bases)], pages, rounds, timeout, times, errors) for i in range(users))
        )
        await browser.close()
    return times, errors, warm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="people at once (default 20)")
    parser.add_argument("--apps", type=int, default=2, help="app processes to start (default 2)")
    parser.add_argument("--url", action="append", default=[], help="a running app to use instead (repeatable)")
    parser.add_argument("--nginx", action="store_true", help="put nginx (deploy/nginx.conf) in front of the processes")
    parser.add_argument("--rounds", type=int, default=1, help="times each user opens every page (default 1)")
    parser.add_argument("--pages", nargs="+", default=PAGES, help="paths with query, opened in turn")
    parser.add_argument("--database-url", default="", help="records database (default: SQLite in the temporary data folder)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds one page may take (default 180)")
    args = parser.parse_args(argv)

    with ExitStack() as stack:
        apps = []
        bases = list(args.url)
        if not bases:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wijkdata-load-")))
            cbs = stack.enter_context(CbsServer([]))
            cbs.fail_after(0, status=500)  # offline demo: CBS answers at once, with an error
            env = {
                "WIJKDATA_DATA_DIR": str(work / "data"),
                "WIJKDATA_CBS_URL": cbs.url,
                "WIJKDATA_PDOK_URL": "http://127.0.0.1:9",
            }
            if args.database_url:
                env["WIJKDATA_DATABASE_URL"] = args.database_url
            apps = stack.enter_context(app_processes(args.apps, env, work / "logs"))
            bases = [a.url for a in apps]
            if args.nginx:
                bases = [stack.enter_context(nginx_in_front([b.removeprefix("http://") for b in bases], work / "nginx"))]
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        times, errors, warm = asyncio.run(run_users(bases, args.users, args.pages, args.rounds, args.timeout))
        wall = time.perf_counter() - started
        memory = [a.peak_memory_mb() for a in apps]

    every = [t for ts in times.values() for t in ts]
    print(f"Wijkdata load: {args.users} users, {len(apps) or len(bases)} app processes"
          f"{' behind nginx' if args.nginx else ''}, {args.rounds} round(s) of {len(args.pages)} pages")  # fmt: skip
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f}; wall {wall:.1f} s")  # fmt: skip
    for base, seconds in warm.items():
        print(f"  warm-up (first page of a fresh process) {base}: {seconds:.1f} s")
    print(f"{'page':58} {'n':>4} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for path, ts in times.items():
        print(f"{path:58} {len(ts):>4} {percentile(ts, 50):>7.2f} {percentile(ts, 95):>7.2f} {max(ts):>7.2f}")
    if every:
        print(f"{'all pages':58} {len(every):>4} {percentile(every, 50):>7.2f} {percentile(every, 95):>7.2f} {max(every):>7.2f}")
        print(f"mean {statistics.mean(every):.2f} s")
    for i, mb in enumerate(memory, 1):
        print(f"app process {i}: peak memory (VmHWM) {mb:.0f} MB" if mb is not None else f"app process {i}: peak memory unknown")
    print(f"errors: {len(errors)}")
    for line in errors[:20]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
