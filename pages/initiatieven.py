"""Initiatieven: what residents and local organisations start in the wijk (bottom-up)."""

from ui.registers.page import render_page

render_page(
    "initiatieven",
    "Initiatieven van bewoners en lokale organisaties: wat er van onderop gebeurt in de wijk.",
)
