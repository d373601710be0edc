"""Vergelijken: areas side by side, a ranking of all areas, and the areas most alike ("lijkt op")."""

import streamlit as st

from ui import data
from ui.context import follow_flag, follow_query_param, link_values, show_in_url, start_page
from ui.errors import show_error, shown_errors
from ui.widgets import downloads
from wijkdata.analysis.compare import DEFAULT_SIMILARITY_KEYS, comparable_gemeenten
from wijkdata.analysis.latest import mixed_years_note
from wijkdata.errors import WijkdataError
from wijkdata.links import pick_areas, unknown_note
from wijkdata.text import nl_unit
from wijkdata.visual.tables import readable

ctx = start_page("Vergelijken")
k = ctx.kerncijfers
choices = {
    i.key: f"{i.thema} · {k.catalogue.label(i.key)}" + (f" ({nl_unit(i.eenheid)})" if nl_unit(i.eenheid) else "")
    for i in k.catalogue
}

# --- side by side, from any gemeente in the cache -----------------------------------------------
st.subheader("Naast elkaar")
# Other gemeenten in the cache (the fictional demo only beside itself).
gemeente_names = comparable_gemeenten(data.gemeenten(ctx.settings), ctx.gemeente)
other_codes = list(gemeente_names)
# A link (?gebieden=WK020001,BU99990101) names areas of any gemeente in the cache: take those gemeenten along.
asked = link_values("gebieden", "vergelijken_gebieden")
asked_areas = pick_areas(asked, [ctx.gemeente, *other_codes]) if asked is not None else None
if asked_areas is not None:
    st.session_state["vergelijken_gemeenten"] = [g for g in asked_areas.gemeenten if g != ctx.gemeente]
st.session_state["vergelijken_gemeenten"] = [g for g in st.session_state.get("vergelijken_gemeenten", []) if g in other_codes]
others = st.multiselect(
    "Ook gebieden uit",
    other_codes,
    format_func=gemeente_names.get,
    key="vergelijken_gemeenten",
    help="Gemeenten waarvan de cijfers in de cache staan. De fictieve demo staat nooit naast echte gemeenten.",
    placeholder="Kies gemeenten",
    select_all=False,
)
# The areas of the other gemeenten come from the national index: names now, figures of the picked ones below.
pool = {}
own = k.year(ctx.jaar)
for r in own[own["niveau"].isin(["wijk", "buurt"])].itertuples():
    pool[f"{ctx.gemeente}|{r.code}"] = f"{r.naam} ({r.niveau}, {k.naam})"
if others:
    with shown_errors():
        for r in data.index_areas(ctx.settings, ctx.jaar, others).itertuples():
            pool[f"{r.gemeente_code}|{r.code}"] = f"{r.naam} ({r.niveau}, {r.gemeentenaam})"
if asked_areas is not None:
    found, unknown = asked_areas.within(tuple(p.split("|")) for p in pool)
    known = [f"{gm}|{code}" for gm, code in found]
    if unknown:
        show_error(
            unknown_note("Gebied", unknown, f"u kunt wijken en buurten van {ctx.jaar} uit gemeenten in de cache vergelijken"),
            level="info",
            stop=False,
        )
    if len(known) > 5:
        show_error(f"De link noemt {len(known)} gebieden; u vergelijkt de eerste vijf.", level="info", stop=False)
    if known:
        st.session_state["vergelijken_gebieden"] = known[:5]
if "vergelijken_gebieden" not in st.session_state:
    st.session_state["vergelijken_gebieden"] = list(pool)[:3]
st.session_state["vergelijken_gebieden"] = [p for p in st.session_state["vergelijken_gebieden"] if p in pool]
picked = st.multiselect(
    "Gebieden (2 tot 5)",
    list(pool),
    format_func=pool.get,
    max_selections=5,
    key="vergelijken_gebieden",
    placeholder="Kies twee tot vijf gebieden",
    select_all=False,
)
show_in_url("gebieden", ",".join(p.split("|")[1] for p in picked) or None, "vergelijken_gebieden")
follow_query_param("indicatoren", "vergelijken_indicatoren", list(choices), many=True, what="Indicator")
if "vergelijken_indicatoren" not in st.session_state:
    st.session_state["vergelijken_indicatoren"] = [c for c in ("AantalInwoners", *DEFAULT_SIMILARITY_KEYS) if c in choices]
keys = st.multiselect(
    "Indicatoren",
    list(choices),
    format_func=choices.get,
    key="vergelijken_indicatoren",
    placeholder="Kies indicatoren",
    select_all=False,
)
show_in_url("indicatoren", ",".join(keys) or None, "vergelijken_indicatoren")
if len(picked) < 2:
    st.info("Kies minstens twee gebieden.")
