"""The national index: every cached area of every gemeente in one columnar store, one partition per year.

So that comparing with the whole country ("lijkt op" over all of the Netherlands) reads only the
columns it needs instead of loading every cached gemeente. Layout under ``<data dir>/cbs/index/``
(a Parquet dataset, hive-partitioned by ``jaar``)::

    jaar=2024/part-0.parquet   every cached gemeente, wijk and buurt of that year (not Nederland)
    _index.json                per year the state of the source files it was built from and its
                               columns, and the manifest it matches; written last

A partition holds :data:`AREA_COLUMNS` (``tabel``: the CBS table id; ``gemeentenaam``: the name
of the area's gemeente), then one column per indicator named by its stable key (as in
:class:`~wijkdata.cbs.kerncijfers.Kerncijfers`) with the values and dtypes of the per-gemeente
cache: missing stays ``<NA>``, never 0. Files are written atomically. :func:`refresh` rebuilds
only the years whose source files changed; the readers refresh lazily when the index is missing,
damaged or older than the manifest, so a damaged index is rebuilt, never a dead end.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from wijkdata.cbs import cache
from wijkdata.config import Settings
from wijkdata.errors import CacheError
from wijkdata.storage import atomic_write, locked

if TYPE_CHECKING:
    from wijkdata.cbs.kerncijfers import Kerncijfers

__all__ = ["AREA_COLUMNS", "area_figures", "index_dir", "latest", "read", "refresh", "stamp", "years"]

#: The columns that say which area a row is, before the indicator columns.
AREA_COLUMNS = ["tabel", "code", "naam", "niveau", "gemeente_code", "gemeentenaam"]
AREA_COLUMNS += ["wijk_code", "soort_regio", "indelingswijziging"]
_STATE, _PART = "_index.json", "part-0.parquet"
_LOCK = threading.RLock()
_STATE_MEMO: dict[str, tuple[tuple, dict[str, Any]]] = {}


def index_dir(settings: Settings) -> Path:
    """The folder of the national index: ``<data dir>/cbs/index``."""
    return settings.cbs_dir / "index"


def _part(settings: Settings, year: int) -> Path:
    return index_dir(settings) / f"jaar={int(year)}" / _PART


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _read_state(settings: Settings) -> dict[str, Any] | None:
    """The parsed ``_index.json`` (remembered per state of the file); ``None`` when absent or damaged."""
    path = index_dir(settings) / _STATE
    key = tuple(_stat(path) or ())
    if not key:
        return None
    memo = _STATE_MEMO.get(str(path))
    if memo is not None and memo[0] == key:
        return memo[1]
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state, dict) or not isinstance(state.get("years"), dict):
            return None
    except (OSError, ValueError):
        return None
    _STATE_MEMO[str(path)] = (key, state)
    return state


def _sources(settings: Settings, entries: list[cache.ManifestEntry]) -> list[list[Any]]:
    """What a year's partition depends on: each cached file's state, and its gemeente's name."""
    out = []
    for e in entries:
        folder = settings.cbs_dir / e.table_id
        out.append([e.table_id, e.gemeente, e.gemeentenaam, _stat(folder / f"{e.gemeente}.parquet")])
    for table_id in sorted({e.table_id for e in entries}):  # rewritten by every pull: compared by content
        path = settings.cbs_dir / table_id / "properties.parquet"
        out.append([table_id, "properties", "", hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None])
    return out


def _readable(path: Path) -> bool:
    import pyarrow.parquet as pq

    try:
        pq.read_metadata(path)
    except Exception:  # missing or damaged: pyarrow raises several types
        return False
    return True


def _renames(settings: Settings, table_id: str) -> dict[str, str] | None:
    """CBS column → stable key for one cached table (as :func:`wijkdata.cbs.kerncijfers.harmonise`); ``None`` when damaged."""
    from wijkdata.cbs.catalogue import resolve_properties
    from wijkdata.cbs.normalise import META_COLUMNS

    try:
        resolved = resolve_properties(cache.read_properties(settings, table_id))
    except CacheError:
        return None
    return {**{c: c for c in META_COLUMNS}, **dict(zip(resolved["cbs_kolom"], resolved["key"], strict=True))}


