"""The boundaries cache: GeoParquet per year and level, and a manifest of where the shapes came from.

Layout under ``<data dir>/grenzen/``::

    manifest.json         {"version": 1, "entries": [...]}: one BoundaryEntry per (jaar, niveau, gemeente)
    <jaar>/wijk.parquet   every wijk imported or fetched for that year
    <jaar>/buurt.parquet  every buurt imported or fetched for that year
    <jaar>/<niveau>-kaart.parquet  the same shapes simplified for the map (see :mod:`wijkdata.geo.drawing`)

The Parquet files are GeoParquet in EPSG:28992 with columns ``code``, ``naam``, ``niveau``,
``gemeente_code``, ``geometry``, at the resolution of the source: imports of several gemeenten
merge, a newer import replaces the same codes. Everything is written through
:mod:`wijkdata.storage` (atomic files, one folder lock, the shared manifest format), the manifest
last, so a failed import never damages what was cached before.

Damage from outside is no dead end: a damaged manifest is derived again from the Parquet files
(:func:`read_manifest`), a damaged Parquet file is replaced by the next import or fetch of its
year and level, and :func:`cache_problems` says in Dutch what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from wijkdata.config import Settings
from wijkdata.errors import CacheError
from wijkdata.geo.levels import check_niveau
from wijkdata.storage import atomic_parquet, locked
from wijkdata.storage import read_manifest as _read_manifest_file
from wijkdata.storage import write_manifest as _write_manifest_file

if TYPE_CHECKING:  # geopandas only where shapes are read or written: every page checks this cache
    import geopandas as gpd

__all__ = ["MANIFEST", "BoundaryEntry", "cache_path", "cache_problems", "read_cached", "read_manifest", "store_boundaries"]

MANIFEST = "manifest.json"
_FRAME_COLUMNS = ["code", "naam", "niveau", "gemeente_code", "geometry"]


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


def cache_path(settings: Settings, jaar: int, niveau: str) -> Path:
    """The path of the GeoParquet file holding every cached area of ``jaar`` at ``niveau``."""
    return settings.geo_dir / str(int(jaar)) / f"{niveau}.parquet"


def read_manifest(settings: Settings) -> list[BoundaryEntry]:
    """Every cached (jaar, niveau, gemeente) with its source; empty when nothing was imported.

    Returns
    -------
    list of BoundaryEntry
        In the order of the manifest (by gemeente, jaar, niveau).

    When the manifest is damaged the entries are derived from the readable Parquet files (source
    ``"onbekend"``, time of the file), so a damaged index never hides the shapes it describes.
    """
    try:
        return _read_manifest_file(settings.geo_dir / MANIFEST, BoundaryEntry)
    except CacheError:
        return _entries_on_disk(settings)


def _entries_on_disk(settings: Settings) -> list[BoundaryEntry]:
    entries = []
    for path in sorted(settings.geo_dir.glob("*/*.parquet")) if settings.geo_dir.exists() else []:
        if not path.parent.name.isdigit() or path.stem not in ("wijk", "buurt"):
            continue
        try:
            counts = pd.read_parquet(path, columns=["gemeente_code"])["gemeente_code"].value_counts()
        except Exception:  # a damaged file is left out; cache_problems names it
            continue
        when = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0).isoformat()
        entries += [
            BoundaryEntry(int(path.parent.name), path.stem, str(gm), "onbekend (index hersteld)", "bestand", when, int(n))
            for gm, n in counts.items()
        ]
    return sorted(entries, key=lambda e: (e.gemeente, e.jaar, e.niveau))


def cache_problems(settings: Settings) -> list[str]:
    """What is wrong with the boundaries cache, one Dutch sentence per problem; empty when it is sound."""
    import pyarrow.parquet as pq

    problems = []
    path = settings.geo_dir / MANIFEST
    try:
        _read_manifest_file(path, BoundaryEntry)
    except CacheError:
        problems.append(
            f"De index van de grenzencache ({path}) is beschadigd; Wijkdata gebruikt de grenzen die nog leesbaar zijn. "
            "De volgende import of ophaalactie van grenzen herstelt de index."
        )
    for jaar, niveau in sorted({(e.jaar, e.niveau) for e in read_manifest(settings)}):
        target = cache_path(settings, jaar, niveau)
        try:
            pq.read_metadata(target)
        except Exception:  # missing or damaged: pyarrow raises several types
            problems.append(
                f"De {niveau}grenzen van {jaar} in de cache zijn beschadigd of verdwenen ({target}); "
                f"importeer ze opnieuw of haal ze op bij PDOK."
            )
    return problems


def read_cached(settings: Settings, jaar: int, niveau: str, gemeente: str | None = None) -> gpd.GeoDataFrame | None:
    """The cached areas of ``jaar`` at ``niveau`` (only ``gemeente``'s when given); ``None`` when none are cached.

    Returns
    -------
    geopandas.GeoDataFrame or None
        Columns ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``geometry``; EPSG:28992.

    Raises
    ------
    CacheError
        When the cached file is damaged.
    """
    import geopandas as gpd

    path = cache_path(settings, jaar, niveau)
    if not path.exists():
        return None
    try:
        return gpd.read_parquet(path, filters=[("gemeente_code", "==", gemeente)] if gemeente else None)
    except Exception as exc:  # pyarrow / geopandas raise several types for damaged files
        raise CacheError(
            f"De grenzen in de cache zijn beschadigd ({path}: {type(exc).__name__}); importeer ze opnieuw."
        ) from None


def store_boundaries(settings: Settings, frame: gpd.GeoDataFrame, jaar: int, bron: str, soort: str) -> list[BoundaryEntry]:
    """Merge shapes of one level into the cache of ``jaar`` (same codes replaced), atomically.

    ``frame`` is what :func:`wijkdata.geo.files.read_boundaries_file` or
    :func:`wijkdata.geo.pdok.fetch_pdok` returns (one level); ``bron`` and ``soort``
    (``"pdok"`` or ``"bestand"``) go into the manifest.

    Returns
    -------
    list of BoundaryEntry
        The manifest entries written, one per gemeente in ``frame``.

    Raises
    ------
    GeoError
        When ``frame``'s level is not ``wijk`` or ``buurt``.
    CacheError
        When another process holds the cache too long. A damaged file of this year and level is
        replaced (its other gemeenten are then no longer cached).
    """
    import geopandas as gpd

    from wijkdata.geo.drawing import store_drawings
    from wijkdata.geo.tidy import CRS_RD

    niveau = check_niveau(str(frame["niveau"].iloc[0]))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    new = frame[_FRAME_COLUMNS].to_crs(CRS_RD)
    with locked(settings.geo_dir):
        try:
            old = read_cached(settings, jaar, niveau)
        except CacheError:  # a damaged file: start this year and level afresh
            old = None
            gone = (int(jaar), niveau)
        else:
            gone = None
        if old is not None:
            new = pd.concat([old[~old["code"].isin(new["code"])], new], ignore_index=True)
        merged = gpd.GeoDataFrame(new, geometry="geometry", crs=CRS_RD).sort_values("code").reset_index(drop=True)
        atomic_parquet(merged, cache_path(settings, jaar, niveau))
        stored = merged[merged["gemeente_code"].isin(set(frame["gemeente_code"]))]
        store_drawings(settings, stored, jaar, niveau, keep_others=gone is None)  # simplified once, here
        counts = frame.groupby("gemeente_code").size()
        entries = [BoundaryEntry(int(jaar), niveau, str(gm), bron, soort, now, int(n)) for gm, n in counts.items()]
        done = {(e.jaar, e.niveau, e.gemeente) for e in entries}
        kept = [
            e for e in read_manifest(settings) if (e.jaar, e.niveau, e.gemeente) not in done and (e.jaar, e.niveau) != gone
        ]
        ordered = sorted([*kept, *entries], key=lambda e: (e.gemeente, e.jaar, e.niveau))
        _write_manifest_file(settings.geo_dir / MANIFEST, ordered)
    return entries
