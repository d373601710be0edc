"""Interventies: programmes of the municipality and its partners in the wijk (top-down)."""

from ui.registers.page import render_page

render_page(
    "interventies",
    "Interventies en programma's van gemeente en partners: kansen, leefbaarheid, veiligheid en de transities "
    "in wonen, energie en mobiliteit.",
)