def _gemeente_rows(settings: Settings, e: cache.ManifestEntry, renames: dict[str, str]):
    """One cached gemeente's rows as an Arrow table in the index's columns; ``None`` when the file is damaged."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(settings.cbs_dir / e.table_id / f"{e.gemeente}.parquet").read()
    except Exception:  # missing or damaged: pyarrow raises several types; cache_problems names it
        return None
    present = set(table.column_names)
    keep = [c for c in renames if c in present]
    table = table.select(keep).rename_columns([renames[c] for c in keep])
    table = table.filter(pc.fill_null(pc.not_equal(table["niveau"], "land"), True))
    own = table.filter(pc.equal(table["code"], e.gemeente))["naam"].to_pylist()
    name = e.gemeentenaam or (own[0] if own else e.gemeente)
    table = table.add_column(0, "tabel", pa.array([e.table_id] * table.num_rows, pa.large_string()))
    where = table.column_names.index("gemeente_code") + 1
    return table.add_column(where, "gemeentenaam", pa.array([name] * table.num_rows, pa.large_string()))


def _with_pandas_types(table):
    """``table`` with the pandas metadata that gives back the cache's dtypes (``Int64``, ``Float64``, ``string``)."""
    import pyarrow as pa

    kinds = {pa.int64(): "Int64", pa.float64(): "Float64", pa.large_string(): "string", pa.string(): "string"}
    empty = pd.DataFrame({f.name: pd.Series(dtype=kinds.get(f.type, "object")) for f in table.schema})
    return table.replace_schema_metadata(pa.Schema.from_pandas(empty, preserve_index=False).metadata)


def _build_year(settings: Settings, year: int, entries: list[cache.ManifestEntry], old: dict[str, Any] | None) -> list[str]:
    """Write one year's partition from the per-gemeente cache; returns its columns.

    With ``old`` (the partition's previous state) and a readable old partition, only the
    gemeenten whose files changed are read again. A damaged source file is left out
    (:func:`wijkdata.cbs.cache.cache_problems` names it).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = _part(settings, year)
    sources = {(s[0], s[1]): s for s in _sources(settings, entries)}
    previous = {(s[0], s[1]): s for s in (old or {}).get("sources", [])}
    tables = {t for t, g in sources if g == "properties"}
    same_tables = all(previous.get((t, "properties")) == sources[(t, "properties")] for t in tables)
    kept = None
    if old is not None and same_tables and _readable(path):
        changed = {g for (t, g), s in sources.items() if g != "properties" and previous.get((t, g)) != s}
        changed |= {g for (t, g) in previous if g != "properties" and (t, g) not in sources}
        kept = pq.read_table(path)
        kept = kept.filter(pc.invert(pc.is_in(kept["gemeente_code"], pa.array(sorted(changed), pa.large_string()))))
        todo = [e for e in entries if e.gemeente in changed]
    else:
        todo = entries
    renames = {t: _renames(settings, t) for t in tables}
    parts = [kept] if kept is not None else []
    for e in todo:
        names = renames.get(e.table_id)
        rows = _gemeente_rows(settings, e, names) if names is not None else None
        if rows is not None:
            parts.append(rows)
    if parts:
        data = pa.concat_tables(parts, promote_options="default")
        data = data.take(pc.sort_indices(data, [("gemeente_code", "ascending")]))  # stable: CBS order within
    else:
        data = pa.table({c: pa.array([], pa.large_string()) for c in AREA_COLUMNS})
    data = _with_pandas_types(data)
    sink = pa.BufferOutputStream()
    pq.write_table(data, sink)
    atomic_write(path, sink.getvalue().to_pybytes())
    return list(data.column_names)


def refresh(settings: Settings, *, force: bool = False) -> list[int]:
    """Bring the index up to date with the cache: rebuild the years whose source files changed.

    Cheap when nothing changed (one ``stat`` per cached file). A missing or damaged partition or
    ``_index.json`` is rebuilt; ``force`` rebuilds every year. Safe to call from several threads
    and processes at once.

    Returns
    -------
    list of int
        The years whose partition was (re)written, ascending.

    Raises
    ------
    CacheError
        When another process holds the index's lock for too long.
    """
    folder = index_dir(settings)
    with _LOCK, locked(folder):
        manifest = _stat(settings.cbs_dir / cache.MANIFEST)
        entries = cache.read_manifest(settings)
        by_year: dict[int, list[cache.ManifestEntry]] = {}
        for e in entries:
            by_year.setdefault(int(e.year), []).append(e)
        before = {} if force else (_read_state(settings) or {}).get("years", {})
        state: dict[str, Any] = {"version": 1, "manifest": manifest, "years": {}}
        rebuilt = []
        for year, part in sorted(by_year.items()):
            sources = _sources(settings, part)
            old = before.get(str(year))
            if old is not None and old.get("sources") == sources and _readable(_part(settings, year)):
                state["years"][str(year)] = old
                continue
            columns = _build_year(settings, year, part, old)
            state["years"][str(year)] = {"sources": sources, "columns": columns}
            rebuilt.append(year)
        for stale in folder.glob("jaar=*"):
            if stale.name.removeprefix("jaar=") not in state["years"]:
                shutil.rmtree(stale, ignore_errors=True)
        atomic_write(folder / _STATE, json.dumps(state, ensure_ascii=False).encode("utf-8"))
        return rebuilt


def _fresh_state(settings: Settings) -> dict[str, Any]:
    """The index's state, refreshed first when the index is missing, damaged or older than the manifest."""
    state = _read_state(settings)
    if state is None or state.get("manifest") != _stat(settings.cbs_dir / cache.MANIFEST):
        refresh(settings)
        state = _read_state(settings) or {"years": {}}
    return state


