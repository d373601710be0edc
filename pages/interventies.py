"""Interventies: programmes of the municipality and its partners in the wijk (top-down)."""

import streamlit as st

from ui import registers

page = registers.open_page("interventies")
registers.header(
    page,
    "Interventies en programma's van gemeente en partners: kansen, leefbaarheid, veiligheid en de transities "
    "in wonen, energie en mobiliteit.",
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
