"""Interventies: programmes of the municipality and its partners in the wijk (top-down)."""

from ui import registers

page = registers.open_page("interventies")
registers.header(
    page,
    "Interventies en programma's van gemeente en partners: kansen, leefbaarheid, veiligheid en de transities "
    "in wonen, energie en mobiliteit.",
)
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
