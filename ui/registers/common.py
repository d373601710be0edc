"""What every part of a register page shares: the :class:`Page`, opening it, messages, downloads.

Rules of the register pages (:mod:`ui.registers.page` puts them together):

- user text is shown as text: tables are dataframes, messages are markdown-escaped once
  (:func:`wijkdata.text.escape_markdown`), never ``unsafe_allow_html``;
- names instead of codes (areas, initiatives), Dutch labels from :mod:`wijkdata.registers.contract`;
- every table shown has a CSV and an Excel download (:func:`downloads`);
- session-state keys start with the page's register name (``initiatieven_…``);
- who works and what their role allows comes from :mod:`ui.auth` (:attr:`Page.identity`); the store
  is bound to that identity, so it refuses what the role does not allow and logs their e-mail;
- a :class:`~wijkdata.errors.WijkdataError` is shown by :mod:`ui.errors`; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from ui import auth, data, widgets
from ui.context import Context, start_page
from ui.errors import shown_errors
from wijkdata.access import Identity
from wijkdata.registers.contract import Field, RegisterSpec, get_spec
from wijkdata.registers.store import Store

__all__ = ["Page", "area_label", "area_options", "downloads", "flash", "go_to", "open_page"]

@dataclass
class Page:
    """One register page: its register, the current context, who works and a store bound to them."""

    kind: str
    spec: RegisterSpec
    ctx: Context
    store: Store
    identity: Identity

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
        """What the audit trail records for this person: their e-mail, or ``lokaal (beheerder)``."""
        return self.identity.actor

    @property
    def fields(self) -> tuple[Field, ...]:
        """The fields this person sees and fills in: without personal data unless beheerder."""
        return tuple(f for f in self.spec.fields if self.identity.sees_personal or not f.personal)


def open_page(kind: str) -> Page:
    """The page's context, who works, and a store acting as them; shows the error and stops the page when
    either fails. When nobody is signed in, the page shows only "Inloggen" (:func:`ui.auth.register_gate`)."""
    with shown_errors():
        ctx = start_page(get_spec(kind).title)
        identity = auth.register_gate(ctx.settings)
        store = data.store(ctx.settings, ctx.area_names).acting_as(identity)
    return Page(kind=kind, spec=get_spec(kind), ctx=ctx, store=store, identity=identity)


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
