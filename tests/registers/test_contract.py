"""Every validation rule of the registers, with the Dutch message it gives (no database needed)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.support.records_fixtures import AREAS, FACTORIES, TODAY
from wijkdata.registers.contract import REGISTERS, get_spec, parse_cell, validate


def problems(kind: str, **overrides: Any) -> dict[str, str]:
    """The problems of a factory record of ``kind`` with ``overrides``, parsed as the store does."""
    spec = get_spec(kind)
    raw = FACTORIES[kind](**overrides)
    values, unreadable = {}, {}
    for f in spec.fields:
        try:
            values[f.name] = parse_cell(f, raw.get(f.name))
        except ValueError as exc:  # the store reports what it cannot read as the field's problem
            unreadable[f.name] = str(exc)
    return {**validate(spec, values, AREAS, TODAY), **unreadable}


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_factory_records_are_valid(kind: str) -> None:
    assert problems(kind) == {}


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "message"),
    [
        # required fields
        ("initiatieven", {"titel": "  "}, "titel", "'Titel' is verplicht"),
        ("initiatieven", {"gebieden": []}, "gebieden", "kies minstens één wijk of buurt"),
        ("initiatieven", {"initiatiefnemer": None}, "initiatiefnemer", "'Initiatiefnemer (organisatie)' is verplicht"),
        ("initiatieven", {"status": ""}, "status", "'Status' is verplicht"),
        ("interventies", {"eigenaar": ""}, "eigenaar", "'Eigenaar (afdeling of organisatie)' is verplicht"),
        ("interventies", {"beleidsdomein": None}, "beleidsdomein", "'Beleidsdomein' is verplicht"),
        ("signalen", {"betrokken": ""}, "betrokken", "'Welke regel, afdeling of organisatie' is verplicht"),
        ("signalen", {"gemeld_op": None}, "gemeld_op", "'Gemeld op' is verplicht"),
        ("signalen", {"gebieden": []}, "gebieden", "kies een wijk of buurt, of een initiatief"),
        ("veldnotities", {"tekst": ""}, "tekst", "'Notitie' is verplicht"),
        ("veldnotities", {"rol_auteur": ""}, "rol_auteur", "'Rol van de auteur' is verplicht"),
        # unknown area codes, named by level
        ("initiatieven", {"gebieden": ["BU99999999"]}, "gebieden", "onbekende buurtcode BU99999999"),
        ("interventies", {"gebieden": ["WK999903", "WK999999"]}, "gebieden", "onbekende wijkcode WK999999"),
        ("veldnotities", {"gebieden": ["GM0001"]}, "gebieden", "onbekende gemeentecode GM0001"),
        ("signalen", {"gebieden": ["Kanaalzone"]}, "gebieden", "'KANAALZONE' is geen gebiedscode"),
        # end before start
        ("initiatieven", {"einddatum": date(2025, 3, 31)}, "einddatum", "einddatum 31-03-2025 ligt vóór startdatum 01-04-2025"),
        ("interventies", {"einddatum": date(2023, 12, 31)}, "einddatum", "einddatum 31-12-2023 ligt vóór startdatum 01-01-2024"),
        # negative and absurd budgets
        ("initiatieven", {"budget": "-500"}, "budget", "'Budget' mag niet negatief zijn (€ -500)"),
        ("interventies", {"budget": Decimal("-0.01")}, "budget", "'Budget' mag niet negatief zijn"),
        ("initiatieven", {"budget": "1000000000000000"}, "budget", "onwaarschijnlijk groot"),
        # allowed values
        ("initiatieven", {"status": "klaar"}, "status", "status 'klaar' bestaat niet; kies uit: idee, lopend, afgerond, gestopt"),
        ("interventies", {"status": "idee"}, "status", "kies uit: gepland, lopend, afgerond, gestopt"),
        ("interventies", {"beleidsdomein": "sport"}, "beleidsdomein", "beleidsdomein 'sport' bestaat niet"),
        ("signalen", {"status": "open"}, "status", "kies uit: nieuw, in behandeling, opgelost, niet oplosbaar"),
        ("signalen", {"soort": "wet"}, "soort", "soort knelpunt 'wet' bestaat niet"),
        # text length, indicator keys, themes
        ("initiatieven", {"titel": "x" * 201}, "titel", "'Titel' is te lang (201 tekens, hoogstens 200)"),
        ("initiatieven", {"indicatoren": ["Gemiddeld inkomen"]}, "indicatoren", "'Gemiddeld inkomen' is geen indicatorsleutel"),
        ("interventies", {"indicatoren": ["%Laag"]}, "indicatoren", "'%Laag' is geen indicatorsleutel"),
        ("initiatieven", {"themas": ["t" * 61]}, "themas", "is te lang (hoogstens 60 tekens)"),
        # location: both coordinates, inside the Netherlands
        ("initiatieven", {"locatie_x": 155000.0}, "locatie_y", "zowel x als y"),
        ("initiatieven", {"locatie_x": 155000.0, "locatie_y": 100.0}, "locatie_x", "ligt niet in Nederland"),
        # signals: follow-up owner, closing date and resolution
        ("signalen", {"status": "in behandeling"}, "eigenaar_opvolging", "verplicht zodra een signaal in behandeling is"),
        ("signalen", {"status": "opgelost", "oplossing": "Geregeld"}, "afgehandeld_op", "datum van afhandeling is verplicht"),
        (
            "signalen",
            {"status": "niet oplosbaar", "afgehandeld_op": date(2026, 4, 1)},
            "oplossing",
            "waarom het niet oplosbaar is",
        ),
        ("signalen", {"afgehandeld_op": date(2026, 4, 1)}, "afgehandeld_op", "heeft nog geen datum van afhandeling"),
        (
            "signalen",
            {"status": "opgelost", "oplossing": "x", "afgehandeld_op": date(2026, 2, 1)},
            "afgehandeld_op",
            "afhandeldatum 01-02-2026 ligt vóór de meldingsdatum 01-03-2026",
        ),
        ("signalen", {"gemeld_op": date(2026, 6, 2)}, "gemeld_op", "meldingsdatum 02-06-2026 ligt in de toekomst"),
        # field notes: not in the future, no personal data
        ("veldnotities", {"datum": date(2026, 7, 1)}, "datum", "datum 01-07-2026 ligt in de toekomst"),
        ("veldnotities", {"tekst": "Mail piet@example.nl even"}, "tekst", "bevat een e-mailadres"),
        ("veldnotities", {"tekst": "Bel 06-12345678 voor info"}, "tekst", "bevat een telefoonnummer"),
        ("veldnotities", {"rol_auteur": "piet@example.nl"}, "rol_auteur", "geen persoonsgegevens"),
    ],
)
def test_rule(kind: str, overrides: dict[str, Any], field: str, message: str) -> None:
    found = problems(kind, **overrides)
    assert field in found, found
    assert message in found[field]


def test_all_problems_are_collected_at_once() -> None:
    found = problems("initiatieven", titel="", gebieden=["BU99999999"], budget="-1", einddatum=date(2020, 1, 1), status="x")
    assert set(found) == {"titel", "gebieden", "budget", "einddatum", "status"}


def test_closed_signal_with_everything_filled_in_is_valid() -> None:
    assert problems("signalen", status="opgelost", oplossing="Geregeld", afgehandeld_op=date(2026, 4, 1)) == {}
    assert problems("signalen", status="in behandeling", eigenaar_opvolging="Vergunningen") == {}


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("budget", "12.500,50", Decimal("12500.50")),
        ("budget", "€ 1.000", Decimal("1000.00")),
        ("budget", "12500.5", Decimal("12500.50")),
        ("budget", 7.25, Decimal("7.25")),
        ("budget", "", None),
        ("startdatum", "1-3-2025", date(2025, 3, 1)),
        ("startdatum", "01-03-2025", date(2025, 3, 1)),
        ("startdatum", "2025-03-01", date(2025, 3, 1)),
        ("startdatum", "2025-03-01 00:00:00", date(2025, 3, 1)),
        ("gebieden", "bu99990301, WK999903;BU99990301", ["BU99990301", "WK999903"]),
        ("themas", "jeugd, groen en openbare ruimte", ["jeugd", "groen en openbare ruimte"]),
        ("indicatoren", "A, B;C", ["A", "B", "C"]),
        ("status", "Lopend", "lopend"),
        ("titel", "  Moestuin ", "Moestuin"),
        ("locatie_x", "155.210,5", 155210.5),
    ],
)
def test_cells_are_read_the_dutch_way(field: str, raw: Any, expected: Any) -> None:
    assert parse_cell(get_spec("initiatieven").field(field), raw) == expected


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("budget", "twaalf", "'twaalf' is geen bedrag"),
        ("startdatum", "31-02-2025", "'31-02-2025' is geen geldige datum (gebruik dd-mm-jjjj of jjjj-mm-dd)"),
        ("startdatum", "maart", "'maart' is geen geldige datum"),
        ("locatie_x", "noord", "'noord' is geen coördinaat"),
    ],
)
def test_unreadable_cells_say_why(field: str, raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_cell(get_spec("initiatieven").field(field), raw)


def test_reference_must_be_a_number() -> None:
    with pytest.raises(ValueError, match="'drie' is geen nummer"):
        parse_cell(get_spec("signalen").field("initiatief_id"), "drie")
    assert parse_cell(get_spec("signalen").field("initiatief_id"), "3") == 3
