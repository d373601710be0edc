"""Overzicht: the gemeente's key figures against Nederland, and its wijken and buurten."""

import streamlit as st

from ui.context import start_page
from ui.errors import shown_errors
from ui.widgets import downloads
from wijkdata.analysis.overview import METRIC_KEYS, area_table, key_figures
from wijkdata.text import count

ctx = start_page("Overzicht")
k = ctx.kerncijfers
source = k.source_of(ctx.jaar)

st.header(ctx.gemeentenaam, divider="gray")
st.caption(f"Peiljaar {ctx.jaar} · {source}" + (" · fictieve cijfers" if ctx.fictief else " · CC BY 4.0, Bron: CBS"))

with shown_errors():
    figures = key_figures(k, ctx.jaar)
    table = area_table(k, ctx.jaar)

top = figures[figures["indicator"].isin(METRIC_KEYS)]
for column, row in zip(st.columns(len(top)), top.itertuples(), strict=True):
    column.metric(
        row.titel,
        row.gemeente_tekst,
        help=f"Nederland: {row.nederland_tekst}. Bron: {row.bron}.",
    )

st.subheader("Kerncijfers tegen Nederland")
shown = figures.rename(
    columns={
        "titel": "Indicator",
        "gemeente_tekst": ctx.gemeentenaam,
        "nederland_tekst": "Nederland",
        "bron": "Bron (tabel, jaar, kolom)",
    }
)[["Indicator", ctx.gemeentenaam, "Nederland", "Bron (tabel, jaar, kolom)"]]
st.table(shown.set_index("Indicator"))
downloads(
    figures.drop(columns=["gemeente_tekst", "nederland_tekst"]).rename(
        columns={"gemeente": ctx.gemeentenaam, "nederland": "Nederland"}
    ),
    f"kerncijfers-{ctx.gemeentenaam}-{ctx.jaar}",
    source,
    key="overzicht_kerncijfers",
)

wijken, buurten = count((table["Niveau"] == "Wijk").sum(), "wijk"), count((table["Niveau"] == "Buurt").sum(), "buurt")
st.subheader(f"Wijken en buurten ({wijken}, {buurten})")
number_columns = {
    c: st.column_config.NumberColumn(c, format="localized") for c in table.columns if c not in ("Naam", "Niveau", "Wijk", "Code")
}
st.dataframe(table, hide_index=True, column_config=number_columns, width="stretch")
st.caption("Lege cel: CBS publiceert dit cijfer niet (geheim, te weinig inwoners, of nog niet gepubliceerd) — nooit 0.")
downloads(table, f"wijken-en-buurten-{ctx.gemeentenaam}-{ctx.jaar}", source, key="overzicht_gebieden")