def stamp(settings: Settings) -> tuple[int, ...]:
    """Changes whenever the index changes (refreshed first when stale): a key for caches of what was read."""
    _fresh_state(settings)
    return tuple(_stat(index_dir(settings) / _STATE) or ())


def years(settings: Settings) -> list[int]:
    """The years in the index, ascending."""
    return sorted(int(y) for y in _fresh_state(settings)["years"])


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    kinds = {c: ("string" if c in AREA_COLUMNS else "int64" if c == "jaar" else "Float64") for c in columns}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in kinds.items()})


def _as_list(value: str | Sequence[str] | None) -> list[str] | None:
    return None if value is None else [value] if isinstance(value, str) else [str(v) for v in value]


def read(
    settings: Settings,
    year: int,
    columns: Sequence[str] | None = None,
    niveau: str | Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    gemeenten: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rows of one year from the index, reading only ``columns``.

    Parameters
    ----------
    year
        The year (partition) to read.
    columns
        :data:`AREA_COLUMNS`, ``jaar`` and indicator keys; ``None`` for all. An indicator the
        year's table lacks comes back all ``<NA>`` (``Float64``).
    niveau, codes, gemeenten
        Keep only areas of this level (or these levels), with these codes, or in these
        gemeenten (``GMxxxx``).

    Returns
    -------
    pandas.DataFrame
        One row per area (gemeente, wijk, buurt) of every cached gemeente, in gemeente code
        order and CBS order within a gemeente; the columns asked, in that order, with the dtypes
        of the per-gemeente cache. Empty (with those columns) when the year is not cached.

    Raises
    ------
    CacheError
        When the index cannot be brought up to date (e.g. another process holds its lock).
    """
    state = _fresh_state(settings)
    info = state["years"].get(str(int(year)))
    wanted = list(columns) if columns is not None else [*(info or {}).get("columns", AREA_COLUMNS), "jaar"]
    codes, gemeenten, levels = _as_list(codes), _as_list(gemeenten), _as_list(niveau)
    if info is None or any(v is not None and not v for v in (codes, gemeenten, levels)):
        return _empty(wanted)
    filters = [
        (column, "in", values)
        for column, values in (("niveau", levels), ("code", codes), ("gemeente_code", gemeenten))
        if values is not None
    ]
    present = [c for c in dict.fromkeys(wanted) if c in info["columns"]]
    try:
        frame = pd.read_parquet(_part(settings, year), columns=present or ["code"], filters=filters or None)
    except Exception:  # a damaged or vanished partition: rebuild it and read again
        refresh(settings, force=True)
        try:
            frame = pd.read_parquet(_part(settings, year), columns=present or ["code"], filters=filters or None)
        except Exception as exc:
            raise CacheError(
                f"De landelijke index van {year} ({_part(settings, year)}) is onleesbaar ({type(exc).__name__}) "
                "en kon niet opnieuw worden opgebouwd; haal de cijfers opnieuw op."
            ) from None
    frame = frame.reset_index(drop=True)
    for c in wanted:
        if c == "jaar":
            frame["jaar"] = int(year)
        elif c not in frame.columns:
            frame[c] = pd.array([pd.NA] * len(frame), dtype="string" if c in AREA_COLUMNS else "Float64")
    return frame[list(dict.fromkeys(wanted))]


def latest(settings: Settings, year: int, keys: Sequence[str], niveau: str | None = None, mode: str = "laatst") -> pd.DataFrame:
    """Every area of ``year`` with the figures of ``keys``: ``year``'s, or with ``mode="laatst"``
    the newest earlier year's where ``year`` has none (as :func:`wijkdata.analysis.latest.latest_values`).

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``gemeentenaam`` and one
        ``Float64`` column per key (``<NA>`` where no year up to ``year`` has a figure); one row
        per area of ``year`` (optionally of one ``niveau``).
    """
    keys = list(dict.fromkeys(keys))
    meta = ["code", "naam", "niveau", "gemeente_code", "gemeentenaam"]
    frame = read(settings, year, [*meta, *keys], niveau=niveau)
    for key in keys:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("Float64")
    if mode != "laatst" or frame.empty or not keys:
        return frame
    for earlier in sorted((y for y in years(settings) if y < int(year)), reverse=True):
        if not frame[keys].isna().any().any():
            break
        before = read(settings, earlier, ["code", *keys], niveau=niveau).drop_duplicates("code").set_index("code")
        for key in keys:
            values = pd.to_numeric(frame["code"].map(before[key]), errors="coerce").astype("Float64")
            frame[key] = frame[key].fillna(values)
    return frame


def area_figures(settings: Settings, gemeente: str, codes: Sequence[str]) -> Kerncijfers:
    """The figures of a few areas of one cached gemeente over all its years, read from the index.

    A :class:`Kerncijfers` like :func:`wijkdata.cbs.kerncijfers.load_kerncijfers` gives, but whose
    ``data`` holds only ``codes`` (and the gemeente itself): enough to set these areas beside
    others without loading the whole gemeente.

    Raises
    ------
    NotCached
        When nothing of ``gemeente`` is cached.
    CacheError
        When a table's metadata in the cache is damaged.
    """
    from wijkdata.cbs.catalogue import build_catalogue, resolve_properties
    from wijkdata.cbs.kerncijfers import Kerncijfers
    from wijkdata.cbs.normalise import META_COLUMNS
    from wijkdata.codes import check_gemeente_code
    from wijkdata.errors import NotCached

    gemeente = check_gemeente_code(gemeente)
    entries = [e for e in cache.read_manifest(settings) if e.gemeente == gemeente]
    if not entries:
        raise NotCached(f"Er zijn nog geen cijfers van {gemeente} opgehaald.", gemeente=gemeente)
    entries.sort(key=lambda e: e.year)
    tables = {e.year: (e.table_id, resolve_properties(cache.read_properties(settings, e.table_id))) for e in entries}
    catalogue = build_catalogue(tables)
    columns, wanted = ["jaar", *META_COLUMNS, *catalogue.keys], list(dict.fromkeys([gemeente, *codes]))
    frames = [read(settings, e.year, columns, codes=wanted, gemeenten=[gemeente]) for e in entries]
    data = pd.concat(frames, ignore_index=True, sort=False)
    sources = [
        {"jaar": e.year, "tabel": e.table_id, "titel": e.title, "gewijzigd": e.modified, "opgehaald": e.fetched_at}
        for e in entries
    ]
    naam = next((e.gemeentenaam for e in reversed(entries) if e.gemeentenaam), gemeente)
    return Kerncijfers(
        gemeente=gemeente,
        naam=naam,
        fictief=False,
        data=data,
        catalogue=catalogue,
        sources=pd.DataFrame(sources, columns=["jaar", "tabel", "titel", "gewijzigd", "opgehaald"]),
    )
