"""The audit trail of the registers: one :class:`~wijkdata.registers.models.AuditEntry` per write.

An entry says who, when (UTC), which action, and the changed fields as ``{field: [old, new]}``
in JSON-safe values (dates as ``jjjj-mm-dd``, money as text). Personal data never enters the
trail: its values are replaced by ``(persoonsgegeven)`` (or ``None`` when empty).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from wijkdata.registers.contract import RegisterSpec
from wijkdata.registers.fields import empty
from wijkdata.registers.models import AuditEntry

__all__ = ["PERSONAL_MASK", "audit_entry", "export_entries", "jsonable"]

#: What the trail shows instead of a personal value.
PERSONAL_MASK = "(persoonsgegeven)"


def jsonable(value: Any) -> Any:
    """``value`` as JSON can hold it: dates and timestamps ISO, money as text, lists element-wise."""
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def audit_entry(
    spec: RegisterSpec, record_id: int, action: str, user: str, at: datetime, changes: Mapping[str, tuple[Any, Any]]
) -> AuditEntry:
    """The (unsaved) audit entry of one write: ``changes`` maps field → ``(old, new)``; personal data masked."""
    masked = {}
    for name, (old, new) in changes.items():
        if name in spec.names and spec.field(name).personal:
            old, new = (None if empty(old) else PERSONAL_MASK), (None if empty(new) else PERSONAL_MASK)
        masked[name] = [jsonable(old), jsonable(new)]
    return AuditEntry(register=spec.kind, record_id=record_id, action=action, actor=user, at=at, changes=masked)


def export_entries(spec: RegisterSpec, record_ids: list[int], user: str, at: datetime, target: str) -> list[AuditEntry]:
    """The (unsaved) audit entries of an export WITH personal data: one per exported record, action
    ``export``, saying which personal fields left and to which file (never their values)."""
    fields = ", ".join(f.name for f in spec.fields if f.personal)
    change = {"persoonsgegevens": [None, f"{fields} geëxporteerd naar {target}"]}
    return [AuditEntry(register=spec.kind, record_id=i, action="export", actor=user, at=at, changes=change) for i in record_ids]
