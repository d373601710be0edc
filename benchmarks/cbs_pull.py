"""Benchmark of pulling from CBS: bytes and time against the route a user would take without Wijkdata.

    python benchmarks/cbs_pull.py [SAMPLE_DIR] [--gemeente GM0200] [--page 1000]

Serves the national sample (default ``../shared/cbs-sample/nl-2024``: table 85984NED, 165
gemeenten, gzipped entity sets) with the project's CBS stand-in (``tests/support/cbs_server.py``,
the real OData v3 protocol, every answer's bytes counted) and measures, in one run:

- naive: ``cbsodata.get_data`` of the whole table, as a user without Wijkdata would;
- one gemeente-year: ``sync --gemeente GM0200 --jaar 2024`` into an empty cache (the list of
  gemeenten included, as on a first pull);
- national: ``sync --alle --jaar 2024`` into that cache, and how many gemeenten it cached;
- ``normalise_table`` for the gemeente's rows, and importing ``wijkdata.cbs.sync`` / running
  ``python -m wijkdata status`` in a fresh interpreter.

It prints figures and the ratios issue 13 sets (naive / one gemeente ≥ 50; national / naive ≤ 1.5);
it asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.cbs_server import CbsServer  # noqa: E402
from wijkdata.cbs.national import sync_alle  # noqa: E402
from wijkdata.cbs.sync import sync  # noqa: E402
from wijkdata.config import Settings  # noqa: E402

MB = 1_000_000


def _measure(server: CbsServer, what: str, run) -> tuple[int, float]:
    server.log.clear()
    t0 = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - t0
    sent, requests = server.bytes_sent, len(server.log)
    print(f"{what:<34} {sent / MB:8.3f} MB  {requests:4d} requests  {seconds:6.2f} s")
    return sent, seconds, result


def _naive(server: CbsServer, table_id: str) -> list:
    import cbsodata

    old = cbsodata.options.use_https
    cbsodata.options.use_https = False
    try:
        return cbsodata.get_data(table_id, catalog_url=server.url.removeprefix("http://"))
    finally:
        cbsodata.options.use_https = old


def _fresh_python(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t0


def _normalise_seconds(sample: Path, gemeente: str, repeat: int = 5) -> tuple[int, float]:
    from wijkdata.cbs.normalise import normalise_table

    def load(name: str) -> list:
        path = sample / f"{name}.json.gz"
        return (
            json.loads(gzip.decompress(path.read_bytes())) if path.exists() else json.loads((sample / f"{name}.json").read_text())
        )

    number = gemeente[2:]
    rows = [r for r in load("TypedDataSet") if r["Codering_3"].strip()[2:6] == number or r["Codering_3"].startswith("NL")]
    props, regions = load("DataProperties"), load("WijkenEnBuurten")
    normalise_table(rows, props, regions, gemeente)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        normalise_table(rows, props, regions, gemeente)
        times.append(time.perf_counter() - t0)
    return len(rows), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=ROOT.parent / "shared" / "cbs-sample" / "nl-2024")
    parser.add_argument("--gemeente", default="GM0200")
    parser.add_argument(
        "--page", type=int, default=1000, help="rows per answer before odata.nextLink (acceptance stand-in: 1000)"
    )
    args = parser.parse_args()
    if not args.sample.is_dir():
        sys.exit(f"no sample at {args.sample}")

    with CbsServer([args.sample], page_size=args.page) as server, tempfile.TemporaryDirectory() as tmp:
        table_id = next(iter(server._tables))
        year = int(server.table(table_id).info["Period"][:4])
        settings = Settings(data_dir=Path(tmp), cbs_url=server.url, timeout=120.0)
        print(f"Sample {args.sample} (table {table_id}, {year}), stand-in page size {args.page}\n")
        naive, naive_s, rows = _measure(server, "naive: cbsodata.get_data (whole)", lambda: _naive(server, table_id))
        del rows
        one, one_s, _ = _measure(server, f"one gemeente-year ({args.gemeente})", lambda: sync(settings, args.gemeente, [year]))
        alle, alle_s, result = _measure(server, "national: sync --alle", lambda: sync_alle(settings, [year]))
    cached = len(result.gemeenten(year))
    print(f"\ncached by sync --alle: {cached} gemeenten; notes: {len(result.notes)}")
    for note in result.notes[:5]:
        print(f"  {note}")
    print("\nRatios")
    print(f"  naive / one gemeente-year, bytes  {naive / one:8.1f}   (issue 13: ≥ 50)")
    print(f"  naive / one gemeente-year, time   {naive_s / one_s:8.1f}")
    print(f"  national / naive, bytes           {alle / naive:8.2f}   (issue 13: ≤ 1.5)")
    print(f"  national / naive, time            {alle_s / naive_s:8.2f}")

    n, seconds = _normalise_seconds(args.sample, args.gemeente)
    print(f"\nnormalise_table, {n} rows of {args.gemeente}: {seconds * 1000:.1f} ms (issue 13 measured 240 ms for 109 rows)")
    bare = min(_fresh_python("pass") for _ in range(3))
    imp = min(_fresh_python("import wijkdata.cbs.sync") for _ in range(3))
    status = min(_fresh_python("from wijkdata.cli import main; main(['status'])") for _ in range(3))
    print(f"fresh interpreter: bare {bare:.2f} s; import wijkdata.cbs.sync {imp:.2f} s; status {status:.2f} s")


if __name__ == "__main__":
    main()
