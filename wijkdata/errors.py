"""Errors that Wijkdata shows to people.

Every error a user can cause or meet (a CBS outage, an unknown code, a malformed file) is a
:class:`WijkdataError`. Its ``str()`` is a complete, user-ready Dutch sentence; the context that
produced it travels along as attributes, so tests and logs need not parse the message. The app
(``st.error``) and the command line (one line on stderr, exit status 1) show that sentence and
nothing else. Anything that is not a ``WijkdataError`` is a bug and surfaces as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AddressNotFound",
    "CacheError",
    "CbsDataError",
    "CbsError",
    "CbsTableNotFound",
    "CbsUnavailable",
    "ConfigError",
    "ConflictError",
    "DatabaseUnavailable",
    "GeoError",
    "IncompleteGemeente",
    "InputFileError",
    "LocatieserverUnavailable",
    "NotAllowed",
    "NotCached",
    "PdokUnavailable",
    "RecordNotFound",
    "RolesFileError",
    "RowError",
    "UnknownArea",
    "UnknownGemeente",
    "ValidationError",
    "WijkdataError",
]


class WijkdataError(Exception):
    """Base class: a problem with a Dutch message fit to show to a user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(WijkdataError):
    """Raised when a ``WIJKDATA_*`` setting holds something unusable."""


class CbsError(WijkdataError):
    """Raised when CBS data cannot be obtained; subclasses say why."""


class CbsUnavailable(CbsError):
    """Raised when CBS cannot be reached, times out, or answers with an HTTP error."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class CbsTableNotFound(CbsError):
    """Raised when no Kerncijfers wijken en buurten table is known for a requested year."""

    def __init__(self, message: str, *, year: int | None = None, table_id: str = "") -> None:
        super().__init__(message)
        self.year = year
        self.table_id = table_id


class CbsDataError(CbsError):
    """Raised when CBS answers with data Wijkdata cannot interpret (missing columns, wrong year)."""


class IncompleteGemeente(CbsDataError):
    """Raised when CBS sends a gemeente's own row but none of its wijken and buurten.

    Every gemeente CBS publishes has wijken and buurten; without them a pull would leave empty
    maps, profiles and exports behind while looking successful, so nothing is stored.
    """

    def __init__(self, message: str, *, gemeente: str = "", year: int | None = None, table_id: str = "") -> None:
        super().__init__(message)
        self.gemeente = gemeente
        self.year = year
        self.table_id = table_id


class UnknownGemeente(WijkdataError):
    """Raised when a gemeente code is malformed or CBS does not publish it."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class UnknownArea(WijkdataError):
    """Raised when a wijk or buurt code is not known in the figures at hand."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class NotCached(WijkdataError):
    """Raised when figures or boundaries are asked for that were never pulled or imported."""

    def __init__(self, message: str, *, gemeente: str = "", year: int | None = None) -> None:
        super().__init__(message)
        self.gemeente = gemeente
        self.year = year


class CacheError(WijkdataError):
    """Raised when the local cache is unreadable (a damaged file, a manifest that lies)."""


class GeoError(WijkdataError):
    """Raised when boundaries cannot be fetched, read or joined."""


class PdokUnavailable(GeoError):
    """Raised when PDOK cannot be reached, times out, or answers with an HTTP error."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class LocatieserverUnavailable(PdokUnavailable):
    """Raised when PDOK's address search (the Locatieserver) cannot be reached, times out, or answers with an HTTP error."""


class AddressNotFound(GeoError):
    """Raised when an address search is empty or finds nothing (``query`` holds what was asked)."""

    def __init__(self, message: str, *, query: str = "") -> None:
        super().__init__(message)
        self.query = query


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an input file (row numbers as a spreadsheet shows them)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"rij {self.row}" + (f", kolom '{self.column}'" if self.column else "")
        return f"{where}: {self.reason}"


class InputFileError(WijkdataError):
    """Raised when a file given to import cannot be read or has rows at fault.

    ``errors`` holds every problem found (all rows are checked, not only the first bad one).
    """

    def __init__(self, message: str, *, errors: Sequence[RowError] = (), path: str = "") -> None:
        self.errors = list(errors)
        self.path = path
        if self.errors:
            shown = "; ".join(str(e) for e in self.errors[:10])
            more = f" (en nog {len(self.errors) - 10} fouten)" if len(self.errors) > 10 else ""
            message = f"{message} {shown}{more}"
        super().__init__(message)


class ValidationError(WijkdataError):
    """Raised when a record breaks a rule (unknown area, end before start, negative budget).

    ``problems`` maps a field name to its Dutch explanation; all problems are collected.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        text = "; ".join(self.problems.values())
        super().__init__(f"Niet opgeslagen: {text}")


class ConflictError(WijkdataError):
    """Raised when a record was changed by someone else since it was opened for editing.

    ``mine`` and ``theirs`` hold both versions so neither is lost.
    """

    def __init__(self, message: str, *, mine: dict | None = None, theirs: dict | None = None) -> None:
        super().__init__(message)
        self.mine = mine or {}
        self.theirs = theirs or {}


class DatabaseUnavailable(WijkdataError):
    """Raised when the records database cannot be reached, is locked too long, or is damaged.

    ``database`` names it for people (a file path or ``host:port/name``, never a password).
    """

    def __init__(self, message: str, *, database: str = "") -> None:
        super().__init__(message)
        self.database = database


class RecordNotFound(WijkdataError):
    """Raised when a record id does not exist (or was deleted, where that matters)."""


class NotAllowed(WijkdataError):
    """Raised when the signed-in person's role does not allow an action (a lezer writing, a
    redacteur restoring or asking for personal data). ``role`` and ``action`` say which."""

    def __init__(self, message: str, *, role: str = "", action: str = "") -> None:
        super().__init__(message)
        self.role = role
        self.action = action


class RolesFileError(ConfigError):
    """Raised when the roles file (``WIJKDATA_ROLLEN``) is missing or malformed; ``path`` names it."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path
