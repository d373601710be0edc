"""The local cache of CBS figures: Parquet files and a manifest, written atomically.

Layout under ``<data dir>/cbs/``::

    manifest.json                 what is cached: table, year, gemeente, CBS Modified, fetched at
    gemeenten.parquet             all gemeenten CBS publishes (code, naam), to choose by name
    <table id>/info.json          the table's TableInfos record
    <table id>/properties.parquet the table's DataProperties (see normalise.properties_frame)
    <table id>/<GMxxxx>.parquet   one gemeente's normalised rows (see normalise.normalise_table)

One gemeente is stored with :func:`store_table`; a national pull stores many through one
:class:`BatchStore`, which writes the same files and the manifest once per table.

Every file is written to a temporary name in the same folder and moved into place with
``os.replace``, and the manifest is written last. A pull that fails half-way therefore never
replaces or damages what was cached before.

Damage from outside (a manifest cut short, a Parquet file overwritten) is no dead end:
:func:`read_manifest` then derives the entries from the files on disk (every readable
``<table id>/<GMxxxx>.parquet`` beside a readable ``info.json``), the next :func:`store_table`
writes that as the new manifest, and :func:`cache_problems` says in Dutch what is wrong.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkdata.config import Settings
from wijkdata.errors import CacheError
from wijkdata.storage import atomic_parquet, atomic_write, locked
from wijkdata.storage import read_manifest as _read_manifest_file
from wijkdata.storage import write_manifest as _write_manifest_file

if TYPE_CHECKING:  # pandas is imported where frames are read or made, so importing this module stays cheap
    import pandas as pd

__all__ = [
    "BatchStore",
    "ManifestEntry",
    "cache_problems",
    "gemeenten_frame",
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
    """Everything cached, by gemeente and year; empty when nothing was pulled yet.

    When the manifest is damaged the entries are derived from the files on disk instead
    (:func:`entries_on_disk`), so a damaged index never blocks the figures it describes.
    """
    try:
        entries = _read_manifest_file(settings.cbs_dir / MANIFEST, ManifestEntry)
    except CacheError:
        entries = entries_on_disk(settings)
    return sorted(entries, key=lambda e: (e.gemeente, e.year))


_PERIOD = re.compile(r"\d{4}")
_GM_FILE = re.compile(r"^GM\d{4}$")
_DISK_MEMO: dict[tuple, list[ManifestEntry]] = {}
_DISK_LOCK = threading.Lock()


def _stat_key(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size)


def _entry_from_files(table_id: str, info: dict[str, Any], path: Path) -> ManifestEntry | None:
    import pandas as pd
    import pyarrow.parquet as pq

    year = _PERIOD.search(str(info.get("Period") or ""))
    if year is None:
        return None
    gemeente = path.stem
    try:
        rows = pq.read_metadata(path).num_rows
        names = pd.read_parquet(path, columns=["code", "naam"], filters=[("code", "==", gemeente)])
    except Exception:  # a damaged file is left out; cache_problems names it
        return None
    fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0).isoformat()
    return ManifestEntry(
        table_id=table_id,
        year=int(year.group(0)),
        gemeente=gemeente,
        modified=str(info.get("Modified") or ""),
        fetched_at=fetched,
        rows=int(rows),
        title=str(info.get("Title") or "").strip(),
        gemeentenaam=str(names["naam"].iloc[0]) if len(names) else "",
    )


def entries_on_disk(settings: Settings) -> list[ManifestEntry]:
    """The manifest entries the files on disk support: one per readable ``<table id>/<GMxxxx>.parquet``.

    Used when the manifest is damaged; ``fetched_at`` is then the file's modification time.
    Remembered per state of the files, so a page view does not re-read them.
    """
    folders = sorted(p for p in settings.cbs_dir.glob("*/info.json")) if settings.cbs_dir.exists() else []
    files = [(info, sorted(info.parent.glob("GM*.parquet"))) for info in folders]
    key = tuple(_stat_key(p) for info, parquets in files for p in (info, *parquets))
    with _DISK_LOCK:
        if key in _DISK_MEMO:
            return list(_DISK_MEMO[key])
    entries = []
    for info_path, parquets in files:
        info = read_info(settings, info_path.parent.name)
        for path in parquets:
            if _GM_FILE.match(path.stem):
                entry = _entry_from_files(info_path.parent.name, info, path)
                if entry is not None:
                    entries.append(entry)
    with _DISK_LOCK:
        _DISK_MEMO.clear()
        _DISK_MEMO[key] = entries
    return list(entries)


def _file_state(path: Path) -> str | None:
    """``None`` when ``path`` looks like a whole Parquet file, else ``"verdwenen"`` or ``"beschadigd"``.

    Checks what a cut-off or overwritten file loses: the ``PAR1`` magic at both ends and a footer
    length that fits the file. Reads 8 bytes at each end, not the footer: a page view with 165
    gemeenten cached checks them all in milliseconds.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            size = fh.seek(0, 2)
            if size < 12:
                return "beschadigd"
            fh.seek(size - 8)
            tail = fh.read(8)
    except FileNotFoundError:
        return "verdwenen"
    except OSError:
        return "beschadigd"
    footer = int.from_bytes(tail[:4], "little")
    return None if head == tail[4:] == b"PAR1" and 0 < footer <= size - 12 else "beschadigd"


