"""The page context: which gemeente and year the user is looking at.

MINIMAL stand-in so the register pages run on their own; ``app.py`` (with the shared sidebar)
provides the real one with the same interface: :func:`current` returns a :class:`Context`.
The selection comes from session state (``gemeente``, ``jaar``), else the query parameters,
else the settings (the fictional demo municipality by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from wijkdata.areas import known_area_index
from wijkdata.config import DEMO_GEMEENTE, Settings, get_settings

__all__ = ["Context", "current"]


@dataclass(frozen=True)
class Context:
    """What every page needs to know about the current selection."""

    settings: Settings
    gemeente: str
    gemeentenaam: str
    fictief: bool
    jaar: int
    areas: pd.DataFrame  # code, naam, niveau, gemeente_code, wijk_code of the gemeente, all years
    area_names: dict[str, str]


@st.cache_data(show_spinner=False, ttl=300)
def _areas(_settings: Settings, settings_key: str, gemeente: str) -> pd.DataFrame:
    return known_area_index(_settings).in_gemeente(gemeente).frame()


def current() -> Context:
    """The current gemeente and year, with that gemeente's wijken and buurten."""
    settings = get_settings()
    gemeente = str(st.session_state.get("gemeente") or st.query_params.get("gemeente") or settings.gemeente).upper()
    jaar = int(st.session_state.get("jaar") or st.query_params.get("jaar") or date.today().year - 2)
    areas = _areas(settings, repr(settings), gemeente)
    names = dict(zip(areas["code"], areas["naam"], strict=True))
    return Context(
        settings=settings,
        gemeente=gemeente,
        gemeentenaam=names.get(gemeente, gemeente),
        fictief=gemeente == DEMO_GEMEENTE,
        jaar=jaar,
        areas=areas,
        area_names=names,
    )
