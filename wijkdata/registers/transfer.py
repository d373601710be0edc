"""Import and export of the registers: spreadsheets in, spreadsheets out, nothing half-done.

Export (:func:`export_frame`): one row per current record, the columns ``id``, ``versie``, the
register's fields (as named in :mod:`wijkdata.registers.contract`; personal data only on request), ``fictief``.
Area codes, themes and indicators sit comma-separated in one cell (``BU99990101,BU99990102``),
dates as ``jjjj-mm-dd``. :func:`wijkdata.tabular.write_table` makes it CSV or XLSX, formulas
neutralised.

Import (:func:`preview_import`, then :func:`commit_import`): the file is read with
:func:`wijkdata.tabular.read_table`; every row is parsed and checked against the same rules as
the forms, and ALL problems are collected as :class:`~wijkdata.errors.RowError` (spreadsheet row
numbers, header = row 1). A row without ``id`` (or with an ``id`` this register does not have) is
a new record; a row with the ``id`` of an existing record changes it, but only when its
``versie`` is still the stored one, so an old export never overwrites newer work. Committing
writes everything in one transaction, or nothing.
"""

from __future__ import annotations

import argparse
import getpass
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from wijkdata.config import Settings
from wijkdata.errors import ConflictError, InputFileError, RowError, ValidationError, WijkdataError
from wijkdata.registers.audit import export_entries
from wijkdata.registers.contract import RegisterSpec, empty, get_spec
from wijkdata.registers.opening import open_store
from wijkdata.registers.store import Record, Store, same_value
from wijkdata.tabular import PERSONAL_NOTE, Format, read_table, write_table
from wijkdata.text import count

__all__ = [
    "ImportPreview",
    "commit_import",
    "export_frame",
    "export_personal",
    "export_register_command",
    "import_file",
    "import_register_command",
    "personal_note",
    "preview_import",
]

#: Columns of an export that an import reads but does not store as fields.
ID_COLUMN, VERSION_COLUMN, FICTIEF_COLUMN = "id", "versie", "fictief"
#: Columns an import accepts and ignores (bookkeeping that other tools or older exports add).
_IGNORED = {"aangemaakt", "aangemaakt_op", "aangemaakt_door", "gewijzigd", "gewijzigd_op", "gewijzigd_door"}
_IGNORED |= {"created_at", "created_by", "updated_at", "updated_by", "uuid", "gebiedsnamen"}
_TRUE, _FALSE = {"ja", "j", "true", "waar", "1", "x", "yes"}, {"nee", "n", "false", "onwaar", "0", "no"}


def _list_separator(spec: RegisterSpec, name: str) -> str:
    return ", " if spec.field(name).kind == "tags" else ","


def export_frame(store: Store, kind: str, *, gemeente: str | None = None, personal: bool = False) -> pd.DataFrame:
    """The current (not deleted) records of ``kind`` as an import-compatible frame.

    Columns: ``id``, ``versie``, the register's fields in spec order (``contactpersoon`` and other
    personal data only when ``personal``), ``fictief`` (bool). Lists are joined into one text
    cell; dates stay ``datetime.date``, money ``float``. Ordered by id.
    """
    spec = get_spec(kind)
    frame = store.list(kind, gemeente=gemeente, personal=personal).sort_values("id")
    names = spec.names if personal else spec.public_names
    out = pd.DataFrame({ID_COLUMN: frame["id"], VERSION_COLUMN: frame["version"]})
    for name in names:
        values = frame[name]
        if spec.field(name).is_list:
            sep = _list_separator(spec, name)
            values = values.map(lambda v, sep=sep: sep.join(v))
        out[name] = values
    out[FICTIEF_COLUMN] = frame["fictief"]
    return out.reset_index(drop=True)


