"""Spreadsheets the Dutch way: read CSV and Excel as people send them, write them safely.

Reading (:func:`read_table`): the format comes from the content (an ``.xlsx`` is a zip, the rest is
text), so a wrongly named file still reads. Text is UTF-8 (with or without BOM), UTF-16 with BOM,
or Windows-1252 (what Excel's "CSV (gescheiden door lijstscheidingsteken)" writes); the separator is
sniffed from the header (``;``, tab or ``,``). Numbers stay text in CSV; :func:`parse_number` reads
``12.500,50`` as well as ``12500.5``.

Writing (:func:`write_table`, :func:`table_bytes`): CSV is ``;``-separated UTF-8 with BOM and a
decimal comma, so Dutch Excel opens it as columns with accents intact; XLSX has typed numbers and
dates; every number cell has a number format (``#,##0`` for whole numbers, ``#,##0.0`` and up to
three decimals for others, ``0`` for years), so Excel shows ``3.805`` and ``12,5`` and can still
sum them. Frames handed to the writers therefore carry numbers, never numbers formatted as text;
display formatting belongs to the screen. In both, a text cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``
(:func:`neutralise`); reading strips it again (:func:`restore`), so a round trip is lossless.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from wijkdata.delimited import PERSONAL_NOTE, read_csv
from wijkdata.errors import InputFileError, RowError
from wijkdata.text import number_format
from wijkdata.xlsx import MAX_CELL, read_xlsx

__all__ = [
    "FORMULA_STARTS",
    "PERSONAL_NOTE",
    "detect_format",
    "neutralise",
    "parse_number",
    "read_table",
    "restore",
    "table_bytes",
    "write_table",
]

Format = Literal["csv", "xlsx"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_ZIP, _OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def neutralise(text: str) -> str:
    """``'=SUM(A1)'`` → ``"'=SUM(A1)"``: a leading ``'`` for formula-like text (and for text that
    already looks neutralised, so :func:`restore` gives back exactly the original)."""
    if text.startswith(FORMULA_STARTS) or _NEUTRALISED.match(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: strip the one ``'`` it added; other text is returned unchanged."""
    return text[1:] if _NEUTRALISED.match(text) else text


def parse_number(raw: Any) -> Decimal:
    """A number as Dutch (or English) spreadsheets write it.

    ``12.500,50`` → 12500.50, ``12500,5`` → 12500.5, ``12500.5`` → 12500.5, ``€ 1.000`` → 1000,
    ``−3`` → -3; numbers pass through. A lone ``.`` followed by exactly three digits per group
    (``12.500``) is read as a Dutch thousands separator. Raises ``ValueError`` for anything else.
    """
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("€", "").replace("\u00a0", "").replace(" ", "").replace("−", "-")
        if "," in text and "." in text:
            decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
            text = text.replace(".", "").replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


# --- reading -----------------------------------------------------------------------------------


