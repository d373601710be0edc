"""Benchmark of the map: simplification, payload to the browser, and switching the indicator.

    python benchmarks/map_render.py [--buurten 500] [--land 14000] [--repeat 15]

Builds a synthetic gemeente of about 500 buurten and a synthetic Netherlands of about 14 000
(Voronoi coverages in EPSG:28992 whose shared edges wiggle, 100–300 vertices per area, see
``synthetic.py``) and prints, for each:

- the time to simplify them as a coverage for drawing (``geo.display_shapes``) and the tolerance;
- the GeoJSON payload after simplification and rounding, and the whole figure as sent to the
  browser (``fig.to_json()``), against the limits of 1 MB (gemeente) and 8 MB (Nederland);
- the first build of the map (GeoJSON features + figure) against the median time to switch the
  indicator, when only the values (colour classes, customdata) change and the geometry is reused.

It prints figures; it asserts nothing except the payload limits (exit status 1 when exceeded).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_coverage  # noqa: E402

from wijkdata.geo.tidy import display_shapes  # noqa: E402
from wijkdata.visual.mapping import build_figure, map_geometry  # noqa: E402

MB = 1_000_000


def _values(codes: list[str], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.gamma(2.0, 900.0, len(codes)).round()
    values[rng.random(len(codes)) < 0.05] = np.nan  # some secret figures
    return pd.DataFrame({"code": codes, "naam": [f"Buurt {c[-4:]}" for c in codes], "waarde": values})


def run(label: str, n: int, bounds: tuple[float, float, float, float], prefix: str, limit: int, repeat: int) -> bool:
    t0 = time.perf_counter()
    shapes = synthetic_coverage(n, bounds, prefix=prefix)
    made = time.perf_counter() - t0
    vertices = shapely.get_num_coordinates(shapes.geometry.values)
    print(
        f"\n{label}: {len(shapes)} buurten, {int(vertices.sum()):,} vertices "
        f"(median {int(np.median(vertices))} per buurt, {int(vertices.min())}–{int(vertices.max())}); "
        f"generated in {made:.1f} s"
    )

    t0 = time.perf_counter()
    drawn = display_shapes(shapes)
    simplify_s = time.perf_counter() - t0
    kept = int(shapely.get_num_coordinates(drawn.geometry.values).sum())
    print(
        f"  simplify (coverage, to EPSG:4326, rounded): {simplify_s:.2f} s, "
        f"tolerance {drawn.attrs['tolerantie_m']:.0f} m, {kept:,} vertices kept ({kept / len(drawn):.0f} per buurt)"
    )

    t0 = time.perf_counter()
    geometry = map_geometry(drawn)
    fig = build_figure(
        geometry,
        _values(geometry.codes, 0),
        titel="Aantal inwoners",
        eenheid="aantal",
        gemeentenaam="Gemeente",
        gemeentewaarde=123456,
    )
    payload = fig.to_json()
    first_s = time.perf_counter() - t0
    geojson = json.dumps({"type": "FeatureCollection", "features": list(geometry.features.values())}, separators=(",", ":"))
    ok = len(payload) < limit
    print(
        f"  GeoJSON payload: {len(geojson) / MB:.2f} MB; whole figure sent to the browser: {len(payload) / MB:.2f} MB "
        f"(limit {limit / MB:.0f} MB: {'ok' if ok else 'TOO LARGE'})"
    )

    switches = []
    for i in range(repeat):
        values = _values(geometry.codes, i + 1)
        t0 = time.perf_counter()
        fig = build_figure(
            geometry,
            values,
            titel=f"Indicator {i}",
            eenheid="%",
            decimalen=1,
            method="gelijke intervallen",
            gemeentenaam="Gemeente",
            gemeentewaarde=12.5,
        )
        build_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        fig.to_json()
        switches.append((build_s, time.perf_counter() - t1))
    build_med = statistics.median(s[0] for s in switches)
    json_med = statistics.median(s[1] for s in switches)
    print(f"  first build (GeoJSON features + figure + to_json): {first_s * 1000:.0f} ms")
    print(
        f"  switch indicator, geometry cached (median of {repeat}): figure {build_med * 1000:.0f} ms "
        f"+ to_json {json_med * 1000:.0f} ms = {(build_med + json_med) * 1000:.0f} ms"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=500)
    parser.add_argument("--land", type=int, default=14_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    ok = run("Gemeente", args.buurten, (180_000.0, 430_000.0, 200_000.0, 450_000.0), "BU0999", 1 * MB, args.repeat)
    if args.land:
        ok &= run("Nederland", args.land, (13_000.0, 306_000.0, 278_000.0, 612_000.0), "BU", 8 * MB, max(3, args.repeat // 3))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
