"""Veldnotities: the experiential knowledge of wijk workers, dated and by theme, without personal data."""

from ui import registers

page = registers.open_page("veldnotities")
registers.header(
    page,
    "Ervaringskennis van wijkwerkers: gedateerd, per thema, met de rol van de schrijver. Geen namen of andere "
    "persoonsgegevens van bewoners.",
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
