"""Wijk and buurt boundaries: the only module that fetches or reads them; owns CRS and simplification.

Where boundaries come from
--------------------------
- **PDOK** (online): the OGC API Features service of the CBS wijk- en buurtkaart of each year,
  ``{WIJKDATA_PDOK_URL}/cbs/wijken-en-buurten-{jaar}/ogc/v1/collections/{wijken|buurten}/items``,
  asked for one gemeente (``gemeentecode=GM0200``), ``f=json``, pages of :data:`PAGE_SIZE`
  followed by their ``rel="next"`` link, coordinates in EPSG:28992 (``crs=``; when the server
  ignores that and sends no ``Content-Crs`` header, CRS84 is assumed, as the standard says).
- **A file** (offline): ``python -m wijkdata import grenzen FILE --jaar 2024`` reads anything
  geopandas reads: the CBS wijk- en buurtkaart GeoPackage (layers ``wijken`` and ``buurten``,
  code columns ``wijkcode``/``buurtcode``) or the generalised CBS "gebiedsindelingen" GeoJSON
  (code column ``statcode``, name ``statnaam`` or ``name``). The code column is found by its
  contents (values like ``WK020001``/``BU02000101``); the level follows from the code prefix.
- **The demo** gemeente GM9999 uses its generated shapes (:mod:`wijkdata.demo.shapes`).

Land and water
--------------
The wijk- en buurtkaart can hold one code twice: a land part (``water`` = ``"NEE"``) and a water
part (``"JA"``). Wijkdata **keeps the land part** and drops the water part, because the figures
are about where people live and the generalised CBS maps are land-only as well. A code that only
has water parts keeps them, so no area ever loses its shape. Several parts of one code that
remain are dissolved into one (multi)polygon.

Cache
-----
``<data dir>/grenzen/<jaar>/<niveau>.parquet`` (GeoParquet, EPSG:28992, columns ``code``,
``naam``, ``niveau``, ``gemeente_code``, ``geometry``) holds **every** area imported or fetched for
that year and level, at the resolution of the source: imports of several gemeenten merge, a
newer import replaces the same codes. ``grenzen/manifest.json`` says per (jaar, niveau, gemeente)
where the shapes came from and when. Files are written with :func:`wijkdata.storage.atomic_write`
(temporary file, then ``os.replace``), the manifest last.

CRS and simplification
----------------------
Everything is stored and computed in EPSG:28992 (metres). Only :func:`display_shapes` converts to
EPSG:4326, to draw. When the areas drawn together have more vertices than :func:`vertex_budget`
allows (36 000 for a gemeente, 16 per area for the whole country, which keeps the map sent to
the browser under 1 MB per gemeente and under 8 MB for all of the Netherlands), it simplifies
them **as one coverage** (:func:`shapely.coverage_simplify`, Visvalingam–Whyatt on shared
edges), so neighbours keep sharing their border exactly: no gaps, no slivers. The tolerance is
not fixed: a first guess from the typical area size (never below :data:`MIN_TOLERANCE` metres)
grows until the drawing fits the budget. The cache keeps the full resolution; the simplified
drawing lives in memory only (the app caches it per gemeente, year and level). Exports
(:func:`export_boundaries`) are **not** simplified: GIS colleagues get the source resolution.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import geopandas as gpd
import numpy as np
import pandas as pd
import requests
import shapely

from wijkdata.cbs.client import check_gemeente_code
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import DEMO_GEMEENTE, level_of
from wijkdata.config import Settings
from wijkdata.errors import CacheError, GeoError, InputFileError, NotCached, PdokUnavailable, WijkdataError
from wijkdata.storage import atomic_write, locked

__all__ = [
    "CRS_RD",
    "CRS_WGS84",
    "COLLECTIONS",
    "BoundaryEntry",
    "ExportResult",
    "ImportResult",
    "JoinReport",
    "boundary_source",
    "display_shapes",
    "export_boundaries",
    "fetch_pdok",
    "import_boundaries",
    "join_figures",
    "load_boundaries",
    "pdok_items_url",
    "read_boundaries_file",
    "read_manifest",
    "simplify_coverage",
    "store_boundaries",
    "vertex_budget",
]

CRS_RD = "EPSG:28992"
CRS_WGS84 = "EPSG:4326"
#: Level → PDOK collection (and GeoPackage layer) name.
COLLECTIONS = {"wijk": "wijken", "buurt": "buurten"}
#: Features per PDOK page (PDOK's maximum is 1000).
PAGE_SIZE = 1000
#: Smallest simplification tolerance for drawing, in metres.
MIN_TOLERANCE = 2.0
#: Columns of every boundaries frame this module returns.
COLUMNS = ["code", "naam", "niveau", "geometry"]

_CRS_URI_RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
_CODE = re.compile(r"^(WK|BU)\d{6,8}$")
_NAME_COLUMNS = {
    "buurtcode": ["buurtnaam"],
    "wijkcode": ["wijknaam"],
    "statcode": ["statnaam", "name", "naam"],
    "bu_code": ["bu_naam"],
    "wk_code": ["wk_naam"],
    "code": ["naam", "name"],
}
_MAX_PAGES = 500
_MANIFEST = "manifest.json"


# --- records -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoundaryEntry:
    """Where the cached shapes of one (jaar, niveau, gemeente) came from."""

    jaar: int
    niveau: str
    gemeente: str
    bron: str  # "PDOK <url>" or the file name
    soort: str  # "pdok" or "bestand"
    opgehaald: str  # ISO timestamp (UTC)
    aantal: int


@dataclass
class ImportResult:
    """What an import stored: per level the number of areas per gemeente, and notes."""

    path: str
    jaar: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # niveau → gemeente → n
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Dutch summary lines, one per level, then the notes."""
        out = []
        for niveau, per_gm in self.counts.items():
            total = sum(per_gm.values())
            gms = ", ".join(f"{gm} ({n})" for gm, n in sorted(per_gm.items()))
            out.append(f"{total} {_plural(niveau, total)} geïmporteerd voor {len(per_gm)} gemeente(n): {gms}.")
        return out + self.notes