def _key(text: str) -> str:
    """Header → comparable key: lower case, no accents or quotes, spaces to underscores."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("'", "")).strip("_")


def missing_columns(spec: RegisterSpec, mapped: set[str]) -> list[str]:
    """The required fields a new record needs that a file with columns ``mapped`` does not hold."""
    missing = [f.name for f in spec.fields if f.required and f.name not in mapped and f.name not in spec.defaults]
    if spec.kind == "signalen" and "initiatief_id" in mapped:
        missing = [m for m in missing if m != "gebieden"]
    return missing


def _column_map(spec: RegisterSpec, columns: list[str], name: str) -> dict[str, str]:
    """File column → field name (or id/versie/fictief); raises for unknown columns, and for missing
    required columns in a file without ``id`` (with ``id``, rows that change records need only theirs)."""
    by_key: dict[str, str] = {}
    for f in spec.fields:
        by_key[_key(f.name)] = f.name
        by_key.setdefault(_key(f.label), f.name)
    by_key.update(
        {"id": ID_COLUMN, "nr": ID_COLUMN, "versie": VERSION_COLUMN, "version": VERSION_COLUMN, "fictief": FICTIEF_COLUMN}
    )
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for column in columns:
        key = _key(column)
        if key in by_key:
            mapping[column] = by_key[key]
        elif key not in _IGNORED:
            unknown.append(column)
    problems = []
    if unknown:
        problems.append(f"onbekende kolom(men): {', '.join(unknown)}")
    missing = missing_columns(spec, set(mapping.values()))
    if missing and ID_COLUMN not in mapping.values():
        problems.append(f"verplichte kolom(men) ontbreken: {', '.join(missing)}")
    if problems:
        raise InputFileError(
            f"{name or 'Het bestand'} past niet bij het register {spec.kind}: {'; '.join(problems)}. "
            f"Bruikbare kolommen: {', '.join([ID_COLUMN, VERSION_COLUMN, *spec.names, FICTIEF_COLUMN])}.",
            path=name,
        )
    return mapping


@dataclass
class ImportPreview:
    """What an import would do, before anything is written.

    ``rows`` has one row per data row of the file (index ``rij``, the spreadsheet row number):
    the parsed fields, ``actie`` (``nieuw``, ``wijzigen``, ``ongewijzigd`` or ``fout``) and
    ``fouten`` (the row's problems as text). ``errors`` lists every problem as a ``RowError``.
    """

    kind: str
    name: str
    rows: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)
    new: list[tuple[int, dict[str, Any], bool]] = field(default_factory=list)  # (rij, fields, fictief)
    changes: list[tuple[int, int, int, dict[str, Any]]] = field(default_factory=list)  # (rij, id, versie, fields)
    unchanged: list[int] = field(default_factory=list)
    file_attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no row has a problem (the import may be committed)."""
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        """Row numbers with at least one problem, ascending."""
        return sorted({e.row for e in self.errors})

    def summary(self) -> str:
        """One Dutch sentence about what the import would do or why it cannot."""
        if self.errors:
            n = len(self.bad_rows)
            return f"Niets ingelezen uit {self.name or 'het bestand'}: {n} {'rij heeft' if n == 1 else 'rijen hebben'} fouten."
        return (
            f"{len(self.new)} nieuw, {len(self.changes)} gewijzigd, {len(self.unchanged)} ongewijzigd "
            f"({self.kind} uit {self.name or 'het bestand'})."
        )

    def error(self) -> InputFileError:
        """The preview's problems as the error an import raises."""
        return InputFileError(self.summary(), errors=self.errors, path=self.name)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """A record from a frame with its missing values (``NaN``, ``pd.NA``) as ``None`` again."""
    return {k: None if not isinstance(v, list | tuple) and pd.isna(v) else v for k, v in record.items()}


def _parse_bool(raw: Any) -> bool | None:
    if empty(raw):
        return False
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _parse_int(raw: Any) -> int | None:
    if empty(raw):
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw)
    text = str(raw).strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def preview_import(store: Store, kind: str, source: str | Path | bytes, *, name: str = "") -> ImportPreview:
    """Read a CSV/XLSX file for register ``kind`` and check every row, writing nothing.

    Returns an :class:`ImportPreview` (with ``errors`` when rows are at fault).

    Raises
    ------
    InputFileError
        When the file itself is unreadable or its columns do not fit the register.
    """
    spec = get_spec(kind)
    if not isinstance(source, bytes):
        name = name or Path(source).name
    table = read_table(source, name=name)
    mapping = _column_map(spec, list(table.columns), name)
    header_of = {target: column for column, target in mapping.items()}
    existing = {int(r["id"]): _plain(r) for r in store.list(kind, personal=store.sees_personal).to_dict("records")}
    missing = missing_columns(spec, set(mapping.values()))
    deleted = set(store.list(kind, deleted=True)["id"].astype(int))
    preview = ImportPreview(kind=kind, name=name, rows=pd.DataFrame(), file_attrs=dict(table.attrs))
    seen_ids: dict[int, int] = {}
    shown: list[dict[str, Any]] = []
    for rij, cells in table.iterrows():
        rij = int(rij)
        row_errors: list[RowError] = []
        values = {target: cells[column] for column, target in mapping.items() if target in spec.names}
        if not store.sees_personal:  # only a beheerder fills in personal data (the store refuses it too)
            row_errors += [
                RowError(rij, header_of[n], "persoonsgegevens vult alleen een beheerder in")
                for n in spec.personal_names
                if not empty(values.get(n))
            ]
        record_id = _parse_int(cells[header_of[ID_COLUMN]]) if ID_COLUMN in header_of else None
        if ID_COLUMN in header_of and record_id is None and not empty(cells[header_of[ID_COLUMN]]):
            row_errors.append(RowError(rij, header_of[ID_COLUMN], f"'{cells[header_of[ID_COLUMN]]}' is geen nummer"))
        fictief = _parse_bool(cells[header_of[FICTIEF_COLUMN]]) if FICTIEF_COLUMN in header_of else False
        if fictief is None:
            row_errors.append(RowError(rij, header_of[FICTIEF_COLUMN], "vul ja of nee in"))
        action = "nieuw"
        current: Record | None = None
        if record_id is not None and record_id in seen_ids:
            row_errors.append(RowError(rij, header_of[ID_COLUMN], f"nr. {record_id} staat ook al op rij {seen_ids[record_id]}"))
        elif record_id is not None and record_id in deleted:
            row_errors.append(
                RowError(rij, header_of[ID_COLUMN], f"{spec.singular} nr. {record_id} is verwijderd; zet het eerst terug")
            )
        elif record_id is not None and record_id in existing:
            current = existing[record_id]
            action = "wijzigen"
            version = _parse_int(cells[header_of[VERSION_COLUMN]]) if VERSION_COLUMN in header_of else None
            if version is None:
                row_errors.append(
                    RowError(
                        rij, header_of.get(VERSION_COLUMN, ""), f"versie ontbreekt voor bestaand {spec.singular} nr. {record_id}"
                    )
                )
            elif version != current["version"]:
                row_errors.append(
                    RowError(
                        rij,
                        header_of[VERSION_COLUMN],
                        f"{spec.singular} nr. {record_id} is intussen gewijzigd door {current['updated_by']} "
                        f"(nu versie {current['version']}, dit bestand heeft versie {version}); exporteer opnieuw",
                    )
                )
        if record_id is not None:  # an id twice is refused, whether it exists or not
            seen_ids.setdefault(record_id, rij)
        full, problems = store.check(kind, values, current=current)
        if current is None and missing:
            problems = {f: r for f, r in problems.items() if f not in missing}
            row_errors.append(
                RowError(rij, "", f"een nieuw {spec.singular} heeft ook de kolom(men) {', '.join(missing)} nodig; die ontbreken")
            )
        row_errors += [RowError(rij, header_of.get(f, f), reason) for f, reason in problems.items()]
        if row_errors:
            action = "fout"
        elif current is not None:
            if all(same_value(full[n], current[n]) for n in values):
                action = "ongewijzigd"
                preview.unchanged.append(rij)
            else:
                preview.changes.append((rij, record_id, current["version"], values))
        else:
            preview.new.append((rij, values, bool(fictief)))
        preview.errors += row_errors
        shown.append({"rij": rij, "actie": action, **full, "fouten": "; ".join(e.reason for e in row_errors)})
    columns = ["rij", "actie", *spec.names, "fouten"]
    preview.rows = pd.DataFrame(shown, columns=columns).set_index("rij")
    return preview


