"""Cached access to the engine, so a rerun never re-reads Parquet or regenerates the demo.

``st.cache_resource`` holds the loaded objects (they are treated as read-only); each cache key
includes the cache manifest's modification time, so a pull invalidates what it changed.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from wijkdata.config import Settings, get_settings
from wijkdata.kerncijfers import Kerncijfers, available_gemeenten, known_areas, load_kerncijfers


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def cache_stamp(settings: Settings) -> tuple[float, float]:
    """Changes whenever the figures cache or the list of gemeenten changes."""
    return _stamp(settings.cbs_dir / "manifest.json"), _stamp(settings.cbs_dir / "gemeenten.parquet")


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


class _Refresher:
    """Fetches CBS's list of gemeenten once per process in the background, never blocking a page."""

    def __init__(self, settings: Settings) -> None:
        self.error: str | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(settings,), daemon=True, name="wijkdata-gemeenten")
        self.thread.start()

    def _run(self, settings: Settings) -> None:
        from dataclasses import replace

        from wijkdata.errors import WijkdataError
        from wijkdata.sync import refresh_gemeenten

        try:
            refresh_gemeenten(replace(settings, timeout=min(settings.timeout, 15.0)))
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
