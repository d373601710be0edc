"""Reading Dutch spreadsheets (encodings, separators, decimal comma) and writing them safely."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from wijkdata.errors import InputFileError
from wijkdata.tabular import neutralise, parse_number, read_table, restore, table_bytes, write_table

# --- the formula-injection guard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Café de Zon", "Café de Zon"),
        ("'al gequote", "'al gequote"),
        ("'=A1", "''=A1"),  # looks neutralised already: guarded again, so restore is exact
        ("", ""),
    ],
)
def test_neutralise_and_restore_are_exact_inverses(text: str, guarded: str) -> None:
    assert neutralise(text) == guarded
    assert restore(neutralise(text)) == text


def test_csv_export_neutralises_formulas_in_every_text_cell() -> None:
    frame = pd.DataFrame({"=kop": ["=1+1", "-5 graden", "gewoon"], "getal": [-5, 3, 0]})
    text = table_bytes(frame, "csv").decode("utf-8-sig")
    assert text.splitlines() == ["'=kop;getal", "'=1+1;-5", "'-5 graden;3", "gewoon;0"]


def test_xlsx_export_has_no_formula_cells_and_reads_back_exactly(tmp_path: Path) -> None:
    frame = pd.DataFrame({"titel": ['=HYPERLINK("http://x")', "@cmd", "Café"], "budget": [1.5, None, 3.0]})
    path = write_table(frame, tmp_path / "uit.xlsx")
    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["B2"].value == 1.5 and sheet["B3"].value is None
    back = read_table(path)
    assert list(back["titel"]) == ['=HYPERLINK("http://x")', "@cmd", "Café"]


# --- writing ------------------------------------------------------------------------------------


def test_csv_is_semicolon_utf8_bom_with_decimal_comma() -> None:
    frame = pd.DataFrame(
        {
            "naam": ["Café", None],
            "bedrag": [12500.5, float("nan")],
            "aantal": pd.array([3, None], dtype="Int64"),
            "datum": [date(2025, 3, 1), None],
            "wanneer": [datetime(2026, 6, 1, 9, 30, tzinfo=UTC), None],
            "ok": [True, False],
            "codes": [["BU99990101", "BU99990102"], []],
            "exact": [Decimal("0.10"), Decimal("1E+3")],
        }
    )
    data = table_bytes(frame, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "naam;bedrag;aantal;datum;wanneer;ok;codes;exact"
    assert lines[1] == "Café;12500,5;3;2025-03-01;2026-06-01 09:30:00+00:00;ja;BU99990101,BU99990102;0,1"
    assert lines[2] == ";;;;;nee;;1000"


def test_xlsx_keeps_numbers_and_dates_typed(tmp_path: Path) -> None:
    frame = pd.DataFrame({"datum": [date(2025, 3, 1)], "bedrag": [Decimal("12.50")], "ok": [True]})
    sheet = load_workbook(write_table(frame, tmp_path / "t.xlsx", sheet_name="Initiatieven"))["Initiatieven"]
    assert sheet["A2"].value == datetime(2025, 3, 1)
    assert sheet["A2"].number_format == "dd-mm-yyyy"
    assert sheet["B2"].value == 12.5
    assert sheet["C2"].value == "ja"
    assert sheet.freeze_panes == "A2"


def test_write_table_takes_the_format_from_the_extension_and_refuses_others(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1]})
    assert write_table(frame, tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "x.xlsx").exists() is False
    assert write_table(frame, tmp_path / "x.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(InputFileError, match="Onbekend bestandsformaat 'ods'"):
        write_table(frame, tmp_path / "x.ods")
    assert not (tmp_path / "x.ods").exists()


# --- reading ------------------------------------------------------------------------------------

DUTCH = 'titel;bedrag;plaats\nCafé de Zon;1.234,50;Dokbuurt\n"Moestuin; groot";12,5;"Twee\nregels"\n'


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_encodings_are_detected_and_accents_survive(encoding: str, expected: str) -> None:
    frame = read_table(DUTCH.encode(encoding))
    assert frame.attrs["encoding"] == expected
    assert frame.attrs["delimiter"] == ";"
    assert list(frame.columns) == ["titel", "bedrag", "plaats"]
    assert list(frame["titel"]) == ["Café de Zon", "Moestuin; groot"]
    assert list(frame["bedrag"]) == ["1.234,50", "12,5"]
    assert frame.loc[3, "plaats"] == "Twee\nregels"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_separator_is_sniffed_from_the_header(delimiter: str) -> None:
    text = delimiter.join(["a", "b", '"c,d;e"']) + "\n" + delimiter.join(["1", "2", "3"]) + "\n"
    frame = read_table(text.encode())
    assert frame.attrs["delimiter"] == delimiter
    assert list(frame.columns) == ["a", "b", "c,d;e"]
    assert frame.loc[2].tolist() == ["1", "2", "3"]


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    frame = read_table(b"a;b\n1;2\n\n;\n3;\n")
    assert list(frame.index) == [2, 5]
    assert frame.index.name == "rij"
    assert frame.loc[5].tolist() == ["3", None]


def test_xlsx_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["titel", "budget", "start"])
    book.active.append(["Moestuin", 1.234, datetime(2025, 3, 1)])
    book.active.append([None, None, None])
    book.active.append(["'=1+1", 5, None])
    path = tmp_path / "export.csv"  # wrongly named
    book.save(path)
    frame = read_table(path)
    assert frame.attrs["format"] == "xlsx"
    assert frame.loc[2].tolist() == ["Moestuin", 1.234, datetime(2025, 3, 1)]
    assert list(frame.index) == [2, 4]
    assert frame.loc[4, "titel"] == "=1+1"


def test_formula_guard_is_removed_on_reading_csv() -> None:
    frame = read_table("titel\n'=HYPERLINK(\"x\")\n'gewoon\n".encode("cp1252"))
    assert list(frame["titel"]) == ['=HYPERLINK("x")', "'gewoon"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is leeg of heeft geen kopregel"),
        (b"\n\n", "is leeg of heeft geen kopregel"),
        (b"a;A\n1;2\n", "kolom 'A' staat twee keer in de kopregel"),
        (b"a;b\n1;2;3\n4;5\n6;7;8\n", "rij 2: meer cellen (3) dan kolommen in de kopregel (2); rij 4"),
        (b"a;;c\n1;2;3\n", "rij 2: waarde in kolom 2, die geen naam heeft"),
        (b"\xd0\xcf\x11\xe0rest", "oud Excel-bestand (.xls)"),
        (b"PK\x03\x04kapot", "geen leesbaar Excel-bestand"),
        (b"titel\n\x81\x8d\n", "geen tekst in UTF-8 of Windows-1252"),
    ],
)
def test_unreadable_files_say_why(data: bytes, message: str) -> None:
    with pytest.raises(InputFileError) as info:
        read_table(data, name="bestand.csv")
    assert message in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="Kan .*weg.csv niet lezen"):
        read_table(tmp_path / "weg.csv")


def test_empty_columns_without_header_are_dropped() -> None:
    frame = read_table(b"a;;b\n1;;2\n")
    assert list(frame.columns) == ["a", "b"]


def test_excel_round_trip_of_a_frame(tmp_path: Path) -> None:
    frame = pd.DataFrame({"titel": ["-min", "plain"], "n": [1, 2]})
    back = read_table(io.BytesIO(table_bytes(frame, "xlsx")).getvalue())
    assert list(back["titel"]) == ["-min", "plain"]
    assert list(back["n"]) == [1, 2]


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12.500,50", "12500.50"),
        ("12500,5", "12500.5"),
        ("12500.5", "12500.5"),
        ("12.500", "12500"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234.5", "1234.5"),
        ("€ 1.000", "1000"),
        ("−3", "-3"),
        ("1\u00a0000,25", "1000.25"),
        (42, "42"),
        (0.1, "0.1"),
    ],
)
def test_numbers_are_read_dutch_and_english(raw: object, value: str) -> None:
    assert parse_number(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["abc", "1,2,3,4x", "NaN", True, "", "inf"])
def test_non_numbers_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_number(raw)


# --- files that would be misread ------------------------------------------------------------------


def test_a_utf8_file_with_one_windows_1252_line_is_refused_naming_both_lines() -> None:
    data = "titel;x\r\nCafé één;1\r\nCrème;2\r\n".encode().replace("Crème".encode(), "Crème".encode("cp1252"))
    with pytest.raises(InputFileError) as info:
        read_table(data, name="gemengd.csv")
    assert str(info.value).startswith("gemengd.csv mengt tekensets: regel 2 is UTF-8, maar regel 3 niet")
    bom = b"\xef\xbb\xbf" + "titel;x\r\nCrème;2\r\n".encode("cp1252")
    with pytest.raises(InputFileError, match="regel 2 niet"):
        read_table(bom, name="bom.csv")


def test_a_windows_1252_file_reads_with_its_accents() -> None:
    frame = read_table("titel;x\r\nCafé één;1\r\nCrème;2\r\n".encode("cp1252"), name="ansi.csv")
    assert list(frame["titel"]) == ["Café één", "Crème"] and frame.attrs["encoding"] == "cp1252"


def test_a_field_over_the_csv_limit_is_refused_naming_the_row() -> None:
    data = ("titel;x\r\nkort;1\r\n" + "y" * 200_000 + ";2\r\n").encode()
    with pytest.raises(InputFileError) as info:
        read_table(data, name="lang.csv")
    assert [(e.row, e.column) for e in info.value.errors] == [(3, "")]
    assert "rij 3: een cel is langer dan 131.072 tekens" in str(info.value)


def test_a_cell_over_the_excel_limit_is_refused_naming_row_and_column() -> None:
    with pytest.raises(InputFileError, match=r"rij 2: kolom 'titel' is te lang \(40000 tekens, hoogstens 32767\)"):
        read_table(("titel;x\r\n" + "y" * 40_000 + ";2\r\n").encode(), name="lang.csv")


def test_too_many_rows_or_columns_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkdata import delimited

    monkeypatch.setattr(delimited, "MAX_ROWS", 3)
    with pytest.raises(InputFileError, match="heeft meer dan 3 rijen"):
        read_table(("titel\r\n" + "a\r\n" * 4).encode(), name="veel.csv")
    with pytest.raises(InputFileError, match="heeft 501 kolommen op rij 1; Wijkdata leest er hoogstens 500"):
        read_table((";".join(f"k{i}" for i in range(501)) + "\r\n").encode(), name="breed.csv")


def test_the_personal_data_note_opens_the_file_and_is_skipped_on_reading() -> None:
    frame = pd.DataFrame({"titel": ["a"], "contactpersoon": ["Jan"]})
    note = "Bevat persoonsgegevens: contactpersoon."
    data = table_bytes(frame, "csv", note=note)
    assert data.decode("utf-8-sig").splitlines()[0] == note
    back = read_table(data)
    assert list(back.columns) == ["titel", "contactpersoon"] and list(back.index) == [3]  # as the spreadsheet numbers it
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(table_bytes(frame, "xlsx", note=note)))
    assert book.sheetnames == ["Gegevens", "Bevat persoonsgegevens"]
    assert book["Bevat persoonsgegevens"]["A1"].value == note
