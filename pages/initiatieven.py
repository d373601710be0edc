"""Initiatieven: what residents and local organisations start in the wijk (bottom-up)."""

from ui import registers

page = registers.open_page("initiatieven")
registers.header(page, "Initiatieven van bewoners en lokale organisaties: wat er van onderop gebeurt in de wijk.")
overview, add, edit, upload = registers.tabs(page)
if overview.open:
    with overview:
        registers.show_table(page, registers.filtered_list(page))
if add.open:
    with add:
        registers.add_form(page)
if edit.open:
    with edit:
        registers.edit_section(page)
if upload.open:
    with upload:
        registers.import_section(page)
