"""Boundaries for the rest of Wijkdata: load one gemeente's shapes, import a file, say where they came from.

Where boundaries come from
--------------------------
- **PDOK** (online): :func:`load_boundaries` with ``fetch=True`` asks :mod:`wijkdata.geo.pdok`
  and stores the answer in the cache (:mod:`wijkdata.geo.cache`).
- **A file** (offline): :func:`import_boundaries` reads it with :mod:`wijkdata.geo.files` and
  merges it into the cache; ``python -m wijkdata import grenzen FILE --jaar 2024``.
- **The demo** gemeente GM9999 uses its generated shapes (:mod:`wijkdata.demo.shapes`).

Everything returned is in EPSG:28992 (see :mod:`wijkdata.geo.tidy` for CRS and simplification).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from wijkdata.codes import DEMO_GEMEENTE, check_gemeente_code
from wijkdata.config import Settings, redact_url
from wijkdata.errors import NotCached
from wijkdata.geo.cache import cache_path, read_cached, read_manifest, store_boundaries
from wijkdata.geo.drawing import drawn_in_memory, read_drawing, store_drawings
from wijkdata.geo.files import read_boundaries_file
from wijkdata.geo.levels import COLLECTIONS, COLUMNS, check_jaar, check_niveau, plural
from wijkdata.geo.pdok import fetch_pdok, pdok_items_url
from wijkdata.geo.tidy import CRS_RD
from wijkdata.storage import locked
from wijkdata.text import count

__all__ = ["ImportResult", "boundary_source", "import_boundaries", "load_boundaries", "load_drawing"]


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
            out.append(f"{total} {plural(niveau, total)} geïmporteerd voor {count(len(per_gm), 'gemeente')}: {gms}.")
        return out + self.notes


def import_boundaries(settings: Settings, path: Path | str, jaar: object) -> ImportResult:
    """Read a boundaries file (see :func:`wijkdata.geo.files.read_boundaries_file`) and merge it into the cache of ``jaar``.

    Returns
    -------
    ImportResult
        Per level the number of areas stored per gemeente, and notes for the user.

    Raises
    ------
    GeoError
        When ``jaar`` is missing or not a year.
    InputFileError
        When the file cannot be used (see :func:`wijkdata.geo.files.read_boundaries_file`).
    """
    year = check_jaar(jaar)
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
    niveau = check_niveau(niveau)
    jaar = int(jaar)
    if gemeente == DEMO_GEMEENTE:
        from wijkdata.demo.areas import DEMO_YEARS
        from wijkdata.demo.shapes import demo_shapes

        if jaar not in DEMO_YEARS:
            raise NotCached(f"De demogemeente heeft geen grenzen voor {jaar}.", gemeente=gemeente, year=jaar)
        return demo_shapes(jaar, niveau)[COLUMNS].sort_values("code").reset_index(drop=True)
    if fetch:
        fetched = fetch_pdok(settings, gemeente, jaar, niveau)
        store_boundaries(settings, fetched, jaar, f"PDOK {redact_url(pdok_items_url(settings, jaar, niveau))}", "pdok")
    cached = read_cached(settings, jaar, niveau, gemeente)
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
    """Where the shapes came from, as a Dutch source line.

    Returns
    -------
    str
        ``"PDOK, CBS wijk- en buurtkaart 2024 (opgehaald 2025-01-02)"``, ``"bestand NAAM
        (geïmporteerd 2025-01-02)"``, ``"fictief (gegenereerd voor de demo)"`` for GM9999, or
        ``"niet aanwezig"``.

    Raises
    ------
    CacheError
        When the manifest cannot be read.
    """
    if gemeente == DEMO_GEMEENTE:
        return "fictief (gegenereerd voor de demo)"
    entry = next((e for e in read_manifest(settings) if (e.gemeente, e.jaar, e.niveau) == (gemeente, int(jaar), niveau)), None)
    if entry is None:
        return "niet aanwezig"
    if entry.soort == "pdok":
        return f"PDOK, CBS wijk- en buurtkaart {entry.jaar} (opgehaald {entry.opgehaald[:10]})"
    return f"bestand {entry.bron} (geïmporteerd {entry.opgehaald[:10]})"


def load_drawing(settings: Settings, gemeente: str, jaar: int, niveau: str) -> gpd.GeoDataFrame:
    """The wijken or buurten of one gemeente ready to draw: simplified once, EPSG:4326, from disk.

    Reads the drawing :func:`wijkdata.geo.cache.store_boundaries` stored at the import or fetch
    (see :mod:`wijkdata.geo.drawing`); where there is none that is current, it is made once from
    the full-resolution cache and stored for every later view. The demo's is made in memory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``naam``, ``gemeente_code``, ``tolerantie_m``, ``geometry``; EPSG:4326;
        sorted by code; ``attrs["tolerantie_m"]`` the tolerance in metres (0: not simplified).

    Raises
    ------
    NotCached, CacheError
        As :func:`load_boundaries`.
    """
    gemeente = check_gemeente_code(gemeente)
    niveau = check_niveau(niveau)
    source = cache_path(settings, jaar, niveau)
    if gemeente == DEMO_GEMEENTE:
        drawn = drawn_in_memory(load_boundaries(settings, gemeente, jaar, niveau).assign(gemeente_code=gemeente))
    else:
        drawn = read_drawing(settings, gemeente, jaar, niveau, source)
        if drawn is None:
            shapes = load_boundaries(settings, gemeente, jaar, niveau).assign(gemeente_code=gemeente)
            with locked(settings.geo_dir):
                drawn = read_drawing(settings, gemeente, jaar, niveau, source)  # another process may have made it
                if drawn is None:
                    drawn = store_drawings(settings, shapes, jaar, niveau)
    drawn = drawn.sort_values("code").reset_index(drop=True)
    drawn.attrs["tolerantie_m"] = float(drawn["tolerantie_m"].iloc[0]) if len(drawn) else 0.0
    return drawn
