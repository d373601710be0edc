"""Hold Wijkdata to the whole country: every gemeente of the national CBS sample, end to end.

    python scripts/sweep.py                       # all 165 gemeenten of ../shared/cbs-sample/nl-2024
    python scripts/sweep.py --limit 5 --jobs 2    # the first five, two at a time
    python scripts/sweep.py --gemeente GM0014     # one

The sample folder (gzipped OData entity sets of table 85984NED, plus ``wijk_2024.geojson.gz``) is
served by the project's own CBS stand-in (:mod:`tests.support.cbs_server`, OData v3 over HTTP on
127.0.0.1), so every pull runs the product's real path: ``CbsClient`` → ``cbsodata`` →
``requests``. Per gemeente the sweep

1. pulls it with :func:`wijkdata.cbs.sync.sync` into a temporary data folder;
2. exports its kerncijfers as CSV (the file a user opens) and compares every figure with the
   sample: each published value equal, each gap (``null``) an empty cell, each name right;
3. checks its wijk shapes (imported once per worker from the national GeoJSON with
   ``import_boundaries``) load and all match a wijk in the figures;
4. renders every page (``pages/*.py``, through ``main.py`` and its navigation) with Streamlit's
   AppTest with ``?gemeente=…&jaar=2024``, counting exceptions (and error boxes apart).

It prints one line per gemeente and a total line; exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT.parent / "shared" / "cbs-sample" / "nl-2024"
YEAR = 2024
#: CBS text columns: not figures, compared as names or not at all.
TEXT_TYPES = {"String"}


@dataclass
class Outcome:
    """What the sweep found for one gemeente."""

    code: str
    naam: str = ""
    equal: int = 0
    gaps: int = 0
    differ: list[str] = field(default_factory=list)
    names_wrong: list[str] = field(default_factory=list)
    wijken: int = 0
    shapes: int = 0
    shape_problems: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.differ or self.names_wrong or self.shape_problems or self.exceptions or self.failure)

    def line(self) -> str:
        parts = [
            f"{self.code} {self.naam[:24]:<24}",
            f"{self.equal:>5} gelijk",
            f"{self.gaps:>4} gaten",
            f"{len(self.differ)} anders",
            f"namen {'goed' if not self.names_wrong else f'{len(self.names_wrong)} fout'}",
            f"grenzen {self.shapes}/{self.wijken}",
            f"{len(self.exceptions)} uitzonderingen",
            f"{len(self.errors)} foutmeldingen",
            f"{self.seconds:.1f}s (" + ", ".join(f"{k} {v:.1f}" for k, v in self.timings.items()) + ")",
        ]
        found = [*self.differ[:2], *self.names_wrong[:2], *self.shape_problems[:2], *self.exceptions[:2]]
        details = self.failure or "; ".join(found)
        return " · ".join(parts) + (f"  ← {details}" if details else "")


# -- the sample -----------------------------------------------------------------------------------


def read_set(folder: Path, name: str) -> list[dict[str, Any]]:
    """One entity set of the sample (gzipped or plain; a bare list or CBS's ``value`` wrapper)."""
    from tests.support.cbs_server import read_entity_set

    path = folder / f"{name}.json.gz"
    return read_entity_set(path if path.exists() else folder / f"{name}.json")


def gemeenten(folder: Path) -> list[tuple[str, str]]:
    """``(code, naam)`` of every gemeente in the sample, in its order."""
    from wijkdata.codes import clean_code, is_code

    regions = read_set(folder, "WijkenEnBuurten")
    return [(clean_code(r["Key"]), str(r["Title"]).strip()) for r in regions if is_code(r["Key"], "gemeente")]


# -- one worker -----------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _start_worker(cbs_url: str, base: str, folder: str) -> None:
    """Give this worker its own data folder (a copy of ``base``, with the shapes) and the sample."""
    from wijkdata.codes import gemeente_of

    data = Path(tempfile.mkdtemp(prefix="sweep-worker-"))
    shutil.copytree(base, data, dirs_exist_ok=True)
    os.environ.update(
        WIJKDATA_DATA_DIR=str(data),
        WIJKDATA_CBS_URL=cbs_url,
        WIJKDATA_PDOK_URL="http://127.0.0.1:9",
        WIJKDATA_TIMEOUT="60",
    )
    os.environ.pop("WIJKDATA_DATABASE_URL", None)
    os.environ.pop("WIJKDATA_GEMEENTE", None)
    sample = Path(folder)
    props = read_set(sample, "DataProperties")
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in read_set(sample, "TypedDataSet"):
        code = str(row["Codering_3"]).strip()
        rows.setdefault(gemeente_of(code) or code, []).append(row)
    _STATE.update(
        data=data,
        rows=rows,
        names={str(r["Key"]).strip(): str(r["Title"]).strip() for r in read_set(sample, "WijkenEnBuurten")},
        figures=[str(p["Key"]) for p in props if p.get("Type") == "Topic" and p.get("Datatype") not in TEXT_TYPES],
        pages=sorted(p.stem for p in (ROOT / "pages").glob("*.py")),
    )


def _number(text: str) -> float:
    """A CSV cell as Dutch Excel reads it: decimal comma, no thousands separator."""
    if "." in text:
        raise ValueError(f"punt in {text!r}")
    return float(text.replace(",", "."))


def _compare_export(out: Outcome, settings: Any, gm: str) -> None:
    from wijkdata.cbs.export import export_kerncijfers
    from wijkdata.cbs.kerncijfers import load_kerncijfers

    k = load_kerncijfers(settings, gm)
    path = Path(_STATE["data"]) / f"{gm}.csv"
    export_kerncijfers(k, path, "csv", [YEAR])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.DictReader(fh, delimiter=";"))
    path.unlink()
    got = {(r["code"], r["cbs_kolom"]): r["waarde"] for r in exported}
    names = {r["code"]: r["naam"] for r in exported}
    for row in [*_STATE["rows"].get("NL00", []), *_STATE["rows"][gm]]:
        code = str(row["Codering_3"]).strip()
        want_name = _STATE["names"].get(code)
        if names.get(code) != want_name:
            out.names_wrong.append(f"{code}: {names.get(code)!r} ≠ {want_name!r}")
        for key in _STATE["figures"]:
            value, have = row.get(key), got.get((code, key))
            if have is None:
                out.differ.append(f"{code} {key}: ontbreekt in de export")
            elif value is None:
                if have == "":
                    out.gaps += 1
                else:
                    out.differ.append(f"{code} {key}: CBS leeg, export {have!r}")
            else:
                try:
                    same = math.isclose(_number(have), float(value), rel_tol=1e-12, abs_tol=1e-12)
                except ValueError:
                    same = False
                if same:
                    out.equal += 1
                else:
                    out.differ.append(f"{code} {key}: CBS {value}, export {have!r}")


