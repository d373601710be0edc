"""Veldnotities: the experiential knowledge of wijk workers, dated and by theme, without personal data."""

import streamlit as st

from ui import registers

page = registers.open_page("veldnotities")
registers.header(
    page,
    "Ervaringskennis van wijkwerkers: gedateerd, per thema, met de rol van de schrijver. Geen namen of andere "
    "persoonsgegevens van bewoners.",
)
overview, add, edit, upload = st.tabs(["Overzicht", "Toevoegen", "Bewerken", "Importeren"])
with overview:
    registers.show_table(page, registers.filtered_list(page))
with add:
    registers.add_form(page)
with edit:
    registers.edit_section(page)
with upload:
    registers.import_section(page)
