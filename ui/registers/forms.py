"""The add section of a register page, and the form widgets it shares with editing."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ui.errors import show_error
from ui.registers.common import Page, area_label, area_options, flash, go_to
from ui.registers.location import location_picker
from wijkdata.errors import ValidationError, WijkdataError
from wijkdata.registers.contract import THEMES, Field, format_money, parse_cell
from wijkdata.registers.store import describe
from wijkdata.text import escape_markdown

__all__ = ["add_form", "form_values", "read_amounts"]


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
    if f.kind == "money":  # written the Dutch way ("7.500", "€ 12.500,50"), read back by the import's parser
        shown = format_money(default).removeprefix("€ ") if default is not None else ""
        return st.text_input(label, value=shown, key=key, placeholder="bijv. 7.500", help=f.help or None)
    if f.kind == "coord":  # never typed: chosen by address or on the map (ui.registers.location)
        return default
    if f.kind == "codes":
        options = area_options(page)
        if key in st.session_state:  # filled from a chosen location (ui.registers.location)
            default = None
            options += [c for c in st.session_state[key] or [] if c not in options]
        options += [c for c in default or [] if c not in options]
        return st.multiselect(
            label,
            options,
            default=default or None,
            format_func=lambda c: area_label(page, c),
            placeholder="kies één of meer",
            select_all=False,
            key=key,
            help=f.help or None,
        )
    if f.kind == "keys":  # indicators by their Dutch title, grouped by theme; stored by key
        catalogue = page.ctx.kerncijfers.catalogue
        titles = {i.key: f"{i.thema} · {catalogue.label(i.key)}" for i in catalogue}
        options = list(titles) + [v for v in default or [] if v not in titles]
        return st.multiselect(
            label,
            options,
            default=default or [],
            format_func=lambda k: titles.get(k, k),
            placeholder="typ om te zoeken op titel of thema",
            select_all=False,
            key=key,
            help=f.help or None,
        )
    if f.kind == "tags":
        options = list(THEMES) + [v for v in default or [] if v not in THEMES]
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
    if f.suggestions:  # a pick-list that also takes its own words
        options = list(f.suggestions) + ([default] if default and default not in f.suggestions else [])
        return st.selectbox(
            label,
            options,
            index=options.index(default) if default in options else None,
            accept_new_options=True,
            placeholder="kies of typ en druk op Enter",
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
    """One widget per field this person fills in (:attr:`Page.fields`), filled with ``defaults``; returns what was entered.

    Amounts typed the Dutch way are read as numbers; one that cannot be read stays text, so the
    store refuses it with a Dutch message (:func:`read_amounts`).
    """
    return {f.name: _widget(page, f, defaults.get(f.name), page.key(f"{prefix}_{f.name}")) for f in page.fields}


def read_amounts(page: Page, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the amounts typed as text read as numbers (``"7.500"`` → ``Decimal("7500.00")``).

    Raises
    ------
    ValidationError
        Naming each amount that is not a number.
    """
    out, problems = dict(values), {}
    for f in page.fields:
        if f.kind == "money" and isinstance(out.get(f.name), str):
            try:
                out[f.name] = parse_cell(f, out[f.name])
            except ValueError as exc:
                problems[f.name] = str(exc)
    if problems:
        raise ValidationError(problems)
    return out


def add_form(page: Page) -> None:
    """The form to add a record; on success the list shows it (the page reruns).

    The areas start with the wijk or buurt the user came from (``?gebied=`` on the link from a
    profile); a register with a location takes it by address or on the map, above the form.
    """
    generation = st.session_state.get(page.key("nieuw_generatie"), 0)
    prefix = f"nieuw{generation}"
    defaults = dict(page.spec.defaults)
    came_from = st.session_state.get(page.key("van_gebied"))
    if came_from in page.ctx.area_names and came_from != page.ctx.gemeente:
        defaults["gebieden"] = [came_from]
        st.caption(f"Nieuw voor {escape_markdown(area_label(page, came_from))}.")
    location = None
    if "locatie_x" in page.spec.names:
        location = location_picker(page, prefix)
    with st.form(page.key(f"{prefix}_form")):
        st.caption("Velden met * zijn verplicht.")
        values = form_values(page, prefix, defaults)
        if "locatie_x" in values:
            values["locatie_x"], values["locatie_y"] = location or (None, None)
        submitted = st.form_submit_button(f"{page.spec.singular.capitalize()} toevoegen", key=page.key(f"{prefix}_opslaan"))
    if submitted:
        try:
            record = page.store.create(page.kind, read_amounts(page, values), page.user)
        except WijkdataError as exc:
            show_error(exc, stop=False)
            return
        st.session_state[page.key("nieuw_generatie")] = generation + 1  # an empty form next time
        flash(page, "success", f"Toegevoegd: {page.spec.singular} nr. {record['id']} ({describe(page.spec, record)}).")
        go_to(page, "Overzicht")
        st.rerun()
