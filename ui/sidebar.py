"""The shared sidebar: choose a gemeente (by name, searchable) and a year; pull what is missing."""

from __future__ import annotations

import streamlit as st

from ui import address, auth, data
from ui.context import CIJFERS, GEMEENTE, JAAR, Context, apply_query_params, current, write_query_params
from wijkdata.analysis.latest import MODES
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.errors import WijkdataError

_STATUS_LABEL = {"fictief": " (fictief)", "opgehaald": "", "bij CBS": " · ophalen bij CBS"}


def _pull(settings, code: str, naam: str) -> None:
    """Pull a gemeente from CBS with a progress bar; on failure say so and remember it."""
    failed = st.session_state.setdefault("_pull_failed", {})
    if code in failed:
        return
    from wijkdata.cbs.sync import sync  # only when pulling: cbsodata and requests stay out of a start

    with st.status(f"Cijfers van {naam} ophalen bij CBS…", expanded=True) as status:
        bar = st.progress(0.0, text="CBS-catalogus lezen")
        try:
            result = sync(settings, code, None, progress=lambda f, label: bar.progress(min(max(f, 0.0), 1.0), text=label))
        except WijkdataError as exc:
            failed[code] = str(exc)
            status.update(label=f"Ophalen van {naam} mislukt", state="error", expanded=False)
            return
        status.update(label=f"{naam}: {len(result.entries)} jaar opgehaald bij CBS", state="complete", expanded=False)


def _copy(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def render(page: object | None = None) -> Context:
    """Draw the sidebar, pull a chosen gemeente that is not cached yet, and return the context.

    ``page`` is the page :func:`st.navigation` chose; an address found opens the profile from it.
    """
    settings = data.settings()
    refresher = data.gemeenten_refresh(settings)
    apply_query_params()
    address.follow_address(settings, page)
    options = data.gemeenten(settings)
    labels = {r.code: f"{r.naam}{_STATUS_LABEL.get(r.status, '')}" for r in options.itertuples()}
    chosen = str(st.session_state.get(GEMEENTE) or settings.gemeente).upper()
    if chosen not in labels:
        labels[chosen] = chosen
    st.session_state[GEMEENTE] = chosen
    # The widgets have keys of their own; the selection lives in plain session-state keys that
    # survive runs in which the sidebar is not drawn (widget state would be cleaned up).
    st.session_state["_sb_gemeente"] = chosen

    with st.sidebar:
        address.search_box(settings)
        st.selectbox(
            "Gemeente",
            options=list(labels),
            key="_sb_gemeente",
            on_change=_copy,
            args=("_sb_gemeente", GEMEENTE),
            format_func=lambda c: labels.get(c, c),
            help="Typ om te zoeken. Gemeenten met 'ophalen bij CBS' worden bij het kiezen opgehaald.",
            placeholder="Typ een gemeentenaam",
        )
    status = options.set_index("code")["status"].to_dict()
    code = st.session_state[GEMEENTE]
    if code != DEMO_GEMEENTE and status.get(code) != "opgehaald":
        _pull(settings, code, labels.get(code, code).split(" · ")[0])

    ctx = current()
    with st.sidebar:
        years = sorted(ctx.kerncijfers.years, reverse=True)
        st.session_state[JAAR] = ctx.jaar
        st.session_state["_sb_jaar"] = ctx.jaar
        st.selectbox(
            "Jaar",
            options=years,
            key="_sb_jaar",
            on_change=_copy,
            args=("_sb_jaar", JAAR),
            help="Het jaar van de CBS-cijfers (peildatum volgens CBS).",
        )
        st.session_state["_sb_cijfers"] = ctx.cijfers
        st.radio(
            "Cijfers",
            options=list(MODES),
            key="_sb_cijfers",
            on_change=_copy,
            args=("_sb_cijfers", CIJFERS),
            format_func=MODES.get,
            help=(
                "Laatst gepubliceerd: waar het gekozen jaar nog geen cijfer heeft (CBS publiceert inkomen, arbeid, "
                "jeugdzorg en Wmo later), het nieuwste eerdere cijfer, altijd met zijn jaar erbij. "
                "Alleen peiljaar: uitsluitend cijfers van het gekozen jaar."
            ),
        )
        source = ctx.kerncijfers.source_of(ctx.jaar)
        st.caption(f"Bron: {source}" + ("" if ctx.fictief else " — CC BY 4.0, Bron: CBS"))
        if refresher is not None and refresher.done.is_set() and refresher.error:
            st.caption(
                "CBS is niet bereikbaar: u werkt met de opgeslagen cijfers en de fictieve demo. "
                "Gemeenten ophalen kan weer zodra er verbinding is (Data en bronnen)."
            )
    with st.sidebar:
        auth.identity_block(settings)
    ctx = current()
    write_query_params(ctx)
    return ctx
