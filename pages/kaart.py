"""Kaart: any indicator on a map of the wijken or buurten; click an area to open its profile."""

import pandas as pd
import streamlit as st

from ui import data, records_layer
from ui.context import follow_query_param, show_in_url, start_page
from ui.errors import show_error, shown_errors
from ui.widgets import downloads
from wijkdata.analysis.latest import filled_year, mixed_years_note, value_label
from wijkdata.analysis.overview import explain_missing
from wijkdata.codes import clean_code
from wijkdata.errors import NotCached, WijkdataError
from wijkdata.text import count
from wijkdata.visual.mapping import (
    BASEMAP_BLANK,
    BASEMAP_BLANK_NOTE,
    BASEMAP_NOTE,
    BASEMAP_PDOK,
    METHODS,
    MISSING_LABEL,
    build_figure,
    indicator_choices,
    legend_title,
    selected_code,
)
from wijkdata.visual.tables import SMALL_TABLE, readable, text_table, value_table

NIVEAUS = {"wijk": "Wijken", "buurt": "Buurten"}
CLASSES = [3, 4, 5, 6, 7]

ctx = start_page("Kaart")
k, settings = ctx.kerncijfers, ctx.settings
choices = indicator_choices(k.catalogue, ctx.jaar)
every_key = [key for keys in choices.values() for key in keys]
default = "AantalInwoners" if "AantalInwoners" in every_key else every_key[0]

# The URL (?niveau=buurt&indicator=AantalInwoners) sets the view when it changed, so a link opens the same map.
follow_query_param("niveau", "kaart_niveau", list(NIVEAUS), what="Niveau")
follow_query_param("indicator", "kaart_indicator")
follow_query_param("indeling", "kaart_indeling", list(METHODS), what="Indeling")
follow_query_param("klassen", "kaart_klassen", CLASSES, what="Aantal klassen")
st.session_state.setdefault("kaart_klassen", 5)
if st.session_state.get("kaart_niveau") not in NIVEAUS:
    st.session_state["kaart_niveau"] = "wijk"
if st.session_state.get("kaart_indicator") not in every_key:
    if st.session_state.get("kaart_indicator"):
        asked = st.session_state["kaart_indicator"]
        st.info(f"Indicator '{asked}' staat niet in de tabel van {ctx.jaar}; u ziet {k.catalogue.label(default)}.")
    st.session_state["kaart_indicator"] = default
if st.session_state["kaart_indicator"] not in choices.get(st.session_state.get("kaart_thema"), []):
    st.session_state["kaart_thema"] = k.catalogue[st.session_state["kaart_indicator"]].thema


def _theme_changed() -> None:
    st.session_state["kaart_indicator"] = choices[st.session_state["kaart_thema"]][0]


def _label(key: str) -> str:
    return legend_title(k.catalogue.label(key), k.catalogue[key].eenheid)


st.header(ctx.gemeentenaam, divider="gray")
c1, c2, c3, c4, c5 = st.columns([1.2, 2.1, 3.6, 1.7, 0.9])
niveau = c1.radio("Niveau", list(NIVEAUS), format_func=NIVEAUS.get, key="kaart_niveau", horizontal=True)
c2.selectbox("Thema", list(choices), key="kaart_thema", on_change=_theme_changed)
key = c3.selectbox("Indicator", choices[st.session_state["kaart_thema"]], format_func=_label, key="kaart_indicator")
method = c4.selectbox(
    "Indeling",
    list(METHODS),
    format_func=METHODS.get,
    key="kaart_indeling",
    help="Kwantielen: evenveel gebieden per klasse. Gelijke intervallen: klassen even breed.",
)
classes = c5.selectbox("Klassen", CLASSES, key="kaart_klassen")
show_in_url("niveau", niveau, "kaart_niveau")
show_in_url("indicator", key, "kaart_indicator")
show_in_url("indeling", method, "kaart_indeling")
show_in_url("klassen", str(classes), "kaart_klassen")

ind = k.catalogue[key]
titel = k.catalogue.label(key)
rows, row_years = filled_year(k, ctx.jaar, [key], mode=ctx.cijfers, niveau=niveau)
value_of, year_of = dict(zip(rows["code"], rows[key], strict=True)), dict(zip(rows["code"], row_years[key], strict=True))
gemeente_row, gemeente_year = filled_year(k, ctx.jaar, [key], mode=ctx.cijfers, niveau="gemeente")
gemeentewaarde = gemeente_row[key].iloc[0] if len(gemeente_row) else None
gemeentetekst = value_label(
    ind.text(gemeentewaarde), gemeente_year[key].iloc[0] if len(gemeente_row) else None, ctx.jaar
)
meervoud = NIVEAUS[niveau].lower()

geometry = report = joined = None
with shown_errors():
    try:
        geometry = data.map_shapes(settings, ctx.gemeente, ctx.jaar, niveau)
        joined, report = data.joined_figures(settings, ctx.gemeente, ctx.jaar, niveau)
    except NotCached as exc:
        missing = exc

if geometry is None:
    show_error(missing, level="info", stop=False)
    if st.button("Grenzen ophalen bij PDOK", icon=":material/download:", key="kaart_pdok"):
        try:
            with st.spinner(f"De {meervoud} van {ctx.gemeentenaam} ({ctx.jaar}) ophalen bij PDOK…"):
                data.fetch_boundaries(settings, ctx.gemeente, ctx.jaar, niveau)
        except WijkdataError as exc:
            show_error(exc, hint="De tabel hieronder werkt ook zonder kaart.", level="warning", stop=False)
        else:
            st.rerun()
    st.caption(
        f"Zonder internet: download de CBS wijk- en buurtkaart {ctx.jaar} (GeoPackage) of de gebiedsindeling als GeoJSON "
        f"en importeer die met `python -m wijkdata import grenzen BESTAND --jaar {ctx.jaar}`."
    )
