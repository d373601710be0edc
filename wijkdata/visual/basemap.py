"""The background under the choropleth, and what the page says about it (no streamlit here).

Re-exported by :mod:`wijkdata.visual.mapping`.
"""

from __future__ import annotations

__all__ = ["BASEMAP_BLANK", "BASEMAP_BLANK_NOTE", "BASEMAP_NOTE", "BASEMAP_PDOK"]

#: Background map for real gemeenten: PDOK's grey BRT-achtergrondkaart as raster tiles, in a style
#: defined here, so the polygons are drawn even when the tiles cannot be loaded (offline).
BASEMAP_PDOK: dict = {
    "version": 8,
    "sources": {
        "brt": {
            "type": "raster",
            "tiles": ["https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"],
            "tileSize": 256,
            "maxzoom": 19,
            "attribution": "Kaartgegevens © Kadaster (PDOK)",
        }
    },
    "layers": [
        {"id": "achtergrond", "type": "background", "paint": {"background-color": "#f2f2ef"}},
        {"id": "brt", "type": "raster", "source": "brt"},
    ],
}
#: Said under a map on :data:`BASEMAP_PDOK`: the tiles load in the reader's browser, so the
#: server cannot tell whether they arrived; without them the areas are still drawn and
#: clickable, and the select box under the map always works.
BASEMAP_NOTE = (
    "Achtergrondkaart: PDOK (Kadaster); die laadt alleen met internet. Ziet u geen achtergrond "
    "(offline) of doet een klik niets? Klik op een gekleurd gebied of kies het hieronder bij 'Gebied'."
)
#: Said under the demo's map, which has no background on purpose.
BASEMAP_BLANK_NOTE = (
    "Geen achtergrondkaart: Voorbeeldstad is fictief. Klik op een gebied of kies het hieronder bij 'Gebied'."
)
#: Background for the fictional demo: plain white (a real map under an invented town would mislead).
BASEMAP_BLANK = "white-bg"
