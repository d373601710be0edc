"""The structure of Voorbeeldstad's tables: which CBS topics (columns) exist in which year.

:data:`TOPICS` lists every column with its topic group path, key stem, title, datatype, unit,
decimals and the years it is published. :func:`properties` turns it into a year's CBS
``DataProperties``, with the position suffixes that make column keys move between years.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["TOPICS", "UNPUBLISHED_NEWEST", "Topic", "properties", "value_id"]


@dataclass(frozen=True)
class Topic:
    """One CBS topic (a column) of the demo tables: where it sits, its key stem, how it is published."""

    path: tuple[str, ...]
    stem: str
    title: str
    datatype: str = "Long"
    unit: str = "aantal"
    decimals: int = 0
    relative: bool = False
    years: tuple[int, int] = (2019, 2024)
    description: str = ""


_T = Topic


def value_id(topic: Topic) -> str:
    """How the generator names a topic's value: the stem, qualified where CBS repeats a stem."""
    return f"{topic.stem}|{topic.path[-2]}" if topic.stem == "Appartement" else topic.stem


_REGIO = ("Regioaanduiding",)
_BEV = ("Bevolking",)
_WON = ("Wonen en vastgoed",)
_ELEK = ("Energie", "Gemiddelde elektriciteitslevering")
_GAS = ("Energie", "Gemiddeld aardgasverbruik")
TOPICS: tuple[Topic, ...] = (
    _T(_REGIO, "Gemeentenaam", "Gemeentenaam", "String", "naam"),
    _T(_REGIO, "SoortRegio", "Soort regio", "String", "omschrijving"),
    _T(_REGIO, "Codering", "Codering", "String", "code"),
    _T(_REGIO, "IndelingswijzigingGemeenteWijkBuurt", "Indelingswijziging gemeente, wijk, buurt", "String", "code"),
    _T(_BEV, "AantalInwoners", "Aantal inwoners", description="Het aantal inwoners op 1 januari (fictief)."),
    _T((*_BEV, "Geslacht"), "Mannen", "Mannen"),
    _T((*_BEV, "Geslacht"), "Vrouwen", "Vrouwen"),
    _T((*_BEV, "Leeftijdsgroepen"), "k_0Tot15Jaar", "0 tot 15 jaar"),
    _T((*_BEV, "Leeftijdsgroepen"), "k_15Tot25Jaar", "15 tot 25 jaar"),
    _T((*_BEV, "Leeftijdsgroepen"), "k_25Tot45Jaar", "25 tot 45 jaar"),
    _T((*_BEV, "Leeftijdsgroepen"), "k_45Tot65Jaar", "45 tot 65 jaar"),
    _T((*_BEV, "Leeftijdsgroepen"), "k_65JaarOfOuder", "65 jaar of ouder"),
    _T((*_BEV, "Particuliere huishoudens"), "HuishoudensTotaal", "Huishoudens totaal"),
    _T((*_BEV, "Particuliere huishoudens"), "Eenpersoonshuishoudens", "Eenpersoonshuishoudens"),
    _T((*_BEV, "Particuliere huishoudens"), "HuishoudensMetKinderen", "Huishoudens met kinderen"),
    _T(
        (*_BEV, "Particuliere huishoudens"),
        "GemiddeldeHuishoudensgrootte",
        "Gemiddelde huishoudensgrootte",
        "Double",
        "aantal",
        1,
        True,
    ),
    _T(_BEV, "Bevolkingsdichtheid", "Bevolkingsdichtheid", unit="aantal inwoners per km²", relative=True),
    _T(_WON, "Woningvoorraad", "Woningvoorraad"),
    _T(_WON, "PercentageBewoond", "Percentage bewoond", unit="%", relative=True, years=(2019, 2021)),
    _T(_WON, "GemiddeldeWoningwaarde", "Gemiddelde woningwaarde", unit="x 1 000 euro", relative=True, years=(2019, 2021)),
    _T(
        _WON,
        "GemiddeldeWOZWaardeVanWoningen",
        "Gemiddelde WOZ-waarde van woningen",
        unit="x 1 000 euro",
        relative=True,
        years=(2022, 2024),
    ),
    _T((*_WON, "Woningen naar type"), "PercentageEengezinswoning", "Percentage eengezinswoning", unit="%", relative=True),
    _T((*_WON, "Woningen naar type"), "PercentageMeergezinswoning", "Percentage meergezinswoning", unit="%", relative=True),
    _T(_WON, "OnbewoondeWoningen", "Onbewoonde woningen", unit="%", relative=True),
    _T((*_WON, "Woningen naar eigendom"), "Koopwoningen", "Koopwoningen", unit="%", relative=True),
    _T((*_WON, "Woningen naar eigendom", "Huurwoningen"), "HuurwoningenTotaal", "Huurwoningen totaal", unit="%", relative=True),
    _T(
        (*_WON, "Woningen naar eigendom", "Huurwoningen"),
        "InBezitWoningcorporatie",
        "In bezit woningcorporatie",
        unit="%",
        relative=True,
    ),
    _T((*_WON,), "NieuwbouwWoningen", "Nieuwbouw woningen", years=(2023, 2024)),
    _T(_ELEK, "GemiddeldeElektriciteitsleveringTotaal", "Gemiddelde elektriciteitslevering totaal", unit="kWh"),
    _T((*_ELEK, "Naar woningtype"), "Appartement", "Appartement", unit="kWh"),
    _T(_GAS, "GemiddeldAardgasverbruikTotaal", "Gemiddeld aardgasverbruik totaal", unit="m³"),
    _T((*_GAS, "Naar woningtype"), "Appartement", "Appartement", unit="m³"),
    _T(
        ("Energie", "Gemiddeld aardgasverbruik"),
        "PercentageWoningenMetStadsverwarming",
        "Percentage woningen met stadsverwarming",
        "Double",
        "%",
        1,
        True,
    ),
    _T(("Arbeid",), "Nettoarbeidsparticipatie", "Nettoarbeidsparticipatie", unit="%", relative=True),
    _T(
        ("Inkomen", "Inkomen van personen"),
        "GemiddeldInkomenPerInwoner",
        "Gemiddeld inkomen per inwoner",
        "Double",
        "x 1 000 euro",
        1,
        True,
    ),
    _T(
        ("Inkomen", "Inkomen van huishoudens"),
        "HuishoudensMetEenLaagInkomen",
        "Huishoudens met een laag inkomen",
        "Double",
        "%",
        1,
        True,
    ),
    _T(
        ("Inkomen", "Inkomen van huishoudens"),
        "HuishOnderOfRondSociaalMinimum",
        "Huish. onder of rond sociaal minimum",
        "Double",
        "%",
        1,
        True,
    ),
    _T(("Sociale zekerheid",), "PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand"),
    _T(("Zorg",), "PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg", "Double", "%", 1, True),
    _T(("Zorg",), "WmoClientenRelatief", "Wmo-cliënten relatief", unit="per 1 000 inwoners", relative=True),
    _T(
        ("Motorvoertuigen", "Personenauto's"),
        "PersonenautoSPerHuishouden",
        "Personenauto's per huishouden",
        "Double",
        "per huishouden",
        1,
    ),
    _T(("Nabijheid voorzieningen",), "AfstandTotHuisartsenpraktijk", "Afstand tot huisartsenpraktijk", "Double", "km", 1),
    _T(("Nabijheid voorzieningen",), "AfstandTotGroteSupermarkt", "Afstand tot grote supermarkt", "Double", "km", 1),
    _T(("Nabijheid voorzieningen", "Basisonderwijs"), "AfstandTotSchool", "Afstand tot school", "Double", "km", 1),
    _T(("Oppervlakte",), "OppervlakteTotaal", "Oppervlakte totaal", unit="ha"),
    _T(("Oppervlakte",), "OppervlakteLand", "Oppervlakte land", unit="ha"),
    _T(("Oppervlakte",), "OppervlakteWater", "Oppervlakte water", unit="ha"),
    _T(("Stedelijkheid",), "MateVanStedelijkheid", "Mate van stedelijkheid", unit="code"),
)
#: Themes CBS had not yet published for the newest demo year (as in real partial tables).
UNPUBLISHED_NEWEST = ("Inkomen", "Energie")


