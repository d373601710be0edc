"""Fill a data dir with every gemeente of a national CBS sample, one ``sync`` per gemeente, once.

    python benchmarks/_national_cache.py [--data /tmp/nlcache] [--sample ../shared/cbs-sample/nl-2024] [--jaar 2024]

Starts the acceptance stand-in for CBS (``lib/cbs_feed.py``) on a free port, then runs
``python -m wijkdata sync --gemeente GMxxxx --jaar 2024`` (in this process, through
:func:`wijkdata.cli.main`) for each gemeente of the sample that is not cached yet. Reused by
``compare_national.py``; a second call with everything cached does nothing. Prints the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FEED = ROOT.parent / "shared" / "acceptance" / "lib" / "cbs_feed.py"
SAMPLE = ROOT.parent / "shared" / "cbs-sample" / "nl-2024"


def _gemeenten(sample: Path) -> list[str]:
    path = sample / "TypedDataSet.json.gz"
    if path.exists():
        with gzip.open(path) as fh:
            rows = json.loads(fh.read())
    else:
        rows = json.loads((sample / "TypedDataSet.json").read_text())
    return sorted({r["Codering_3"].strip() for r in rows if str(r.get("Codering_3", "")).startswith("GM")})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def national_cache(data: Path, sample: Path = SAMPLE, jaar: int = 2024) -> Path:
    """Make sure every gemeente of ``sample`` is cached under ``data`` for ``jaar``; returns ``data``."""
    from wijkdata.cbs.cache import read_manifest
    from wijkdata.config import Settings

    wanted = _gemeenten(sample)
    have = {e.gemeente for e in read_manifest(Settings(data_dir=data)) if e.year == jaar}
    todo = [g for g in wanted if g not in have]
    print(f"national cache {data}: {len(wanted)} gemeenten in the sample, {len(have)} cached, {len(todo)} to pull")
    if not todo:
        return data
    port = _free_port()
    feed = subprocess.Popen(
        [sys.executable, str(FEED), str(port), str(sample)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(1.0)
        os.environ.update(WIJKDATA_DATA_DIR=str(data), WIJKDATA_CBS_URL=f"http://127.0.0.1:{port}")
        from wijkdata.cli import main

        t0 = time.perf_counter()
        failed = []
        for i, gm in enumerate(todo, 1):
            if main(["sync", "--gemeente", gm, "--jaar", str(jaar), "--stil"]) != 0:
                failed.append(gm)
            if i % 20 == 0:
                print(f"  {i}/{len(todo)} in {time.perf_counter() - t0:.0f} s", flush=True)
        print(f"pulled {len(todo) - len(failed)} gemeenten in {time.perf_counter() - t0:.0f} s; failed: {failed or 'none'}")
    finally:
        feed.terminate()
        feed.wait()
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/nlcache"))
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--jaar", type=int, default=2024)
    args = parser.parse_args()
    national_cache(args.data, args.sample, args.jaar)
