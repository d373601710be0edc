"""Register records as shown: names instead of codes, signal ageing, history and conflict tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from tests.support.records_fixtures import AREAS, initiatief, signaal
from wijkdata.registers.store import Store
from wijkdata.registers.views import ageing_summary, conflict_frame, display_frame, history_frame, signal_ageing

ROOT = Path(__file__).resolve().parents[2]


def test_display_frame_shows_names_labels_and_no_personal_data(store: Store) -> None:
    parent = store.create("initiatieven", initiatief(gebieden=["BU99990301", "WK999903"], contactpersoon="Jan Jansen"), "ans")
    store.create("signalen", signaal(initiatief_id=parent["id"]), "ans")
    shown = display_frame("initiatieven", store.list("initiatieven"), AREAS.names)
    assert list(shown.columns[:3]) == ["Nr.", "Titel", "Wijken en buurten"]
    assert shown.loc[0, "Wijken en buurten"] == "Kanaaloever, Kanaalzone"
    assert shown.loc[0, "Thema's"] == "groen en openbare ruimte"
    assert shown.loc[0, "Fictief"] == "nee"
    assert "Jan Jansen" not in shown.to_string()
    signals = display_frame("signalen", store.list("signalen"), AREAS.names, {parent["id"]: "nr. 1: Buurtmoestuin"})
    assert signals.loc[0, "Betreft initiatief (nr.)"] == "nr. 1: Buurtmoestuin"


def _signals(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["status", "gemeld_op", "afgehandeld_op"])


def test_signal_ageing_counts_days_open_and_buckets_them() -> None:
    today = date(2026, 6, 1)
    frame = _signals(
        [
            {"status": "nieuw", "gemeld_op": date(2026, 5, 20), "afgehandeld_op": None},
            {"status": "in behandeling", "gemeld_op": date(2026, 3, 1), "afgehandeld_op": None},
            {"status": "nieuw", "gemeld_op": date(2025, 9, 1), "afgehandeld_op": None},
            {"status": "nieuw", "gemeld_op": date(2024, 1, 1), "afgehandeld_op": None},
            {"status": "opgelost", "gemeld_op": date(2025, 1, 1), "afgehandeld_op": date(2025, 1, 31)},
        ]
    )
    aged = signal_ageing(frame, today)
    assert list(aged["dagen open"]) == [12, 92, 273, 882, 30]
    assert list(aged["leeftijd"]) == ["korter dan 1 maand", "3–12 maanden", "3–12 maanden", "langer dan 1 jaar", "afgehandeld"]
    summary = ageing_summary(aged)
    assert summary.to_dict("records") == [
        {"status": "nieuw", "aantal": 3, "gemiddeld dagen open": 389.0, "langst open (dagen)": 882},
        {"status": "in behandeling", "aantal": 1, "gemiddeld dagen open": 92.0, "langst open (dagen)": 92},
        {"status": "opgelost", "aantal": 1, "gemiddeld dagen open": 30.0, "langst open (dagen)": 30},
    ]


def test_history_frame_reads_as_sentences() -> None:
    history = pd.DataFrame(
        [
            {"at": datetime(2026, 6, 1, 9, 0, tzinfo=UTC), "actor": "ans", "action": "create", "changes": {"titel": [None, "A"]}},
            {
                "at": datetime(2026, 6, 2, 10, 30, tzinfo=UTC),
                "actor": "bob",
                "action": "update",
                "changes": {
                    "gebieden": [["WK999903"], ["BU99990301"]],
                    "budget": ["4500.00", "5000.00"],
                    "einddatum": [None, "2026-12-31"],
                },
            },
        ]
    )
    shown = history_frame("initiatieven", history, AREAS.names)
    assert shown.to_dict("records") == [
        {"Tijdstip (UTC)": "01-06-2026 09:00:00", "Wie": "ans", "Actie": "aangemaakt", "Wijzigingen": "Titel: leeg → A"},
        {
            "Tijdstip (UTC)": "02-06-2026 10:30:00",
            "Wie": "bob",
            "Actie": "gewijzigd",
            "Wijzigingen": "Wijken en buurten: Kanaalzone → Kanaaloever; Budget: € 4.500 → € 5.000; "
            "Einddatum: leeg → 31-12-2026",
        },
    ]


def test_conflict_frame_lists_both_versions_of_the_fields_sent() -> None:
    table = conflict_frame("initiatieven", {"status": "afgerond", "titel": "A"}, {"status": "lopend", "titel": "A"}, {})
    assert table.to_dict("records") == [
        {"Veld": "Titel", "Uw versie": "A", "Opgeslagen versie": "A", "Verschilt": ""},
        {"Veld": "Status", "Uw versie": "afgerond", "Opgeslagen versie": "lopend", "Verschilt": "ja"},
    ]
