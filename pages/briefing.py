"""Raadsbriefing: a document a council member takes to the debate, for one area or one theme; PDF, Word, HTML, Markdown."""

import streamlit as st

from ui import data
from ui.context import follow_query_param, show_in_url, start_page
from ui.errors import show_error, shown_errors
from ui.widgets import file_links
from wijkdata.briefing.command import FORMATS, area_briefing, render, theme_briefing
from wijkdata.briefing.content import AREA_SECTIONS
from wijkdata.briefing.render_text import markdown_parts
from wijkdata.codes import clean_code

# Printing the page itself shows only the briefing: no sidebar, header or controls.
PRINT_STYLE = (
    "<style>@media print{section[data-testid='stSidebar'],header[data-testid='stHeader'],[data-testid='stToolbar'],"
    "[data-testid='stDecoration'],.st-key-briefing_controls,h1#raadsbriefing{display:none!important}"
    ".st-key-briefing_preview{border:none!important}}</style>"
)



def with_registers(build):
    """The briefing with the registers; without them (and a warning) when the database cannot be reached."""
    doc = data.from_registers(ctx.settings, ctx.area_names, build, None)
    return doc if doc is not None else build(None)


ctx = start_page("Raadsbriefing")
k = ctx.kerncijfers
st.markdown(PRINT_STYLE, unsafe_allow_html=True)
with st.container(key="briefing_controls"):
    st.caption(
        "Een briefing om mee te nemen naar het debat: samenvatting in gewone woorden, kerncijfers tegen gemeente en "
        "Nederland met de positie, kaart en grafieken, wat er gebeurt, vragen voor het debat, kanttekeningen en bronnen. "
        "Te downloaden als PDF en Word (bewerkbaar), of af te drukken vanuit de browser."
    )
    soort = st.segmented_control("Briefing over", ["Wijk of buurt", "Thema"], default="Wijk of buurt", key="briefing_soort")
    rows = k.year(ctx.jaar)
    if soort == "Thema":
        themes = k.catalogue.themes()
        thema = st.selectbox("Thema (over alle wijken)", themes, key="briefing_thema")
        with shown_errors():
            doc = with_registers(lambda store: theme_briefing(ctx.settings, k, thema, ctx.jaar, store=store))
    else:
        areas = rows[rows["niveau"].isin(["wijk", "buurt"])]
        labels = {r.code: f"{r.naam} ({r.niveau})" for r in areas.itertuples()}
        if not labels:
            show_error(f"{ctx.gemeentenaam} heeft in {ctx.jaar} geen wijken of buurten in de cijfers; haal haar opnieuw op.")
        follow_query_param("gebied", "briefing_gebied", list(labels), what="Gebied", clean=clean_code)
        if st.session_state.get("briefing_gebied") not in labels:
            st.session_state["briefing_gebied"] = next(iter(labels))
        code = st.selectbox("Wijk of buurt", list(labels), format_func=labels.get, key="briefing_gebied")
        show_in_url("gebied", code, "briefing_gebied")
        sections = st.multiselect(
            "Onderdelen",
            list(AREA_SECTIONS),
            default=list(AREA_SECTIONS),
            format_func=AREA_SECTIONS.get,
            key="briefing_onderdelen",
        )
        with shown_errors():
            doc = with_registers(lambda store: area_briefing(ctx.settings, k, code, ctx.jaar, store=store, sections=sections))
    # The files belong to exactly this choice; another area, theme, section list or year makes new ones.
    choice = repr((doc.file_stem, soort, st.session_state.get("briefing_onderdelen"), ctx.gemeente, ctx.jaar, ctx.cijfers))
    made = st.session_state.setdefault("briefing_bestanden", {})
    if st.button("PDF, Word, HTML en Markdown maken", key="briefing_maak", icon=":material/description:"):
        with st.spinner("Briefing opmaken…"):
            made.clear()
            made[choice] = [
                (label, f"{doc.file_stem}.{FORMATS[fmt][0]}", FORMATS[fmt][1], render(doc, fmt))
                for fmt, label in {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown"}.items()
            ]
    if choice in made:
        file_links(made[choice])

with st.container(border=True, key="briefing_preview"):
    for part in markdown_parts(doc):
        if isinstance(part, str):
            st.markdown(part)
        else:
            st.image(part.png, caption=part.caption, width=int(part.width_mm * 4))
