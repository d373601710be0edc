"""Cached access to the engine, so a rerun never re-reads Parquet or regenerates the demo.

``st.cache_resource`` holds the loaded objects (they are treated as read-only); each cache key
includes the cache manifest's modification time, so a pull invalidates what it changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from wijkdata.cbs.kerncijfers import Kerncijfers, available_gemeenten, known_areas, load_kerncijfers
from wijkdata.config import Settings, get_settings
from wijkdata.errors import DatabaseUnavailable

T = TypeVar("T")

if TYPE_CHECKING:  # geopandas is loaded only by the pages that draw maps
    import geopandas as gpd

    from wijkdata.geo.join import JoinReport
    from wijkdata.visual.mapping import MapGeometry


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def cache_stamp(settings: Settings) -> tuple[float, float]:
    """Changes whenever the figures cache or the list of gemeenten changes."""
    return _stamp(settings.cbs_dir / "manifest.json"), _stamp(settings.cbs_dir / "gemeenten.parquet")


@st.cache_data(show_spinner=False, max_entries=4)
def _cache_problems(settings: Settings, stamp: tuple[float, float, float]) -> list[str]:
    from wijkdata.bronnen import cache_problems as problems

    return problems(settings)


def cache_problems(settings: Settings) -> list[str]:
    """What is wrong with the local caches, in Dutch (empty when sound); checked again after each pull or import."""
    return _cache_problems(settings, (*cache_stamp(settings), geo_stamp(settings)))


def settings() -> Settings:
    """The settings from the environment (cheap; not cached so tests and restarts see changes)."""
    return get_settings()


@st.cache_resource(show_spinner="Cijfers laden…", max_entries=16)
def _kerncijfers(settings: Settings, gemeente: str, stamp: tuple[float, float]) -> Kerncijfers:
    return load_kerncijfers(settings, gemeente)


def kerncijfers(settings: Settings, gemeente: str) -> Kerncijfers:
    """A gemeente's harmonised figures (cached until the next pull)."""
    return _kerncijfers(settings, gemeente, cache_stamp(settings))


@st.cache_data(show_spinner=False, max_entries=4)
def _gemeenten(settings: Settings, stamp: tuple[float, float]) -> pd.DataFrame:
    return available_gemeenten(settings)


def gemeenten(settings: Settings) -> pd.DataFrame:
    """Gemeenten to choose from (code, naam, status, jaren)."""
    return _gemeenten(settings, cache_stamp(settings))


@st.cache_data(show_spinner=False, max_entries=4)
def _known_areas(settings: Settings, stamp: tuple[float, float]) -> pd.DataFrame:
    return known_areas(settings)


def areas_everywhere(settings: Settings) -> pd.DataFrame:
    """Every area code Wijkdata knows (demo and cache), for validating records."""
    return _known_areas(settings, cache_stamp(settings))


def index_stamp(settings: Settings) -> tuple[int, ...]:
    """Changes whenever the national index changes (brought up to date with the cache first)."""
    from wijkdata.cbs import index

    return index.stamp(settings)


@st.cache_data(show_spinner="Cijfers van heel Nederland lezen…", max_entries=8)
def _national_figures(settings: Settings, jaar: int, keys: tuple[str, ...], mode: str, stamp: tuple) -> pd.DataFrame:
    from wijkdata.cbs import index

    return index.latest(settings, jaar, keys, mode=mode)


def national_figures(settings: Settings, jaar: int, keys: list[str], mode: str) -> pd.DataFrame:
    """Every cached wijk and buurt of ``jaar`` with only ``keys`` (see :func:`wijkdata.cbs.index.latest`),
    read from the national index once per change of the cache."""
    return _national_figures(settings, int(jaar), tuple(keys), mode, index_stamp(settings))


@st.cache_data(show_spinner=False, max_entries=8)
def _index_areas(settings: Settings, jaar: int, gemeenten: tuple[str, ...], stamp: tuple) -> pd.DataFrame:
    from wijkdata.cbs import index

    columns = ["code", "naam", "niveau", "gemeente_code", "gemeentenaam"]
    return index.read(settings, jaar, columns, niveau=["wijk", "buurt"], gemeenten=gemeenten)


