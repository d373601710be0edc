"""Wijkprofiel: how a wijk or buurt is doing, how that changes, and what is done about it."""

import streamlit as st

from ui import data
from ui.context import follow_query_param, show_in_url, start_page
from ui.errors import shown_errors
from ui.profile_view import activity_section, indicator_rows
from ui.records_layer import new_record_links
from ui.widgets import downloads
from wijkdata.analysis.activity import aims_by_indicator, area_activity, no_activity
from wijkdata.analysis.profile import area_profile, profile_warnings, trend
from wijkdata.codes import clean_code
from wijkdata.text import count
from wijkdata.visual.charts import trend_figure

ctx = start_page("Wijkprofiel")
k = ctx.kerncijfers
areas = k.year(ctx.jaar)
areas = areas[areas["niveau"].isin(["gemeente", "wijk", "buurt"])]
names = dict(zip(areas["code"], areas["naam"], strict=True))
wijk_of = dict(zip(areas["code"], areas["wijk_code"], strict=True))
levels = dict(zip(areas["code"], areas["niveau"], strict=True))
codes = [c for c in areas["code"] if levels[c] != "gemeente"] + [ctx.gemeente]

follow_query_param("gebied", "profiel_gebied", codes, what="Gebied", clean=clean_code)
if st.session_state.get("profiel_gebied") not in codes:
    st.session_state["profiel_gebied"] = codes[0]


def _label(code: str) -> str:
    if levels[code] == "buurt":
        return f"{names[code]} (buurt in {names.get(wijk_of[code], wijk_of[code])})"
    return f"{names[code]} ({levels[code]})"


code = st.selectbox("Wijk of buurt", options=codes, key="profiel_gebied", format_func=_label)
show_in_url("gebied", code, "profiel_gebied")

with shown_errors():
    profile = area_profile(k, code, ctx.jaar, ctx.cijfers)
    warnings = profile_warnings(k, code, ctx.jaar)

st.header(_label(code), divider="gray")
st.caption(f"Peiljaar {ctx.jaar} · {k.source_of(ctx.jaar)}" + ("" if ctx.fictief else " · CC BY 4.0, Bron: CBS"))
for warning in warnings:
    st.warning(warning)
earlier = profile[profile["waarde_jaar"].notna() & (profile["waarde_jaar"] != ctx.jaar)]
if len(earlier):
    st.caption(
        f"{len(earlier)} cijfers zijn voor {ctx.jaar} nog niet gepubliceerd; u ziet het laatst gepubliceerde cijfer "
        "met zijn jaar tussen haakjes (instelling 'Cijfers' in de zijbalk)."
    )

inhabitants = profile.set_index("indicator").loc["AantalInwoners"] if "AantalInwoners" in set(profile["indicator"]) else None
if inhabitants is not None:
    a, g, n = st.columns(3)
    a.metric(f"Inwoners {names[code]}", inhabitants["waarde_tekst"])
    g.metric(f"Inwoners {ctx.gemeentenaam}", inhabitants["gemeente_tekst"])
    n.metric("Inwoners Nederland", inhabitants["nederland_tekst"])

notable = profile[profile["afwijking"] != ""]
st.subheader("Opvallend")
if notable.empty:
    st.write("Geen cijfers buiten de gebruikelijke bandbreedte van vergelijkbare gebieden.")
else:
    st.caption(
        "Cijfers buiten de gebruikelijke bandbreedte (gemiddelde ± 1 standaarddeviatie) van de andere gebieden van dit niveau."
    )
    order = notable.assign(_abs=notable["z"].abs()).sort_values(["oordeel", "_abs"], ascending=[False, False])
    # a wijk may carry its gemeente's name (wijk "Dalfsen" in gemeente Dalfsen): keep the columns apart
    area_column = names[code] if names[code] != ctx.gemeentenaam else f"{names[code]} ({levels[code]})"
    st.table(
        order.assign(Afwijking=order["afwijking"] + " dan gebruikelijk", Oordeel=order["oordeel"].replace("", "–"))
        .rename(columns={"titel": "Indicator", "waarde_tekst": area_column, "gemeente_tekst": ctx.gemeentenaam})
        .set_index("Indicator")[[area_column, ctx.gemeentenaam, "Afwijking", "Oordeel"]]
    )

activity = data.from_registers(ctx.settings, ctx.area_names, lambda store: area_activity(store, code), no_activity())
aims = aims_by_indicator(activity)

st.subheader("Cijfers per thema")
themes = list(dict.fromkeys(profile["thema"]))
follow_query_param("thema", "profiel_themas", themes, many=True, what="Thema", sep=None)
if "profiel_themas" not in st.session_state:
    st.session_state["profiel_themas"] = themes[:2]
st.session_state["profiel_themas"] = [t for t in st.session_state["profiel_themas"] if t in themes]


def _all_themes(every: list[str]) -> None:
    st.session_state["profiel_themas"] = every


chosen = st.pills(
    "Thema's",
    themes,
    selection_mode="multi",
    key="profiel_themas",
    help="Kies de thema's om te tonen; alle thema's voor een volledig (afdrukbaar) profiel.",
)
st.button("Alle thema's tonen", key="profiel_alle", on_click=_all_themes, args=(themes,))
show_in_url("thema", chosen, "profiel_themas")
for theme in [t for t in themes if t in (chosen or [])]:
    part = profile[profile["thema"] == theme]
    missing = int(part["waarde"].isna().sum())
    st.markdown(f"##### {theme} ({count(len(part), 'cijfer')}" + (f", {missing} zonder waarde)" if missing else ")"))
    indicator_rows(part, names[code], ctx.gemeentenaam, aims=aims)

table = profile.drop(columns=["decimalen", "relatief", "waarde_tekst", "gemeente_tekst", "nederland_tekst", "omschrijving"])
downloads(
    table, f"profiel-{names[code]}-{ctx.jaar}", f"{k.source_of(ctx.jaar)}; gebied {names[code]} ({code})", key="profiel_tabel"
)

st.subheader("Ontwikkeling door de jaren")
choices = {i.key: f"{i.thema} · {k.catalogue.label(i.key)}" for i in k.catalogue}
default = "HuishoudensMetEenLaagInkomen" if "HuishoudensMetEenLaagInkomen" in choices else next(iter(choices))
follow_query_param("trend", "profiel_indicator", list(choices), what="Indicator")
if st.session_state.get("profiel_indicator") not in choices:
    st.session_state["profiel_indicator"] = default
key = st.selectbox("Indicator", options=list(choices), key="profiel_indicator", format_func=choices.get)
show_in_url("trend", key, "profiel_indicator")
ind = k.catalogue[key]
series = trend(k, code, key)
st.plotly_chart(
    trend_figure(
        series, k.catalogue.label(key), ind.eenheid, ind.decimalen, source="Bron: " + ("fictief (demo)" if ctx.fictief else "CBS")
    ),
    key="profiel_trend",
)
breaks = series[series["breuk"] != ""].drop_duplicates("breuk")
for row in breaks.itertuples():
    st.caption(f"Breuk in de reeks van {row.reeks}: {row.breuk}. De lijn is daar onderbroken.")
downloads(
    series,
    f"ontwikkeling-{names[code]}-{key}",
    "Bron: CBS Kerncijfers wijken en buurten, per jaar de tabel en kolom in de rij",
    key="profiel_reeks",
)

st.subheader(f"Wat er gebeurt in {names[code]}")
activity_section(activity, ctx.area_names, names[code], ctx.fictief)
new_record_links(ctx, code, names[code])
