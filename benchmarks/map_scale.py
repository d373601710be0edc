"""Benchmark of the map at national scale: simplify once, read from disk, switch indicators cheaply.

    python benchmarks/map_scale.py [--wijken PATH] [--buurten 500] [--land 14000] [--repeat 9]

Three parts, each through Wijkdata's own code path (``store_boundaries`` simplifies and stores,
``load_drawing`` reads, ``build_figure`` plus what ``st.plotly_chart`` does with a figure), in a
temporary data folder:

1. **Real wijken of the whole country** (default ``../shared/cbs-sample/nl-2024/wijk_2024.geojson.gz``,
   ~3 000 generalised CBS wijken of 165 gemeenten; the national sample has no buurt shapes, so
   these stand in for them): import (simplification once, per gemeente), the drawing file's size,
   the time to read one gemeente's drawing from disk, and the GeoJSON bytes of every gemeente's
   drawing together.
2. **A synthetic gemeente of ``--buurten`` buurten** (Voronoi coverage with wiggly shared edges,
   100–300 vertices per buurt, ``synthetic.py``): simplification once, the cached read, and per
   indicator switch the server time (figure + Streamlit's serialisation) and the bytes sent,
   against 150 ms and 1 MB.
3. **A synthetic Netherlands of ``--land`` buurten** (0 to skip; generating 14 000 takes a
   minute): all of them simplified as one coverage for one national map, and its bytes against 8 MB.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import plotly.io as pio  # noqa: E402
import plotly.tools  # noqa: E402
from synthetic import synthetic_coverage  # noqa: E402

from wijkdata.config import Settings  # noqa: E402
from wijkdata.geo.cache import store_boundaries  # noqa: E402
from wijkdata.geo.drawing import drawing_path  # noqa: E402
from wijkdata.geo.service import import_boundaries, load_drawing  # noqa: E402
from wijkdata.geo.tidy import display_shapes  # noqa: E402
from wijkdata.visual.mapping import build_figure, map_geometry  # noqa: E402

MB = 1_000_000
SAMPLE = ROOT.parent / "shared" / "cbs-sample" / "nl-2024" / "wijk_2024.geojson.gz"


def _geojson_bytes(drawn) -> int:
    features = [
        {"type": "Feature", "id": c, "properties": {}, "geometry": json.loads(g)}
        for c, g in zip(drawn["code"], shapely.to_geojson(np.asarray(drawn.geometry.values, dtype=object)), strict=True)
    ]
    return len(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))


def _sent(fig) -> str:
    """What st.plotly_chart sends: its figure check, then plotly's JSON (orjson when installed)."""
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def national_wijken(path: Path, settings: Settings) -> None:
    print(f"\n1. Echte wijken van heel Nederland ({path.name}; staan in voor buurten: de steekproef heeft geen buurtvlakken)")
    t0 = time.perf_counter()
    result = import_boundaries(settings, path, 2024)
    imported = time.perf_counter() - t0
    per_gm = result.counts.get("wijk", {})
    n = sum(per_gm.values())
    print(f"  import + vereenvoudigen (eenmalig, per gemeente): {imported:.1f} s voor {n} wijken in {len(per_gm)} gemeenten")
    size = drawing_path(settings, 2024, "wijk").stat().st_size
    print(f"  kaartbestand op schijf: {size / MB:.2f} MB")
    reads, total = [], 0
    for gm in sorted(per_gm):
        t0 = time.perf_counter()
        drawn = load_drawing(settings, gm, 2024, "wijk")
        reads.append(time.perf_counter() - t0)
        total += _geojson_bytes(drawn)
    print(
        f"  kaart van één gemeente van schijf lezen: mediaan {statistics.median(reads) * 1000:.0f} ms, "
        f"max {max(reads) * 1000:.0f} ms (geen vereenvoudiging bij het bekijken)"
    )
    print(f"  GeoJSON van alle {n} wijken samen: {total / MB:.2f} MB (grens 8 MB: {total / (8 * MB):.2f}×)")


