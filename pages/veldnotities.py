"""Veldnotities: the experiential knowledge of wijk workers, dated and by theme, without personal data."""

from ui.registers.page import render_page

render_page(
    "veldnotities",
    "Ervaringskennis van wijkwerkers: gedateerd, per thema, met de rol van de schrijver. Geen namen of andere "
    "persoonsgegevens van bewoners.",
)
