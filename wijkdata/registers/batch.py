"""Writes inside one transaction of :meth:`wijkdata.registers.store.Store.batch`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from wijkdata.registers.contract import get_spec

__all__ = ["Batch"]


class Batch:
    """Writes inside one transaction of :meth:`Store.batch` (the store's rules and roles apply to each)."""

    def __init__(self, store: Any, session: Session, user: str, action: str) -> None:
        self._store, self._session, self._user, self._action = store, session, user, action

    def create(self, kind: str, values: Mapping[str, Any], *, fictief: bool = False) -> int:
        """Add a record (as :meth:`Store.create`); returns its id."""
        return self._store._create_in(self._session, get_spec(kind), values, self._user, self._action, fictief).id

    def update(self, kind: str, record_id: int, changes: Mapping[str, Any], expected_version: int) -> bool:
        """Change a record (as :meth:`Store.update`); returns whether anything differed."""
        return self._store._update_in(
            self._session, get_spec(kind), record_id, changes, expected_version, self._user, self._action
        )[1]
