"""Reading Excel workbooks (.xlsx) that cannot trick the reader.

An ``.xlsx`` is a zip of XML parts. :func:`read_xlsx` reads the cells that are *there*, streaming
the sheet's XML with :mod:`defusedxml` (no DTDs, no entities, no external references), and trusts
nothing the file declares about itself: the ``<dimension>`` a sheet claims is ignored (a 4 KB file
claiming ``A1:XFD1048576`` neither allocates a million rows nor, when it claims too few, loses
rows or columns). Before anything is unpacked the zip's declared sizes are added up, so a zip bomb
is refused unopened; while reading, rows, columns and cell lengths are capped
(:data:`MAX_ROWS`, :data:`MAX_COLUMNS`, :data:`MAX_CELL`, :data:`MAX_UNCOMPRESSED`).

Formulas are never evaluated: a formula cell gives the value Excel stored with it, and a formula
without a stored value is refused, naming the cell (``cel C4 bevat een formule zonder waarde``),
instead of becoming an empty field. Workbooks with macros (``vbaProject.bin``, ``.xlsm``) are
refused. Every refusal is an :class:`~wijkdata.errors.InputFileError` with a Dutch message.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from wijkdata.errors import InputFileError, RowError

__all__ = ["MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "MAX_UNCOMPRESSED", "NumberedRow", "column_letters", "read_xlsx"]

#: Most data rows a spreadsheet may hold (the header row comes on top).
MAX_ROWS = 100_000
#: Most columns a spreadsheet may use (column ``SR``).
MAX_COLUMNS = 500
#: Most characters in one cell (Excel's own limit).
MAX_CELL = 32_767
#: Most bytes the parts of a workbook may unpack to, together.
MAX_UNCOMPRESSED = 100 * 1024 * 1024
_MAX_PARTS = 10_000

#: One row as read: its spreadsheet row number (1 = header) and its cells (``None`` = empty).
NumberedRow = tuple[int, list[Any]]

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_OFFICE_REL = "officeDocument"


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``: the spreadsheet name of a 0-based column."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(elem: Element) -> str:
    """All ``<t>`` text below ``elem`` (rich-text runs joined), without phonetic hints (``<rPh>``)."""
    parts: list[str] = []

    def walk(e: Element) -> None:
        for child in e:
            tag = _local(child.tag)
            if tag == "t":
                parts.append(child.text or "")
            elif tag != "rPh":
                walk(child)

    walk(elem)
    return "".join(parts)


class _Book:
    """The parts of one workbook: its zip, shared strings, date styles and sheets."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name or "Het bestand"
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise self.refuse(f"is geen leesbaar Excel-bestand (.xlsx): {exc}") from None
        self.parts = {i.filename: i for i in infos}
        if len(infos) > _MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            mb = sum(i.file_size for i in infos) // (1024 * 1024)
            raise self.refuse(
                f"pakt uit tot {mb} MB in {len(infos)} delen; Wijkdata leest Excel-bestanden tot "
                f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB. Sla de gegevens op als CSV of verdeel ze over meer bestanden"
            )
        types = self._bytes("[Content_Types].xml", required=False) or b""
        if (
            name.lower().endswith((".xlsm", ".xltm"))
            or any(p.lower().endswith("vbaproject.bin") for p in self.parts)
            or (b"macroEnabled" in types)
        ):
            raise self.refuse("bevat macro's (.xlsm); sla het op als gewone Excel-werkmap (.xlsx) of als CSV")
        self.workbook = self._workbook_path()
        self.sheets = self._sheets()
        self.strings = self._shared_strings()
        self.date_styles, self.epoch = self._styles()

    def refuse(self, reason: str) -> InputFileError:
        return InputFileError(f"{self.name} {reason}.", path=self.name)

    def _bytes(self, part: str, *, required: bool = True) -> bytes | None:
        if part not in self.parts:
            if required:
                raise self.refuse(f"is geen leesbaar Excel-bestand (.xlsx): onderdeel {part} ontbreekt")
            return None
        try:
            return self.zip.read(part)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise self.refuse(f"is beschadigd (onderdeel {part}: {exc})") from None

    def elements(self, part: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
        """Stream the XML of ``part`` as ``(event, element)``, refusing broken or entity-laden XML."""
        try:
            stream: IO[bytes] = self.zip.open(part)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise self.refuse(f"is beschadigd (onderdeel {part}: {exc})") from None
        try:
            with stream:
                yield from iterparse(stream, events=events, forbid_dtd=True)
        except DefusedXmlException:
            raise self.refuse(
                f"bevat XML met een DTD of entiteiten ({part}); dat schrijft Excel nooit. Sla het opnieuw op vanuit Excel"
            ) from None
        except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise self.refuse(f"is beschadigd: {part} is geen geldige XML ({exc}). Sla het opnieuw op vanuit Excel") from None

    def _rels(self, part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.parts:
            return {}
        targets: dict[str, str] = {}
        for _, elem in self.elements(rels):
            if _local(elem.tag) == "Relationship" and elem.get("Target"):
                target = elem.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                targets[elem.get("Id", "")] = path
                if elem.get("Type", "").endswith("/" + _OFFICE_REL):
                    targets[_OFFICE_REL] = path
        return targets

    def _workbook_path(self) -> str:
        path = self._rels("").get(_OFFICE_REL, "xl/workbook.xml")
        if path not in self.parts:
            raise self.refuse("is geen leesbaar Excel-bestand (.xlsx): er is geen werkmap in")
        return path

    def _sheets(self) -> dict[str, str]:
        rels = self._rels(self.workbook)
        sheets: dict[str, str] = {}
        self.date1904 = False
        for _, elem in self.elements(self.workbook):
            tag = _local(elem.tag)
            if tag == "workbookPr":
                self.date1904 = elem.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet":
                rid = next((v for k, v in elem.attrib.items() if _local(k) == "id"), "")
                if rels.get(rid) in self.parts:
                    sheets[elem.get("name", "")] = rels[rid]
        if not sheets:
            raise self.refuse("heeft geen werkblad")
        return sheets

    def _shared_strings(self) -> list[str]:
        part = next((p for p in self._rels(self.workbook).values() if p.endswith("sharedStrings.xml")), "xl/sharedStrings.xml")
        if part not in self.parts:
            return []
        strings = []
        for _, elem in self.elements(part):
            if _local(elem.tag) == "si":
                strings.append(_text(elem))
                elem.clear()
        return strings

    def _styles(self) -> tuple[set[int], datetime]:
        epoch = datetime(1904, 1, 1) if self.date1904 else datetime(1899, 12, 30)
        part = next((p for p in self._rels(self.workbook).values() if p.endswith("styles.xml")), "xl/styles.xml")
        if part not in self.parts:
            return set(), epoch
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_xfs = False
        for event, elem in self.elements(part, ("start", "end")):
            tag = _local(elem.tag)
            if tag == "cellXfs":
                in_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(elem.get("numFmtId", "0") or 0)] = elem.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_xfs:
                formats.append(int(elem.get("numFmtId", "0") or 0))
        dates = {
            i
            for i, fmt in enumerate(formats)
            if fmt in _BUILTIN_DATES or (fmt in custom and _DATE_CODE.search(_NOT_CODE.sub("", custom[fmt])))
        }
        return dates, epoch


def _cell_value(book: _Book, cell: Element, ref: str) -> tuple[Any, str | None]:
    """The value of one ``<c>`` element and, when it cannot be read, a Dutch reason."""
    kind = cell.get("t", "n")
    value_elem = formula = None
    inline = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "v":
            value_elem = child
        elif tag == "f":
            formula = child
        elif tag == "is":
            inline = child
    if kind == "inlineStr":
        return (_text(inline) if inline is not None else None), None
    raw = value_elem.text if value_elem is not None else None
    if raw is None or raw == "":
        if formula is not None:
            return None, f"cel {ref} bevat een formule zonder waarde; open het bestand in Excel, sla het op en probeer opnieuw"
        return None, None
    if kind == "s":
        try:
            return book.strings[int(raw)], None
        except (ValueError, IndexError):
            return None, f"cel {ref} verwijst naar tekst die niet in het bestand staat"
    if kind in ("str", "inlineStr"):
        return raw, None
    if kind == "b":
        return raw.strip() in ("1", "true"), None
    if kind == "e":
        return None, f"cel {ref} bevat een fout ({raw[:20]})"
    if kind == "d":
        try:
            return datetime.fromisoformat(raw.strip()), None
        except ValueError:
            return None, f"cel {ref} bevat geen geldige datum ({raw[:20]})"
    try:
        number: int | float = int(raw) if re.fullmatch(r"-?\d{1,18}", raw.strip()) else float(raw)
    except ValueError:
        return None, f"cel {ref} bevat geen geldig getal ({raw[:20]})"
    if isinstance(number, float) and not math.isfinite(number):
        return None, f"cel {ref} bevat geen eindig getal ({raw[:20]})"
    style = cell.get("s")
    if style is not None and style.isdigit() and int(style) in book.date_styles:
        try:
            return book.epoch + timedelta(days=float(number)), None
        except (OverflowError, ValueError):
            return None, f"cel {ref} is als datum opgemaakt maar {raw[:20]} is geen geldige datum"
    return number, None


def _rows(book: _Book, part: str, errors: list[RowError]) -> Iterator[NumberedRow]:
    sheet_data: Element | None = None
    row_number = 0
    for event, elem in book.elements(part, ("start", "end")):
        tag = _local(elem.tag)
        if event == "start":
            if tag == "sheetData":
                sheet_data = elem
            continue
        if tag != "row":
            continue
        declared = elem.get("r", "")
        row_number = int(declared) if declared.isdigit() else row_number + 1
        if row_number > MAX_ROWS + 1:
            found, most = (f"{n:,}".replace(",", ".") for n in (row_number, MAX_ROWS))
            raise book.refuse(
                f"heeft gegevens op rij {found}; Wijkdata leest hoogstens {most} rijen per bestand. "
                "Verdeel de gegevens over meer bestanden"
            )
        cells: dict[int, Any] = {}
        column = -1
        for cell in elem:
            if _local(cell.tag) != "c":
                continue
            match = _REF.match(cell.get("r", ""))
            column = _column_index(match.group(1)) if match else column + 1
            ref = f"{column_letters(column)}{row_number}"
            if column >= MAX_COLUMNS:
                last = column_letters(MAX_COLUMNS - 1)
                raise book.refuse(f"heeft gegevens in cel {ref}; Wijkdata leest hoogstens {MAX_COLUMNS} kolommen (t/m {last})")
            value, reason = _cell_value(book, cell, ref)
            if reason is None and isinstance(value, str) and len(value) > MAX_CELL:
                reason = f"cel {ref} is te lang ({len(value)} tekens, hoogstens {MAX_CELL})"
            if reason:
                errors.append(RowError(row_number, "", reason))
            elif value is not None:
                cells[column] = value
        elem.clear()
        if sheet_data is not None:
            sheet_data.clear()
        if cells:
            yield row_number, [cells.get(i) for i in range(max(cells) + 1)]


def read_xlsx(data: bytes, name: str = "", sheet: str | None = None) -> tuple[list[NumberedRow], dict[str, str]]:
    """The non-empty rows of one sheet (the first, or ``sheet``) and the file's attributes.

    Returns ``(rows, attrs)``: ``rows`` as ``(row number, cells)`` in file order, cells by column
    (``None`` where empty) holding ``str``, ``int``, ``float``, ``bool`` or ``datetime`` (cells
    formatted as a date); ``attrs`` is ``{"format": "xlsx", "sheet": title}``.

    Raises
    ------
    InputFileError
        When the file is no readable workbook, holds macros, unpacks beyond the limits, has broken
        XML or XML with a DTD, has data beyond :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS`
        columns, has no sheet ``sheet``, or has cells that cannot be read without losing data
        (a formula without stored value, an error value, text over :data:`MAX_CELL` characters);
        ``errors`` then names every such cell.
    """
    book = _Book(data, name)
    if sheet is not None and sheet not in book.sheets:
        raise book.refuse(f"heeft geen tabblad '{sheet}' (wel: {', '.join(book.sheets)})")
    title = sheet if sheet is not None else next(iter(book.sheets))
    errors: list[RowError] = []
    rows = list(_rows(book, book.sheets[title], errors))
    if errors:
        raise InputFileError(f"{book.name} bevat cellen die Wijkdata niet zonder verlies kan lezen:", errors=errors, path=name)
    return rows, {"format": "xlsx", "sheet": title}
