"""A record's location: found by address (PDOK) or clicked on the map, never typed as RD coordinates.

The coordinates (RD, EPSG:28992) stay in the data (``locatie_x``/``locatie_y``); people pick
them here, and the buurt the point lies in is added to the record's areas.
"""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.address import find, label
from ui.errors import show_error
from ui.registers.common import Page
from wijkdata.errors import WijkdataError
from wijkdata.geo.geocode import place_point
from wijkdata.text import escape_markdown

__all__ = ["location_picker"]


@st.cache_resource(show_spinner=False, max_entries=16)
def _grid(_settings, gemeente: str, jaar: int, niveau: str, stamp: float):
    from wijkdata.geo.service import load_drawing
    from wijkdata.visual.records_map import click_grid

    shapes = data.boundaries(_settings, gemeente, jaar, niveau)
    drawn = load_drawing(_settings, gemeente, jaar, niveau)  # simplified at the import, never here
    return drawn[["code", "naam", "geometry"]], click_grid(shapes)


def _shapes(page: Page):
    """Display shapes and click grid of the gemeente (buurten, else wijken); ``None`` without boundaries."""
    for niveau in ("buurt", "wijk"):
        try:
            return _grid(page.ctx.settings, page.ctx.gemeente, page.ctx.jaar, niveau, data.geo_stamp(page.ctx.settings))
        except WijkdataError:
            continue
    return None


def _set(page: Page, state: str, areas_key: str, x: float, y: float, text: str, area: str) -> None:
    st.session_state[state] = {"x": float(x), "y": float(y), "tekst": text, "gebied": area}
    if area and area in page.ctx.area_names:
        chosen = list(st.session_state.get(areas_key) or [])
        if area not in chosen:
            st.session_state[areas_key] = [*chosen, area]


def location_picker(page: Page, prefix: str, current: tuple[float, float] | None = None) -> tuple[float, float] | None:
    """Pick a location by address or on the map; returns the RD point ``(x, y)`` or ``None``.

    The buurt (or wijk) the point lies in is added to the form's areas (``<prefix>_gebieden``).
    """
    state, areas_key = page.key(f"{prefix}_locatie"), page.key(f"{prefix}_gebieden")
    if state not in st.session_state:
        st.session_state[state] = None if current is None else {"x": current[0], "y": current[1], "tekst": "", "gebied": ""}
    st.markdown("**Locatie** (optioneel): zoek een adres of klik op de kaart; de buurt wordt dan bij de gebieden gezet.")
    text = st.text_input("Adres of postcode", key=page.key(f"{prefix}_adres"), placeholder="bijv. 6811AA 12")
    if text and text.strip():
        try:
            matches = [m for m in find(page.ctx.settings, text) if m.x is not None]
        except WijkdataError as exc:
            show_error(exc, hint="Klik dan op de kaart.", level="warning", stop=False)
            matches = []
        if text.strip() and not matches:
            st.caption(f"Geen adres gevonden voor '{text.strip()}'.")
        for i, m in enumerate(matches):
            st.button(
                label(m),
                key=page.key(f"{prefix}_adres_{i}"),
                type="tertiary",
                icon=":material/place:",
                on_click=_set,
                args=(page, state, areas_key, m.x, m.y, label(m), m.buurtcode or m.wijkcode),
            )
    chosen = st.session_state.get(state)
    prepared = _shapes(page)
    if prepared is None:
        st.caption("Er zijn geen grenzen van deze gemeente in de cache: kies de locatie met een adres.")
    else:
        from wijkdata.visual.mapping import BASEMAP_BLANK, BASEMAP_PDOK
        from wijkdata.visual.records_map import location_figure

        shapes_ll, grid = prepared
        point = (chosen["x"], chosen["y"]) if chosen else None
        basemap = BASEMAP_BLANK if page.ctx.fictief else BASEMAP_PDOK
        event = st.plotly_chart(
            location_figure(shapes_ll, grid, point, basemap),
            on_select="rerun",
            selection_mode="points",
            key=page.key(f"{prefix}_kaart"),
            config={"scrollZoom": True, "displaylogo": False},
        )
        clicked = next((p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")), None)
        if clicked and (not chosen or (chosen["x"], chosen["y"]) != tuple(clicked)):
            x, y = float(clicked[0]), float(clicked[1])
            place = place_point(page.ctx.settings, x, y, page.ctx.gemeente, page.ctx.jaar)
            area = place.area if place else ""
            _set(page, state, areas_key, x, y, f"punt op de kaart ({x:.0f}, {y:.0f})", area)
            st.rerun()
    chosen = st.session_state.get(state)
    if chosen:
        where = chosen["tekst"] or f"RD ({chosen['x']:.0f}, {chosen['y']:.0f})"
        area = page.ctx.area_names.get(chosen["gebied"], "")
        st.caption(escape_markdown(f"Gekozen locatie: {where}" + (f" · in {area}" if area else "")))
        if st.button("Locatie wissen", key=page.key(f"{prefix}_locatie_wissen")):
            st.session_state[state] = None
            st.rerun()
        return chosen["x"], chosen["y"]
    return None
