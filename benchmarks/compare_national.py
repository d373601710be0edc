"""Benchmark of the national index and of Vergelijken with "lijkt op" over all of the Netherlands.

    python benchmarks/compare_national.py [--data /tmp/nlcache] [--repeat 5] [--no-page]

Fills ``--data`` once with every gemeente of the national CBS sample (``_national_cache.py``),
then prints:

- the index build: full, incremental after one gemeente's new pull, and a refresh with nothing changed;
- reading the "lijkt op" columns for every area of the country from the index, against loading
  every cached gemeente (what the page did before the index);
- Vergelijken across three gemeenten with ``lijkt_op=nl`` in headless Chromium (the acceptance
  check's ``browse.py``), warm second load, against a bare Streamlit page, and the server's peak
  memory (VmHWM).

It prints figures; it asserts nothing.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _national_cache import SAMPLE, national_cache  # noqa: E402

from wijkdata.analysis.compare import DEFAULT_SIMILARITY_KEYS  # noqa: E402
from wijkdata.cbs import cache, index  # noqa: E402
from wijkdata.config import Settings  # noqa: E402

BROWSE = ROOT.parent / "shared" / "acceptance" / "lib" / "browse.py"


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def index_figures(settings: Settings, repeat: int) -> None:
    entries = cache.read_manifest(settings)
    full, _ = timed(lambda: index.refresh(settings, force=True))
    print(f"index build, full: {full:.2f} s for {len(entries)} gemeente-years")
    one = entries[len(entries) // 2]
    path = settings.cbs_dir / one.table_id / f"{one.gemeente}.parquet"
    cache.store_table(  # a new pull of one gemeente, as sync writes it
        settings,
        cache.read_info(settings, one.table_id),
        cache.read_properties(settings, one.table_id),
        cache.read_rows(settings, one.table_id, one.gemeente),
        one.gemeente,
        one.year,
    )
    incremental, rebuilt = timed(lambda: index.refresh(settings))
    print(f"index refresh after one new pull ({one.gemeente}): {incremental:.2f} s (years {rebuilt}); {path.name}")
    unchanged, _ = timed(lambda: index.refresh(settings), repeat)
    print(f"index refresh, nothing changed: {unchanged * 1000:.1f} ms")
    part = index.index_dir(settings) / f"jaar={one.year}" / "part-0.parquet"
    print(f"index size {one.year}: {part.stat().st_size / 1e6:.1f} MB")

    keys = DEFAULT_SIMILARITY_KEYS
    read, frame = timed(lambda: index.latest(settings, one.year, keys), repeat)
    print(f"read lijkt-op columns ({len(keys)} indicators) for {len(frame)} areas from the index: {read * 1000:.0f} ms")
    from wijkdata.cbs.kerncijfers import load_kerncijfers

    gemeenten = sorted({e.gemeente for e in entries})
    before, _ = timed(lambda: [load_kerncijfers(settings, g) for g in gemeenten])
    print(f"load every cached gemeente instead (before the index): {before:.2f} s = {before / read:.0f}× the index read")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(folder: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--browser.gatherUsageStats", "false"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("streamlit did not start")


def _browse(url: str, name: str) -> float:
    import json

    out = subprocess.run([sys.executable, str(BROWSE), url, name], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["exceptions"] or result["errors"]:
        print(f"  {name}: {result['exceptions'] or result['errors']}")
    return float(result["seconds"])


def _peak_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) // 1024
    return 0


def page_figures(settings: Settings, gemeente: str, areas: list[str], repeat: int) -> None:
    env = dict(os.environ, WIJKDATA_DATA_DIR=str(settings.data_dir), WIJKDATA_GEMEENTE=gemeente)
    env.update(WIJKDATA_CBS_URL="http://127.0.0.1:9", WIJKDATA_PDOK_URL="http://127.0.0.1:9", SHOTS=tempfile.mkdtemp())
    bare_dir = Path(tempfile.mkdtemp())
    (bare_dir / "app.py").write_text('import streamlit as st\nst.title("Kaal")\nst.write("hallo")\n')
    bare, bare_url = _serve(bare_dir, env)
    app, app_url = _serve(ROOT, env)
    try:
        url = f"{app_url}/vergelijken?gemeente={gemeente}&jaar=2024&gebieden={','.join(areas)}&lijkt_op=nl"
        first = _browse(url, "compare-1")
        _browse(bare_url, "bare-1")
        bare_s = statistics.median(_browse(bare_url, f"bare-{i + 2}") for i in range(repeat))
        page_s = statistics.median(_browse(url, f"compare-{i + 2}") for i in range(repeat))
        print(f"Vergelijken, 3 gemeenten + lijkt op NL: first {first:.2f} s; warm {page_s:.2f} s vs bare page {bare_s:.2f} s")
        print(f"  = {page_s / bare_s:.2f}× a bare page (target ≤ 3×); server peak memory {_peak_mb(app.pid)} MB (target ≤ 600)")
    finally:
        for proc in (app, bare):
            proc.terminate()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/nlcache"))
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--gemeente", default="GM0200")
    parser.add_argument("--gebieden", default="WK061301,WK036101,WK014110", help="three wijken of three gemeenten")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-page", action="store_true", help="skip the browser measurement")
    args = parser.parse_args()
    settings = Settings(data_dir=national_cache(args.data, args.sample))
    index_figures(settings, args.repeat)
    if not args.no_page:
        page_figures(settings, args.gemeente, args.gebieden.split(","), args.repeat)


if __name__ == "__main__":
    main()
