"""The records database: initiatives, interventions, signals, field notes and their audit trail.

SQLAlchemy 2 declarative models. Every register column is derived from the one field contract in
:mod:`wijkdata.registers.fields` (:func:`field_column`: type, ``VARCHAR`` length, nullability), so
the database never holds less than validation lets through. The schema itself is created and changed only by the Alembic
migrations in :mod:`wijkdata.registers.migrations` (``tests/registers/test_models.py`` checks that both agree).
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

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, Numeric, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, declared_attr, mapped_column
from sqlalchemy.types import TypeEngine

from wijkdata.registers.fields import FIELDS, Field

__all__ = [
    "AuditEntry",
    "Base",
    "Initiatief",
    "Interventie",
    "RecordMixin",
    "Signaal",
    "UtcDateTime",
    "Veldnotitie",
    "column_type",
    "field_column",
]


#: The table every reference field (kind ``ref``) points to.
REFERENCED_TABLE = "initiatieven"


def column_type(f: Field) -> TypeEngine[Any]:
    """The SQL type of field ``f``: ``VARCHAR(max_length)`` for text and choices, ``TEXT`` for long
    text, ``DATE``, ``NUMERIC(14, 2)`` for money, ``FLOAT`` for coordinates, ``JSON`` for lists,
    ``INTEGER`` for references."""
    if f.kind in ("text", "choice"):
        return String(f.max_length)
    simple: dict[str, TypeEngine[Any]] = {"longtext": Text(), "date": Date(), "money": Numeric(14, 2), "coord": Float()}
    if f.kind in simple:
        return simple[f.kind]
    if f.is_list:
        return JSON()
    if f.kind == "ref":
        return Integer()
    raise ValueError(f"no column type for field kind {f.kind!r}")


def field_column(kind: str, name: str) -> MappedColumn[Any]:
    """The column of field ``name`` of register ``kind``, exactly as :data:`FIELDS` declares it."""
    f = next(f for f in FIELDS[kind] if f.name == name)
    if f.kind == "ref":
        return mapped_column(column_type(f), ForeignKey(f"{REFERENCED_TABLE}.id"), nullable=f.nullable)
    return mapped_column(column_type(f), nullable=f.nullable)


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

    titel: Mapped[str] = field_column("initiatieven", "titel")
    omschrijving: Mapped[str | None] = field_column("initiatieven", "omschrijving")
    gebieden: Mapped[list[str]] = field_column("initiatieven", "gebieden")
    themas: Mapped[list[str]] = field_column("initiatieven", "themas")
    status: Mapped[str] = field_column("initiatieven", "status")
    startdatum: Mapped[date | None] = field_column("initiatieven", "startdatum")
    einddatum: Mapped[date | None] = field_column("initiatieven", "einddatum")
    initiatiefnemer: Mapped[str] = field_column("initiatieven", "initiatiefnemer")
    #: Personal data: never listed, exported only on explicit request.
    contactpersoon: Mapped[str | None] = field_column("initiatieven", "contactpersoon")
    budget: Mapped[Decimal | None] = field_column("initiatieven", "budget")
    financieringsbron: Mapped[str | None] = field_column("initiatieven", "financieringsbron")
    indicatoren: Mapped[list[str]] = field_column("initiatieven", "indicatoren")
    locatie_x: Mapped[float | None] = field_column("initiatieven", "locatie_x")
    locatie_y: Mapped[float | None] = field_column("initiatieven", "locatie_y")


class Interventie(RecordMixin, Base):
    """Top-down: an intervention or programme by the municipality or a partner."""

    __tablename__ = "interventies"

    titel: Mapped[str] = field_column("interventies", "titel")
    omschrijving: Mapped[str | None] = field_column("interventies", "omschrijving")
    eigenaar: Mapped[str] = field_column("interventies", "eigenaar")
    beleidsdomein: Mapped[str] = field_column("interventies", "beleidsdomein")
    gebieden: Mapped[list[str]] = field_column("interventies", "gebieden")
    startdatum: Mapped[date | None] = field_column("interventies", "startdatum")
    einddatum: Mapped[date | None] = field_column("interventies", "einddatum")
    budget: Mapped[Decimal | None] = field_column("interventies", "budget")
    indicatoren: Mapped[list[str]] = field_column("interventies", "indicatoren")
    status: Mapped[str] = field_column("interventies", "status")


class Signaal(RecordMixin, Base):
    """The system: a signal (knelpunt) of what blocks the wijk, and who owns the follow-up."""

    __tablename__ = "signalen"

    titel: Mapped[str] = field_column("signalen", "titel")
    omschrijving: Mapped[str | None] = field_column("signalen", "omschrijving")
    initiatief_id: Mapped[int | None] = field_column("signalen", "initiatief_id")
    gebieden: Mapped[list[str]] = field_column("signalen", "gebieden")
    soort: Mapped[str] = field_column("signalen", "soort")
    betrokken: Mapped[str] = field_column("signalen", "betrokken")
    gemeld_door: Mapped[str] = field_column("signalen", "gemeld_door")
    gemeld_op: Mapped[date] = field_column("signalen", "gemeld_op")
    eigenaar_opvolging: Mapped[str | None] = field_column("signalen", "eigenaar_opvolging")
    status: Mapped[str] = field_column("signalen", "status")
    oplossing: Mapped[str | None] = field_column("signalen", "oplossing")
    afgehandeld_op: Mapped[date | None] = field_column("signalen", "afgehandeld_op")


class Veldnotitie(RecordMixin, Base):
    """Experiential knowledge of a wijk worker: dated, by theme, with the author's role, never a name."""

    __tablename__ = "veldnotities"

    datum: Mapped[date] = field_column("veldnotities", "datum")
    gebieden: Mapped[list[str]] = field_column("veldnotities", "gebieden")
    thema: Mapped[str] = field_column("veldnotities", "thema")
    tekst: Mapped[str] = field_column("veldnotities", "tekst")
    rol_auteur: Mapped[str] = field_column("veldnotities", "rol_auteur")


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