elif keys:
    try:
        table, numbers = data.side_by_side(ctx.settings, ctx.gemeente, picked, ctx.jaar, keys, ctx.cijfers)
    except WijkdataError as exc:
        show_error(exc, stop=False)
    else:
        st.table(table)
        downloads(
            numbers,
            f"vergelijking-{ctx.jaar}",
            f"CBS Kerncijfers wijken en buurten {ctx.jaar}; tabel en kolom per rij",
            key="vergelijken_naast",
        )

# --- ranking ------------------------------------------------------------------------------------
st.subheader("Rangorde")
left, right = st.columns([1, 3])
niveau = left.radio("Niveau", ["wijk", "buurt"], format_func=str.capitalize, key="vergelijken_niveau", horizontal=True)
default_rank = "HuishoudensMetEenLaagInkomen" if "HuishoudensMetEenLaagInkomen" in choices else next(iter(choices))
rank_key = right.selectbox(
    "Indicator", list(choices), index=list(choices).index(default_rank), format_func=choices.get, key="vergelijken_rang"
)
ind = k.catalogue[rank_key]
ranked = data.ranking(ctx.settings, ctx.gemeente, ctx.jaar, niveau, rank_key, ctx.cijfers)
if ranked["Rang"].notna().any():
    unit = f" ({nl_unit(ind.eenheid)})" if nl_unit(ind.eenheid) else ""
    value_column = f"{k.catalogue.label(rank_key)}{unit}"
    ranked = ranked.rename(columns={"Waarde": value_column})
    if niveau == "wijk":
        ranked = ranked.drop(columns=["Wijk"])
    st.dataframe(readable(ranked, {value_column: ind.decimalen}), hide_index=True, width="stretch")
    used = sorted({int(y) for y in ranked["Jaar"].dropna()}, reverse=True)
    source = "; ".join(f"{k.source_of(y)}, kolom {ind.kolommen[y]}" for y in used)
    mixed = mixed_years_note([int(y) for y in ranked["Jaar"].dropna()], ctx.jaar, f"{niveau}en")
    st.caption(f"Bron: {source}. Rang 1 = hoogste waarde; zonder cijfer onderaan. {mixed}".strip())
    downloads(ranked, f"rangorde-{rank_key}-{ctx.jaar}", source, key="vergelijken_rangorde")
elif ctx.jaar not in ind.kolommen:
    st.info(f"{k.catalogue.label(rank_key)} staat niet in de CBS-tabel van {ctx.jaar}.")
else:
    st.info(
        f"{k.catalogue.label(rank_key)}: geen enkele {niveau} heeft een cijfer voor {ctx.jaar}"
        + (" (kies 'laatst gepubliceerd' in de zijbalk voor een eerder cijfer)." if ctx.cijfers == "peiljaar" else ".")
    )

# --- lijkt op -----------------------------------------------------------------------------------
st.subheader("Lijkt op")
st.caption(
    "De gebieden die het meest lijken op het gekozen gebied, op de gekozen indicatoren "
    "(gestandaardiseerde afstand): om van elkaar te leren."
)
rows = k.year(ctx.jaar)
areas = rows[rows["niveau"].isin(["wijk", "buurt"])]
area_names = dict(zip(areas["code"], areas["naam"] + " (" + areas["niveau"] + ")", strict=True))
target = st.selectbox(
    "Gebied", list(area_names), format_func=area_names.get, key="vergelijken_doel", placeholder="Kies een wijk of buurt"
)
similar_keys = st.multiselect(
    "Op basis van",
    list(choices),
    default=[c for c in DEFAULT_SIMILARITY_KEYS if c in choices],
    format_func=choices.get,
    key="vergelijken_lijkt_indicatoren",
    placeholder="Kies indicatoren",
    select_all=False,
)
follow_flag("lijkt_op", "vergelijken_breed", "nl")
wider = st.checkbox(
    "Ook in andere gemeenten in de cache zoeken",
    key="vergelijken_breed",
    help="Zoekt in heel Nederland: in alle gemeenten waarvan de cijfers in de cache staan (in de link: lijkt_op=nl).",
)
show_in_url("lijkt_op", "nl" if wider else None, "vergelijken_breed")
if similar_keys:
    with shown_errors():
        peers = data.similar(ctx.settings, ctx.gemeente, target, ctx.jaar, similar_keys, ctx.cijfers, wider)
    if peers.empty:
        st.info("Geen vergelijkbare gebieden met genoeg cijfers gevonden.")
    else:
        st.dataframe(peers, hide_index=True, width="stretch")
        downloads(
            peers,
            f"lijkt-op-{target}-{ctx.jaar}",
            f"CBS Kerncijfers wijken en buurten {ctx.jaar}; afstand over {', '.join(similar_keys)}",
            key="vergelijken_lijkt",
        )
