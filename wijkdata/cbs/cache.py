"""The local cache of CBS figures: Parquet files and a manifest, written atomically.

Layout under ``<data dir>/cbs/``::

    manifest.json                 what is cached: table, year, gemeente, CBS Modified, fetched at
    gemeenten.parquet             all gemeenten CBS publishes (code, naam), to choose by name
    <table id>/info.json          the table's TableInfos record
    <table id>/properties.parquet the table's DataProperties (see normalise.properties_frame)
    <table id>/<GMxxxx>.parquet   one gemeente's normalised rows (see normalise.normalise_table)

Every file is written to a temporary name in the same folder and moved into place with
``os.replace``, and the manifest is written last. A pull that fails half-way therefore never
replaces or damages what was cached before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wijkdata.config import Settings
from wijkdata.errors import CacheError
from wijkdata.storage import atomic_parquet, atomic_write, locked
from wijkdata.storage import read_manifest as _read_manifest_file
from wijkdata.storage import write_manifest as _write_manifest_file

__all__ = [
    "ManifestEntry",
    "read_gemeenten",
    "read_info",
    "read_manifest",
    "read_properties",
    "read_rows",
    "store_gemeenten",
    "store_table",
]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    """One cached (table, gemeente): where it came from and when."""

    table_id: str
    year: int
    gemeente: str
    modified: str  # CBS's Modified date of the table
    fetched_at: str  # ISO timestamp (UTC) of the pull
    rows: int
    title: str = ""
    gemeentenaam: str = ""


def read_manifest(settings: Settings) -> list[ManifestEntry]:
    """Everything cached, oldest year first; empty when nothing was pulled yet.

    Raises
    ------
    CacheError
        When the manifest exists but cannot be read.
    """
    entries = _read_manifest_file(settings.cbs_dir / MANIFEST, ManifestEntry)
    return sorted(entries, key=lambda e: (e.gemeente, e.year))


def _write_manifest(settings: Settings, entries: list[ManifestEntry]) -> None:
    _write_manifest_file(settings.cbs_dir / MANIFEST, sorted(entries, key=lambda e: (e.gemeente, e.year)))


def store_table(
    settings: Settings,
    info: dict[str, Any],
    properties: pd.DataFrame,
    rows: pd.DataFrame,
    gemeente: str,
    year: int,
) -> ManifestEntry:
    """Cache one gemeente's normalised rows of one table, replacing an older copy atomically.

    Returns the new manifest entry.
    """
    table_id = str(info.get("Identifier") or "").strip()
    if not table_id:
        raise CacheError("Tabel zonder Identifier kan niet in de cache.")
    folder = settings.cbs_dir / table_id
    gm_rows = rows[rows["code"] == gemeente]
    entry = ManifestEntry(
        table_id=table_id,
        year=int(year),
        gemeente=gemeente,
        modified=str(info.get("Modified") or ""),
        fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        rows=len(rows),
        title=str(info.get("Title") or "").strip(),
        gemeentenaam=str(gm_rows["naam"].iloc[0]) if len(gm_rows) else "",
    )
    with locked(settings.cbs_dir):
        atomic_write(folder / "info.json", json.dumps(info, indent=1, ensure_ascii=False).encode("utf-8"))
        atomic_parquet(properties, folder / "properties.parquet")
        atomic_parquet(rows, folder / f"{gemeente}.parquet")
        entries = [e for e in read_manifest(settings) if not (e.table_id == table_id and e.gemeente == gemeente)]
        _write_manifest(settings, [*entries, entry])
    return entry


def _read_parquet(path: Path, what: str, columns: list[str] | None = None) -> pd.DataFrame:
    try:
        return pd.read_parquet(path, columns=columns)
    except FileNotFoundError:
        raise CacheError(f"{what} ontbreekt in de cache ({path}); haal de cijfers opnieuw op.") from None
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise CacheError(
            f"{what} in de cache is beschadigd ({path}: {type(exc).__name__}); haal de cijfers opnieuw op."
        ) from None


def read_rows(settings: Settings, table_id: str, gemeente: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The cached normalised rows of one gemeente from one table (see ``normalise_table``)."""
    return _read_parquet(settings.cbs_dir / table_id / f"{gemeente}.parquet", f"Tabel {table_id} voor {gemeente}", columns)


def read_properties(settings: Settings, table_id: str) -> pd.DataFrame:
    """The cached DataProperties frame of one table."""
    return _read_parquet(settings.cbs_dir / table_id / "properties.parquet", f"De metadata van {table_id}")


def read_info(settings: Settings, table_id: str) -> dict[str, Any]:
    """The cached TableInfos record of one table (empty dict when absent)."""
    path = settings.cbs_dir / table_id / "info.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def store_gemeenten(settings: Settings, gemeenten: pd.DataFrame) -> None:
    """Cache the list of gemeenten (columns ``code``, ``naam``, ``jaar``)."""
    atomic_parquet(gemeenten[["code", "naam", "jaar"]].reset_index(drop=True), settings.cbs_dir / "gemeenten.parquet")


def read_gemeenten(settings: Settings) -> pd.DataFrame:
    """The cached list of gemeenten (``code``, ``naam``, ``jaar``); empty frame when never pulled."""
    path = settings.cbs_dir / "gemeenten.parquet"
    if not path.exists():
        return pd.DataFrame(
            {"code": pd.Series(dtype="string"), "naam": pd.Series(dtype="string"), "jaar": pd.Series(dtype="Int64")}
        )
    return _read_parquet(path, "De gemeentelijst")
