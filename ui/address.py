"""Find a buurt by address: the sidebar's search field and the ``adres=`` URL parameter.

Both go through :func:`wijkdata.geo.geocode.search` (PDOK's Locatieserver) and open the
profile of the buurt found, in its gemeente: the sidebar then pulls that gemeente from CBS
(with a progress bar) when it is not cached yet. ``profiel?adres=6811AA%2012`` does the same as
typing ``6811AA 12`` and choosing the first result.
"""

from __future__ import annotations

import streamlit as st

from ui.context import GEMEENTE
from ui.errors import show_error
from wijkdata.codes import gemeente_of
from wijkdata.config import Settings
from wijkdata.errors import WijkdataError
from wijkdata.geo.geocode import Match, check_match, search

__all__ = ["PARAM", "SEARCH_KEY", "find", "follow_address", "label", "search_box"]

#: The URL parameter with an address to open (``?adres=6811AA%2012``).
PARAM = "adres"
#: Session-state key of the sidebar's search field.
SEARCH_KEY = "_sb_adres"
_PENDING = "_adres_open"
_CHOSEN = "_adres_gekozen"
_NOTICE = "_adres_melding"
_PROFILE = "pages/profiel.py"


def label(match: Match) -> str:
    """``"Molenstraat 12, 9999AB Voorbeeldstad · Molenpark"``: the address and the buurt (or wijk) it lies in."""
    area = match.buurtnaam or match.wijknaam
    return f"{match.weergavenaam} · {area}" if area and area not in match.weergavenaam else match.weergavenaam


def find(settings: Settings, text: str, rows: int = 5) -> list[Match]:
    """Matches for ``text`` that lie in a known area, checked against the cached boundaries.

    Raises
    ------
    WijkdataError
        When PDOK cannot be reached or the text is empty (see :func:`wijkdata.geo.geocode.search`).
    """
    return [m for m in (check_match(settings, m) for m in search(settings, text, rows=rows)) if m.area]


def _choose(match: Match) -> None:
    st.session_state[_PENDING] = match


def _open(match: Match, page: object | None) -> None:
    """Select the match's gemeente and open the profile of its buurt (or wijk)."""
    gm = match.gemeentecode or gemeente_of(match.area) or ""
    st.session_state[GEMEENTE] = gm
    st.session_state.setdefault("_applied_query", {})[GEMEENTE] = gm
    st.session_state[_CHOSEN] = match
    if PARAM in st.query_params:
        del st.query_params[PARAM]
    if getattr(page, "url_path", "profiel") != "profiel":
        st.switch_page(_PROFILE, query_params={GEMEENTE: gm, "gebied": match.area})
    st.query_params[GEMEENTE] = gm
    st.query_params["gebied"] = match.area


def follow_address(settings: Settings, page: object | None = None) -> None:
    """Open the buurt of a chosen search result, or of a new ``adres=`` in the URL (the first match).

    Call before the sidebar reads the gemeente. A problem (PDOK unreachable, nothing found) is
    remembered and shown under the search field.
    """
    text = st.query_params.get(PARAM)
    if text and text != st.session_state.get("_applied_adres"):
        st.session_state["_applied_adres"] = text
        st.session_state[SEARCH_KEY] = text
        try:
            matches = find(settings, text, rows=5)
        except WijkdataError as exc:
            st.session_state[_NOTICE] = str(exc)
            return
        if not matches:
            st.session_state[_NOTICE] = f"Geen adres gevonden voor '{text}'."
            return
        st.session_state[_PENDING] = matches[0]
    match = st.session_state.pop(_PENDING, None)
    if match is not None:
        _open(match, page)


def search_box(settings: Settings) -> None:
    """The sidebar's "Zoek adres of postcode" field with up to five results to choose from."""
    text = st.text_input(
        "Zoek adres of postcode",
        key=SEARCH_KEY,
        placeholder="bijv. 6811AA 12 of Stationsplein 1, Arnhem",
        help="Zoekt bij PDOK (Locatieserver) in welke buurt een adres ligt en opent het profiel van die buurt.",
    )
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        show_error(notice, level="warning", stop=False)
    chosen = st.session_state.get(_CHOSEN)
    if not text or not text.strip():
        return
    if chosen is not None and text == st.session_state.get("_applied_adres"):
        st.caption(f"Gevonden: {label(chosen)}")
        return
    try:
        matches = find(settings, text)
    except WijkdataError as exc:
        show_error(exc, level="warning", stop=False)
        return
    if not matches:
        st.caption(f"Geen adres gevonden voor '{text.strip()}'. Probeer postcode en huisnummer, of straat, nummer en plaats.")
        return
    for i, match in enumerate(matches):
        st.button(
            label(match), key=f"{SEARCH_KEY}_{i}", on_click=_choose, args=(match,), type="tertiary", icon=":material/place:"
        )