def _check_shapes(out: Outcome, settings: Any, gm: str) -> None:
    from wijkdata.geo.service import load_boundaries

    wijken = {str(r["Codering_3"]).strip() for r in _STATE["rows"][gm] if str(r["SoortRegio_2"]).strip() == "Wijk"}
    out.wijken = len(wijken)
    shapes = load_boundaries(settings, gm, YEAR, "wijk")
    codes = set(shapes["code"])
    out.shapes = len(codes & wijken)
    if codes - wijken:
        out.shape_problems.append(f"grenzen zonder cijfers: {sorted(codes - wijken)[:3]}")
    if wijken - codes:
        out.shape_problems.append(f"wijken zonder grens: {sorted(wijken - codes)[:3]}")


def _render_pages(out: Outcome, gm: str) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=120)
    at.query_params["gemeente"] = gm
    at.query_params["jaar"] = str(YEAR)
    at.run()
    for page in _STATE["pages"]:
        at.switch_page(f"pages/{page}.py")
        at.run()
        out.exceptions += [f"{page}: {str(e.value).splitlines()[0][:160]}" for e in at.exception]
        out.errors += [f"{page}: {str(e.value)[:160]}" for e in at.error]
        if any("fictieve demogemeente" in str(e.value) for e in at.info):  # the gemeente did not load
            out.exceptions.append(f"{page}: toont de fictieve demo in plaats van {out.naam}")


def sweep_one(task: tuple[str, str]) -> dict[str, Any]:
    """Pull, export, compare, check shapes and render every page for one gemeente.

    Returns the :class:`Outcome` as a dict, to travel to the parent process as JSON.
    """
    from wijkdata.cbs.sync import sync
    from wijkdata.config import get_settings
    from wijkdata.errors import WijkdataError

    gm, naam = task
    out = Outcome(gm, naam)
    started = time.perf_counter()
    settings = get_settings()
    timings: dict[str, float] = {}
    steps = (
        ("sync", lambda: sync(settings, gm, [YEAR])),
        ("export", lambda: _compare_export(out, settings, gm)),
        ("grenzen", lambda: _check_shapes(out, settings, gm)),
        ("pagina's", lambda: _render_pages(out, gm)),
    )
    try:
        for name, step in steps:
            begun = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - begun
    except WijkdataError as exc:
        out.failure = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a bug: report it on the gemeente's line and carry on with the next
        out.failure = f"BUG {type(exc).__name__}: {str(exc)[:200]}"
    out.seconds = time.perf_counter() - started
    out.timings = timings
    return asdict(out)


# -- the run --------------------------------------------------------------------------------------


