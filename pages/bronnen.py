"""Data en bronnen: what is cached, where it comes from, its licence; pull or refresh from CBS."""

import pandas as pd
import streamlit as st

from ui import data
from ui.context import start_page
from ui.errors import show_error, shown_errors
from ui.widgets import downloads
from wijkdata.bronnen import boundaries_overview, cache_overview, settings_overview
from wijkdata.cbs.national import national_years, sync_alle
from wijkdata.cbs.sync import sync
from wijkdata.errors import WijkdataError

ctx = start_page("Data en bronnen")
settings = ctx.settings

st.subheader("Bronnen en licentie")
st.markdown(
    """
- **Kerncijfers wijken en buurten** — Centraal Bureau voor de Statistiek (CBS), één tabel per jaar,
  via de open-data-service (OData v3). Licentie **CC BY 4.0**: vermeld *Bron: CBS*.
- **Wijk- en buurtgrenzen** — CBS Wijk- en buurtkaart via PDOK, of een eigen geïmporteerd bestand.
- **Initiatieven, interventies, signalen en veldnotities** — vastgelegd door de gemeente zelf in Wijkdata.
- **Voorbeeldstad (GM9999)** is een fictieve demogemeente: alle cijfers en grenzen zijn door code gegenereerd.

Elk cijfer in Wijkdata is herleidbaar tot de CBS-tabel, het jaar en de kolom; ontbrekende of geheime
cijfers blijven leeg en worden nooit als 0 getoond.
"""
)


def overview_table(frame, empty: str, name: str, key: str) -> None:
    """A cache overview with its downloads, or a line saying there is nothing yet."""
    if frame.empty:
        st.info(empty)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
        downloads(frame, name, "Wijkdata cache-index", key=key)


st.subheader("Wat is er opgehaald")
with shown_errors():
    cached, boundaries = cache_overview(settings), boundaries_overview(settings)
overview_table(
    cached,
    "Er zijn nog geen CBS-cijfers opgehaald; alleen de fictieve demogemeente is beschikbaar.",
    "cache-overzicht",
    "bronnen_cache",
)
st.markdown("**Grenzen**")
overview_table(
    boundaries,
    "Nog geen wijk- of buurtgrenzen opgehaald of geïmporteerd (de demo heeft eigen, fictieve grenzen).",
    "grenzen-overzicht",
    "bronnen_grenzen",
)

st.subheader("Cijfers ophalen of verversen bij CBS")
gemeenten = data.gemeenten(settings)
real = gemeenten[gemeenten["status"] != "fictief"]
with st.form("bronnen_ophalen"):
    if real.empty:
        code = st.text_input("Gemeentecode", placeholder="GM0200", help="De CBS-code: GM en vier cijfers.")
    else:
        names = dict(zip(real["code"], real["naam"], strict=True))
        preferred = ctx.gemeente if ctx.gemeente in names else None
        code = st.selectbox(
            "Gemeente",
            options=list(names),
            index=list(names).index(preferred) if preferred else 0,
            format_func=lambda c: f"{names[c]} ({c})",
        )
    years = st.text_input("Jaren", value="", placeholder="alle jaren, of bijv. 2019-2024 of 2024")
    submitted = st.form_submit_button("Ophalen bij CBS", type="primary")
if submitted:
    bar = st.progress(0.0, text="Verbinden met CBS…")
    try:
        from wijkdata.cbs.sync import parse_years

        result = sync(
            settings, code, parse_years(years), progress=lambda f, label: bar.progress(min(max(f, 0.0), 1.0), text=label)
        )
    except WijkdataError as exc:
        bar.empty()
        show_error(exc, hint="Wat al in de cache stond blijft bruikbaar.", stop=False)
    else:
        bar.empty()
        st.success(f"{result.gemeente}: {len(result.entries)} jaar opgehaald ({', '.join(map(str, result.years))}).")
        for note in result.notes:
            st.info(note)

st.subheader("Heel Nederland ophalen")
st.caption(
    "Alle gemeenten van één jaar in één keer: de jaartabel wordt één keer opgehaald, in delen, en elke gemeente "
    "komt in de cache alsof ze los was opgehaald. Dat kost bij CBS zo veel als één volledige tabel (tientallen MB)."
)
with st.form("bronnen_nederland"):
    choices = national_years()
    jaar = st.selectbox(
        "Jaar", options=choices, index=choices.index(ctx.jaar) if ctx.jaar in choices else 0, key="bronnen_nederland_jaar"
    )
    national = st.form_submit_button("Heel Nederland ophalen")
if national:
    bar = st.progress(0.0, text="Verbinden met CBS…")
    try:
        done = sync_alle(settings, [jaar], progress=lambda f, label: bar.progress(min(max(f, 0.0), 1.0), text=label))
    except WijkdataError as exc:
        bar.empty()
        show_error(exc, hint="Wat al in de cache stond blijft bruikbaar.", stop=False)
    else:
        bar.progress(1.0, text="klaar")
        st.success(f"Heel Nederland {jaar}: {len(done.gemeenten(jaar))} gemeenten opgehaald.")
        for note in done.notes:
            st.info(note)

st.subheader("Indicatoren (catalogus)")
st.caption(
    "Elke indicator heeft een vaste sleutel die over de jaren gelijk blijft; per jaar staat erbij uit welke "
    "CBS-tabel en kolom het cijfer komt."
)
catalogue = ctx.kerncijfers.catalogue.frame()
st.dataframe(catalogue, hide_index=True, width="stretch")
downloads(catalogue, f"indicatoren-{ctx.gemeentenaam}", ctx.kerncijfers.source_of(ctx.jaar), key="bronnen_catalogus")

st.subheader("Instellingen")
st.table(pd.DataFrame(settings_overview(settings)).set_index("Instelling"))
