"""The XLSX reader: what the sheet holds, never what it claims; Dutch refusals for what cannot be read safely."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime

import pytest
from openpyxl import Workbook

from wijkdata import xlsx
from wijkdata.errors import InputFileError
from wijkdata.tabular import read_table

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: list[list], patch: Callable[[bytes], bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An XLSX written by openpyxl, its first sheet's XML optionally rewritten, parts optionally added."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, patch(data) if patch and item.filename == SHEET else data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda d: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), d)


FIVE = [["titel", "a", "b", "c", "e"]] + [[f"rij {i}", i, 2.5, "x", "laatste"] for i in range(1, 6)]


def test_a_short_dimension_loses_no_row_and_no_column() -> None:
    frame = read_table(workbook(FIVE, dimension("A1:D3")), name="kort.xlsx")
    assert list(frame.columns) == ["titel", "a", "b", "c", "e"]
    assert list(frame.index) == [2, 3, 4, 5, 6]
    assert list(frame["e"]) == ["laatste"] * 5
    assert frame.loc[6, "a"] == 5 and frame.loc[6, "b"] == 2.5


def test_a_dimension_claiming_the_whole_sheet_reads_only_what_is_there() -> None:
    frame = read_table(workbook(FIVE[:2], dimension("A1:XFD1048576")), name="claim.xlsx")
    assert frame.shape == (1, 5)


def test_data_far_below_the_row_limit_is_refused_without_reading_a_million_rows() -> None:
    def bomb(d: bytes) -> bytes:
        cell = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData>'
        return dimension("A1:XFD1048576")(d).replace(b"</sheetData>", cell)

    with pytest.raises(InputFileError) as info:
        read_table(workbook(FIVE[:2], bomb), name="bom.xlsx")
    assert "bom.xlsx heeft gegevens op rij 1.048.576; Wijkdata leest hoogstens 100.000 rijen" in str(info.value)


def test_a_cell_in_the_last_column_is_refused() -> None:
    far = lambda d: d.replace(b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>z</t></is></c></row>', 1)  # noqa: E731
    with pytest.raises(InputFileError, match=r"cel XFD1; Wijkdata leest hoogstens 500 kolommen \(t/m SF\)"):
        read_table(workbook(FIVE, far), name="breed.xlsx")


def test_a_zip_that_unpacks_beyond_the_limit_is_refused_unopened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 50_000)
    data = workbook(FIVE, extra={"xl/media/nul.bin": bytes(60_000)})
    assert len(data) < 20_000
    with pytest.raises(InputFileError, match="pakt uit tot 0 MB in .* delen; Wijkdata leest Excel-bestanden tot 0 MB"):
        read_table(data, name="zip.xlsx")


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (lambda d: d[: len(d) // 2], "is beschadigd: xl/worksheets/sheet1.xml is geen geldige XML"),
        (lambda d: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + d.replace(b"rij 1", b"&a;"), "DTD of entiteiten"),
    ],
    ids=["half a sheet", "entities"],
)
def test_broken_or_entity_laden_xml_is_refused_in_dutch(patch: Callable[[bytes], bytes], message: str) -> None:
    with pytest.raises(InputFileError, match=re.escape(message)):
        read_table(workbook(FIVE, patch), name="stuk.xlsx")


def test_workbooks_with_macros_are_refused() -> None:
    with pytest.raises(InputFileError, match=r"bevat macro's \(.xlsm\)"):
        read_table(workbook(FIVE, extra={"xl/vbaProject.bin": b"\x00" * 10}), name="macro.xlsx")
    with pytest.raises(InputFileError, match="bevat macro's"):
        read_table(workbook(FIVE), name="werkmap.xlsm")


def test_a_formula_without_stored_value_is_refused_naming_the_cell() -> None:
    rows = [["titel", "budget", "totaal"], ["a", 1, "=B2*2"], ["b", 2, "=B3*2"]]
    with pytest.raises(InputFileError) as info:
        read_table(workbook(rows), name="formule.xlsx")
    assert [e.row for e in info.value.errors] == [2, 3]
    assert "rij 2: cel C2 bevat een formule zonder waarde" in str(info.value)


def test_a_formula_gives_the_value_excel_stored_never_evaluated() -> None:
    rows = [["titel", "totaal"], ["a", "=1+1"]]
    frame = read_table(workbook(rows, lambda d: d.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>7</v>")), name="f.xlsx")
    assert frame.loc[2, "totaal"] == 7


def test_error_cells_are_refused_and_dates_and_booleans_keep_their_type() -> None:
    frame = read_table(workbook([["titel", "datum", "ja"], ["a", datetime(2024, 3, 1), True]]), name="t.xlsx")
    assert frame.loc[2, "datum"] == datetime(2024, 3, 1) and frame.loc[2, "ja"] is True
    error = lambda d: d.replace(b"</row></sheetData>", b'<c r="D2" t="e"><v>#DIV/0!</v></c></row></sheetData>')  # noqa: E731
    with pytest.raises(InputFileError, match=re.escape("cel D2 bevat een fout (#DIV/0!)")):
        read_table(workbook([["titel", "datum", "ja", "x"], ["a", datetime(2024, 3, 1), True]], error), name="t.xlsx")


def test_shared_strings_with_rich_text_runs_are_joined() -> None:
    def rich(d: bytes) -> bytes:
        runs = b"<is><r><t>Caf</t></r><r><t>\xc3\xa9</t></r><rPh><t>x</t></rPh></is>"
        return d.replace(b"</row></sheetData>", b'<c r="B2" t="inlineStr">' + runs + b"</c></row></sheetData>")

    frame = read_table(workbook([["titel", "x"], ["a"]], rich), name="r.xlsx")
    assert frame.loc[2, "x"] == "Café"