def _prepare_base(folder: Path, base: Path) -> dict[str, int]:
    """Import the national wijk shapes once into ``base``; returns wijken stored per gemeente."""
    from wijkdata.config import Settings
    from wijkdata.geo.service import import_boundaries

    geo = base / "wijk_2024.geojson"
    geo.write_bytes(gzip.decompress((folder / "wijk_2024.geojson.gz").read_bytes()))
    result = import_boundaries(Settings(data_dir=base), geo, YEAR)
    geo.unlink()
    for note in result.notes:
        print(f"grenzen: {note}")
    return result.counts.get("wijk", {})


def _worker(args: argparse.Namespace) -> int:
    """A worker process: sweep the gemeenten given, one JSON line per gemeente on stdout."""
    _start_worker(args.cbs_url, str(args.base), str(args.sample))
    for task in json.loads(args.worker):
        print(json.dumps(sweep_one(tuple(task)), ensure_ascii=False), flush=True)
    shutil.rmtree(_STATE["data"], ignore_errors=True)
    return 0


def _run_workers(todo: list[tuple[str, str]], jobs: int, cbs_url: str, base: Path, sample: Path) -> Iterator[Outcome]:
    """Sweep ``todo`` in ``jobs`` worker processes (each its own Streamlit runtime); outcomes as they come."""
    found: queue.Queue[Outcome | None] = queue.Queue()
    chunks = [todo[i::jobs] for i in range(jobs) if todo[i::jobs]]

    def run(chunk: list[tuple[str, str]]) -> None:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(chunk), "--cbs-url", cbs_url]
        command += ["--base", str(base), "--sample", str(sample)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
            done = set()
            for line in proc.stdout or []:
                if line.startswith("{"):
                    out = Outcome(**json.loads(line))
                    done.add(out.code)
                    found.put(out)
        for code, naam in chunk:  # a worker that died leaves its gemeenten unswept: say so
            if code not in done:
                found.put(Outcome(code, naam, failure=f"werkproces stopte (exitcode {proc.returncode})"))
        found.put(None)

    threads = [threading.Thread(target=run, args=(chunk,), daemon=True) for chunk in chunks]
    for thread in threads:
        thread.start()
    running = len(threads)
    while running:
        out = found.get()
        if out is None:
            running -= 1
        else:
            yield out


def main(argv: list[str] | None = None) -> int:
    """Run the sweep; returns the exit status (0: every figure, name, shape and page right)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="map met de landelijke steekproef (nl-2024)")
    parser.add_argument("--limit", type=int, default=None, help="alleen de eerste N gemeenten")
    parser.add_argument("--gemeente", action="append", default=[], help="alleen deze gemeente(n)")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)), help="gemeenten tegelijk")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--cbs-url", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    if not (args.sample / "TypedDataSet.json.gz").exists() and not (args.sample / "TypedDataSet.json").exists():
        print(f"Geen CBS-steekproef in {args.sample}.", file=sys.stderr)
        return 1

    from tests.support.cbs_server import CbsServer

    todo = gemeenten(args.sample)
    if args.gemeente:
        wanted = {g.strip().upper() for g in args.gemeente}
        todo = [t for t in todo if t[0] in wanted]
    todo = todo[: args.limit] if args.limit else todo
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix="sweep-base-"))
    outcomes: list[Outcome] = []
    try:
        imported = _prepare_base(args.sample, base)
        took = time.perf_counter() - started
        print(f"grenzen: {sum(imported.values())} wijken van {len(imported)} gemeenten geïmporteerd ({took:.0f}s)", flush=True)
        with CbsServer([args.sample]) as server:
            for out in _run_workers(todo, max(1, args.jobs), server.url, base, args.sample):
                outcomes.append(out)
                print(out.line(), flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    equal = sum(o.equal for o in outcomes)
    gaps = sum(o.gaps for o in outcomes)
    differ = sum(len(o.differ) for o in outcomes)
    names = sum(len(o.names_wrong) for o in outcomes)
    exceptions = sum(len(o.exceptions) for o in outcomes)
    errors = sum(len(o.errors) for o in outcomes)
    failed = [o.code for o in outcomes if o.failure]
    shapes = sum(o.shapes for o in outcomes)
    wijken = sum(o.wijken for o in outcomes)
    print(
        f"{len(outcomes)} gemeenten: {equal} cijfers gelijk, {gaps} gaten behouden, {exceptions} pagina-uitzonderingen"
        f" ({differ} cijfers anders, {names} namen fout, grenzen {shapes}/{wijken} wijken, {errors} foutmeldingen op pagina's,"
        f" {len(failed)} gemeenten mislukt{': ' + ', '.join(failed[:10]) if failed else ''};"
        f" {time.perf_counter() - started:.0f}s met {args.jobs} tegelijk)"
    )
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
