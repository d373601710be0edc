"""The add section of a register page, and the form widgets it shares with editing."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ui.errors import show_error
from ui.registers.common import Page, area_label, area_options, flash, go_to
from wijkdata.cbs.catalogue import DIRECTIONS
from wijkdata.errors import WijkdataError
from wijkdata.registers.contract import THEMES, Field
from wijkdata.registers.store import describe

__all__ = ["add_form", "form_values"]


def _widget(page: Page, f: Field, default: Any, key: str) -> Any:
    """The input widget for one field, by its kind (text, choice, date, money, codes, tags, ref)."""
    label = f.label + (" *" if f.required else "")
    if f.kind == "longtext":
        return st.text_area(label, value=default or "", key=key, help=f.help or None)
    if f.kind == "choice":
        options = list(f.choices)
        return st.selectbox(label, options, index=options.index(default) if default in options else 0, key=key)
    if f.kind == "date":
        value = default if default is not None else (date.today() if f.required else None)
        return st.date_input(
            label, value=value, format="DD-MM-YYYY", min_value=date(1900, 1, 1), max_value=date(2100, 12, 31), key=key
        )
    if f.kind in ("money", "coord"):
        value = None if default is None else float(default)
        return st.number_input(
            label,
            value=value,
            step=100.0 if f.kind == "money" else 1.0,
            format="%.2f" if f.kind == "money" else "%.0f",
            key=key,
            help=f.help or None,
        )
    if f.kind == "codes":
        options = area_options(page)
        options += [c for c in default or [] if c not in options]
        return st.multiselect(
            label,
            options,
            default=default or [],
            format_func=lambda c: area_label(page, c),
            placeholder="kies één of meer",
            select_all=False,
            key=key,
            help=f.help or None,
        )
    if f.kind in ("tags", "keys"):
        suggestions = list(THEMES) if f.kind == "tags" else sorted(DIRECTIONS)
        options = suggestions + [v for v in default or [] if v not in suggestions]
        return st.multiselect(
            label,
            options,
            default=default or [],
            accept_new_options=True,
            placeholder="kies of typ en druk op Enter",
            select_all=False,
            key=key,
            help=f.help or None,
        )
    if f.kind == "ref":
        titles = page.initiative_titles
        options: list[int | None] = [None, *titles]
        if default is not None and default not in titles:
            options.append(default)
        return st.selectbox(
            label,
            options,
            index=options.index(default),
            format_func=lambda i: "geen" if i is None else titles.get(i, f"nr. {i}"),
            key=key,
            help=f.help or None,
        )
    return st.text_input(label, value=default or "", key=key, help=f.help or None)


def form_values(page: Page, prefix: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """One widget per field of the register, filled with ``defaults``; returns what the user entered."""
    return {f.name: _widget(page, f, defaults.get(f.name), page.key(f"{prefix}_{f.name}")) for f in page.spec.fields}


def add_form(page: Page) -> None:
    """The form to add a record; on success the list shows it (the page reruns)."""
    generation = st.session_state.get(page.key("nieuw_generatie"), 0)
    prefix = f"nieuw{generation}"
    with st.form(page.key(f"{prefix}_form")):
        st.caption("Velden met * zijn verplicht.")
        values = form_values(page, prefix, dict(page.spec.defaults))
        submitted = st.form_submit_button(f"{page.spec.singular.capitalize()} toevoegen", key=page.key(f"{prefix}_opslaan"))
    if submitted:
        try:
            record = page.store.create(page.kind, values, page.user)
        except WijkdataError as exc:
            show_error(exc, stop=False)
            return
        st.session_state[page.key("nieuw_generatie")] = generation + 1  # an empty form next time
        flash(page, "success", f"Toegevoegd: {page.spec.singular} nr. {record['id']} ({describe(page.spec, record)}).")
        go_to(page, "Overzicht")
        st.rerun()
