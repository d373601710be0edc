"""Reading delimited text (CSV) as people send it, without guessing wrong.

:func:`read_csv` decides the encoding for the whole file from every line: UTF-8 (with or without
BOM), UTF-16 with BOM, or Windows-1252 (what Excel's "CSV (gescheiden door lijstscheidingsteken)"
writes). A UTF-8 file with one line in another encoding is refused, naming the line, never read
as mojibake (``CafÃ©``). The separator is sniffed from the header (``;``, tab or ``,``). Cells
stay text; rows and columns are capped like Excel files (:mod:`wijkdata.xlsx`).
"""

from __future__ import annotations

import csv
import io

from wijkdata.errors import InputFileError, RowError
from wijkdata.xlsx import MAX_COLUMNS, MAX_ROWS, NumberedRow

__all__ = ["PERSONAL_NOTE", "read_csv"]

#: How a file with personal data starts its note (first line of a CSV, a sheet of an XLSX); the
#: separator is sniffed from the line after it, and :func:`wijkdata.tabular.read_table` skips it.
PERSONAL_NOTE = "Bevat persoonsgegevens"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and its encoding, decided for the whole file from every line.

    UTF-8 (with or without BOM) and UTF-16 (with BOM) are read strictly; a file that is not UTF-8 is
    read as Windows-1252, but only when no line of it is UTF-8: a UTF-8 file with one line saved
    in another encoding is refused, naming that line, instead of being read as mojibake.
    """
    label = name or "Het bestand"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputFileError(f"{label} is geen geldige UTF-16-tekst (positie {exc.start}).", path=name) from None
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    utf8_line = other_line = 0
    for number, line in enumerate(body.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            break
    if bom or utf8_line:
        raise InputFileError(
            f"{label} mengt tekensets: regel {utf8_line or 1} is UTF-8, maar regel {other_line} niet (waarschijnlijk "
            "Windows-1252). Sla het bestand in één codering op, bij voorkeur UTF-8, en probeer opnieuw.",
            path=name,
        )
    try:
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"{label} is geen tekst in UTF-8 of Windows-1252 (onleesbaar teken op regel {line}).", path=name
        ) from None


def _sniff_delimiter(text: str) -> str:
    header, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        header.append(ch)
    line = "".join(header)
    counts = {d: 0 for d in (";", "\t", ",")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])  # ties: ';' before tab before ','
    return best if counts[best] else ";"


def read_csv(data: bytes, name: str = "") -> tuple[list[NumberedRow], dict[str, str]]:
    """The rows of a CSV file and its attributes: ``([(row number, cells)], {"format", "encoding", "delimiter"})``.

    Every record is numbered as a spreadsheet shows it (header = 1). Raises
    :class:`InputFileError` for text in no or mixed encodings, a cell over the ``csv`` module's
    limit (naming the row), more than :data:`~wijkdata.xlsx.MAX_ROWS` rows or
    :data:`~wijkdata.xlsx.MAX_COLUMNS` columns.
    """
    text, encoding = _decode(data, name)
    delimiter = _sniff_delimiter(text.split("\n", 1)[-1] if text.startswith((PERSONAL_NOTE, f'"{PERSONAL_NOTE}')) else text)
    label = name or "Het bestand"
    rows: list[NumberedRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        number = len(rows) + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            limit = csv.field_size_limit()
            reason = f"een cel is langer dan {limit:,} tekens".replace(",", ".") if "field limit" in str(exc) else str(exc)
            raise InputFileError(
                f"{label} is geen leesbare CSV:", errors=[RowError(number, "", f"{reason} (regel {reader.line_num})")], path=name
            ) from None
        if number > MAX_ROWS + 1:
            most = f"{MAX_ROWS:,}".replace(",", ".")
            raise InputFileError(f"{label} heeft meer dan {most} rijen; verdeel de gegevens over meer bestanden.", path=name)
        if len(row) > MAX_COLUMNS:
            raise InputFileError(
                f"{label} heeft {len(row)} kolommen op rij {number}; Wijkdata leest er hoogstens {MAX_COLUMNS}.", path=name
            )
        rows.append((number, row))
    return rows, {"format": "csv", "encoding": encoding, "delimiter": delimiter}
