"""Nothing a bad file can do: every field checked against the contract, all problems in one report,
the register unchanged; on SQLite and PostgreSQL (``database_url`` runs each test on both)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import Workbook

from tests.registers.test_transfer import snapshot
from tests.support.records_fixtures import AREAS, TODAY, Clock, initiatief, signaal
from wijkdata.errors import InputFileError, ValidationError
from wijkdata.registers.store import Store
from wijkdata.registers.transfer import export_frame, import_file, preview_import
from wijkdata.tabular import table_bytes

HEADER = "titel;gebieden;status;initiatiefnemer;budget;startdatum;indicatoren;omschrijving"


def csv_file(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def refused(store: Store, data: bytes, name: str = "bestand.csv") -> InputFileError:
    """The error of importing ``data``, after checking that nothing changed."""
    before = snapshot(store)
    with pytest.raises(InputFileError) as info:
        import_file(store, "initiatieven", data, "Ans", name=name)
    assert snapshot(store) == before
    return info.value


TOO_BIG = "'1e26' is onwaarschijnlijk groot voor een bedrag (hoogstens 999.999.999.999,99)"
GOOD = "Moestuin;BU99990301;lopend;Bewoners;4500;2025-04-01;HuishoudensMetEenLaagInkomen;Samen tuinieren"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (GOOD.replace(";4500;", ";1e26;"), "budget", TOO_BIG),
        (GOOD.replace(";4500;", ";NaN;"), "budget", "'NaN' is geen bedrag"),
        (GOOD.replace(";4500;", ";inf;"), "budget", "'inf' is geen bedrag"),
        (GOOD.replace("2025-04-01", "0001-01-01"), "startdatum", "'Startdatum' 01-01-0001 ligt niet tussen 1900 en 2100"),
        (GOOD.replace("2025-04-01", "2101-01-01"), "startdatum", "ligt niet tussen 1900 en 2100"),
        (GOOD.replace("Moestuin", "Moes\x00tuin"), "titel", "'Titel' bevat een onzichtbaar stuurteken (U+0000) op positie 5"),
        (GOOD.replace("Moestuin", "Moes\ttuin"), "titel", "stuurteken (U+0009)"),
        (GOOD.replace("Samen tuinieren", "Samen\x07tuinieren"), "omschrijving", "stuurteken (U+0007)"),
        (GOOD.replace("HuishoudensMetEenLaagInkomen", "Geluksindex"), "indicatoren", "onbekende indicator 'Geluksindex'"),
    ],
    ids=["1e26", "nan", "inf", "year 1", "year 2101", "nul", "tab in a title", "bell in a text", "unknown indicator"],
)
def test_a_bad_field_is_refused_naming_row_and_column(engine, row: str, column: str, reason: str) -> None:
    store = Store(engine, AREAS, now=Clock(), today=lambda: TODAY, indicators={"HuishoudensMetEenLaagInkomen"})
    error = refused(store, csv_file(GOOD, row))
    assert [(e.row, e.column) for e in error.errors] == [(3, column)]
    assert reason in error.errors[0].reason
    assert "\x00" not in str(error) and "\x07" not in str(error)


def test_newlines_and_tabs_in_a_long_text_are_kept(store: Store) -> None:
    record = store.create("initiatieven", initiatief(omschrijving="Eerste regel\n\tingesprongen"), "Ans")
    assert store.get("initiatieven", record["id"])["omschrijving"] == "Eerste regel\n\tingesprongen"


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(store: Store) -> None:
    error = refused(
        store,
        csv_file(GOOD, GOOD.replace(";4500;", ";1e26;"), GOOD, GOOD.replace("Moestuin", "A\x00").replace("2025", "0001")),
    )
    assert sorted({(e.row, e.column) for e in error.errors}) == [(3, "budget"), (5, "startdatum"), (5, "titel")]
    assert str(error).startswith("Niets ingelezen uit bestand.csv: 2 rijen hebben fouten.")


def test_an_absurd_float_in_excel_is_refused(store: Store) -> None:
    book = Workbook()
    book.active.append(HEADER.split(";"))
    book.active.append([*GOOD.split(";")[:4], 1e300, *GOOD.split(";")[5:]])
    data = io.BytesIO()
    book.save(data)
    error = refused(store, data.getvalue(), "groot.xlsx")
    assert [(e.row, e.column) for e in error.errors] == [(2, "budget")]
    assert "onwaarschijnlijk groot voor een bedrag" in error.errors[0].reason


@pytest.mark.parametrize("budget", ["1e26", 1e300, Decimal("1E+30"), float("inf"), float("-inf")])
def test_the_edit_form_refuses_absurd_budgets_in_dutch(store: Store, budget: object) -> None:
    record = store.create("initiatieven", initiatief(), "Ans")
    with pytest.raises(ValidationError) as info:
        store.update("initiatieven", record["id"], {"budget": budget}, 1, "Ans")
    assert set(info.value.problems) == {"budget"}
    assert str(info.value).startswith("Niet opgeslagen: '")
    with pytest.raises(ValidationError):
        store.create("initiatieven", initiatief(budget=budget), "Ans")
    assert store.get("initiatieven", record["id"])["budget"] == Decimal("4500.00")


def test_nan_from_a_form_is_empty_never_stored(store: Store) -> None:
    record = store.create("initiatieven", initiatief(budget=float("nan")), "Ans")
    assert store.get("initiatieven", record["id"])["budget"] is None


def test_a_reference_beyond_integer_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="onwaarschijnlijk groot voor een nummer"):
        store.create("signalen", signaal(initiatief_id="99999999999"), "Ans")


def test_the_same_unknown_id_twice_is_refused(store: Store) -> None:
    data = ("id;" + HEADER + "\r\n" + "\r\n".join(["777;" + GOOD, "777;" + GOOD.replace("Moestuin", "Tweede")]) + "\r\n").encode()
    error = refused(store, data)
    assert [(e.row, e.column, e.reason) for e in error.errors] == [(3, "id", "nr. 777 staat ook al op rij 2")]


def test_a_file_with_only_id_version_and_status_changes_only_the_status(store: Store) -> None:
    first = store.create("initiatieven", initiatief(budget=None, contactpersoon="Jan Jansen"), "Ans")
    second = store.create("initiatieven", initiatief(titel="Tweede", einddatum=date(2026, 1, 1)), "Ans")
    note = store.create("signalen", signaal(), "Ans")  # no initiatief_id: NA in the store's frame
    data = f"id;versie;status\r\n{first['id']};1;afgerond\r\n{second['id']};1;gestopt\r\n".encode()
    preview, result = import_file(store, "initiatieven", data, "Bea", name="status.csv")
    assert sorted(result["updated"]) == sorted([first["id"], second["id"]]) and result["created"] == []
    after = store.get("initiatieven", first["id"])
    kept = (after["status"], after["budget"], after["contactpersoon"], after["titel"])
    assert kept == ("afgerond", None, "Jan Jansen", "Buurtmoestuin")
    assert store.get("initiatieven", second["id"])["einddatum"] == date(2026, 1, 1)
    _, result = import_file(store, "signalen", f"id;versie;status\r\n{note['id']};1;nieuw\r\n".encode(), "Bea", name="s.csv")
    assert result == {"created": [], "updated": []}
    owner = f"id;versie;eigenaar_opvolging;status\r\n{note['id']};1;Vergunningen;in behandeling\r\n".encode()
    preview, _ = import_file(store, "signalen", owner, "Bea", name="s.csv")
    assert store.get("signalen", note["id"])["eigenaar_opvolging"] == "Vergunningen"
    assert preview.rows.iloc[0]["initiatief_id"] is None  # not NaN from the store's frame


def test_a_new_row_in_a_partial_file_names_the_missing_columns(store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "Ans")
    error = refused(store, f"id;versie;status\r\n{record['id']};1;afgerond\r\n;;idee\r\n".encode())
    assert [(e.row, e.column) for e in error.errors] == [(3, "")]
    assert "een nieuw initiatief heeft ook de kolom(men) titel, gebieden, initiatiefnemer nodig" in error.errors[0].reason


def test_an_export_re_imports_unchanged(store: Store) -> None:
    store.create("initiatieven", initiatief(budget=None), "Ans")
    frame = export_frame(store, "initiatieven")
    preview = preview_import(store, "initiatieven", table_bytes(frame, "csv"), name="terug.csv")
    assert preview.ok and len(preview.unchanged) == 1
    assert pd.isna(frame.loc[0, "budget"])
