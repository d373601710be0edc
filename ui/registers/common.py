"""What every part of a register page shares: the :class:`Page`, opening it, messages, downloads.

Rules of the register pages (:mod:`ui.registers.page` puts them together):

- user text is shown as text: tables are dataframes, messages are markdown-escaped once
  (:func:`wijkdata.text.escape_markdown`), never ``unsafe_allow_html``;
- names instead of codes (areas, initiatives), Dutch labels from :mod:`wijkdata.registers.contract`;
- every table shown has a CSV and an Excel download (:func:`downloads`);
- session-state keys start with the page's register name (``initiatieven_…``); only the
  editor's name for the audit trail (:data:`USER_KEY`) is shared by all register pages;
- a :class:`~wijkdata.errors.WijkdataError` is shown by :mod:`ui.errors`; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from ui import data, widgets
from ui.context import Context, start_page
from ui.errors import shown_errors
from wijkdata.registers.contract import RegisterSpec, get_spec
from wijkdata.registers.store import Store

__all__ = ["USER_KEY", "Page", "area_label", "area_options", "downloads", "flash", "go_to", "open_page"]

USER_KEY = "registers_gebruiker"


@dataclass
class Page:
    """One register page: its register, the current context and a store for it."""

    kind: str
    spec: RegisterSpec
    ctx: Context
    store: Store

    def key(self, name: str) -> str:
        """A session-state key of this page (prefixed with the register's name)."""
        return f"{self.kind}_{name}"

    @cached_property
    def initiative_titles(self) -> dict[int, str]:
        """``id → "nr. 3: Titel"`` of the gemeente's initiatives (for signals), read once per run."""
        frame = self.store.list("initiatieven", gemeente=self.ctx.gemeente)
        return {int(i): f"nr. {i}: {t}" for i, t in zip(frame["id"], frame["titel"], strict=True)}

    @property
    def user(self) -> str:
        """The editor's name for the audit trail (may be empty)."""
        return str(st.session_state.get(USER_KEY) or "")


def open_page(kind: str) -> Page:
    """The page's context and store; shows the error and stops the page when either fails."""
    with shown_errors():
        ctx = start_page(get_spec(kind).title)
        store = data.store(ctx.settings, ctx.area_names)
    return Page(kind=kind, spec=get_spec(kind), ctx=ctx, store=store)


def flash(page: Page, level: str, message: str) -> None:
    """Remember a message (``"success"``, ``"info"`` …) for the next run, where :func:`ui.registers.page.header` shows it."""
    st.session_state[page.key("melding")] = (level, message)


def go_to(page: Page, tab: str) -> None:
    """Open ``tab`` on the next run (e.g. the list after adding a record)."""
    st.session_state[page.key("naar_tab")] = tab


def area_label(page: Page, code: str) -> str:
    """``"Kanaaloever (buurt)"``: an area's name with its level."""
    row = page.ctx.areas[page.ctx.areas["code"] == code]
    level = row["niveau"].iloc[0] if len(row) else ""
    return f"{page.ctx.area_names.get(code, code)} ({level})" if level else page.ctx.area_names.get(code, code)


def area_options(page: Page) -> list[str]:
    """The wijk and buurt codes of the gemeente, wijken first, for filters and forms."""
    areas = page.ctx.areas
    order = {"gemeente": 0, "wijk": 1, "buurt": 2}
    ranked = areas.assign(_o=areas["niveau"].map(order)).sort_values(["_o", "code"])
    return [c for c, level in zip(ranked["code"], ranked["niveau"], strict=True) if level in ("wijk", "buurt")]


def downloads(frame: pd.DataFrame, basename: str, key: str) -> None:
    """Two download buttons (CSV and Excel) for ``frame`` as shown; formulas neutralised."""
    widgets.downloads(frame, basename, f"Wijkdata, eigen registratie van de gemeente ({basename})", key)
