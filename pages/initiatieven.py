"""Initiatieven: what residents and local organisations start in the wijk (bottom-up)."""

import streamlit as st

from ui import registers

page = registers.open_page("initiatieven")
registers.header(page, "Initiatieven van bewoners en lokale organisaties: wat er van onderop gebeurt in de wijk.")
overview, add, edit, upload = st.tabs(["Overzicht", "Toevoegen", "Bewerken", "Importeren"])
with overview:
    registers.show_table(page, registers.filtered_list(page))
with add:
    registers.add_form(page)
with edit:
    registers.edit_section(page)
with upload:
    registers.import_section(page)
