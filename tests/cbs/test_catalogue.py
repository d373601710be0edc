"""wijkdata.cbs.catalogue: stable keys across yearly tables whose column suffixes differ."""

from __future__ import annotations

import random

import pytest

from tests.support.cbs_server import fixture_set
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, build_catalogue, resolve_properties, stem_of

PROPS = {2023: fixture_set("85618NED", "DataProperties"), 2024: fixture_set("85984NED", "DataProperties")}
TABLES = {2023: "85618NED", 2024: "85984NED"}
KEYS = [
    "AantalInwoners",
    "Nederland.Herkomstland",
    "BuitenEuropa.Herkomstland",
    "Nederland.GeborenInNederland",
    "BuitenEuropa.GeborenInNederland",
    "HuishoudensTotaal",
    "GemiddeldeHuishoudensgrootte",
    "Bevolkingsdichtheid",
    "Woningvoorraad",
    "GemiddeldeWOZWaardeVanWoningen",
    "Koopwoningen",
    "GemiddeldeElektriciteitsleveringTotaal",
    "Appartement.GemiddeldeElektriciteitslevering",
    "GemiddeldAardgasverbruikTotaal",
    "Appartement.GemiddeldAardgasverbruik",
    "PercentageWoningenMetStadsverwarming",
    "GemiddeldInkomenPerInwoner",
    "HuishoudensMetEenLaagInkomen",
    "Dekkingspercentage",
]


@pytest.fixture(scope="module")
def resolved():
    return {year: resolve_properties(props) for year, props in PROPS.items()}


@pytest.fixture(scope="module")
def catalogue(resolved):
    return build_catalogue({year: (TABLES[year], frame) for year, frame in resolved.items()})


def test_both_years_give_the_same_stable_keys(resolved):
    assert resolved[2023]["key"].tolist() == KEYS
    assert resolved[2024]["key"].tolist() == KEYS


def test_same_key_points_to_each_years_own_column(catalogue):
    assert catalogue["GemiddeldeWOZWaardeVanWoningen"].kolommen == {
        2023: "GemiddeldeWOZWaardeVanWoningen_35",
        2024: "GemiddeldeWOZWaardeVanWoningen_39",
    }
    assert catalogue["GemiddeldeWOZWaardeVanWoningen"].source(2024) == (
        "CBS 85984NED (2024), kolom GemiddeldeWOZWaardeVanWoningen_39"
    )
    assert catalogue["GemiddeldeWOZWaardeVanWoningen"].source(2019) == ""
    assert catalogue["AantalInwoners"].years == [2023, 2024]


def test_renamed_stems_and_groups_map_to_one_key(catalogue):
    """2023 says "elektriciteitsverbruik", 2024 "elektriciteitslevering": one indicator."""
    assert catalogue["GemiddeldeElektriciteitsleveringTotaal"].kolommen == {
        2023: "GemiddeldElektriciteitsverbruikTotaal_47",
        2024: "GemiddeldeElektriciteitsleveringTotaal_53",
    }
    assert catalogue["Appartement.GemiddeldeElektriciteitslevering"].kolommen == {2023: "Appartement_48", 2024: "Appartement_54"}
    assert stem_of("GemiddeldeWoningwaarde_35") == "GemiddeldeWOZWaardeVanWoningen"


def test_duplicate_stems_are_told_apart_by_their_topic_group(catalogue):
    assert catalogue["Appartement.GemiddeldAardgasverbruik"].kolommen == {2023: "Appartement_56", 2024: "Appartement_62"}
    assert catalogue["Appartement.GemiddeldAardgasverbruik"].eenheid == "m³"
    assert catalogue["Appartement.GemiddeldeElektriciteitslevering"].eenheid == "kWh"
    assert catalogue["Nederland.Herkomstland"].kolommen == {2023: "Nederland_16", 2024: "Nederland_17"}
    assert catalogue["Nederland.GeborenInNederland"].kolommen == {2023: "Nederland_19", 2024: "Nederland_20"}
    assert "Appartement" not in catalogue
    assert "Nederland" not in catalogue


def test_labels_are_unique_and_readable(catalogue):
    labels = [catalogue.label(k) for k in catalogue.keys]
    assert len(set(labels)) == len(labels)
    assert catalogue.label("Appartement.GemiddeldAardgasverbruik") == "Appartement (Gemiddeld aardgasverbruik › Naar woningtype)"
    assert catalogue.label("Nederland.GeborenInNederland") == "Nederland (Bevolking naar herkomst › Geboren in Nederland)"
    assert catalogue.label("AantalInwoners") == "Aantal inwoners"
    assert catalogue.label("GemiddeldInkomenPerInwoner") == "Gemiddeld inkomen per inwoner"  # CBS's trailing nbsp gone


