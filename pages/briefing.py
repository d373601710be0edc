"""Raadsbriefing: a short, printable summary of one wijk or buurt, every figure with its source."""

import streamlit as st

from ui import data
from ui.context import follow_query_param, show_in_url, start_page
from ui.errors import shown_errors
from wijkdata.analysis.activity import area_activity
from wijkdata.analysis.briefing import build_briefing, to_html
from wijkdata.codes import clean_code

ctx = start_page("Raadsbriefing")
k = ctx.kerncijfers
st.caption(
    "Een korte, afdrukbare samenvatting van één wijk of buurt voor raadsleden: kerncijfers tegen gemeente en Nederland, "
    "wat opvalt, de ontwikkeling, kanttekeningen en wat er gebeurt, met bij elk cijfer de CBS-tabel en kolom."
)
rows = k.year(ctx.jaar)
areas = rows[rows["niveau"].isin(["wijk", "buurt"])]
labels = {r.code: f"{r.naam} ({r.niveau})" for r in areas.itertuples()}
follow_query_param("gebied", "briefing_gebied", list(labels), what="Gebied", clean=clean_code)
if st.session_state.get("briefing_gebied") not in labels:
    st.session_state["briefing_gebied"] = next(iter(labels))
code = st.selectbox("Wijk of buurt", list(labels), format_func=labels.get, key="briefing_gebied")
show_in_url("gebied", code, "briefing_gebied")

with shown_errors():
    briefing = build_briefing(k, code, ctx.jaar, area_activity(data.store(ctx.settings, ctx.area_names), code))

left, right, _ = st.columns([1, 1, 3])
left.download_button(
    "⬇ Afdrukbaar (HTML)",
    data=to_html(briefing),
    file_name=f"{briefing.title}.html",
    mime="text/html",
    key="briefing_html",
    on_click="ignore",
    help="Openen in de browser en afdrukken of als PDF bewaren.",
)
right.download_button(
    "⬇ Tekst (Markdown)",
    data=briefing.markdown,
    file_name=f"{briefing.title}.md",
    mime="text/markdown",
    key="briefing_md",
    on_click="ignore",
)
with st.container(border=True):
    st.markdown(briefing.markdown)
