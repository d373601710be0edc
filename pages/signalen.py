"""Signalen: what blocks the wijk (a rule, a department, an organisation), grouped by status and age."""

from datetime import date

import streamlit as st

from ui.registers.common import Page, downloads
from ui.registers.listing import filtered_list, show_table
from ui.registers.page import render_page
from wijkdata.registers.views import ageing_summary, signal_ageing


def by_status(page: Page) -> None:
    """Signals grouped by status, oldest open first, with how long each has been open."""
    signals = signal_ageing(filtered_list(page), date.today())
    summary = ageing_summary(signals)
    if not summary.empty:
        st.subheader("Per status: hoe lang open")
        st.dataframe(summary, hide_index=True, key="signalen_samenvatting")
        downloads(summary, f"signalen-{page.ctx.gemeente}-per-status", "signalen_samenvatting")
    for status in page.spec.field("status").choices:
        group = signals[signals["status"] == status].sort_values("dagen open", ascending=False)
        st.subheader(f"{status.capitalize()} ({len(group)})")
        show_table(page, group, key=status.replace(" ", "_"), empty_text="Geen signalen met deze status.")


render_page(
    "signalen",
    "Knelpunten in het systeem: een regel, afdeling of organisatie die een initiatief of de wijk blokkeert, "
    "en wie de opvolging heeft.",
    overview=by_status,
)
