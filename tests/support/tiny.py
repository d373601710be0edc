"""A tiny hand-made gemeente (GM0888 'Rekendorp') with numbers chosen so results can be computed by hand.

Three wijken A, B, C with low-income shares 10/20/30 % and labour participation 70/60/50 %
in 2023 (mean 20 and 60, population standard deviation sqrt(200/3) = 8.165 for both); the
gemeente's own values are 18.0 % and 61 %. In 2022 wijk B's low-income share is secret (null).
Buurt BU08880102 changes boundary in 2023 (CBS code 3); BU08880103 first appears in 2023.
"""

from __future__ import annotations

from wijkdata.cbs import cache
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.config import Settings

GM = "GM0888"
SD = (200 / 3) ** 0.5


def _props() -> list[dict]:
    return [
        {"ID": 0, "Type": "GeoDetail", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten", "ParentID": None},
        {"ID": 1, "Type": "TopicGroup", "Key": "", "Title": "Regioaanduiding", "ParentID": None},
        {
            "ID": 2,
            "Type": "Topic",
            "Key": "Codering_3",
            "Title": "Codering",
            "Datatype": "String",
            "Unit": "code",
            "Decimals": 0,
            "ParentID": 1,
        },
        {
            "ID": 3,
            "Type": "Topic",
            "Key": "IndelingswijzigingGemeenteWijkBuurt_4",
            "Title": "Indelingswijziging",
            "Datatype": "String",
            "Unit": "code",
            "Decimals": 0,
            "ParentID": 1,
        },
        {"ID": 4, "Type": "TopicGroup", "Key": "", "Title": "Bevolking", "ParentID": None},
        {
            "ID": 5,
            "Type": "Topic",
            "Key": "AantalInwoners_5",
            "Title": "Aantal inwoners",
            "Datatype": "Long",
            "Unit": "aantal",
            "Decimals": 0,
            "ParentID": 4,
            "PresentationType": "Absolute",
            "Description": "Inwoners op 1 januari.",
        },
        {"ID": 6, "Type": "TopicGroup", "Key": "", "Title": "Inkomen", "ParentID": None},
        {
            "ID": 7,
            "Type": "Topic",
            "Key": "HuishoudensMetEenLaagInkomen_6",
            "Title": "Huishoudens met een laag inkomen",
            "Datatype": "Double",
            "Unit": "%",
            "Decimals": 1,
            "ParentID": 6,
            "PresentationType": "Relative",
        },
        {"ID": 8, "Type": "TopicGroup", "Key": "", "Title": "Arbeid", "ParentID": None},
        {
            "ID": 9,
            "Type": "Topic",
            "Key": "Nettoarbeidsparticipatie_7",
            "Title": "Nettoarbeidsparticipatie",
            "Datatype": "Long",
            "Unit": "%",
            "Decimals": 0,
            "ParentID": 8,
            "PresentationType": "Relative",
        },
    ]


# code: (name, {year: (inhabitants, low income %, participation %, change code)})
_AREAS = {
    "NL00": ("Nederland", {2022: (17_000_000, 8.0, 66, "."), 2023: (17_100_000, 8.0, 67, ".")}),
    GM: ("Rekendorp", {2022: (3100, 17.0, 60, "1"), 2023: (3300, 18.0, 61, "1")}),
    "WK088801": ("Wijk A", {2022: (1000, 11.0, 69, "1"), 2023: (1100, 10.0, 70, "1")}),
    "BU08880101": ("Buurt A1", {2022: (600, 10.5, 70, "1"), 2023: (650, 9.5, 71, "1")}),
    "BU08880102": ("Buurt A2", {2022: (400, 11.8, 68, "1"), 2023: (330, 10.6, 69, "3")}),
    "BU08880103": ("Buurt A3", {2023: (120, None, None, "1")}),
    "WK088802": ("Wijk B", {2022: (1000, None, 61, "1"), 2023: (1000, 20.0, 60, "1")}),
    "BU08880201": ("Buurt B1", {2022: (1000, None, 61, "1"), 2023: (1000, 20.0, 60, "1")}),
    "WK088803": ("Wijk C", {2022: (1100, 27.0, 52, "1"), 2023: (1200, 30.0, 50, "1")}),
    "BU08880301": ("Buurt C1", {2022: (1100, 27.0, 52, "1"), 2023: (1200, 30.0, 50, "1")}),
}


def tables(only: set[str] | None = None) -> dict[int, tuple[dict, list[dict], list[dict], list[dict]]]:
    """``{year: (info, properties, rows, regions)}`` in CBS's wire shape (padded keys, null for missing).

    ``only``: keep just these area codes (e.g. a gemeente with one wijk).
    """
    out = {}
    for year in (2022, 2023):
        rows, regions = [], []
        for i, (code, (name, by_year)) in enumerate(_AREAS.items()):
            if year not in by_year or (only is not None and code not in only):
                continue
            inw, low, part, change = by_year[year]
            rows.append(
                {
                    "ID": i,
                    "WijkenEnBuurten": code.ljust(10),
                    "Codering_3": code.ljust(10),
                    "IndelingswijzigingGemeenteWijkBuurt_4": change,
                    "AantalInwoners_5": inw,
                    "HuishoudensMetEenLaagInkomen_6": low,
                    "Nettoarbeidsparticipatie_7": part,
                }
            )
            regions.append({"Key": code.ljust(10), "Title": name})
        info = {
            "Identifier": f"T{year}NED",
            "Title": f"Kerncijfers wijken en buurten {year}",
            "Period": str(year),
            "Modified": f"{year + 1}-01-01T00:00:00",
        }
        out[year] = (info, _props(), rows, regions)
    return out


def build(settings: Settings, only: set[str] | None = None) -> None:
    """Write Rekendorp's two years into the cache of ``settings`` as sync would (``only``: these areas)."""
    for year, (info, props, rows, regions) in tables(only).items():
        frame = normalise_table(rows, props, regions, GM)
        cache.store_table(settings, info, properties_frame(props), frame, GM, year)


#: Rekendorp with one wijk (A and its buurten): nothing to compare wijken with.
ONE_WIJK = {"NL00", GM, "WK088801", "BU08880101", "BU08880102", "BU08880103"}


def blanked(k, year: int, codes: set[str], keys: list[str]):
    """A copy of Kerncijfers ``k`` with ``keys`` missing for ``codes`` in ``year`` (a gap CBS could leave)."""
    from dataclasses import replace

    data = k.data.copy()
    hit = (data["jaar"] == year) & data["code"].isin(codes)
    for key in keys:
        data.loc[hit, key] = None
    return replace(k, data=data)