def properties(year: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """DataProperties for one year, and value id → CBS key (with this year's position suffix)."""
    props: list[dict[str, Any]] = [
        {
            "odata.type": "Cbs.OData.GeoDetail",
            "ID": 0,
            "Position": 0,
            "ParentID": None,
            "Type": "GeoDetail",
            "Key": "WijkenEnBuurten",
            "Title": "Wijken en buurten",
            "Description": "",
            "MapYear": year,
        }
    ]
    groups: dict[tuple[str, ...], int] = {}
    keys: dict[str, str] = {}
    position = 0
    for topic in TOPICS:
        if not topic.years[0] <= year <= topic.years[1]:
            continue
        for depth in range(1, len(topic.path) + 1):
            path = topic.path[:depth]
            if path not in groups:
                groups[path] = len(props)
                props.append(
                    {
                        "odata.type": "Cbs.OData.TopicGroup",
                        "ID": len(props),
                        "Position": None,
                        "ParentID": groups.get(path[:-1]),
                        "Type": "TopicGroup",
                        "Key": "",
                        "Title": path[-1],
                        "Description": None,
                    }
                )
        position += 1
        key = f"{topic.stem}_{position}"
        keys[value_id(topic)] = key
        props.append(
            {
                "odata.type": "Cbs.OData.Topic",
                "ID": len(props),
                "Position": position,
                "ParentID": groups[topic.path],
                "Type": "Topic",
                "Key": key,
                "Title": topic.title,
                "Description": topic.description or None,
                "Datatype": topic.datatype,
                "Unit": topic.unit,
                "Decimals": topic.decimals,
                "Default": "Impossible",
                "PresentationType": "Relative" if topic.relative else ("Absolute" if topic.datatype != "String" else ""),
            }
        )
    return props, keys