@dataclass(frozen=True)
class JoinReport:
    """How shapes and figures of one year and level matched.

    ``zonder_grens`` are areas with figures but no shape (they cannot be drawn),
    ``zonder_cijfers`` shapes without a row of figures (drawn grey). Both have columns
    ``code`` and ``naam``.
    """

    jaar: int
    niveau: str
    gekoppeld: int
    zonder_grens: pd.DataFrame
    zonder_cijfers: pd.DataFrame

    def lines(self) -> list[str]:
        """Dutch sentences for the page and the CLI, e.g. ``"3 buurten zonder grens: …"``."""
        out = [f"{self.gekoppeld} {_plural(self.niveau, self.gekoppeld)} met grens en cijfers ({self.jaar})."]
        if len(self.zonder_grens):
            n = len(self.zonder_grens)
            out.append(f"{n} {_plural(self.niveau, n)} zonder grens: {_names(self.zonder_grens)}.")
        if len(self.zonder_cijfers):
            n = len(self.zonder_cijfers)
            out.append(f"{n} {'vlak' if n == 1 else 'vlakken'} zonder cijfers: {_names(self.zonder_cijfers)}.")
        return out


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    rows: int
    report: JoinReport


def _plural(niveau: str, n: int) -> str:
    return {"wijk": ("wijk", "wijken"), "buurt": ("buurt", "buurten")}.get(niveau, (niveau, niveau))[n != 1]


def _names(frame: pd.DataFrame, limit: int = 8) -> str:
    shown = [f"{r.naam} ({r.code})" if r.naam and r.naam != r.code else str(r.code) for r in frame.head(limit).itertuples()]
    more = f" en nog {len(frame) - limit}" if len(frame) > limit else ""
    return ", ".join(shown) + more


def _check_niveau(niveau: str) -> str:
    if niveau not in COLLECTIONS:
        raise GeoError(f"Grenzen zijn er per wijk en per buurt; '{niveau}' is geen van beide.")
    return niveau


def _check_jaar(jaar: object) -> int:
    if jaar is None or str(jaar).strip() == "":
        raise GeoError("Geef het jaar van de grenzen op, bijv. --jaar 2024: een wijkindeling hoort bij één jaar.")
    try:
        year = int(str(jaar).strip())
    except ValueError:
        raise GeoError(f"'{jaar}' is geen jaar; gebruik bijv. --jaar 2024.") from None
    if not 2000 <= year <= 2100:
        raise GeoError(f"{year} is geen plausibel jaar voor een wijk- en buurtkaart.")
    return year


