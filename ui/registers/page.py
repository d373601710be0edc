"""A whole register page (see ``pages/initiatieven.py``): header, then the tabs list / add / edit / import.

A page script calls :func:`render_page`, optionally with its own overview for the list tab
(``pages/signalen.py``). Logic lives in :mod:`wijkdata`; these modules only turn it into widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.context import follow_query_param
from ui.errors import shown_errors
from ui.registers.common import Page, go_to, open_page
from ui.registers.editing import edit_section
from ui.registers.forms import add_form
from ui.registers.importing import import_section
from ui.registers.listing import filtered_list, show_table
from wijkdata.text import escape_markdown

__all__ = ["TABS", "follow_links", "header", "render_page", "tabs"]

#: The sections of a register page, in order; a lezer sees only the first.
TABS = ("Overzicht", "Toevoegen", "Bewerken", "Importeren")


def header(page: Page, intro: str) -> None:
    """Introduction, the fictional-records line, the last action's message, and what this person may do.

    The title and the general fictional-demo notice come from :func:`ui.context.start_page`.
    """
    st.caption(f"{intro} Gemeente: {escape_markdown(page.ctx.gemeentenaam)}.")
    if page.ctx.fictief:
        st.caption(
            f"Fictieve gegevens: de records van {escape_markdown(page.ctx.gemeentenaam)} zijn voorbeelden en bestaan niet echt."
        )
    message = st.session_state.pop(page.key("melding"), None)
    if message:
        getattr(st, message[0])(escape_markdown(message[1]))
    if not page.identity.may_write:
        st.caption(f"U bent {page.identity.role}: u kunt de {page.spec.kind} lezen en downloaden, zonder persoonsgegevens.")
    elif not page.identity.sees_personal:
        st.caption("U bent redacteur: persoonsgegevens (zoals de contactpersoon) ziet en wijzigt alleen een beheerder.")


def tabs(page: Page) -> dict[str, Any]:
    """The sections this person may open, as tabs by name; only the open one runs (``tab.open``), and it
    stays open across reruns. A lezer has only the overview."""
    names = TABS if page.identity.may_write else TABS[:1]
    target = st.session_state.pop(page.key("naar_tab"), None)
    if target:
        st.session_state[page.key("tab")] = target
    if st.session_state.get(page.key("tab"), names[0]) not in names:
        st.session_state[page.key("tab")] = names[0]
    return dict(zip(names, st.tabs(list(names), key=page.key("tab"), on_change="rerun"), strict=True))


def follow_links(page: Page) -> None:
    """Links into a register page: ``?nieuw=1&gebied=BU…`` opens the add form for that area
    (from a profile's "Nieuw initiatief"), ``?nr=3`` opens record 3 for editing (from the map)."""
    follow_query_param("gebied", page.key("van_gebied"))
    if st.query_params.get("nieuw") is not None:
        del st.query_params["nieuw"]
        st.session_state[page.key("van_gebied")] = st.query_params.get("gebied")  # even when seen before
        go_to(page, "Toevoegen")
    number = st.query_params.get("nr")
    if number is not None:
        del st.query_params["nr"]
        if number.isdigit():
            st.session_state[page.key("gekozen")] = int(number)
            go_to(page, "Bewerken")


def render_page(kind: str, intro: str, overview: Callable[[Page], None] | None = None) -> None:
    """A whole register page: header, then the tabs list / add / edit / import.

    ``overview`` draws the list tab (default: the filtered table of records).
    """
    page = open_page(kind)
    follow_links(page)
    header(page, intro)
    with shown_errors():  # the database going away mid-session: its Dutch message, not a traceback
        _sections(page, overview)


def _sections(page: Page, overview: Callable[[Page], None] | None) -> None:
    sections = tabs(page)
    listing = sections["Overzicht"]
    if listing.open:
        with listing:
            if overview is None:
                show_table(page, filtered_list(page))
            else:
                overview(page)
    for name, draw in (("Toevoegen", add_form), ("Bewerken", edit_section), ("Importeren", import_section)):
        tab = sections.get(name)
        if tab is not None and tab.open:
            with tab:
                draw(page)
