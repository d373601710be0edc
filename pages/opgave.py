"""Opgave en inzet: which wijken lag behind, and how much is being done there (need against effort)."""

import streamlit as st

from ui import data
from ui.context import start_page
from ui.errors import shown_errors
from ui.widgets import downloads
from wijkdata.analysis.activity import effort_records, no_effort
from wijkdata.analysis.need import (
    DEFAULT_NEED_KEYS,
    MIN_NEED_INDICATORS,
    TOO_FEW,
    effort_per_wijk,
    need_effort,
    need_keys,
    need_scores,
)
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.text import escape_markdown
from wijkdata.visual.charts import need_bar_figure, need_effort_figure
from wijkdata.visual.tables import readable

ctx = start_page("Opgave en inzet")
k = ctx.kerncijfers
st.caption(
    "Opgave: hoeveel een wijk achterblijft bij de gemeente op de gekozen indicatoren (in standaarddeviaties tussen de wijken; "
    "alleen indicatoren met een bekende richting). Inzet: lopende initiatieven en geplande of lopende interventies in de wijk "
    "en haar buurten; open signalen tellen apart (grootte van de stip)."
)
directional = {
    i.key: f"{i.thema} · {k.catalogue.label(i.key)} ({i.richting})"
    for i in k.catalogue
    if i.richting in (HIGHER_IS_BETTER, HIGHER_IS_WORSE)
}
keys = st.multiselect(
    "Indicatoren voor de opgave",
    list(directional),
    default=[c for c in DEFAULT_NEED_KEYS if c in directional],
    format_func=directional.get,
    key="opgave_indicatoren",
    placeholder="Kies indicatoren",
    select_all=False,
)
jaar = ctx.jaar
usable = need_keys(k, keys, jaar, ctx.cijfers)
unpublished = [c for c in keys if c not in usable]
if unpublished:
    when = f"{jaar} of eerder" if ctx.cijfers == "laatst" else f"{jaar} (alleen peiljaar)"
    st.info(f"Geen cijfers voor {when}: {', '.join(k.catalogue.label(c) for c in unpublished)}. Deze tellen niet mee.")
if len(usable) < MIN_NEED_INDICATORS:
    st.info(
        f"De opgave vraagt per wijk cijfers voor minstens {MIN_NEED_INDICATORS} van de gekozen indicatoren; "
        f"nu {'heeft maar één indicator' if len(usable) == 1 else f'hebben {len(usable)} indicatoren'} cijfers. "
        + ("Kies meer indicatoren of 'laatst gepubliceerd' in de zijbalk." if ctx.cijfers == "peiljaar" else "Kies meer.")
    )
    st.stop()
if len(usable) < 3:
    st.warning("Minder dan drie indicatoren met cijfers: de opgave zegt dan weinig. Kies meer indicatoren of een eerder jaar.")

with shown_errors():
    need = need_scores(k, jaar, keys, mode=ctx.cijfers)
    records = data.from_registers(ctx.settings, ctx.area_names, lambda store: effort_records(store, ctx.gemeente), no_effort())
    effort = effort_per_wijk(records, need["code"])
    frame = need_effort(need, effort)

if frame.empty:
    st.info(f"{ctx.gemeentenaam} heeft in {jaar} geen wijken in de CBS-cijfers: er valt geen opgave te berekenen.")
    st.stop()
if not frame["gerangschikt"].any():
    reason = "met één wijk valt er niets te vergelijken" if len(frame) == 1 else "geen wijk heeft genoeg cijfers"
    st.info(
        f"Geen opgave te berekenen voor {ctx.gemeentenaam} in {jaar}: {reason} (de opgave vergelijkt wijken onderling en "
        f"vraagt per wijk cijfers voor minstens {MIN_NEED_INDICATORS} van de gekozen indicatoren)."
    )
years = sorted({int(y) for text in frame["jaren"] for y in text.split(", ") if y})
if any(y != jaar for y in years):
    st.caption(
        f"Cijfers uit {', '.join(map(str, years))}: waar {jaar} nog geen cijfer heeft, telt het laatst gepubliceerde "
        "cijfer mee (kolom 'Cijfers uit')."
    )
sources = "; ".join(k.source_of(y) for y in sorted(years or [jaar], reverse=True))
source = f"{sources}; inzet: eigen registratie van de gemeente"
if frame[["inzet", "open_signalen"]].to_numpy().sum() == 0:
    st.info(
        f"Er zijn nog geen lopende initiatieven, interventies of open signalen vastgelegd voor {ctx.gemeentenaam}. "
        "Vul de registers (Initiatieven, Interventies, Signalen) om opgave en inzet naast elkaar te zien; "
        "hieronder de opgave per wijk."
    )
    st.plotly_chart(need_bar_figure(frame, source=f"Bron: {sources}"), key="opgave_staaf")
else:
    st.plotly_chart(need_effort_figure(frame, source=f"Bron: {source}"), key="opgave_matrix")
for label, part in frame.groupby("kwadrant", sort=False):
    if label == TOO_FEW:
        label = f"{TOO_FEW} (niet gerangschikt: minder dan {MIN_NEED_INDICATORS} van de gekozen indicatoren met een cijfer)"
    st.markdown(f"**{escape_markdown(label)}:** {escape_markdown(', '.join(part['naam']))}")
piled = frame[frame["stapeling"]]
if not piled.empty:
    st.markdown(f"**Bottom-up en top-down stapelen zich op in:** {', '.join(piled['naam'])}")
worse = frame[frame["verslechtert"]]
if not worse.empty and frame["referentiejaar"].notna().any():
    st.markdown(f"**Opgave groeit sinds {int(frame['referentiejaar'].iloc[0])}:** {', '.join(worse['naam'])}")

table = frame.rename(
    columns={
        "naam": "Wijk",
        "opgave": f"Opgave {jaar} (sd)",
        "opgave_toen": "Opgave toen (sd)",
        "verandering": "Verandering",
        "grootste_achterstand": "Grootste achterstand",
        "initiatieven": "Lopende initiatieven",
        "interventies": "Interventies",
        "open_signalen": "Open signalen",
        "kwadrant": "Kwadrant",
        "jaren": "Cijfers uit",
        "toelichting": "Toelichting",
        "code": "Code",
    }
)[
    [
        "Wijk",
        f"Opgave {jaar} (sd)",
        "Opgave toen (sd)",
        "Verandering",
        "Grootste achterstand",
        "Lopende initiatieven",
        "Interventies",
        "Open signalen",
        "Kwadrant",
        "Cijfers uit",
        "Toelichting",
        "Code",
    ]
]
st.dataframe(readable(table), hide_index=True, width="stretch")
downloads(table, f"opgave-en-inzet-{ctx.gemeentenaam}-{jaar}", source, key="opgave_tabel")
