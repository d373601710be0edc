"""Opgave en inzet: which wijken lag behind, and how much is being done there (need against effort)."""

import streamlit as st

from ui import data
from ui.context import start_page
from ui.errors import shown_errors
from ui.widgets import downloads
from wijkdata.analysis.activity import effort_records, no_effort
from wijkdata.analysis.need import DEFAULT_NEED_KEYS, effort_per_wijk, need_effort, need_scores, need_year
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.visual.charts import need_bar_figure, need_effort_figure

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
)
jaar = need_year(k, keys, ctx.jaar)
if jaar is None:
    st.info("Kies indicatoren waarvoor cijfers gepubliceerd zijn.")
    st.stop()
if jaar != ctx.jaar:
    st.info(f"Voor {ctx.jaar} zijn de gekozen indicatoren nog niet alle gepubliceerd; de opgave is berekend voor {jaar}.")
unpublished = [c for c in keys if jaar not in k.catalogue[c].kolommen or k.year(jaar)[c].isna().all()]
if unpublished:
    rest = len(keys) - len(unpublished)
    st.info(
        f"Nog niet gepubliceerd voor {jaar}: {', '.join(k.catalogue.label(c) for c in unpublished)}. "
        f"De opgave rust op {'de andere indicator' if rest == 1 else f'de andere {rest} indicatoren'}."
    )
if len(keys) - len(unpublished) < 3:
    st.warning("Minder dan drie indicatoren met cijfers: de opgave zegt dan weinig. Kies meer indicatoren of een eerder jaar.")

with shown_errors():
    need = need_scores(k, jaar, keys)
    records = data.from_registers(ctx.settings, ctx.area_names, lambda store: effort_records(store, ctx.gemeente), no_effort())
    effort = effort_per_wijk(records, need["code"])
    frame = need_effort(need, effort)

source = f"{k.source_of(jaar)}; inzet: eigen registratie van de gemeente"
if frame[["inzet", "open_signalen"]].to_numpy().sum() == 0:
    st.info(
        f"Er zijn nog geen lopende initiatieven, interventies of open signalen vastgelegd voor {ctx.gemeentenaam}. "
        "Vul de registers (Initiatieven, Interventies, Signalen) om opgave en inzet naast elkaar te zien; "
        "hieronder de opgave per wijk."
    )
    st.plotly_chart(need_bar_figure(frame, source=f"Bron: {k.source_of(jaar)}"), key="opgave_staaf")
else:
    st.plotly_chart(need_effort_figure(frame, source=f"Bron: {source}"), key="opgave_matrix")
for label, part in frame.groupby("kwadrant", sort=False):
    st.markdown(f"**{label}:** {', '.join(part['naam'])}")
piled = frame[frame["stapeling"]]
if not piled.empty:
    st.markdown(f"**Bottom-up en top-down stapelen zich op in:** {', '.join(piled['naam'])}")
worse = frame[frame["verslechtert"]]
if not worse.empty:
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
        "Code",
    ]
]
st.dataframe(table, hide_index=True, width="stretch")
downloads(table, f"opgave-en-inzet-{ctx.gemeentenaam}-{jaar}", source, key="opgave_tabel")
