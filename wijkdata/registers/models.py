"""The records database: initiatives, interventions, signals, field notes and their audit trail.

SQLAlchemy 2 declarative models. The schema itself is created and changed only by the Alembic
migrations in :mod:`wijkdata.registers.migrations` (``tests/test_models.py`` checks that both agree).
Every register table shares the bookkeeping columns of :class:`RecordMixin`:

================  ==============================================================================
column            meaning
================  ==============================================================================
``id``            the record's number within its register
``version``       optimistic-locking counter: 1 on insert, +1 on every write (SQLAlchemy's
                  ``version_id_col``, so an UPDATE only succeeds for the version it read)
``fictief``       true for the demo municipality's example records
``created_*``     when (UTC) and by whom the record was made
``updated_*``     when (UTC) and by whom it was last changed
``deleted_*``     soft deletion: set when deleted, cleared when undone; rows are never removed
================  ==============================================================================

Lists (area codes, themes, indicator keys) are JSON arrays of strings. Money is ``Numeric(14, 2)``
in euros. Locations are points in EPSG:28992 (RD New, metres). Timestamps are stored as naive UTC
and come back timezone-aware (:class:`UtcDateTime`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, MetaData, Numeric, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

__all__ = [
    "AuditEntry",
    "Base",
    "Initiatief",
    "Interventie",
    "RecordMixin",
    "Signaal",
    "UtcDateTime",
    "Veldnotitie",
]


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC on every backend and returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so constraints have stable names in migrations."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class RecordMixin:
    """Bookkeeping columns shared by every register table (see the module docstring)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-3)
    version: Mapped[int] = mapped_column(nullable=False, sort_order=-2)
    fictief: Mapped[bool] = mapped_column(nullable=False, default=False, sort_order=-1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, sort_order=1)
    created_by: Mapped[str] = mapped_column(String(100), nullable=False, sort_order=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, sort_order=1)
    updated_by: Mapped[str] = mapped_column(String(100), nullable=False, sort_order=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), sort_order=1)
    deleted_by: Mapped[str | None] = mapped_column(String(100), sort_order=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class Initiatief(RecordMixin, Base):
    """Bottom-up: an initiative by residents or a local organisation."""

    __tablename__ = "initiatieven"

    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    gebieden: Mapped[list[str]] = mapped_column(JSON)
    themas: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(30))
    startdatum: Mapped[date | None] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    initiatiefnemer: Mapped[str] = mapped_column(String(200))
    #: Personal data: never listed, exported only on explicit request.
    contactpersoon: Mapped[str | None] = mapped_column(String(200))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    financieringsbron: Mapped[str | None] = mapped_column(String(200))
    indicatoren: Mapped[list[str]] = mapped_column(JSON)
    locatie_x: Mapped[float | None] = mapped_column(Float)
    locatie_y: Mapped[float | None] = mapped_column(Float)


class Interventie(RecordMixin, Base):
    """Top-down: an intervention or programme by the municipality or a partner."""

    __tablename__ = "interventies"

    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    eigenaar: Mapped[str] = mapped_column(String(200))
    beleidsdomein: Mapped[str] = mapped_column(String(30))
    gebieden: Mapped[list[str]] = mapped_column(JSON)
    startdatum: Mapped[date | None] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    indicatoren: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(30))


class Signaal(RecordMixin, Base):
    """The system: a signal (knelpunt) of what blocks the wijk, and who owns the follow-up."""

    __tablename__ = "signalen"

    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    initiatief_id: Mapped[int | None] = mapped_column(ForeignKey("initiatieven.id"))
    gebieden: Mapped[list[str]] = mapped_column(JSON)
    soort: Mapped[str] = mapped_column(String(30))
    betrokken: Mapped[str] = mapped_column(String(200))
    gemeld_door: Mapped[str] = mapped_column(String(200))
    gemeld_op: Mapped[date] = mapped_column(Date)
    eigenaar_opvolging: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30))
    oplossing: Mapped[str | None] = mapped_column(Text)
    afgehandeld_op: Mapped[date | None] = mapped_column(Date)


class Veldnotitie(RecordMixin, Base):
    """Experiential knowledge of a wijk worker: dated, by theme, with the author's role, never a name."""

    __tablename__ = "veldnotities"

    datum: Mapped[date] = mapped_column(Date)
    gebieden: Mapped[list[str]] = mapped_column(JSON)
    thema: Mapped[str] = mapped_column(String(100))
    tekst: Mapped[str] = mapped_column(Text)
    rol_auteur: Mapped[str] = mapped_column(String(100))


class AuditEntry(Base):
    """One write to a register: who, when (UTC), what, and the changed fields as ``{field: [old, new]}``."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "register", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    register: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
