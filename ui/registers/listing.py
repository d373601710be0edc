"""The list section of a register page: filters and the table of records with its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.registers.common import Page, area_label, area_options, downloads
from wijkdata.registers.contract import format_money
from wijkdata.registers.views import display_frame

__all__ = ["filtered_list", "show_table"]


def filtered_list(page: Page) -> pd.DataFrame:
    """The filter widgets (wijk/buurt, theme, status) and the current records matching them."""
    spec, ctx = page.spec, page.ctx
    everything = page.store.list(page.kind, gemeente=ctx.gemeente)
    theme_field = spec.field(spec.theme_field)
    themes = sorted({t for v in everything[spec.theme_field] for t in (v if isinstance(v, list) else [v]) if t})
    columns = st.columns(3 if spec.status_field else 2)
    area = columns[0].selectbox(
        "Wijk of buurt",
        [None, *area_options(page)],
        format_func=lambda c: "alle" if c is None else area_label(page, c),
        key=page.key("filter_gebied"),
    )
    theme = columns[1].selectbox(
        theme_field.label, [None, *themes], format_func=lambda t: "alle" if t is None else t, key=page.key("filter_thema")
    )
    status = None
    if spec.status_field:
        status = columns[2].multiselect(
            "Status",
            list(spec.field(spec.status_field).choices),
            placeholder="alle",
            select_all=False,
            key=page.key("filter_status"),
        )
    return page.store.list(page.kind, gemeente=ctx.gemeente, area=area, theme=theme, status=status or None)


def show_table(page: Page, frame: pd.DataFrame, key: str = "lijst", *, empty_text: str | None = None) -> None:
    """The records as a table (names, labels, no personal data) with its downloads."""
    if frame.empty:
        st.caption(empty_text or f"Geen {page.spec.kind} gevonden met deze filters.")
        return
    shown = display_frame(page.kind, frame, page.ctx.area_names, page.initiative_titles if page.kind == "signalen" else None)
    st.dataframe(readable(page, shown), hide_index=True, key=page.key(f"{key}_tabel"))
    downloads(shown, f"{page.kind}-{page.ctx.gemeente}-{key}", page.key(key))  # amounts stay numbers in files


def readable(page: Page, shown: pd.DataFrame) -> pd.DataFrame:
    """The table as people read it on screen: amounts as ``€ 7.500``, target indicators by their title,
    and an empty cell where nothing was filled in (the grid would write an English "None")."""
    out = shown.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
    catalogue = page.ctx.kerncijfers.catalogue
    titles = {i.key: catalogue.label(i.key) for i in catalogue}
    for f in page.spec.fields:
        if f.label not in out.columns:
            continue
        if f.kind == "money":
            out[f.label] = out[f.label].map(lambda v: "" if v is None or pd.isna(v) else format_money(v))
        elif f.kind == "keys":
            out[f.label] = out[f.label].map(
                lambda v: ", ".join(titles.get(k.strip(), k.strip()) for k in str(v).split(",") if k.strip())
            )
    return out