def _values(codes: list[str], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.gamma(2.0, 900.0, len(codes)).round(1)
    values[rng.random(len(codes)) < 0.05] = np.nan  # secret figures
    return pd.DataFrame({"code": codes, "naam": [f"Buurt {c[-4:]}" for c in codes], "waarde": values})


def synthetic_gemeente(n: int, settings: Settings, repeat: int) -> None:
    shapes = synthetic_coverage(n, prefix="BU0999").assign(gemeente_code="GM0999")
    vertices = int(shapely.get_num_coordinates(shapes.geometry.values).sum())
    print(f"\n2. Synthetische gemeente: {len(shapes)} buurten, {vertices:,} hoekpunten")
    t0 = time.perf_counter()
    store_boundaries(settings, shapes, 2024, "synthetisch", "bestand")
    stored = time.perf_counter() - t0
    t0 = time.perf_counter()
    drawn = load_drawing(settings, "GM0999", 2024, "buurt")
    loaded = time.perf_counter() - t0
    kept = int(shapely.get_num_coordinates(drawn.geometry.values).sum())
    print(
        f"  opslaan + vereenvoudigen (eenmalig): {stored:.2f} s (tolerantie {drawn.attrs['tolerantie_m']:.0f} m, "
        f"{kept:,} hoekpunten over); kaart van schijf lezen: {loaded * 1000:.0f} ms"
    )
    t0 = time.perf_counter()
    geometry = map_geometry(drawn)
    print(f"  GeoJSON-features maken (eenmaal per server, gecachet): {(time.perf_counter() - t0) * 1000:.0f} ms")
    times, sizes = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        fig = build_figure(
            geometry,
            _values(geometry.codes, i),
            titel=f"Indicator {i}",
            eenheid="%",
            decimalen=1,
            k=5,
            gemeentenaam="Gemeente",
            gemeentewaarde=12.5,
        )
        sent = _sent(fig)
        times.append(time.perf_counter() - t0)
        sizes.append(len(sent.encode()))
    ms, size = statistics.median(times) * 1000, max(sizes)
    print(
        f"  wissel van indicator (mediaan van {repeat}): {ms:.0f} ms servertijd (grens 150 ms: {ms / 150:.2f}×), "
        f"{size / MB:.2f} MB verstuurd (grens 1 MB: {size / MB:.2f}×)"
    )


def synthetic_land(n: int) -> None:
    t0 = time.perf_counter()
    shapes = synthetic_coverage(n, (13_000.0, 306_000.0, 278_000.0, 612_000.0), prefix="BU")
    made = time.perf_counter() - t0
    print(f"\n3. Synthetisch Nederland: {len(shapes)} buurten (gemaakt in {made:.0f} s)")
    t0 = time.perf_counter()
    drawn = display_shapes(shapes)
    simplified = time.perf_counter() - t0
    size = _geojson_bytes(drawn)
    print(
        f"  vereenvoudigen als één dekking (eenmalig): {simplified:.1f} s, tolerantie {drawn.attrs['tolerantie_m']:.0f} m; "
        f"GeoJSON van alle buurten: {size / MB:.2f} MB (grens 8 MB: {size / (8 * MB):.2f}×)"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the three parts; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wijken", type=Path, default=SAMPLE)
    parser.add_argument("--buurten", type=int, default=500)
    parser.add_argument("--land", type=int, default=14_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    print(f"JSON voor plotly: {pio.json.config.default_engine} (orjson {'aanwezig' if _has_orjson() else 'ontbreekt'})")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), cbs_url="http://127.0.0.1:9", pdok_url="http://127.0.0.1:9")
        if args.wijken.exists():
            national_wijken(args.wijken, settings)
        else:
            print(f"\n1. overgeslagen: {args.wijken} ontbreekt")
        synthetic_gemeente(args.buurten, settings, args.repeat)
    if args.land:
        synthetic_land(args.land)


def _has_orjson() -> bool:
    try:
        import orjson  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
