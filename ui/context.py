"""The current selection (gemeente, jaar) and its figures, as one object every page reads.

The sidebar in ``main.py`` sets the selection; the URL (``?gemeente=GM0200&jaar=2024``) sets it
too, so a link in an e-mail opens the same view. A page calls :func:`current` and never parses
query parameters for gemeente or jaar itself.

A page's own choices (``gebied``, ``thema``, ``gebieden`` ...) travel the same way, through one
mechanism: :func:`follow_query_param` (or :func:`link_values`) before the widget, so a link sets
it, and :func:`show_in_url` after it, so the address always holds the whole view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import streamlit as st

from ui import data
from ui.errors import show_error
from wijkdata.analysis.latest import DEFAULT_MODE, Mode, parse_mode
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import DEMO_GEMEENTE, code_problem
from wijkdata.config import Settings
from wijkdata.demo.areas import DEMO_NOTICE
from wijkdata.errors import WijkdataError
from wijkdata.links import pick, split_values, unknown_note

#: Session-state keys of the shared selection (``cijfers``: ``"laatst"`` or ``"peiljaar"``, also the URL parameter).
GEMEENTE, JAAR, CIJFERS = "gemeente", "jaar", "cijfers"


@dataclass(frozen=True)
class Context:
    """What every page needs to know about the current selection."""

    settings: Settings
    gemeente: str
    gemeentenaam: str
    fictief: bool
    jaar: int
    kerncijfers: Kerncijfers
    notes: list[str] = field(default_factory=list)
    #: ``"laatst"`` (laatst gepubliceerd, the default) or ``"peiljaar"`` (alleen peiljaar).
    cijfers: Mode = DEFAULT_MODE

    @cached_property
    def areas(self) -> pd.DataFrame:
        """The gemeente and its wijken and buurten over all years: code, naam, niveau, gemeente_code, wijk_code."""
        return self.kerncijfers.areas()

    @cached_property
    def area_names(self) -> dict[str, str]:
        """Area code → name (newest name), including the gemeente itself."""
        areas = self.areas
        return dict(zip(areas["code"], areas["naam"], strict=True))


def apply_query_params() -> None:
    """Copy ``gemeente``/``jaar``/``cijfers`` from the URL into the session when the URL changed them.

    ``cijfers`` absent means *laatst gepubliceerd*: a link without it opens that mode.
    """
    applied = st.session_state.setdefault("_applied_query", {})
    for name in (GEMEENTE, JAAR):
        value = st.query_params.get(name)
        if value is not None and value != applied.get(name):
            st.session_state[name] = value.strip().upper() if name == GEMEENTE else value.strip()
            applied[name] = value
    mode = st.query_params.get(CIJFERS)
    if mode != applied.get(CIJFERS):
        st.session_state[CIJFERS] = parse_mode(mode)
        applied[CIJFERS] = mode


def write_query_params(ctx: Context) -> None:
    """Put the selection in the URL so the view can be shared as a link."""
    wanted = {GEMEENTE: ctx.gemeente, JAAR: str(ctx.jaar)}
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    mode = "peiljaar" if ctx.cijfers == "peiljaar" else None
    if mode is None and CIJFERS in st.query_params:
        del st.query_params[CIJFERS]
    elif mode is not None and st.query_params.get(CIJFERS) != mode:
        st.query_params[CIJFERS] = mode
    st.session_state["_applied_query"] = {**wanted, CIJFERS: mode}


def current() -> Context:
    """The current selection with its figures; falls back to the demo when a gemeente is not available."""
    apply_query_params()
    settings = data.settings()
    gemeente = str(st.session_state.get(GEMEENTE) or settings.gemeente)
    notes: list[str] = []
    try:
        k = data.kerncijfers(settings, gemeente)
    except WijkdataError as exc:
        if gemeente != DEMO_GEMEENTE:
            notes.append(f"{exc} U ziet nu de fictieve demogemeente.")
        k = data.kerncijfers(settings, DEMO_GEMEENTE)
    try:
        jaar = int(st.session_state.get(JAAR) or 0)
    except ValueError:
        jaar = 0
    if jaar not in k.years:
        if jaar:
            notes.append(f"Voor {jaar} zijn er geen cijfers van {k.naam}; u ziet {k.latest_year}.")
        jaar = k.latest_year
    return Context(
        settings=settings,
        gemeente=k.gemeente,
        gemeentenaam=k.naam,
        fictief=k.fictief,
        jaar=jaar,
        kerncijfers=k,
        notes=notes,
        cijfers=parse_mode(st.session_state.get(CIJFERS)),
    )


def start_page(title: str) -> Context:
    """Begin a page: the context, any notes about the selection, the fictional-demo notice, the title.

    Every page calls this first, so each page says it is fictional on its own, whether it is
    reached through the navigation or opened directly.
    """
    _leave_legacy_multipage_mode()
    ctx = current()
    requested = str(st.session_state.get(GEMEENTE) or ctx.settings.gemeente).upper()
    failed = st.session_state.get("_pull_failed", {})
    if requested in failed and ctx.gemeente != requested:
        hint = "De app werkt verder met wat er is: u ziet nu de fictieve demogemeente."
        show_error(failed[requested], hint=hint, level="warning", stop=False)
    else:
        for note in ctx.notes:
            show_error(note, level="info", stop=False)
    for problem in data.cache_problems(ctx.settings):  # a damaged cache: said on every page, the rest still works
        show_error(problem, level="warning", stop=False)
    if ctx.fictief:
        st.info(DEMO_NOTICE, icon=":material/info:")
    st.title(title)
    return ctx


def link_values(name: str, state_key: str, sep: str | None = ",") -> list[str] | None:
    """The values a link brought for the URL parameter ``name``, once: ``None`` when nothing new.

    A value counts as new when it differs from what was last applied to (or shown for) the widget
    ``state_key``; so a link that was just opened sets the view, and later choices in the page win.
    Repeated parameters (``?thema=Inkomen&thema=Wonen``) and, with ``sep``, one value with
    separators (``?gebieden=WK020001,WK020007``) both give several values.
    """
    applied = st.session_state.setdefault("_applied_page_query", {})
    raw = tuple(st.query_params.get_all(name))
    if not raw or applied.get(state_key) == raw:
        return None
    applied[state_key] = raw
    return split_values(raw, sep)


#: URL parameters that carry area codes.
AREA_PARAMS = ("gebied", "gebieden")


def follow_query_param(
    name: str,
    state_key: str,
    options: Sequence[str] | None = None,
    *,
    many: bool = False,
    what: str = "",
    clean: Callable[[str], str] | None = None,
    sep: str | None = ",",
) -> None:
    """Let a page's URL parameter (``gebied``, ``niveau``, ``thema`` ...) set the state of widget ``state_key``.

    Applied when a link brought a new value (see :func:`link_values`). With ``options``, values
    that are not among them are left out and named in a Dutch note (``what`` names the kind of
    value: ``"Gebied"``); the widget keeps its state when none is left. ``many`` sets a list (for
    multiselect and pills), otherwise the last value.
    """
    values = link_values(name, state_key, sep if many else None)
    if not values:
        return
    if options is not None:
        values, unknown = pick(values, options, clean)
        if unknown:
            note = unknown_note(what or name, unknown)
            if name in AREA_PARAMS:  # say what is wrong with a malformed code (letters are allowed)
                note = " ".join([note, *(r for r in map(code_problem, unknown) if r)])
            show_error(note, level="info", stop=False)
    elif clean is not None:
        values = [clean(v) for v in values]
    if values:
        st.session_state[state_key] = values if many else values[-1]


def follow_flag(name: str, state_key: str, on: str) -> None:
    """Let a URL parameter tick or untick the checkbox ``state_key``: ``?lijkt_op=nl`` with ``on="nl"`` ticks it.

    Applied when a link brought a new value (see :func:`link_values`); any other value unticks it.
    Pair it with ``show_in_url(name, on if ticked else None, state_key)`` after the checkbox.
    """
    values = link_values(name, state_key, sep=None)
    if values:
        st.session_state[state_key] = values[-1].strip().lower() == on


def show_in_url(name: str, value: str | Sequence[str] | None, state_key: str | None = None) -> None:
    """Put a page's choice in the URL so the view can be shared; ``None`` (or an empty list) removes it.

    A list becomes a repeated parameter. Pass the widget's ``state_key`` (as given to
    :func:`follow_query_param`) so the next run does not take the URL for a newly opened link.
    """
    values = () if value is None else (value,) if isinstance(value, str) else tuple(str(v) for v in value)
    if not values:
        if name in st.query_params:
            del st.query_params[name]
    elif tuple(st.query_params.get_all(name)) != values:
        st.query_params[name] = list(values) if len(values) > 1 else values[0]
    if state_key is not None:
        applied = st.session_state.setdefault("_applied_page_query", {})
        applied[state_key] = values or None


def _leave_legacy_multipage_mode() -> None:
    """Make a deep link opened first after a server start go through main.py.

    Streamlit runs a fresh server in its legacy multipage mode while a ``pages/`` folder exists
    and no session has called ``st.navigation`` yet; a first request for ``/profiel`` then runs
    the page script alone, without main.py's navigation and sidebar. Switching the flag off and
    rerunning sends the request through main.py, which resolves the same URL path. (AppTest
    resets the flag before every run; there the page scripts run as they are.)
    """
    from streamlit import config
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()