def commit_import(store: Store, preview: ImportPreview, user: str) -> dict[str, list[int]]:
    """Write a checked import in ONE transaction; returns ``{"created": ids, "updated": ids}``.

    Raises
    ------
    InputFileError
        When the preview has errors, or a row fails on writing (the message names the row);
        nothing is written.
    ConflictError
        When a record to change was saved by someone else after the preview; nothing is written.
    """
    if not preview.ok:
        raise preview.error()
    created: list[int] = []
    updated: list[int] = []
    at = 0  # the row being written, to name it if writing fails
    try:
        with store.batch(user, action="import") as batch:
            for rij, values, fictief in preview.new:
                at = rij
                created.append(batch.create(preview.kind, values, fictief=fictief))
            for rij, record_id, version, values in preview.changes:
                at = rij
                if batch.update(preview.kind, record_id, values, version):
                    updated.append(record_id)
    except ValidationError as exc:
        errors = [RowError(at, column, reason) for column, reason in exc.problems.items()]
        raise InputFileError(f"Niets ingelezen uit {preview.name or 'het bestand'}:", errors=errors, path=preview.name) from None
    except ConflictError as exc:
        raise ConflictError(f"Niets ingelezen, rij {at}: {exc}", mine=exc.mine, theirs=exc.theirs) from None
    return {"created": created, "updated": updated}