def cache_problems(settings: Settings) -> list[str]:
    """What is wrong with the CBS cache, one Dutch sentence per problem; empty when it is sound.

    Looks at the manifest and at both ends of every Parquet file it lists (no rows are read;
    a table's shared metadata file is looked at once).
    """
    problems = []
    path = settings.cbs_dir / MANIFEST
    try:
        _read_manifest_file(path, ManifestEntry)
    except CacheError:
        problems.append(
            f"De index van de CBS-cache ({path}) is beschadigd. Wijkdata gebruikt de cijfers die nog leesbaar in de "
            "cache staan; de volgende keer ophalen (Data en bronnen, of python -m wijkdata sync) herstelt de index."
        )
    states: dict[Path, str | None] = {}
    for e in read_manifest(settings):
        parts = ((f"{e.gemeente} {e.year}", f"{e.gemeente}.parquet"), (f"de metadata van {e.table_id}", "properties.parquet"))
        for part, file in parts:
            target = settings.cbs_dir / e.table_id / file
            if target not in states:
                states[target] = _file_state(target)
            if states[target] is not None:
                problems.append(
                    f"De cijfers van {part} in de cache zijn {states[target]} "
                    f"({target}); haal ze opnieuw op met python -m wijkdata sync --gemeente {e.gemeente} --jaar {e.year}."
                )
    return list(dict.fromkeys(problems))


def _write_manifest(settings: Settings, entries: list[ManifestEntry]) -> None:
    _write_manifest_file(settings.cbs_dir / MANIFEST, sorted(entries, key=lambda e: (e.gemeente, e.year)))


def _table_id(info: dict[str, Any]) -> str:
    table_id = str(info.get("Identifier") or "").strip()
    if not table_id:
        raise CacheError("Tabel zonder Identifier kan niet in de cache.")
    return table_id


def _entry(info: dict[str, Any], rows: pd.DataFrame, gemeente: str, year: int) -> ManifestEntry:
    names = rows.loc[rows["code"] == gemeente, "naam"]  # one column: copying the whole frame costs 40 ms
    return ManifestEntry(
        table_id=_table_id(info),
        year=int(year),
        gemeente=gemeente,
        modified=str(info.get("Modified") or ""),
        fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        rows=len(rows),
        title=str(info.get("Title") or "").strip(),
        gemeentenaam=str(names.iloc[0]) if len(names) else "",
    )


def _merge_manifest(settings: Settings, new: list[ManifestEntry]) -> None:
    """Write the manifest with ``new`` replacing the entries of the same (table, gemeente); call under the lock."""
    replaced = {(e.table_id, e.gemeente) for e in new}
    kept = [e for e in read_manifest(settings) if (e.table_id, e.gemeente) not in replaced]
    _write_manifest(settings, [*kept, *new])


def _write_table_parts(folder: Path, info: dict[str, Any], properties: pd.DataFrame) -> None:
    atomic_write(folder / "info.json", json.dumps(info, indent=1, ensure_ascii=False).encode("utf-8"))
    atomic_parquet(properties, folder / "properties.parquet")


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
    entry = _entry(info, rows, gemeente, year)
    folder = settings.cbs_dir / entry.table_id
    with locked(settings.cbs_dir):
        _write_table_parts(folder, info, properties)
        atomic_parquet(rows, folder / f"{gemeente}.parquet")
        _merge_manifest(settings, [entry])
    return entry


class BatchStore:
    """Cache many gemeenten of one table as :func:`store_table` would, writing the manifest once.

    For a national pull. Use as a context manager: entering writes the table's ``info.json`` and
    ``properties.parquet``; each :meth:`add` writes one gemeente's Parquet file atomically (the
    same file :func:`store_table` writes); leaving writes the manifest once with every gemeente
    added, also when the pull failed half-way, so what was pulled is kept and listed. A
    gemeente's older cache stays as it was until its new file replaces it.
    """

    def __init__(self, settings: Settings, info: dict[str, Any], properties: pd.DataFrame, year: int) -> None:
        self.settings = settings
        self.info = info
        self.properties = properties
        self.year = int(year)
        self.folder = settings.cbs_dir / _table_id(info)
        self.entries: list[ManifestEntry] = []
        self._written = 0

    def __enter__(self) -> BatchStore:
        with locked(self.settings.cbs_dir):
            _write_table_parts(self.folder, self.info, self.properties)
        return self

    def add(self, rows: pd.DataFrame, gemeente: str) -> ManifestEntry:
        """Write one gemeente's normalised rows; its manifest entry follows when the batch closes."""
        entry = _entry(self.info, rows, gemeente, self.year)
        with locked(self.settings.cbs_dir):
            atomic_parquet(rows, self.folder / f"{gemeente}.parquet")
        self.entries.append(entry)
        return entry

    def close(self) -> None:
        """Write the manifest with the entries added since the last close (normally: once, at the end)."""
        new = self.entries[self._written :]
        if new:
            with locked(self.settings.cbs_dir):
                _merge_manifest(self.settings, new)
        self._written = len(self.entries)

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_parquet(path: Path, what: str, columns: list[str] | None = None) -> pd.DataFrame:
    import pandas as pd

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


def gemeenten_frame(gemeenten: list[dict[str, str]], year: int) -> pd.DataFrame:
    """The frame :func:`store_gemeenten` takes, from ``[{"code", "naam"}, ...]`` of table year ``year``."""
    import pandas as pd

    frame = pd.DataFrame(gemeenten, columns=["code", "naam"]).assign(jaar=int(year))
    return frame.astype({"jaar": "Int64"})


def read_gemeenten(settings: Settings) -> pd.DataFrame:
    """The cached list of gemeenten (``code``, ``naam``, ``jaar``); empty frame when never pulled."""
    import pandas as pd

    path = settings.cbs_dir / "gemeenten.parquet"
    if not path.exists():
        return pd.DataFrame(
            {"code": pd.Series(dtype="string"), "naam": pd.Series(dtype="string"), "jaar": pd.Series(dtype="Int64")}
        )
    return _read_parquet(path, "De gemeentelijst")
