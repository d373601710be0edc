"""The wijk's own knowledge beside the figures: records as points on the Kaart, "Nieuw …" links on a profile.

The points are computed by :func:`wijkdata.visual.records_map.record_points`; a point links to
its record (``initiatieven?nr=3``), a profile's links open the register's add form for the
area (``initiatieven?nieuw=1&gebied=BU…``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import data
from ui.auth import registers_identity
from ui.context import Context
from ui.errors import show_error
from wijkdata.errors import WijkdataError
from wijkdata.text import escape_markdown

__all__ = ["PAGES", "add_records", "new_record_links", "record_links"]

#: Register → (page script, "Nieuw …" label).
PAGES = {
    "initiatieven": ("pages/initiatieven.py", "Nieuw initiatief"),
    "interventies": ("pages/interventies.py", "Nieuwe interventie"),
    "signalen": ("pages/signalen.py", "Nieuw signaal"),
}


def new_record_links(ctx: Context, code: str, name: str) -> None:
    """Links to add an initiative, intervention or signal for this area (its areas pre-filled)."""
    for column, (script, text) in zip(st.columns(len(PAGES)), PAGES.values(), strict=True):
        column.page_link(
            script,
            label=f"{text} in {name}",
            icon=":material/add_circle:",
            query_params={"gemeente": ctx.gemeente, "jaar": str(ctx.jaar), "gebied": code, "nieuw": "1"},
        )


def add_records(ctx: Context, figure: go.Figure, niveau: str) -> pd.DataFrame | None:
    """A toggle; when on, the gemeente's initiatives, interventions and open signals as points on ``figure``.

    Returns the points drawn (see :func:`wijkdata.visual.records_map.record_points`), or ``None``.
    """
    if not st.toggle(
        "Initiatieven, interventies en open signalen op de kaart",
        key="kaart_records",
        help="Initiatieven op hun locatie (of midden in hun gebied), interventies en open signalen midden in hun gebied.",
    ):
        return None
    from wijkdata.visual.records_map import add_record_layer, record_points

    identity = registers_identity(ctx.settings)
    if identity is None:
        return None
    try:
        store = data.store(ctx.settings, ctx.area_names).acting_as(identity)
        frames = [store.list(kind, gemeente=ctx.gemeente) for kind in PAGES]
        shapes = data.boundaries(ctx.settings, ctx.gemeente, ctx.jaar, niveau)
    except WijkdataError as exc:
        show_error(exc, hint="De kaart werkt verder zonder de registers.", level="warning", stop=False)
        return None
    points = record_points(*frames, shapes)
    add_record_layer(figure, points)
    return points


def record_links(ctx: Context, points: pd.DataFrame | None, selection_points: list[dict]) -> None:
    """A link to the record clicked on the map, and the list of every record on it with links."""
    if points is None:
        return
    clicked = next((p.get("customdata") for p in selection_points or [] if isinstance(p.get("customdata"), list)), None)
    if clicked and len(clicked) == 4 and clicked[1] in PAGES:
        _link(ctx, clicked[1], int(clicked[2]), str(clicked[0]), "Aangeklikt: ")
    with st.expander(f"Op de kaart: {len(points)} initiatieven, interventies en open signalen"):
        if points.empty:
            st.caption("Geen records met een plek in deze gemeente.")
        for row in points.itertuples():
            _link(ctx, row.soort, int(row.id), str(row.titel))


_SINGULAR = {"initiatieven": "initiatief", "interventies": "interventie", "signalen": "signaal"}


def _link(ctx: Context, soort: str, record_id: int, titel: str, before: str = "") -> None:
    script, _ = PAGES[soort]
    st.page_link(
        script,
        label=escape_markdown(f"{before}{titel} ({_SINGULAR[soort]} nr. {record_id})"),
        icon=":material/place:",
        query_params={"gemeente": ctx.gemeente, "jaar": str(ctx.jaar), "nr": str(record_id)},
    )
