"""Curated words CBS does not publish in machine form: full titles and category labels.

CBS cuts every title in its OData DataProperties at 40 characters
(``"Percentage twee-onder-één-kap-woning (ee"``). :data:`FULL_TITLES` gives the full title for
each cut one we know of, written as CBS writes it on StatLine; :data:`COMPLETE_TITLES` lists the
titles of exactly 40 characters that were checked and are whole. A test reads every title of the
real tables in ``../shared/cbs-sample`` and of the demo and fails on a title of 40 characters
that is in neither list, so a new cut title cannot slip through unnoticed.

Some indicators hold a code rather than a number (unit ``"code"``): ``MateVanStedelijkheid`` 1–5,
``Dekkingspercentage`` 1–6. :data:`CATEGORY_LABELS` gives each code its meaning, taken from the
indicator's Description in DataProperties (a test checks them against the real Description), so
a reader sees ``"2 (sterk stedelijk)"`` and not a bare ``2``.
"""

from __future__ import annotations

import math

import pandas as pd

from wijkdata.text import plain_text

__all__ = ["CATEGORY_LABELS", "COMPLETE_TITLES", "FULL_TITLES", "TITLE_LIMIT", "category_label", "full_title"]

#: CBS's maximum title length in DataProperties.
TITLE_LIMIT = 40

#: Cut CBS title (as published, stripped) → full title.
FULL_TITLES: dict[str, str] = {
    "Percentage twee-onder-één-kap-woning (ee": "Percentage twee-onder-één-kap-woning (eengezinswoning)",
    "Percentage vrijstaande woning (eengezins": "Percentage vrijstaande woning (eengezinswoning)",
    "Gem. gestandaardiseerd inkomen van huish": "Gemiddeld gestandaardiseerd inkomen van huishoudens",
    "Mediaan vermogen van particuliere huish.": "Mediaan vermogen van particuliere huishoudens",
}

#: Titles of exactly :data:`TITLE_LIMIT` characters that were read and are whole.
COMPLETE_TITLES: frozenset[str] = frozenset(
    {
        "Indelingswijziging gemeente, wijk, buurt",
        "Gemiddelde elektriciteitslevering totaal",
        "Gemiddeld inkomen per inkomensontvanger",
        "Huishoudens tot 110% van sociaal minimum",
        "Huishoudens tot 120% van sociaal minimum",
        "R-U Cultuur, recreatie, overige diensten",
    }
)

#: Stable indicator key → {code: meaning}, from the Description CBS gives the indicator.
CATEGORY_LABELS: dict[str, dict[int, str]] = {
    "MateVanStedelijkheid": {
        1: "zeer sterk stedelijk",
        2: "sterk stedelijk",
        3: "matig stedelijk",
        4: "weinig stedelijk",
        5: "niet stedelijk",
    },
    "Dekkingspercentage": {
        1: "meer dan 90% van de adressen heeft dezelfde postcode",
        2: "81-90% van de adressen heeft dezelfde postcode",
        3: "71-80% van de adressen heeft dezelfde postcode",
        4: "61-70% van de adressen heeft dezelfde postcode",
        5: "51-60% van de adressen heeft dezelfde postcode",
        6: "50% of minder van de adressen heeft dezelfde postcode",
    },
}


def full_title(title: object) -> str:
    """The title as a reader should see it: stripped, and completed where CBS cut it at 40 characters."""
    text = plain_text(title)
    return FULL_TITLES.get(text, text)


def category_label(key: str, value: object) -> str:
    """The meaning of a coded value (``category_label("MateVanStedelijkheid", 2)`` → ``"sterk stedelijk"``).

    Empty for indicators without categories, for missing values and for values that are not one
    of the codes (an average of codes, say).
    """
    labels = CATEGORY_LABELS.get(key.split(".")[0])
    if not labels or value is None or value is pd.NA:
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(number) or not number.is_integer():
        return ""
    return labels.get(int(number), "")