# --- tidying: codes, land/water, CRS, validity ---------------------------------------------------
def _plausible_lonlat(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(minx >= 2.5 and maxx <= 7.8 and miny >= 50.3 and maxy <= 54.0)


def _plausible_rd(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return bool(minx >= -10_000 and maxx <= 310_000 and miny >= 280_000 and maxy <= 640_000)


def _to_rd(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:28992; guesses a missing CRS from the coordinates, refuses when it can't."""
    bounds = frame.total_bounds
    if not np.isfinite(bounds).all():
        raise InputFileError(f"{what} bevat geen bruikbare geometrie.", path=what)
    if frame.crs is None or (frame.crs.is_geographic and not _plausible_lonlat(bounds)):
        if _plausible_lonlat(bounds):
            frame = frame.set_crs(CRS_WGS84, allow_override=True)
        elif _plausible_rd(bounds):
            frame = frame.set_crs(CRS_RD, allow_override=True)
        else:
            raise InputFileError(
                f"{what} heeft geen coördinatenstelsel en de coördinaten ({bounds[0]:.0f}, {bounds[1]:.0f}) zijn "
                "geen graden (EPSG:4326) of RD-meters (EPSG:28992) in Nederland; sla het bestand op met een CRS.",
                path=what,
            )
    try:
        out = frame.to_crs(CRS_RD)
    except Exception as exc:  # pyproj raises several types
        raise InputFileError(
            f"{what}: kan het coördinatenstelsel {frame.crs} niet omzetten naar RD ({exc}).", path=what
        ) from None
    if not _plausible_rd(out.total_bounds):
        raise InputFileError(f"{what}: de vlakken liggen niet in Nederland (CRS {frame.crs}).", path=what)
    return out


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid polygonal geometries (invalid ones repaired, lines and points dropped from collections)."""
    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    kinds = shapely.get_type_id(geoms)
    mixed = ~np.isin(kinds, [3, 6])  # Polygon, MultiPolygon
    for i in np.flatnonzero(mixed):
        parts = [p for p in shapely.get_parts(geoms[i]) if p.geom_type in ("Polygon", "MultiPolygon")]
        geoms[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    return geoms


def _tidy(frame: pd.DataFrame, geometry: np.ndarray, crs: str | None) -> tuple[gpd.GeoDataFrame, int]:
    """Land parts, one row per code, codes and names stripped; returns (frame, water parts dropped).

    ``frame`` has ``code``, ``naam`` and optionally ``water`` and ``gemeente_code``.
    """
    out = gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=list(geometry), crs=crs)
    out = out[~(out.geometry.isna() | out.geometry.is_empty)]
    water = pd.Series("NEE", index=out.index, dtype="string")
    if "water" in out:
        water = out["water"].astype("string").str.strip().str.upper().fillna("NEE")
    out = out.assign(_land=(water != "JA").to_numpy())
    has_land = out.groupby("code")["_land"].transform("any")
    keep = out[out["_land"] | ~has_land]
    dropped = len(out) - len(keep)
    keep = keep.drop(columns=[c for c in ("_land", "water") if c in keep])
    dup = keep["code"].duplicated(keep=False)
    if dup.any():
        merged = keep[dup].groupby("code", sort=False).agg(naam=("naam", "first"), geometry=("geometry", shapely.union_all))
        keep = pd.concat([keep[~dup], merged.reset_index()], ignore_index=True)
        keep = gpd.GeoDataFrame(keep, geometry="geometry", crs=crs)
    return keep.reset_index(drop=True), dropped


def _finish(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Add level and gemeente from the code, convert to RD, repair; columns code, naam, niveau, gemeente_code, geometry."""
    frame = _to_rd(frame, what)
    frame = frame.assign(
        niveau=frame["code"].map(level_of),
        gemeente_code="GM" + frame["code"].str[2:6],
        naam=frame["naam"].fillna(frame["code"]).astype(str),
    )
    frame = frame.set_geometry(_polygonal(shapely.force_2d(np.asarray(frame.geometry.values, dtype=object))), crs=CRS_RD)
    return frame[["code", "naam", "niveau", "gemeente_code", "geometry"]].sort_values("code").reset_index(drop=True)


# --- reading files -------------------------------------------------------------------------------
def _code_column(frame: pd.DataFrame) -> str | None:
    """The column holding wijk/buurt codes: most values look like WK…/BU…, most distinct values wins."""
    best: tuple[int, int, str] | None = None
    for i, col in enumerate(c for c in frame.columns if c != frame.geometry.name):
        values = frame[col]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.dropna().astype(str).str.strip()
        if text.empty:
            continue
        matching = text.str.match(_CODE)
        if matching.mean() < 0.5:
            continue
        rank = (text[matching].nunique(), -i, col)
        if best is None or rank > best:
            best = rank
    return best[2] if best else None


def _name_column(frame: pd.DataFrame, code_col: str) -> str | None:
    lower = {c.lower(): c for c in frame.columns}
    for candidate in _NAME_COLUMNS.get(code_col.lower(), []) + ["naam", "name", "statnaam"]:
        if candidate in lower:
            return lower[candidate]
    for col in frame.columns:
        if ("naam" in col.lower() or "name" in col.lower()) and not col.lower().startswith("gemeente"):
            return col
    return None


def _layers(path: Path) -> list[str | None]:
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise InputFileError(f"Kan {path.name} niet lezen als geobestand ({_short(exc)}).", path=str(path)) from None
    spatial = [str(name) for name, geom in layers if geom]
    if len(spatial) <= 1:
        return spatial or [None]
    named = [n for n in spatial if re.search(r"wijk|buurt", n, re.IGNORECASE)]
    return named or spatial


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0].split(";")[0].rstrip(".") if str(exc) else type(exc).__name__
    return text[:200]


def read_boundaries_file(path: Path | str) -> tuple[dict[str, gpd.GeoDataFrame], list[str]]:
    """Read wijk and buurt shapes from any file geopandas reads.

    Returns
    -------
    (dict, list)
        ``{niveau: GeoDataFrame}`` with columns ``code``, ``naam``, ``niveau``, ``gemeente_code``,
        ``geometry`` in EPSG:28992, one row per code (land parts, see the module docstring), and
        notes worth telling the user (water parts dropped, rows without a usable code).

    Raises
    ------
    InputFileError
        When the file is missing or unreadable, has no column of WK/BU codes, holds codes that
        are neither wijk nor buurt, or has no CRS and coordinates that are not plausibly
        EPSG:4326 or EPSG:28992.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"Bestand {path} bestaat niet.", path=str(path))
    parts: dict[str, list[gpd.GeoDataFrame]] = {}
    notes: list[str] = []
    for layer in _layers(path):
        what = path.name + (f" (laag {layer})" if layer else "")
        try:
            raw = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
        except Exception as exc:
            raise InputFileError(f"Kan {what} niet lezen ({_short(exc)}).", path=str(path)) from None
        if raw.empty:
            continue
        code_col = _code_column(raw)
        if code_col is None:
            raise InputFileError(
                f"In {what} staat geen kolom met wijk- of buurtcodes (WK…/BU…, zoals 'statcode', 'wijkcode' of "
                f"'buurtcode'); gevonden kolommen: {', '.join(c for c in raw.columns if c != raw.geometry.name)}.",
                path=str(path),
            )
        codes = raw[code_col].astype("string").str.strip().str.upper()
        usable = codes.str.match(_CODE).fillna(False).astype(bool)
        if (~usable).any():
            notes.append(f"{what}: {int((~usable).sum())} rij(en) zonder wijk- of buurtcode overgeslagen.")
        name_col = _name_column(raw, code_col)
        frame = pd.DataFrame(
            {
                "code": codes[usable].to_numpy(),
                "naam": (raw.loc[usable, name_col].astype("string").str.strip() if name_col else codes[usable]).to_numpy(),
            }
        )
        water_col = next((c for c in raw.columns if c.lower() == "water"), None)
        if water_col:
            frame["water"] = raw.loc[usable, water_col].to_numpy()
        tidy, dropped = _tidy(frame, raw.geometry.values[usable.to_numpy()], raw.crs)
        if dropped:
            notes.append(f"{what}: {dropped} waterdeel/-delen weggelaten (landdeel bewaard).")
        finished = _finish(tidy, what)
        for niveau, rows in finished.groupby("niveau"):
            parts.setdefault(str(niveau), []).append(rows)
    if not parts:
        raise InputFileError(f"{path.name} bevat geen vlakken van wijken (WK…) of buurten (BU…).", path=str(path))
    out = {}
    for niveau, frames in parts.items():
        merged = pd.concat(frames, ignore_index=True).drop_duplicates("code", keep="last")
        out[niveau] = gpd.GeoDataFrame(merged, geometry="geometry", crs=CRS_RD).sort_values("code").reset_index(drop=True)
    return out, notes


# --- PDOK ----------------------------------------------------------------------------------------
def pdok_items_url(settings: Settings, jaar: int, niveau: str) -> str:
    """The items endpoint of one year's wijken or buurten collection at PDOK."""
    return f"{settings.pdok_url}/cbs/wijken-en-buurten-{int(jaar)}/ogc/v1/collections/{COLLECTIONS[_check_niveau(niveau)]}/items"


def _crs_of(response: requests.Response) -> str:
    header = response.headers.get("Content-Crs", "")
    match = re.search(r"EPSG/\d+/(\d+)", header)
    return f"EPSG:{match.group(1)}" if match else CRS_WGS84  # CRS84 = lon/lat, as geopandas' 4326 is used


def _get_page(http: requests.Session, url: str, params: dict | None, settings: Settings, jaar: int) -> tuple[dict, str]:
    try:
        response = http.get(url, params=params, timeout=settings.timeout, headers={"Accept": "application/geo+json"})
    except requests.Timeout:
        raise PdokUnavailable(f"PDOK antwoordde niet binnen {settings.timeout:g} s ({url}).", url=url) from None
    except requests.RequestException as exc:
        raise PdokUnavailable(
            f"PDOK is niet bereikbaar ({settings.pdok_url}: {type(exc).__name__}). Zonder internet kunt u grenzen "
            f"importeren met: python -m wijkdata import grenzen BESTAND --jaar {jaar}.",
            url=url,
        ) from None
    if response.status_code == 404:
        raise PdokUnavailable(f"PDOK heeft geen wijk- en buurtkaart voor {jaar} (HTTP 404 op {url}).", url=url, status=404)
    if response.status_code >= 400:
        raise PdokUnavailable(
            f"PDOK gaf een fout (HTTP {response.status_code}) bij het ophalen van de grenzen van {jaar}.",
            url=url,
            status=response.status_code,
        )
    try:
        page = response.json()
    except ValueError:
        raise GeoError(f"PDOK stuurde geen leesbare JSON ({url}).") from None
    if not isinstance(page, dict) or page.get("type") != "FeatureCollection":
        raise GeoError(f"PDOK stuurde geen FeatureCollection ({url}).")
    return page, _crs_of(response)


def fetch_pdok(
    settings: Settings,
    gemeente: str,
    jaar: int,
    niveau: str,
    *,
    session: requests.Session | None = None,
    page_size: int = PAGE_SIZE,
) -> gpd.GeoDataFrame:
    """One gemeente's wijken or buurten of ``jaar`` from PDOK's OGC API Features, all pages.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``geometry``; EPSG:28992; one
        row per code (the land part where a code has land and water parts).

    Raises
    ------
    PdokUnavailable
        When PDOK cannot be reached, times out or answers with an HTTP error (404: no map for that year).
    GeoError
        When PDOK answers with something that is not a FeatureCollection, or has no areas for the gemeente.
    """
    gemeente = check_gemeente_code(gemeente)
    code_key, name_key = f"{niveau}code", f"{niveau}naam"
    url = pdok_items_url(settings, jaar, niveau)
    params: dict | None = {"f": "json", "limit": page_size, "gemeentecode": gemeente, "crs": _CRS_URI_RD}
    http = session or requests.Session()
    rows: list[dict] = []
    geoms: list = []
    crs = None
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in seen or len(seen) >= _MAX_PAGES:
            raise GeoError(f"PDOK blijft naar volgende pagina's verwijzen ({len(seen)} pagina's); ophalen afgebroken.")
        seen.add(next_url)
        page, page_crs = _get_page(http, next_url, params, settings, jaar)
        crs = crs or page_crs
        for feature in page.get("features") or []:
            props = feature.get("properties") or {}
            code = str(props.get(code_key) or "").strip().upper()
            if not _CODE.match(code) or code[2:6] != gemeente[2:] or feature.get("geometry") is None:
                continue
            rows.append({"code": code, "naam": str(props.get(name_key) or code).strip(), "water": props.get("water")})
            geoms.append(shapely.geometry.shape(feature["geometry"]))
        link = next((lk.get("href") for lk in page.get("links") or [] if lk.get("rel") == "next" and lk.get("href")), None)
        next_url = urljoin(next_url, link) if link else None
        params = None  # the next link carries its own query
    if not rows:
        raise GeoError(f"PDOK heeft geen {COLLECTIONS[niveau]} van {gemeente} in de wijk- en buurtkaart {jaar}.")
    tidy, _ = _tidy(pd.DataFrame(rows), np.array(geoms, dtype=object), crs)
    return _finish(tidy, f"PDOK {COLLECTIONS[niveau]} {jaar}")


# --- the cache -----------------------------------------------------------------------------------
def _path(settings: Settings, jaar: int, niveau: str) -> Path:
    return settings.geo_dir / str(int(jaar)) / f"{niveau}.parquet"


def read_manifest(settings: Settings) -> list[BoundaryEntry]:
    """Every cached (jaar, niveau, gemeente) with its source; empty when nothing was imported.

    Raises :class:`CacheError` when the manifest exists but cannot be read.
    """
    path = settings.geo_dir / _MANIFEST
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [BoundaryEntry(**e) for e in raw.get("entries", [])]
    except (OSError, ValueError, TypeError) as exc:
        raise CacheError(f"De grenzen-index {path} is onleesbaar ({exc}); importeer de grenzen opnieuw.") from None


def _read_cached(settings: Settings, jaar: int, niveau: str, gemeente: str | None = None) -> gpd.GeoDataFrame | None:
    path = _path(settings, jaar, niveau)
    if not path.exists():
        return None
    try:
        return gpd.read_parquet(path, filters=[("gemeente_code", "==", gemeente)] if gemeente else None)
    except Exception as exc:  # pyarrow / geopandas raise several types for damaged files
        raise CacheError(
            f"De grenzen in de cache zijn beschadigd ({path}: {type(exc).__name__}); importeer ze opnieuw."
        ) from None


def _parquet_bytes(frame: gpd.GeoDataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def store_boundaries(settings: Settings, frame: gpd.GeoDataFrame, jaar: int, bron: str, soort: str) -> list[BoundaryEntry]:
    """Merge shapes of one level into the cache of ``jaar`` (same codes replaced), atomically.

    ``frame`` is what :func:`read_boundaries_file` or :func:`fetch_pdok` returns (one level).
    Returns the manifest entries written, one per gemeente.
    """
    niveau = _check_niveau(str(frame["niveau"].iloc[0]))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    new = frame[["code", "naam", "niveau", "gemeente_code", "geometry"]].to_crs(CRS_RD)
    with locked(settings.geo_dir):
        old = _read_cached(settings, jaar, niveau)
        if old is not None:
            new = pd.concat([old[~old["code"].isin(new["code"])], new], ignore_index=True)
        merged = gpd.GeoDataFrame(new, geometry="geometry", crs=CRS_RD).sort_values("code").reset_index(drop=True)
        atomic_write(_path(settings, jaar, niveau), _parquet_bytes(merged))
        counts = frame.groupby("gemeente_code").size()
        entries = [BoundaryEntry(int(jaar), niveau, str(gm), bron, soort, now, int(n)) for gm, n in counts.items()]
        done = {(e.jaar, e.niveau, e.gemeente) for e in entries}
        kept = [e for e in read_manifest(settings) if (e.jaar, e.niveau, e.gemeente) not in done]
        ordered = sorted([*kept, *entries], key=lambda e: (e.gemeente, e.jaar, e.niveau))
        body = {"version": 1, "entries": [asdict(e) for e in ordered]}
        atomic_write(settings.geo_dir / _MANIFEST, json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"))
    return entries


def import_boundaries(settings: Settings, path: Path | str, jaar: object) -> ImportResult:
    """Read a boundaries file (see :func:`read_boundaries_file`) and merge it into the cache of ``jaar``.

    Raises
    ------
    GeoError
        When ``jaar`` is missing or not a year.
    InputFileError
        When the file cannot be used (see :func:`read_boundaries_file`).
    """
    year = _check_jaar(jaar)
    path = Path(path)
    levels, notes = read_boundaries_file(path)
    result = ImportResult(path=str(path), jaar=year, notes=notes)
    for niveau in ("wijk", "buurt"):
        if niveau in levels:
            entries = store_boundaries(settings, levels[niveau], year, path.name, "bestand")
            result.counts[niveau] = {e.gemeente: e.aantal for e in entries}
    return result


def load_boundaries(settings: Settings, gemeente: str, jaar: int, niveau: str, *, fetch: bool = False) -> gpd.GeoDataFrame:
    """The wijken or buurten of one gemeente in ``jaar``: demo shapes for GM9999, else the cache.

    With ``fetch=True`` the shapes are first fetched from PDOK and stored in the cache.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``naam``, ``niveau``, ``geometry``; EPSG:28992; sorted by code.

    Raises
    ------
    NotCached
        When no shapes of this gemeente, year and level were imported or fetched.
    PdokUnavailable, GeoError
        When ``fetch=True`` and PDOK fails.
    CacheError
        When the cached file is damaged.
    """
    gemeente = check_gemeente_code(gemeente)
    niveau = _check_niveau(niveau)
    jaar = int(jaar)
    if gemeente == DEMO_GEMEENTE:
        from wijkdata.demo.shapes import demo_shapes
        from wijkdata.demo.tables import DEMO_YEARS

        if jaar not in DEMO_YEARS:
            raise NotCached(f"De demogemeente heeft geen grenzen voor {jaar}.", gemeente=gemeente, year=jaar)
        return demo_shapes(jaar, niveau)[COLUMNS].sort_values("code").reset_index(drop=True)
    if fetch:
        fetched = fetch_pdok(settings, gemeente, jaar, niveau)
        store_boundaries(settings, fetched, jaar, f"PDOK {pdok_items_url(settings, jaar, niveau)}", "pdok")
    cached = _read_cached(settings, jaar, niveau, gemeente)
    rows = cached[cached["gemeente_code"] == gemeente] if cached is not None else None
    if rows is None or rows.empty:
        other = sorted({e.jaar for e in read_manifest(settings) if e.gemeente == gemeente and e.niveau == niveau} - {jaar})
        also = f" Wel aanwezig: {', '.join(map(str, other))}; een indeling hoort bij één jaar." if other else ""
        raise NotCached(
            f"Er zijn nog geen {COLLECTIONS[niveau]}grenzen van {gemeente} voor {jaar}. Haal ze op bij PDOK of importeer "
            f"ze met: python -m wijkdata import grenzen BESTAND --jaar {jaar}.{also}",
            gemeente=gemeente,
            year=jaar,
        )
    return gpd.GeoDataFrame(rows[COLUMNS], geometry="geometry", crs=CRS_RD).sort_values("code").reset_index(drop=True)


def boundary_source(settings: Settings, gemeente: str, jaar: int, niveau: str) -> str:
    """Where the shapes came from, for a source line: ``"PDOK wijk- en buurtkaart 2024 (opgehaald 2025-01-02)"``."""
    if gemeente == DEMO_GEMEENTE:
        return "fictief (gegenereerd voor de demo)"
    entry = next((e for e in read_manifest(settings) if (e.gemeente, e.jaar, e.niveau) == (gemeente, int(jaar), niveau)), None)
    if entry is None:
        return "niet aanwezig"
    if entry.soort == "pdok":
        return f"PDOK, CBS wijk- en buurtkaart {entry.jaar} (opgehaald {entry.opgehaald[:10]})"
    return f"bestand {entry.bron} (geïmporteerd {entry.opgehaald[:10]})"


# --- simplification and drawing ------------------------------------------------------------------
def vertex_budget(n_areas: int) -> int:
    """How many vertices a drawing of ``n_areas`` areas may have (see the module docstring)."""
    return max(36_000, 16 * int(n_areas))


def simplify_coverage(shapes: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """``shapes`` simplified as one coverage: shared borders stay shared (no gaps, no slivers).

    ``tolerance`` is in the units of the CRS (metres for EPSG:28992), roughly the square root of
    the largest triangle area removed. Returns a copy with the same rows and columns.
    """
    geoms = shapely.coverage_simplify(np.asarray(shapes.geometry.values, dtype=object), tolerance)
    return shapes.set_geometry(_polygonal(geoms), crs=shapes.crs)


def display_shapes(shapes: gpd.GeoDataFrame, max_vertices: int | None = None, decimals: int = 5) -> gpd.GeoDataFrame:
    """``shapes`` ready to draw: simplified as a coverage to fit ``max_vertices``, in EPSG:4326.

    Coordinates are rounded to ``decimals`` (5 ≈ 1 m). Shared vertices are rounded alike, so
    neighbours still share their border.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns as ``shapes``; CRS EPSG:4326; ``attrs["tolerantie_m"]`` is the
        tolerance used (0 when the shapes fitted the budget unsimplified).
    """
    rd = shapes.to_crs(CRS_RD) if shapes.crs is not None and shapes.crs != CRS_RD else shapes
    budget = max_vertices or vertex_budget(len(rd))
    geoms = np.asarray(rd.geometry.values, dtype=object)
    count = int(shapely.get_num_coordinates(geoms).sum())
    drawn, tolerance = rd, 0.0
    if count > budget:
        # first guess from the typical area size and the vertices each area may keep, then grow
        typical = math.sqrt(float(np.median(shapely.area(geoms)))) if len(geoms) else 0.0
        tolerance = max(MIN_TOLERANCE, 0.4 * typical / (budget / max(len(geoms), 1)))
        while True:
            drawn = simplify_coverage(rd, tolerance)
            count = int(shapely.get_num_coordinates(drawn.geometry.values).sum())
            if count <= budget or tolerance > 5_000:
                break
            tolerance *= max(1.2, (count / budget) ** 1.5)
    out = drawn.to_crs(CRS_WGS84)
    geoms = shapely.transform(np.asarray(out.geometry.values, dtype=object), lambda xy: np.round(xy, decimals))
    geoms = shapely.remove_repeated_points(geoms)
    out = out.set_geometry(geoms, crs=CRS_WGS84)
    out.attrs["tolerantie_m"] = tolerance
    return out


# --- joining figures -----------------------------------------------------------------------------
def join_figures(
    shapes: gpd.GeoDataFrame, kerncijfers: Kerncijfers, jaar: int, niveau: str
) -> tuple[gpd.GeoDataFrame, JoinReport]:
    """Shapes with the figures of the SAME year on ``code``, and a report of what did not match.

    Returns
    -------
    (geopandas.GeoDataFrame, JoinReport)
        Every shape (none dropped) with columns ``code``, ``naam`` (the CBS name where known),
        ``niveau``, ``heeft_cijfers`` (bool), one column per indicator key of the catalogue
        (``<NA>`` where missing), ``geometry``; the CRS of ``shapes``. The report lists areas
        with figures but no shape and shapes without figures.
    """
    niveau = _check_niveau(niveau)
    rows = kerncijfers.year(int(jaar), niveau)
    keys = [k for k in kerncijfers.catalogue.keys if k in rows.columns]
    figures = rows[["code", "naam", *keys]].rename(columns={"naam": "_cbs_naam"}).drop_duplicates("code")
    base = pd.DataFrame(shapes.drop(columns="geometry")).reset_index(drop=True)
    merged = base[["code", "naam"]].merge(figures, on="code", how="left", indicator=True)
    has = (merged["_merge"] == "both").to_numpy()
    naam = merged["_cbs_naam"].astype("string").fillna(merged["naam"].astype("string"))
    out = gpd.GeoDataFrame(
        pd.concat(
            [
                pd.DataFrame({"code": merged["code"], "naam": naam, "niveau": niveau, "heeft_cijfers": has}),
                merged[keys],
            ],
            axis=1,
        ),
        geometry=shapes.geometry.reset_index(drop=True).values,
        crs=shapes.crs,
    )
    missing_shape = figures[~figures["code"].isin(base["code"])]
    report = JoinReport(
        jaar=int(jaar),
        niveau=niveau,
        gekoppeld=int(has.sum()),
        zonder_grens=pd.DataFrame({"code": missing_shape["code"].to_numpy(), "naam": missing_shape["_cbs_naam"].to_numpy()}),
        zonder_cijfers=pd.DataFrame({"code": out.loc[~has, "code"].to_numpy(), "naam": out.loc[~has, "naam"].to_numpy()}),
    )
    return out, report


# --- export --------------------------------------------------------------------------------------
_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def export_boundaries(
    settings: Settings, kerncijfers: Kerncijfers, jaar: int, niveau: str, path: Path | str, fmt: str
) -> ExportResult:
    """Write one gemeente's wijken or buurten of ``jaar`` with that year's figures, in EPSG:4326.

    Columns: ``code``, ``naam``, ``niveau``, ``jaar``, then one numeric column per indicator the
    year's table has, named by its stable key (missing figures stay empty, never 0). Geometry at
    the source resolution (not simplified). ``fmt`` is ``geojson`` or ``gpkg`` (layer ``wijken``
    or ``buurten``).

    Raises
    ------
    GeoError
        On an unknown format or level, or when the file cannot be written.
    NotCached
        When no shapes are cached for this gemeente, year and level.
    """
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in _DRIVERS:
        raise GeoError(f"Onbekend formaat '{fmt}' voor grenzen; kies geojson of gpkg.")
    jaar = int(jaar)
    if jaar not in kerncijfers.years:
        raise GeoError(
            f"Geen cijfers van {kerncijfers.naam} voor {jaar} in de cache (wel: {', '.join(map(str, kerncijfers.years))})."
        )
    shapes = load_boundaries(settings, kerncijfers.gemeente, jaar, niveau)
    joined, report = join_figures(shapes, kerncijfers, jaar, niveau)
    keys = [i.key for i in kerncijfers.catalogue if jaar in i.kolommen]
    columns = {"code": joined["code"].astype(str), "naam": joined["naam"].astype(str), "niveau": niveau, "jaar": jaar}
    for key in keys:
        values = joined[key]
        columns[key] = values.astype("Int64") if str(values.dtype) == "Int64" else values.astype("Float64")
    frame = gpd.GeoDataFrame(pd.DataFrame(columns), geometry=joined.geometry.values, crs=CRS_RD).to_crs(CRS_WGS84)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix or f".{fmt}", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # GDAL wants to create the file itself
        try:
            frame.to_file(tmp, driver=_DRIVERS[fmt], layer=COLLECTIONS[niveau])
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError as exc:
        raise GeoError(f"Kan {path} niet schrijven: {exc.strerror or exc}.") from None
    return ExportResult(path=path, rows=len(frame), report=report)


# --- command line --------------------------------------------------------------------------------
def import_command(settings: Settings, args: argparse.Namespace) -> str:
    """CLI: ``import grenzen FILE --jaar 2024``."""
    result = import_boundaries(settings, args.file, args.jaar)
    return "\n".join([f"Grenzen {result.jaar} uit {Path(result.path).name}:", *result.lines()])


def export_command(settings: Settings, args: argparse.Namespace) -> str:
    """CLI: ``export grenzen --gemeente GM0202 --jaar 2024 --niveau wijk --format geojson --output FILE``."""
    from wijkdata.cbs.kerncijfers import load_kerncijfers

    k = load_kerncijfers(settings, args.gemeente or settings.gemeente)
    jaar = _check_jaar(args.jaar) if args.jaar else k.latest_year
    niveau = args.niveau or "wijk"
    if niveau not in COLLECTIONS:
        raise WijkdataError(f"Grenzen zijn er per wijk en per buurt, niet per {niveau}; gebruik --niveau wijk of buurt.")
    fmt = (args.fmt or args.output.suffix.lstrip(".") or "geojson").lower()
    result = export_boundaries(settings, k, jaar, niveau, args.output, fmt)
    lines = [f"{result.rows} {_plural(niveau, result.rows)} van {k.naam} ({jaar}) met cijfers geschreven naar {result.path}."]
    return "\n".join(lines + result.report.lines()[1:])
