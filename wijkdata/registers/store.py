"""The registers' service layer: every read and write of initiatives, interventions, signals and notes.

A :class:`Store` holds an engine and the known areas (an :class:`~wijkdata.areas.AreaIndex`,
injected, so the store never decides which codes exist; it may be given as a function that is
called only when the first write is validated, so reading never pays for it). Lists are filtered
in SQL (:mod:`wijkdata.registers.queries`). Each write runs in one transaction,
checks the record against :mod:`wijkdata.registers.contract`, and writes an :class:`~wijkdata.registers.models.AuditEntry`
(who, when, which fields old → new) in the same transaction.

Optimistic locking: every record has a ``version``. :meth:`Store.update` takes the version the
editor started from; when someone saved in between, it raises :class:`ConflictError` carrying
``mine`` (what this editor wanted) and ``theirs`` (what is stored now), and writes nothing. The
database enforces the same (``UPDATE … WHERE version = …``), so even two writers racing between
check and write cannot overwrite each other. Deletion is soft (``deleted_at``) and undone with
:meth:`Store.undelete`.

Roles (:mod:`wijkdata.access`): a store :meth:`~Store.acting_as` an identity raises ``NotAllowed`` for a
lezer's writes, and for restores and personal data unless beheerder; the trail records the identity's actor.

Records come back as plain dicts (:data:`Record`): the register's fields (see
:mod:`wijkdata.registers.contract`) plus ``id``, ``version``, ``fictief``, ``created_at``, ``created_by``,
``updated_at``, ``updated_by``, ``deleted_at``, ``deleted_by``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wijkdata.access import Identity, require
from wijkdata.areas import AreaIndex
from wijkdata.errors import ConflictError, RecordNotFound, ValidationError, WijkdataError
from wijkdata.registers.audit import audit_entry
from wijkdata.registers.batch import Batch
from wijkdata.registers.checks import same_value
from wijkdata.registers.contract import RegisterSpec, conflict_error, describe, get_spec, merge_values, record_name, validate
from wijkdata.registers.fields import empty
from wijkdata.registers.models import Initiatief, RecordMixin
from wijkdata.registers.queries import BOOKKEEPING, audit_query, history_frame, record_query, records_frame

__all__ = ["BOOKKEEPING", "Areas", "Batch", "Indicators", "Record", "Store", "describe", "same_value"]

#: A record as the store hands it out: field name → Python value.
Record = dict[str, Any]
#: The known areas as a store takes them: an index, a mapping code → name, or a function giving either.
Areas = AreaIndex | Mapping[str, str] | Callable[[], AreaIndex | Mapping[str, str]]
#: The known indicator keys (the catalogue's), or a function giving them; ``None``: any well-formed key.
Indicators = Collection[str] | Callable[[], Collection[str]] | None
_UTCNOW = partial(datetime.now, UTC)


def _index(areas: AreaIndex | Mapping[str, str]) -> AreaIndex:
    return areas if isinstance(areas, AreaIndex) else AreaIndex(areas)


class Store:
    """Create, update, delete, undelete, get, list and trace records of the four registers.

    Parameters
    ----------
    engine
        An engine on a migrated database (see :func:`wijkdata.registers.db.upgrade`).
    areas
        The known area codes (an :class:`AreaIndex` or a mapping code → name), or a function
        returning them, called once when the first write is validated.
    indicators
        The indicator keys a record may name (the catalogue's), or a function returning them,
        called once when first needed; ``None`` accepts every well-formed key.
    now, today
        Clocks, replaceable in tests: ``now()`` an aware UTC timestamp for the audit trail,
        ``today()`` the local date against which "not in the future" is checked.
    identity
        Who is working (see :meth:`acting_as`); ``None``: no limits, the caller names the user.
    """

    def __init__(
        self,
        engine: Engine,
        areas: Areas,
        *,
        now: Callable[[], datetime] = _UTCNOW,
        today: Callable[[], date] = date.today,
        indicators: Indicators = None,
        identity: Identity | None = None,
    ) -> None:
        self.engine = engine
        self.identity = identity
        self._areas: AreaIndex | None = None
        self._area_source: Callable[[], AreaIndex | Mapping[str, str]] | None = None
        if callable(areas) and not isinstance(areas, AreaIndex | Mapping):
            self._area_source = areas
        else:
            self._areas = _index(areas)  # type: ignore[arg-type]
        self.now = now
        self.today = today
        self._indicators = indicators

    @property
    def areas(self) -> AreaIndex:
        """The known areas writes are validated against (looked up on first use when given as a function)."""
        if self._areas is None:
            assert self._area_source is not None
            self._areas = _index(self._area_source())
        return self._areas

    def acting_as(self, identity: Identity) -> Store:
        """This store (same engine and areas) for ``identity``: its role's limits, its actor in the audit trail."""
        bound = copy.copy(self)
        bound.identity = identity
        return bound

    @property
    def sees_personal(self) -> bool:
        """Whether this store hands out personal data (unbound, or bound to a beheerder)."""
        return self.identity is None or self.identity.sees_personal

    def _require(self, action: Any) -> None:
        if self.identity is not None:
            require(self.identity, action)

    @property
    def indicators(self) -> Collection[str] | None:
        """The indicator keys writes are validated against (``None``: any well-formed key)."""
        if callable(self._indicators):
            self._indicators = frozenset(self._indicators())
        return self._indicators

    # --- reading -----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @staticmethod
    def _to_record(obj: RecordMixin) -> Record:
        return {attr.key: getattr(obj, attr.key) for attr in sa.inspect(obj).mapper.column_attrs}

    def _load(self, session: Session, spec: RegisterSpec, record_id: int, *, lock: bool = False) -> RecordMixin:
        obj = session.get(spec.model, record_id, with_for_update=lock or None, populate_existing=lock)
        if obj is None:
            raise RecordNotFound(f"{record_name(spec, record_id)} bestaat niet.")
        return obj

    def get(self, kind: str, record_id: int, *, include_deleted: bool = True) -> Record:
        """One record with all its fields (personal data only when :attr:`sees_personal`: for the edit form).

        Raises :class:`RecordNotFound` when there is no such record, or it is deleted and
        ``include_deleted`` is false.
        """
        spec = get_spec(kind)
        with Session(self.engine) as session:
            obj = self._load(session, spec, record_id)
            if obj.deleted_at is not None and not include_deleted:
                raise RecordNotFound(f"{record_name(spec, record_id)} is verwijderd.")
            return self._visible(spec, self._to_record(obj))

    def _visible(self, spec: RegisterSpec, record: Record) -> Record:
        """``record`` without its personal data unless this store :attr:`sees_personal`."""
        return {k: v for k, v in record.items() if self.sees_personal or k not in spec.personal_names}

    def list(
        self,
        kind: str,
        *,
        gemeente: str | None = None,
        area: str | None = None,
        theme: str | None = None,
        status: str | Sequence[str] | None = None,
        deleted: bool = False,
        personal: bool = False,
    ) -> pd.DataFrame:
        """The records of one register as a frame, newest first.

        Columns: ``id``, ``version``, ``fictief``, the register's fields in spec order (without
        personal data unless ``personal``), then ``created_at`` … ``deleted_by``. Lists stay
        Python lists, dates ``datetime.date``, money ``float``. Filters: ``gemeente`` (a record
        with any area in it), ``area`` (a record about that area, an area inside it, or one
        around it), ``theme`` (the register's theme field contains or equals it), ``status``.
        ``deleted`` lists the deleted records instead of the current ones. Raises
        :class:`NotAllowed` for ``personal`` when the store does not :attr:`sees_personal`.
        """
        spec = get_spec(kind)
        if personal:
            self._require("persoonsgegevens")
        query = record_query(
            spec, self.engine.dialect.name, gemeente=gemeente, area=area, theme=theme, status=status, deleted=deleted
        )
        with Session(self.engine) as session:
            records = [self._to_record(o) for o in session.scalars(query)]
        return records_frame(spec, records, personal=personal)

    def history(self, kind: str, record_id: int) -> pd.DataFrame:
        """The audit trail of one record, oldest first.

        Columns: ``at`` (aware UTC timestamp), ``actor``, ``action`` (create, update, delete,
        undelete, import), ``changes`` (dict field → ``[old, new]``; personal data masked).
        """
        spec = get_spec(kind)
        with Session(self.engine) as session:
            return history_frame(session.scalars(audit_query(spec, record_id)))

    # --- writing -----------------------------------------------------------------------------

    def check(self, kind: str, values: Mapping[str, Any], *, current: Record | None = None) -> tuple[Record, dict[str, str]]:
        """Validate without writing: the fields as they would be stored and every problem (``{}`` if none).

        ``values`` are new fields (as for :meth:`create`), or changes on top of ``current`` (as
        for :meth:`update`). Used by the import preview, which must report all rows at once.
        """
        spec = get_spec(kind)
        full, problems = merge_values(spec, values, current)
        with Session(self.engine) as session:
            try:
                self._check(session, spec, full, problems)
            except ValidationError as exc:
                return full, exc.problems
        return full, {}

    def _check(self, session: Session, spec: RegisterSpec, values: dict[str, Any], problems: dict[str, str]) -> None:
        """Fill derived values, validate, and raise :class:`ValidationError` with every problem."""
        ref = values.get("initiatief_id")
        if "initiatief_id" in spec.names and ref is not None and "initiatief_id" not in problems:
            initiative = session.get(Initiatief, ref)
            if initiative is None or initiative.deleted_at is not None:
                problems["initiatief_id"] = f"initiatief nr. {ref} bestaat niet (of is verwijderd)"
            elif not values.get("gebieden"):
                values["gebieden"] = list(initiative.gebieden)
        for name, reason in validate(spec, values, self.areas, self.today(), self.indicators).items():
            problems.setdefault(name, reason)
        if problems:
            raise ValidationError({name: problems[name] for name in spec.names if name in problems})

    def _user(self, user: str, action: Any = "schrijven") -> str:
        if self.identity is not None:
            require(self.identity, action)
            return self.identity.actor
        user = (user or "").strip()
        if not user:
            raise ValidationError({"gebruiker": "vul uw naam in voor het logboek (wie wijzigde wat)"})
        return user[:100]

    def _create_in(
        self, session: Session, spec: RegisterSpec, values: Mapping[str, Any], user: str, action: str, fictief: bool
    ) -> RecordMixin:
        full, problems = merge_values(spec, values, None)
        if any(not empty(full[n]) for n in spec.personal_names):
            self._require("persoonsgegevens")
        self._check(session, spec, full, problems)
        now = self.now()
        obj = spec.model(**full, fictief=fictief, created_at=now, created_by=user, updated_at=now, updated_by=user)
        session.add(obj)
        session.flush()
        session.add(audit_entry(spec, obj.id, action, user, self.now(), {k: (None, v) for k, v in full.items() if not empty(v)}))
        return obj

    def create(self, kind: str, values: Mapping[str, Any], user: str, *, fictief: bool = False) -> Record:
        """Add one record; returns it with its new ``id`` and ``version`` 1.

        ``values`` maps field names to Python values or spreadsheet text (parsed as the import
        does); missing fields are empty or take the register's default (e.g. status).

        Raises
        ------
        ValidationError
            With every problem (unknown area, end before start, negative budget, …); nothing is written.
        """
        spec = get_spec(kind)
        user = self._user(user)
        with self._transaction() as session:
            obj = self._create_in(session, spec, values, user, "create", fictief)
        return self._to_record(obj)

    def _update_in(
        self,
        session: Session,
        spec: RegisterSpec,
        record_id: int,
        changes: Mapping[str, Any],
        expected_version: int,
        user: str,
        action: str,
    ) -> tuple[RecordMixin, bool]:
        obj = self._load(session, spec, record_id, lock=True)
        current = self._to_record(obj)
        full, problems = merge_values(spec, changes, current)
        normal = {k: full[k] for k in changes if k not in problems}
        if obj.version != expected_version:
            mine = {**{k: changes[k] for k in changes}, **normal, "id": record_id, "version": expected_version}
            raise conflict_error(spec, self._visible(spec, current), mine, expected_version)
        if obj.deleted_at is not None:
            raise RecordNotFound(f"{record_name(spec, record_id)} is verwijderd; zet het eerst terug om het te wijzigen.")
        self._check(session, spec, full, problems)
        diff = {n: (current[n], full[n]) for n in spec.names if not same_value(current[n], full[n])}
        if not diff:
            return obj, False
        if set(diff) & set(spec.personal_names):
            self._require("persoonsgegevens")
        for name, (_, new) in diff.items():
            setattr(obj, name, new)
        obj.updated_at, obj.updated_by = self.now(), user
        session.flush()
        session.add(audit_entry(spec, record_id, action, user, self.now(), diff))
        return obj, True

    def update(self, kind: str, record_id: int, changes: Mapping[str, Any], expected_version: int, user: str) -> Record:
        """Change fields of one record that the editor opened at ``expected_version``.

        Returns the stored record (``version`` + 1, or unchanged when nothing differed).

        Raises
        ------
        ConflictError
            When the record's version is no longer ``expected_version``: someone else saved (or
            deleted) it since. ``mine`` holds this editor's values, ``theirs`` the stored record.
        ValidationError
            When the changed record breaks a rule. Nothing is written.
        RecordNotFound
            When the record does not exist or is deleted.
        """
        spec = get_spec(kind)
        user = self._user(user)
        try:
            with self._transaction() as session:
                obj, _ = self._update_in(session, spec, record_id, changes, expected_version, user, "update")
        except StaleDataError:  # a writer slipped in between our check and our UPDATE
            mine = {**changes, "id": record_id, "version": expected_version}
            raise conflict_error(spec, self.get(kind, record_id), mine, expected_version) from None
        return self._to_record(obj)

    def _set_deleted(self, kind: str, record_id: int, user: str, deleted: bool, expected_version: int | None) -> Record:
        spec = get_spec(kind)
        user = self._user(user, "schrijven" if deleted else "terugzetten")
        try:
            with self._transaction() as session:
                obj = self._load(session, spec, record_id, lock=True)
                if expected_version is not None and obj.version != expected_version:
                    mine = {"id": record_id, "version": expected_version}
                    raise conflict_error(spec, self._visible(spec, self._to_record(obj)), mine, expected_version)
                name = record_name(spec, record_id)
                if deleted and obj.deleted_at is not None:
                    raise WijkdataError(f"{name} is al verwijderd.")
                if not deleted and obj.deleted_at is None:
                    raise WijkdataError(f"{name} is niet verwijderd.")
                now = self.now()
                old = (obj.deleted_at, obj.deleted_by)
                obj.deleted_at, obj.deleted_by = (now, user) if deleted else (None, None)
                obj.updated_at, obj.updated_by = now, user
                session.flush()
                changed = {"deleted_at": (old[0], obj.deleted_at), "deleted_by": (old[1], obj.deleted_by)}
                session.add(audit_entry(spec, record_id, "delete" if deleted else "undelete", user, self.now(), changed))
        except StaleDataError:
            theirs = self.get(kind, record_id)
            raise conflict_error(spec, theirs, {"id": record_id, "version": expected_version}, expected_version or 0) from None
        return self._to_record(obj)

    def delete(self, kind: str, record_id: int, user: str, expected_version: int | None = None) -> Record:
        """Soft-delete a record (it leaves lists and exports; :meth:`undelete` brings it back).

        Raises :class:`ConflictError` when ``expected_version`` is given and outdated,
        :class:`RecordNotFound` when there is no such record, :class:`WijkdataError` when it
        is deleted already.
        """
        return self._set_deleted(kind, record_id, user, True, expected_version)

    def undelete(self, kind: str, record_id: int, user: str) -> Record:
        """Bring a soft-deleted record back. Raises :class:`WijkdataError` when it is not deleted."""
        return self._set_deleted(kind, record_id, user, False, None)

    @contextmanager
    def batch(self, user: str, *, action: str = "create") -> Iterator[Batch]:
        """Several writes in ONE transaction: all of them, or (on any error) none.

        ``with store.batch("Ans", action="import") as b: b.create(...); b.update(...)``. The
        audit trail records each write with ``action``. A :class:`ValidationError`,
        :class:`ConflictError` or database error inside the block rolls everything back.
        """
        user = self._user(user)
        try:
            with self._transaction() as session:
                yield Batch(self, session, user, action)
        except StaleDataError:  # a writer slipped in between a version check and its UPDATE
            raise ConflictError(
                "Een record is tijdens het opslaan door iemand anders gewijzigd; er is niets opgeslagen. Probeer het opnieuw."
            ) from None

    def create_many(self, kind: str, rows: Sequence[Mapping[str, Any]], user: str, *, fictief: bool = False) -> list[int]:
        """Add several records in one transaction: all of them, or none. Returns their ids."""
        with self.batch(user) as b:
            return [b.create(kind, row, fictief=fictief) for row in rows]