else:
    areas = joined[["code", "naam"]].assign(waarde=joined["code"].map(value_of), jaar=joined["code"].map(year_of))
    fig = build_figure(
        geometry,
        areas,
        titel=titel,
        eenheid=ind.eenheid,
        decimalen=ind.decimalen,
        method=method,
        k=classes,
        richting=ind.richting,
        gemeentenaam=ctx.gemeentenaam,
        gemeentewaarde=gemeentetekst,
        peiljaar=ctx.jaar,
        basemap=BASEMAP_BLANK if ctx.fictief else BASEMAP_PDOK,
        uirevision=f"{ctx.gemeente}-{ctx.jaar}-{niveau}",
        value_text=ind.text,
    )
    points = records_layer.add_records(ctx, fig, niveau)
    event = st.plotly_chart(
        fig, on_select="rerun", selection_mode="points", key="kaart_kaart", config={"scrollZoom": True, "displaylogo": False}
    )
    clicked = selected_code(event.selection.points, fig) if event else None
    records_layer.record_links(ctx, points, event.selection.points if event else [])
    if clicked and clicked != st.session_state.get("kaart_klik"):
        st.session_state["kaart_klik"] = clicked
        st.session_state["kaart_gebied"] = clicked
    no_figure = int(areas["waarde"].isna().sum())
    counts = f"{count(len(areas), niveau)} op de kaart · {no_figure} zonder cijfer voor deze indicator (grijs: {MISSING_LABEL})."
    st.caption(" ".join([counts, *report.lines()[1:]]))
    st.caption(BASEMAP_BLANK_NOTE if ctx.fictief else BASEMAP_NOTE, help="De gebieden blijven klikbaar zonder achtergrond.")
    mixed = mixed_years_note(areas.loc[areas["waarde"].notna(), "jaar"], ctx.jaar, meervoud)
    if mixed:
        st.caption(f"{titel}: {mixed}")
    if no_figure == len(areas) and len(rows):
        st.info(f"{titel}: {explain_missing(k, key, rows['code'].iloc[0], ctx.jaar)}.")

# Selecting an area: by clicking it on the map, or here.
names = dict(zip(rows["code"], rows["naam"], strict=True))
if joined is not None:
    names.update({c: n for c, n in zip(joined["code"], joined["naam"], strict=True) if c not in names})
options = sorted(names, key=lambda c: names[c].lower())
follow_query_param("gebied", "kaart_gebied", options, what=f"Gebied op de kaart van {meervoud}", clean=clean_code)
if st.session_state.get("kaart_gebied") not in options:
    st.session_state["kaart_gebied"] = None
placeholder = f"Klik op de kaart of kies een {niveau}…"
chosen = st.selectbox("Gebied", options, format_func=names.get, key="kaart_gebied", index=None, placeholder=placeholder)
show_in_url("gebied", chosen, "kaart_gebied")
if chosen:
    value = value_of.get(chosen)
    shown = None if pd.isna(value) else value_label(ind.text(value), year_of.get(chosen), ctx.jaar)
    why = explain_missing(k, key, chosen, ctx.jaar) if shown is None else ""
    st.markdown(f"**{names[chosen]}** ({chosen}) · {titel}: **{shown or why}** · {ctx.gemeentenaam}: {gemeentetekst}")
    st.page_link(
        "pages/profiel.py",
        label=f"Profiel van {names[chosen]}",
        icon=":material/article:",
        query_params={"gemeente": ctx.gemeente, "gebied": chosen, "jaar": str(ctx.jaar)},
    )

st.subheader(f"{NIVEAUS[niveau]} naar {titel[:1].lower() + titel[1:] if titel[1:2].islower() else titel}")
on_map = set(joined["code"]) if joined is not None else None
meaning = ind.category if ind.category(1) else None
table = value_table(rows, key, titel, ind.eenheid, on_map, years=row_years[key], meaning=meaning)
column = legend_title(titel, ind.eenheid)
if len(table) <= SMALL_TABLE:
    st.table(text_table(table, column, ind.eenheid, ind.decimalen, ctx.jaar), hide_index=True)
    st.caption("–: CBS publiceert dit cijfer niet (geheim, te weinig inwoners, of nog niet gepubliceerd) — nooit 0.")
else:
    st.dataframe(readable(table, {column: ind.decimalen}), hide_index=True, width="stretch")
    st.caption("–: CBS publiceert dit cijfer niet (geheim, te weinig inwoners, of nog niet gepubliceerd) — nooit 0.")
grenzen = data.boundary_source(settings, ctx.gemeente, ctx.jaar, niveau)
bron = "Fictief (demo)" if ctx.fictief else "CBS"
used = sorted({int(y) for y in row_years[key].dropna()}, reverse=True) or [ctx.jaar]
tables = "; ".join(f"{ind.tabellen[y]} ({y}), kolom {ind.kolommen[y]}" for y in used)
source = f"{bron}, {tables}; grenzen: {grenzen}"
st.caption(f"Bron: {source}")
downloads(table, f"{key}-{meervoud}-{ctx.gemeentenaam}-{ctx.jaar}", source, key="kaart_tabel")