def import_file(store: Store, kind: str, source: str | Path | bytes, user: str, *, name: str = "") -> tuple[ImportPreview, dict]:
    """Preview and commit in one go (the command line): all rows, or — on any problem — none.

    Raises :class:`InputFileError` naming every bad row, or :class:`ConflictError`.
    """
    preview = preview_import(store, kind, source, name=name)
    return preview, commit_import(store, preview, user)


# --- command line -----------------------------------------------------------------------------


def export_register_command(settings: Settings, args: argparse.Namespace) -> str:
    """``python -m wijkdata export <register> --format csv|xlsx --output FILE [--met-persoonsgegevens]``."""
    spec = get_spec(args.kind)
    output = Path(args.output)
    fmt = (getattr(args, "fmt", None) or output.suffix.lstrip(".") or "csv").lower()
    if fmt not in ("csv", "xlsx"):
        raise WijkdataError(f"Registers worden als csv of xlsx geëxporteerd, niet als '{fmt}'.")
    personal = bool(getattr(args, "met_persoonsgegevens", False)) and any(f.personal for f in spec.fields)
    store = open_store(settings)
    frame = export_frame(store, spec.kind, gemeente=getattr(args, "gemeente", None), personal=personal)
    if not personal:
        write_table(frame, output, fmt, sheet_name=spec.title)  # type: ignore[arg-type]
        return f"{count(len(frame), spec.singular)} geschreven naar {output}."
    user = getattr(args, "gebruiker", None) or getpass.getuser()
    export_personal(store, spec, frame, output, fmt, user)  # type: ignore[arg-type]
    written = count(len(frame), spec.singular)
    return f"{written} geschreven naar {output}, MET persoonsgegevens (staat in het bestand en in het logboek)."


def personal_note(spec: RegisterSpec, user: str, when: datetime) -> str:
    """The line that opens an export with personal data: ``Bevat persoonsgegevens: contactpersoon. …``."""
    fields = ", ".join(f.name for f in spec.fields if f.personal)
    return (
        f"{PERSONAL_NOTE}: {fields}. Alleen voor wie ze voor dit werk nodig heeft, niet doorsturen en na gebruik "
        f"verwijderen. Geëxporteerd door {user[:100]} op {when.astimezone(UTC):%d-%m-%Y %H:%M} UTC."
    )


def export_personal(store: Store, spec: RegisterSpec, frame: pd.DataFrame, output: Path, fmt: Format, user: str) -> None:
    """Write an export WITH personal data: the file opens with :func:`personal_note`, and every exported
    record gets an ``export`` entry in the audit trail, in the same transaction (file and log both, or neither)."""
    user = user.strip() or "onbekend"
    existed = output.exists()
    written = False
    try:
        with Session(store.engine) as session, session.begin():
            session.add_all(export_entries(spec, [int(i) for i in frame[ID_COLUMN]], user[:100], store.now(), output.name))
            session.flush()
            write_table(frame, output, fmt, sheet_name=spec.title, note=personal_note(spec, user, store.now()))
            written = True
    except BaseException:
        if written and not existed:
            output.unlink(missing_ok=True)  # the log failed: the file must not stay behind unlogged
        raise


def import_register_command(settings: Settings, args: argparse.Namespace) -> str:
    """``python -m wijkdata import <register> FILE [--gebruiker NAAM]``: all rows or none."""
    spec = get_spec(args.kind)
    user = getattr(args, "gebruiker", None) or getpass.getuser()
    store = open_store(settings)
    preview, result = import_file(store, spec.kind, Path(args.file), user)
    return (
        f"{count(len(result['created']), spec.singular)} toegevoegd, {len(result['updated'])} gewijzigd, "
        f"{len(preview.unchanged)} ongewijzigd (uit {preview.name})."
    )