def index_areas(settings: Settings, jaar: int, gemeenten: list[str]) -> pd.DataFrame:
    """The wijken and buurten of ``jaar`` of cached ``gemeenten``: ``code``, ``naam``, ``niveau``,
    ``gemeente_code``, ``gemeentenaam`` (from the national index)."""
    return _index_areas(settings, int(jaar), tuple(gemeenten), index_stamp(settings))


@st.cache_resource(show_spinner=False, max_entries=32)
def _area_figures(settings: Settings, gemeente: str, codes: tuple[str, ...], stamp: tuple) -> Kerncijfers:
    from wijkdata.cbs import index

    return index.area_figures(settings, gemeente, codes)


def area_figures(settings: Settings, gemeente: str, codes: list[str]) -> Kerncijfers:
    """The figures of a few areas of another cached gemeente over all years, from the national index
    (see :func:`wijkdata.cbs.index.area_figures`)."""
    return _area_figures(settings, gemeente, tuple(sorted(codes)), index_stamp(settings))


@st.cache_data(show_spinner=False, max_entries=32)
def _side_by_side(
    settings: Settings, own: str, picked: tuple[str, ...], jaar: int, keys: tuple[str, ...], mode: str, stamps: tuple
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from wijkdata.analysis.compare import side_by_side, side_by_side_numbers

    areas = [tuple(p.split("|", 1)) for p in picked]
    loaded = {own: kerncijfers(settings, own)}
    for gm in dict.fromkeys(gm for gm, _ in areas if gm != own):
        loaded[gm] = area_figures(settings, gm, [code for g, code in areas if g == gm])
    chosen = [(loaded[gm], code) for gm, code in areas]
    return side_by_side(chosen, jaar, keys, mode), side_by_side_numbers(chosen, jaar, keys, mode)  # type: ignore[arg-type]


def side_by_side(
    settings: Settings, own: str, picked: list[str], jaar: int, keys: list[str], mode: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`wijkdata.analysis.compare.side_by_side` and its numbers for a download, of areas ``"GMxxxx|code"``:
    those of ``own`` from its figures, those of other gemeenten from the national index; cached per pull."""
    elsewhere = any(not p.startswith(f"{own}|") for p in picked)
    stamps = (*cache_stamp(settings), *(index_stamp(settings) if elsewhere else ()))
    return _side_by_side(settings, own, tuple(picked), int(jaar), tuple(keys), mode, stamps)


@st.cache_data(show_spinner=False, max_entries=32)
def _ranking(settings: Settings, gemeente: str, jaar: int, niveau: str, key: str, mode: str, stamp: tuple) -> pd.DataFrame:
    from wijkdata.analysis.compare import ranking as rank

    return rank(kerncijfers(settings, gemeente), jaar, niveau, key, mode=mode)  # type: ignore[arg-type]


def ranking(settings: Settings, gemeente: str, jaar: int, niveau: str, key: str, mode: str) -> pd.DataFrame:
    """:func:`wijkdata.analysis.compare.ranking` of a gemeente's areas, cached until the next pull."""
    return _ranking(settings, gemeente, int(jaar), niveau, key, mode, cache_stamp(settings))


@st.cache_data(show_spinner=False, max_entries=32)
def _similar(
    settings: Settings, gemeente: str, target: str, jaar: int, keys: tuple[str, ...], mode: str, stamp: tuple, wide: tuple | None
) -> pd.DataFrame:
    from wijkdata.analysis.compare import similar_areas

    k = kerncijfers(settings, gemeente)
    national = _national_figures(settings, jaar, keys, mode, wide) if wide is not None else None
    return similar_areas([k], k, target, jaar, keys, n=10, mode=mode, national=national)  # type: ignore[arg-type]


def similar(settings: Settings, gemeente: str, target: str, jaar: int, keys: list[str], mode: str, wider: bool) -> pd.DataFrame:
    """The ten areas most like ``target`` (:func:`wijkdata.analysis.compare.similar_areas`): in its own
    gemeente, or with ``wider`` in every cached gemeente, read from the national index; cached per pull."""
    wide = index_stamp(settings) if wider else None
    return _similar(settings, gemeente, target, int(jaar), tuple(keys), mode, cache_stamp(settings), wide)


class _Refresher:
    """Fetches CBS's list of gemeenten once per process in the background, never blocking a page."""

    def __init__(self, settings: Settings) -> None:
        self.error: str | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(settings,), daemon=True, name="wijkdata-gemeenten")
        self.thread.start()

    def _run(self, settings: Settings) -> None:
        from dataclasses import replace

        from wijkdata.cbs.client import CbsClient
        from wijkdata.cbs.sync import refresh_gemeenten
        from wijkdata.errors import WijkdataError

        settings = replace(settings, timeout=min(settings.timeout, 15.0))
        try:
            # no retries: with CBS down this background fetch would otherwise hold the one cbsodata
            # lock for seconds of back-off, keeping a user's own pull waiting; the next start tries again
            refresh_gemeenten(settings, client=CbsClient(settings, retries=0))
        except WijkdataError as exc:
            self.error = str(exc)
        finally:
            self.done.set()


@st.cache_resource(show_spinner=False)
def gemeenten_refresh(settings: Settings) -> _Refresher | None:
    """Start (once) the background fetch of CBS's gemeente list when it is not cached yet."""
    if (settings.cbs_dir / "gemeenten.parquet").exists():
        return None
    return _Refresher(settings)


def geo_stamp(settings: Settings) -> float:
    """Changes whenever boundaries are imported or fetched."""
    return _stamp(settings.geo_dir / "manifest.json")


@st.cache_resource(show_spinner="Grenzen laden…", max_entries=32)
def _boundaries(settings: Settings, gemeente: str, jaar: int, niveau: str, stamp: float) -> gpd.GeoDataFrame:
    from wijkdata.geo.service import load_boundaries

    return load_boundaries(settings, gemeente, jaar, niveau)


def boundaries(settings: Settings, gemeente: str, jaar: int, niveau: str) -> gpd.GeoDataFrame:
    """A gemeente's wijk or buurt shapes of one year in EPSG:28992 (cached until the next import)."""
    return _boundaries(settings, gemeente, jaar, niveau, geo_stamp(settings))


@st.cache_resource(show_spinner="Kaart voorbereiden…", max_entries=32)
def _map_geometry(settings: Settings, gemeente: str, jaar: int, niveau: str, stamp: float) -> MapGeometry:
    from wijkdata.geo.service import load_drawing
    from wijkdata.visual.mapping import map_geometry

    return map_geometry(load_drawing(settings, gemeente, jaar, niveau))


def map_shapes(settings: Settings, gemeente: str, jaar: int, niveau: str) -> MapGeometry:
    """The GeoJSON of those shapes, simplified once on disk (never on a view); switching indicator reuses it."""
    return _map_geometry(settings, gemeente, jaar, niveau, geo_stamp(settings))


@st.cache_resource(show_spinner=False, max_entries=32)
def _joined(
    settings: Settings, gemeente: str, jaar: int, niveau: str, stamps: tuple[float, float, float]
) -> tuple[pd.DataFrame, JoinReport]:
    from wijkdata.geo.join import join_figures

    shapes = boundaries(settings, gemeente, jaar, niveau)
    joined, report = join_figures(shapes, kerncijfers(settings, gemeente), jaar, niveau)
    return pd.DataFrame(joined.drop(columns="geometry")), report


def joined_figures(settings: Settings, gemeente: str, jaar: int, niveau: str) -> tuple[pd.DataFrame, JoinReport]:
    """The figures of the shapes (no geometry) and the join report, cached per import and pull."""
    return _joined(settings, gemeente, jaar, niveau, (*cache_stamp(settings), geo_stamp(settings)))


def fetch_boundaries(settings: Settings, gemeente: str, jaar: int, niveau: str) -> None:
    """Fetch the wijken and buurten of one year from PDOK into the cache, ``niveau`` first.

    Raises GeoError/PdokUnavailable when ``niveau`` fails; the other level is a bonus whose
    failure is left for when it is asked for.
    """
    import contextlib

    from wijkdata.errors import WijkdataError
    from wijkdata.geo.service import load_boundaries

    load_boundaries(settings, gemeente, jaar, niveau, fetch=True)
    with contextlib.suppress(WijkdataError):
        load_boundaries(settings, gemeente, jaar, "buurt" if niveau == "wijk" else "wijk", fetch=True)


@st.cache_data(show_spinner=False, max_entries=64)
def _boundary_source(settings: Settings, gemeente: str, jaar: int, niveau: str, stamp: float) -> str:
    from wijkdata.geo.service import boundary_source as source

    return source(settings, gemeente, jaar, niveau)


def boundary_source(settings: Settings, gemeente: str, jaar: int, niveau: str) -> str:
    """Where the shapes came from, for the source line (cached until the next import)."""
    return _boundary_source(settings, gemeente, jaar, niveau, geo_stamp(settings))


def _open_engine(settings: Settings):
    from wijkdata.registers import db, opening

    eng = db.make_engine(settings)
    opening.open_database(settings, eng)
    return eng


#: Seconds the background opening of the records database waits after the first page, unless a
#: page needs the registers sooner: importing SQLAlchemy and migrating holds Python's lock, and
#: right after the first page that would hold up sending it to the browser (measured: seconds).
DATABASE_DELAY = 5.0


class DatabaseOpening:
    """The records database being opened in a background thread (see :func:`engine_future`)."""

    def __init__(self, settings: Settings, delay: float) -> None:
        self._now = threading.Event()
        self._future: Future = Future()
        # A daemon thread, not an executor's: stopping the server (Ctrl+C) does not wait out the
        # delay and then open and migrate a database nobody will use.
        threading.Thread(target=self._open, args=(settings, delay), name="wijkdata-db", daemon=True).start()

    def _open(self, settings: Settings, delay: float) -> None:
        self._now.wait(delay)
        if not self._future.set_running_or_notify_cancel():
            return
        try:
            self._future.set_result(_open_engine(settings))
        except BaseException as exc:  # handed to whoever waits for the engine
            self._future.set_exception(exc)

    def result(self):
        """The engine, migrated to head; starts the opening at once if it is still waiting."""
        self._now.set()
        return self._future.result()


@st.cache_resource(show_spinner=False)
def engine_future(_settings: Settings, database_url: str) -> DatabaseOpening:
    """Open (and migrate, and on a fresh default seed) the records database in the background.

    main.py starts this once the first page has run; the opening waits :data:`DATABASE_DELAY`
    seconds (so the first page reaches the browser first) or until a page needs the registers,
    and a later page that needs them does not wait for migrations.
    """
    return DatabaseOpening(_settings, DATABASE_DELAY)


def engine(settings: Settings):
    """The records database engine, migrated to head (waits for the background opening)."""
    opening = engine_future(settings, settings.database_url)
    try:
        return opening.result()
    except BaseException:
        engine_future.clear()  # try again on the next run (e.g. the server was down)
        raise


def from_registers(settings: Settings, area_names: dict[str, str], read: Callable[[Any], T], empty: T) -> T:
    """``read(store)``, or ``empty`` with the database's Dutch message when the registers cannot be reached.

    For pages whose figures do not depend on the registers (Wijkprofiel, Opgave, Raadsbriefing):
    the register part shows the message, the figures stay. Nobody signed in (:mod:`ui.auth`): ``empty``
    and a line saying the registers show after signing in; else the store acts as the person working.
    """
    from ui.auth import registers_identity
    from ui.errors import show_error

    identity = registers_identity(settings)
    if identity is None:
        return empty
    try:
        return read(store(settings, area_names).acting_as(identity))
    except DatabaseUnavailable as exc:
        show_error(exc, hint="Wat er in de wijk gebeurt ontbreekt hieronder.", level="warning", stop=False)
        return empty


def store(settings: Settings, area_names: dict[str, str]):
    """A :class:`wijkdata.registers.store.Store` on the records database, validating against ``area_names``
    and the catalogue's indicator keys (looked up on the first write)."""
    from wijkdata.areas import AreaIndex
    from wijkdata.cbs.kerncijfers import known_indicator_keys
    from wijkdata.registers.store import Store

    return Store(engine(settings), AreaIndex(area_names), indicators=lambda: known_indicator_keys(settings))