def detect_format(data: bytes, name: str = "") -> Format:
    """``"xlsx"`` for an Excel workbook (a zip), else ``"csv"``; from the content, not the name.

    Raises :class:`InputFileError` for the old ``.xls`` format and for other zip files.
    """
    if data.startswith(_OLE2):
        raise InputFileError(f"{name or 'Het bestand'} is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV.", path=name)
    if data.startswith(_ZIP):
        return "xlsx"
    return "csv"


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def read_table(source: str | Path | bytes, *, name: str = "", sheet: str | None = None) -> pd.DataFrame:
    """A CSV or XLSX file (path or bytes) as a frame of its cells, indexed by spreadsheet row number.

    Returns
    -------
    pandas.DataFrame
        Columns: the header cells (first row, stripped), in file order. Index ``rij``: the row
        number a spreadsheet shows (header = 1, first data row = 2); empty rows are left out
        but do not shift the numbering. Cells: ``str`` (CSV; formula guards removed), or the
        typed value Excel stored (``str``, ``int``, ``float``, ``datetime``, ``bool``); empty
        cells are ``None``. ``frame.attrs`` holds ``format`` and, for CSV, ``encoding`` and
        ``delimiter``.

    Raises
    ------
    InputFileError
        When the file is missing, empty, not CSV/XLSX, not UTF-8/UTF-16/Windows-1252, has no or a
        duplicate header, or a row with more cells than the header (``errors`` names the rows).
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"Kan {path} niet lezen: {exc.strerror or exc}.", path=str(path)) from None
    fmt = detect_format(data, name)
    rows, attrs = read_xlsx(data, name, sheet) if fmt == "xlsx" else read_csv(data, name)
    if not rows or rows[0][0] != 1 or all(_blank(v) for v in rows[0][1]):
        raise InputFileError(f"{name or 'Het bestand'} is leeg of heeft geen kopregel op rij 1.", path=name)
    first = [v for v in rows[0][1] if not _blank(v)]
    if fmt == "csv" and len(first) == 1 and str(first[0]).startswith(PERSONAL_NOTE) and len(rows) > 1:
        rows = rows[1:]  # the note line of an export with personal data; rows keep the numbers a spreadsheet shows
    header = ["" if v is None else str(v).strip() for v in rows[0][1]]
    if fmt == "csv":
        header = [restore(h) for h in header]
    seen: set[str] = set()
    for h in header:
        if h and h.lower() in seen:
            raise InputFileError(f"{name or 'Het bestand'}: kolom '{h}' staat twee keer in de kopregel.", path=name)
        seen.add(h.lower())
    width = len(header)
    errors: list[RowError] = []
    records: dict[int, list[Any]] = {}
    for number, row in rows[1:]:
        cells = [None if _blank(v) else (restore(v) if isinstance(v, str) else v) for v in row]
        if all(v is None for v in cells):
            continue
        long = [i for i, v in enumerate(cells) if isinstance(v, str) and len(v) > MAX_CELL]
        if long:
            where = f"kolom '{header[long[0]]}'" if long[0] < width and header[long[0]] else f"kolom {long[0] + 1}"
            errors.append(RowError(number, "", f"{where} is te lang ({len(cells[long[0]])} tekens, hoogstens {MAX_CELL})"))
            continue
        extra = [v for v in cells[width:] if v is not None]
        if extra:
            errors.append(RowError(number, "", f"meer cellen ({len(cells)}) dan kolommen in de kopregel ({width})"))
            continue
        unnamed = [i for i, v in enumerate(cells[:width]) if v is not None and not header[i]]
        if unnamed:
            errors.append(RowError(number, "", f"waarde in kolom {unnamed[0] + 1}, die geen naam heeft in de kopregel"))
            continue
        records[number] = (cells + [None] * width)[:width]
    if errors:
        raise InputFileError(f"{name or 'Het bestand'} is niet goed opgebouwd:", errors=errors, path=name)
    keep = [i for i, h in enumerate(header) if h]
    frame = pd.DataFrame(
        [[r[i] for i in keep] for r in records.values()],
        columns=[header[i] for i in keep],
        index=pd.Index(list(records), name="rij", dtype="int64"),
        dtype=object,
    )
    frame.attrs.update(attrs)
    return frame


# --- writing -----------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _number_text(value: float | Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _csv_cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):  # pd.Timestamp too
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _csv_cell(value.item())
    return neutralise(str(value))


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bool | int | float | Decimal | date):
        value = value.item()  # numpy scalars
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    if isinstance(value, int | float | date):
        return value
    return neutralise(str(value))


def _rows(frame: pd.DataFrame) -> Iterable[list[Any]]:
    for row in frame.itertuples(index=False, name=None):
        yield list(row)


def table_bytes(frame: pd.DataFrame, fmt: Format, *, sheet_name: str = "Gegevens", source: str = "", note: str = "") -> bytes:
    """The frame as a CSV or XLSX file in memory (for a download button). See :func:`write_table`.

    ``source`` (e.g. "CBS, Kerncijfers wijken en buurten 2024 (85984NED)") travels inside the
    file: CSV gets a ``Bron`` column (unless the frame has one), XLSX a second sheet ``Bron``.
    ``note`` (e.g. ``"Bevat persoonsgegevens: …"``) is the first line of a CSV, above the header,
    and in XLSX the second sheet (named after the note's first words) and the data sheet's name.
    """
    if source and fmt == "csv" and not {"Bron", "bron"} & {str(c) for c in frame.columns}:
        frame = frame.assign(Bron=source)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        if note:
            writer.writerow([neutralise(note)])
        writer.writerow([_csv_cell(str(c)) for c in frame.columns])
        writer.writerows([_csv_cell(v) for v in row] for row in _rows(frame))
        return "\ufeff".encode() + out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        ws = book.active
        ws.title = sheet_name[:31]
        ws.append([_xlsx_cell(str(c)) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(str(c)) for c in frame.columns]
        columns: list[list[Any]] = [[] for _ in frame.columns]
        for row in _rows(frame):
            values = [_xlsx_cell(v) for v in row]
            ws.append(values)
            for i, v in enumerate(values):
                widths[i] = max(widths[i], min(60, len(str(v)) if v is not None else 0))
                columns[i].append(v)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
            numbers = number_format(str(frame.columns[col - 1]), columns[col - 1])
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if isinstance(cell.value, date) and not isinstance(cell.value, datetime):
                    cell.number_format = "dd-mm-yyyy"
                elif numbers and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    cell.number_format = numbers[isinstance(cell.value, float)]
        ws.freeze_panes = "A2"
        if note:
            warning = book.create_sheet(note.split(":")[0][:31])
            warning.append([neutralise(note)])
            warning["A1"].font = Font(bold=True, color="C00000")
            warning.column_dimensions["A"].width = min(120, max(20, len(note) + 2))
        if source:
            info = book.create_sheet("Bron")
            info.append(["Bron"])
            info["A1"].font = Font(bold=True)
            info.append([neutralise(source)])
            info.column_dimensions["A"].width = min(120, max(20, len(source) + 2))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"unknown table format {fmt!r}")


def write_table(
    frame: pd.DataFrame, path: str | Path, fmt: Format | None = None, *, sheet_name: str = "Gegevens", note: str = ""
) -> Path:
    """Write ``frame`` (columns as they are, no index) to ``path`` as CSV or XLSX; returns the path.

    ``fmt`` defaults to the file's extension. CSV: ``;``-separated, UTF-8 with BOM, CRLF, decimal
    comma, ISO dates, booleans ``ja``/``nee``, lists comma-joined. XLSX: one sheet, bold frozen
    header, numbers and dates typed. Text that looks like a formula is neutralised in both.
    ``note`` is written as in :func:`table_bytes` (a first line, a sheet).
    The file is replaced atomically.

    Raises :class:`InputFileError` when the format is neither ``csv`` nor ``xlsx``.
    """
    from wijkdata.storage import atomic_write

    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")  # type: ignore[assignment]
    if fmt not in ("csv", "xlsx"):
        raise InputFileError(f"Onbekend bestandsformaat '{fmt}'; kies csv of xlsx.", path=str(path))
    atomic_write(path, table_bytes(frame, fmt, sheet_name=sheet_name, note=note))
    return path
