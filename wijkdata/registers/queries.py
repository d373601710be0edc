"""Reading the registers: every list filter as SQL, and the frames the store hands out.

:func:`record_query` turns the filters of :meth:`wijkdata.registers.store.Store.list` into one
``SELECT … WHERE … ORDER BY``: deleted or current, status, theme (case-insensitive; an element of
a list of themes or the whole of a single theme), gemeente and area. Areas are JSON arrays of codes;
their elements are unnested in the database (``json_each`` on SQLite,
``json_array_elements_text`` on PostgreSQL) and matched by code prefix, as
:func:`wijkdata.codes.overlaps` defines it: a record about ``WK999903`` concerns ``BU99990301``
and the other way round, and both concern ``GM9999``.

:func:`records_frame` and :func:`history_frame` shape the rows as frames with stable columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from wijkdata.codes import clean_code, is_code, level_of
from wijkdata.registers.contract import RegisterSpec
from wijkdata.registers.models import AuditEntry

__all__ = ["BOOKKEEPING", "audit_query", "history_frame", "record_query", "records_frame"]

#: Bookkeeping columns of every record, in the order lists show them.
BOOKKEEPING = ["id", "version", "fictief", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by"]
_PREFIXES = ("GM", "WK", "BU")


def _any_element(dialect: str, column: Any, condition: Any) -> ColumnElement[bool]:
    """True when some element of the JSON array in ``column`` meets ``condition(element)``."""
    function = sa.func.json_array_elements_text if dialect == "postgresql" else sa.func.json_each
    elements = function(column).table_valued("value").alias("element")
    return sa.select(sa.literal(1)).select_from(elements).where(condition(elements.c.value)).exists()


def _in_gemeente(gemeente: str) -> Any:
    gm = clean_code(gemeente)
    if not is_code(gm, "gemeente"):
        return lambda element: sa.false()
    digits = gm[2:]
    return lambda element: sa.or_(element == gm, element.like(f"WK{digits}%"), element.like(f"BU{digits}%"))


def _overlapping(area: str) -> Any:
    code = clean_code(area)
    if level_of(code) is None:
        return lambda element: element == code
    digits = code[2:]
    around = [f"GM{digits[:4]}"] + ([f"WK{digits[:6]}"] if level_of(code) == "buurt" else [])
    around = [c for c in around if c != code]
    return lambda element: sa.or_(*(element.like(f"{p}{digits}%") for p in _PREFIXES), element.in_(around))


def record_query(
    spec: RegisterSpec,
    dialect: str,
    *,
    gemeente: str | None = None,
    area: str | None = None,
    theme: str | None = None,
    status: str | Sequence[str] | None = None,
    deleted: bool = False,
) -> sa.Select[Any]:
    """The ``SELECT`` of the records of ``spec`` that pass every filter, newest first (see the module docstring).

    ``dialect`` is the engine's dialect name (``sqlite`` or ``postgresql``).
    """
    model = spec.model
    query = sa.select(model).where(model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None))
    if gemeente:
        query = query.where(_any_element(dialect, model.gebieden, _in_gemeente(gemeente)))
    if area:
        query = query.where(_any_element(dialect, model.gebieden, _overlapping(area)))
    if theme:
        value = theme.strip().lower()
        column = getattr(model, spec.theme_field)
        if spec.field(spec.theme_field).is_list:
            query = query.where(_any_element(dialect, column, lambda element: sa.func.lower(element) == value))
        else:
            query = query.where(sa.func.lower(column) == value)
    if status and spec.status_field:
        wanted = [status] if isinstance(status, str) else list(status)
        query = query.where(getattr(model, spec.status_field).in_(wanted))
    order = getattr(model, spec.date_field)
    return query.order_by(order.is_(None), order.desc(), model.id.desc())


def records_frame(spec: RegisterSpec, records: Iterable[dict[str, Any]], *, personal: bool = False) -> pd.DataFrame:
    """Records as a frame in the order given.

    Columns: ``id``, ``version``, ``fictief``, the register's fields in spec order (without
    personal data unless ``personal``), then ``created_at`` … ``deleted_by``. Lists stay Python
    lists, dates ``datetime.date``, money ``Float64``, references ``Int64``.
    """
    names = spec.names if personal else spec.public_names
    columns = ["id", "version", "fictief", *names, *BOOKKEEPING[3:]]
    frame = pd.DataFrame([{c: r[c] for c in columns} for r in records], columns=columns)
    for f in spec.fields:
        if f.kind == "money" and f.name in frame:
            frame[f.name] = pd.array([None if v is None else float(v) for v in frame[f.name]], dtype="Float64")
        if f.kind == "ref" and f.name in frame:
            frame[f.name] = pd.array(list(frame[f.name]), dtype="Int64")
    frame["id"] = frame["id"].astype("int64")
    frame["version"] = frame["version"].astype("int64")
    frame["fictief"] = frame["fictief"].astype(bool)
    return frame.reset_index(drop=True)


def audit_query(spec: RegisterSpec, record_id: int) -> sa.Select[Any]:
    """The ``SELECT`` of one record's audit entries, oldest first."""
    return (
        sa.select(AuditEntry)
        .where(AuditEntry.register == spec.kind, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )


def history_frame(entries: Iterable[AuditEntry]) -> pd.DataFrame:
    """Audit entries as a frame: ``at`` (aware UTC), ``actor``, ``action``, ``changes``."""
    rows = [{"at": e.at, "actor": e.actor, "action": e.action, "changes": e.changes} for e in entries]
    return pd.DataFrame(rows, columns=["at", "actor", "action", "changes"])
