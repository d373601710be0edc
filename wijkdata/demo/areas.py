"""The facts of Voorbeeldstad (GM9999) that its tables, shapes and records share.

Names of the wijken and buurten, the years the demo covers, and the one boundary change: from
:data:`SPLIT_YEAR` (2022) buurt :data:`SPLIT_OLD` (Werfterrein) is split into :data:`SPLIT_NEW`
(Werf-Noord, Werf-Zuid). Pure data, no generation: :mod:`wijkdata.demo.tables` and
:mod:`wijkdata.demo.shapes` both read it from here.
"""

from __future__ import annotations

__all__ = [
    "BUURTEN",
    "DEMO_NAME",
    "DEMO_NOTICE",
    "DEMO_YEARS",
    "SPLIT_NEW",
    "SPLIT_OLD",
    "SPLIT_YEAR",
    "WIJKEN",
    "buurten_in",
    "wijk_of",
]

DEMO_NAME = "Voorbeeldstad"
#: The years the demo has tables for; the newest is only partly published.
DEMO_YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
DEMO_NOTICE = (
    "Voorbeeldstad is een fictieve demogemeente: alle cijfers, grenzen en initiatieven zijn verzonnen "
    "en door code gegenereerd. Kies een echte gemeente in de zijbalk voor CBS-cijfers."
)
#: The year buurt :data:`SPLIT_OLD` disappears and :data:`SPLIT_NEW` appear (CBS change code 3).
SPLIT_YEAR = 2022
SPLIT_OLD = "BU99990303"
SPLIT_NEW = ("BU99990306", "BU99990307")

#: Wijk code → name.
WIJKEN: dict[str, str] = {
    "WK999901": "Centrum",
    "WK999902": "Molenwijk",
    "WK999903": "Kanaalzone",
    "WK999904": "Beekdal",
    "WK999905": "De Horsten",
    "WK999906": "Noorderpark",
    "WK999907": "Vogelwijk",
    "WK999908": "Buitengebied",
}

#: Buurt code → name (all years; see :func:`buurten_in`).
BUURTEN: dict[str, str] = {
    "BU99990101": "Binnenstad",
    "BU99990102": "Stationskwartier",
    "BU99990103": "Havenfront",
    "BU99990104": "Oude Markt",
    "BU99990201": "Molenhoek",
    "BU99990202": "Graanbuurt",
    "BU99990203": "Zeilmakerij",
    "BU99990204": "Windkamp",
    "BU99990205": "Molenpark",
    "BU99990301": "Kanaaloever",
    "BU99990302": "Sluiskwartier",
    "BU99990303": "Werfterrein",
    "BU99990304": "Dokbuurt",
    "BU99990305": "Industrieweg",
    "BU99990306": "Werf-Noord",
    "BU99990307": "Werf-Zuid",
    "BU99990401": "Beekhoven",
    "BU99990402": "Wilgenlaan",
    "BU99990403": "Populierenbuurt",
    "BU99990404": "Beekweide",
    "BU99990405": "Elzenhof",
    "BU99990501": "Hoge Horst",
    "BU99990502": "Lage Horst",
    "BU99990503": "Heideveld",
    "BU99990504": "Dennenrode",
    "BU99990505": "Bosrand",
    "BU99990601": "Parkzicht",
    "BU99990602": "Vijverbuurt",
    "BU99990603": "Noorderhof",
    "BU99990604": "Speelweide",
    "BU99990605": "Sportlaan",
    "BU99990701": "Merelbuurt",
    "BU99990702": "Lijsterbuurt",
    "BU99990703": "Spreeuwenhof",
    "BU99990704": "Zwaluwstraat",
    "BU99990705": "Reigerplas",
    "BU99990801": "Polder Oost",
    "BU99990802": "Polder West",
    "BU99990803": "Dijkhuizen",
    "BU99990804": "Veenhoek",
    "BU99990805": "Bedrijventerrein De Brug",
}


def buurten_in(year: int) -> list[str]:
    """The buurt codes that exist in ``year`` (the Werfterrein split happens in 2022)."""
    gone = {SPLIT_OLD} if year >= SPLIT_YEAR else set(SPLIT_NEW)
    return [c for c in BUURTEN if c not in gone]


def wijk_of(buurt: str) -> str:
    """The wijk code of a demo buurt code (``BU99990301`` → ``WK999903``)."""
    return "WK" + buurt[2:8]