def test_units_decimals_and_relative_figures(catalogue):
    woz = catalogue["GemiddeldeWOZWaardeVanWoningen"]
    assert (woz.eenheid, woz.decimalen, woz.relatief) == ("x 1 000 euro", 0, True)
    grootte = catalogue["GemiddeldeHuishoudensgrootte"]
    assert (grootte.eenheid, grootte.decimalen, grootte.relatief) == ("aantal", 1, False)
    assert (catalogue["Koopwoningen"].eenheid, catalogue["Koopwoningen"].relatief) == ("%", True)
    assert catalogue["PercentageWoningenMetStadsverwarming"].decimalen == 1
    assert catalogue["AantalInwoners"].relatief is False


def test_themes_groups_and_directions(catalogue):
    assert catalogue.themes() == ["Bevolking", "Wonen en vastgoed", "Energie", "Inkomen", "Postcode"]
    wonen = [i.key for i in catalogue.in_theme("Wonen en vastgoed")]
    assert wonen == ["Woningvoorraad", "GemiddeldeWOZWaardeVanWoningen", "Koopwoningen"]
    assert catalogue["Koopwoningen"].groep == "Woningen naar eigendom"
    appartement = catalogue["Appartement.GemiddeldeElektriciteitslevering"]
    assert appartement.groep == "Gemiddelde elektriciteitslevering › Naar woningtype"
    assert catalogue["GemiddeldInkomenPerInwoner"].richting == HIGHER_IS_BETTER
    assert catalogue["HuishoudensMetEenLaagInkomen"].richting == HIGHER_IS_WORSE
    assert catalogue["Woningvoorraad"].richting is None


def test_2023_theme_wonen_is_named_as_in_2024(resolved):
    assert "Wonen" in {p["Title"] for p in PROPS[2023]}
    assert resolved[2023].set_index("key").loc["Koopwoningen", "thema"] == "Wonen en vastgoed"


def test_newest_year_gives_the_title(catalogue):
    assert catalogue["GemiddeldeElektriciteitsleveringTotaal"].titel == "Gemiddelde elektriciteitslevering totaal"


def test_text_topics_are_not_indicators(resolved):
    columns = set(resolved[2024]["cbs_kolom"])
    assert not columns & {"Gemeentenaam_1", "SoortRegio_2", "Codering_3", "MeestVoorkomendePostcode_125"}


def test_catalogue_frame_lists_years_and_columns(catalogue):
    row = catalogue.frame().set_index("key").loc["GemiddeldeWOZWaardeVanWoningen"]
    assert (row["eerste_jaar"], row["laatste_jaar"]) == (2023, 2024)
    assert row["kolommen"] == "2023: 85618NED/GemiddeldeWOZWaardeVanWoningen_35; 2024: 85984NED/GemiddeldeWOZWaardeVanWoningen_39"


def shuffled(properties: list[dict], seed: int) -> list[dict]:
    """The same table with other position suffixes and its groups in another order (IDs renumbered)."""
    rng = random.Random(seed)
    children: dict[int | None, list[dict]] = {}
    for p in properties:
        children.setdefault(p["ParentID"], []).append(p)
    suffixes = iter(rng.sample(range(200, 999), len(properties)))
    out: list[dict] = []

    def walk(parent_old: int | None, parent_new: int | None) -> None:
        nodes = list(children.get(parent_old, []))
        rng.shuffle(nodes)
        for node in nodes:
            new = dict(node, ID=len(out), ParentID=parent_new)
            if node["Type"] == "Topic":
                new["Key"] = f"{node['Key'].rsplit('_', 1)[0]}_{next(suffixes)}"
                new["Position"] = int(new["Key"].rsplit("_", 1)[1])
            out.append(new)
            walk(node["ID"], new["ID"])

    walk(None, None)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_suffix_is_hard_coded(resolved, seed):
    props = shuffled(PROPS[2024], seed)
    woz = next(p["Key"] for p in props if p["Key"].startswith("GemiddeldeWOZWaardeVanWoningen_"))
    assert woz != "GemiddeldeWOZWaardeVanWoningen_39"

    again = resolve_properties(props)

    columns = ["key", "titel", "eenheid", "decimalen", "thema", "groep", "relatief"]
    expected = resolved[2024][columns].sort_values("key").reset_index(drop=True)
    assert again[columns].sort_values("key").reset_index(drop=True).equals(expected)
    assert again.set_index("key").loc["GemiddeldeWOZWaardeVanWoningen", "cbs_kolom"] == woz
