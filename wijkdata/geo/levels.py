"""The levels and years boundaries exist for, and how they are named in Dutch.

Boundaries are kept per **wijk** and per **buurt** (a gemeente's outline is the union of its
wijken), and always for one year: a wijkindeling belongs to one year of the CBS wijk- en
buurtkaart. Every geo module checks its ``niveau`` and ``jaar`` arguments here.
"""

from __future__ import annotations

from wijkdata.codes import WIJK_OR_BUURT
from wijkdata.errors import GeoError
from wijkdata.text import plural as text_plural

__all__ = ["AREA_CODE", "COLLECTIONS", "COLUMNS", "check_jaar", "check_niveau", "plural"]

#: Level → PDOK collection (and GeoPackage layer) name.
COLLECTIONS = {"wijk": "wijken", "buurt": "buurten"}
#: Columns of every boundaries frame that :func:`wijkdata.geo.service.load_boundaries` returns.
COLUMNS = ["code", "naam", "niveau", "geometry"]
#: A wijk or buurt code as it appears in boundary files and at PDOK.
AREA_CODE = WIJK_OR_BUURT


def check_niveau(niveau: str) -> str:
    """``niveau`` itself when it is ``"wijk"`` or ``"buurt"``.

    Raises
    ------
    GeoError
        For any other level (there are no boundaries per gemeente or land).
    """
    if niveau not in COLLECTIONS:
        raise GeoError(f"Grenzen zijn er per wijk en per buurt; '{niveau}' is geen van beide.")
    return niveau


def check_jaar(jaar: object) -> int:
    """The year ``jaar`` stands for, as an int (``"2024"`` → ``2024``).

    Raises
    ------
    GeoError
        When ``jaar`` is missing, not a number or not a plausible year (2000–2100).
    """
    if jaar is None or str(jaar).strip() == "":
        raise GeoError("Geef het jaar van de grenzen op, bijv. --jaar 2024: een wijkindeling hoort bij één jaar.")
    try:
        year = int(str(jaar).strip())
    except ValueError:
        raise GeoError(f"'{jaar}' is geen jaar; gebruik bijv. --jaar 2024.") from None
    if not 2000 <= year <= 2100:
        raise GeoError(f"{year} is geen plausibel jaar voor een wijk- en buurtkaart.")
    return year


def plural(niveau: str, n: int) -> str:
    """The Dutch word for ``n`` areas of ``niveau``: ``"wijk"``/``"wijken"``, ``"buurt"``/``"buurten"``."""
    return text_plural(niveau, n)
