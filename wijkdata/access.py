"""Who may do what in the registers: roles, the roles file, identities and the rules.

Pure: no Streamlit, no database. The app (:mod:`ui.auth`) turns a signed-in person (``st.user``)
into an :class:`Identity`; the store (:class:`wijkdata.registers.store.Store`) enforces the rules
with :func:`require`, so no path around the forms (an import, a batch, an undelete) escapes them.

Roles, from least to most:

==============  =====================================================================
``lezer``       reads the registers, without personal data; changes nothing
``redacteur``   also adds, edits, deletes and imports records, without personal data
``beheerder``   also restores deleted records, sees and exports personal data (logged)
==============  =====================================================================

The roles file (``WIJKDATA_ROLLEN``, TOML)::

    [rollen]
    redacteur = ["redacteur@voorbeeld.nl", "@wijkteam.voorbeeld.nl"]
    beheerder = ["beheer@voorbeeld.nl"]

An entry starting with ``@`` matches every address of that domain (exactly that domain, not its
subdomains); addresses compare case-insensitively; beheerder beats redacteur; a signed-in person
who is not listed is a lezer. Without sign-in configured the app runs in local mode: one person on
the machine itself, who acts as beheerder and is recorded as ``lokaal (beheerder)``. The command
line, a tool of the server's administrator, records ``opdrachtregel (beheerder)``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wijkdata.errors import NotAllowed, RolesFileError

__all__ = [
    "BEHEERDER",
    "LEZER",
    "REDACTEUR",
    "ROLES",
    "Action",
    "Identity",
    "RoleRules",
    "command_line_identity",
    "load_roles",
    "local_identity",
    "parse_roles",
    "require",
    "signed_in_identity",
]

LEZER, REDACTEUR, BEHEERDER = "lezer", "redacteur", "beheerder"
#: The roles, least to most.
ROLES: tuple[str, ...] = (LEZER, REDACTEUR, BEHEERDER)
#: What :func:`require` checks: writing records, restoring deleted ones, personal data.
Action = Literal["schrijven", "terugzetten", "persoonsgegevens"]
_LEAST_ROLE: dict[str, str] = {"schrijven": REDACTEUR, "terugzetten": BEHEERDER, "persoonsgegevens": BEHEERDER}
_REFUSAL: dict[str, str] = {
    "schrijven": "Als {role} kunt u de registers lezen maar niets toevoegen, wijzigen, verwijderen of importeren.",
    "terugzetten": "Alleen een beheerder kan verwijderde records terugzetten; u bent {role}.",
    "persoonsgegevens": "Alleen een beheerder ziet en wijzigt persoonsgegevens (zoals de contactpersoon); u bent {role}.",
}


@dataclass(frozen=True)
class Identity:
    """Who is working: ``role`` (one of :data:`ROLES`), and for a signed-in person ``email`` and ``name``.

    ``mode`` is ``"ingelogd"`` (signed in with the municipality's account), ``"lokaal"`` (local
    mode, no sign-in configured) or ``"opdrachtregel"`` (the command line).
    """

    role: str
    email: str = ""
    name: str = ""
    mode: Literal["ingelogd", "lokaal", "opdrachtregel"] = "ingelogd"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {ROLES}")

    @property
    def actor(self) -> str:
        """What the audit trail records: the e-mail of a signed-in person, else ``"lokaal (beheerder)"`` etc."""
        if self.mode == "ingelogd":
            return self.email[:100]
        return f"{self.mode} ({self.role})"

    def may(self, action: Action) -> bool:
        """Whether this identity's role allows ``action`` (``"schrijven"``, ``"terugzetten"``, ``"persoonsgegevens"``)."""
        return ROLES.index(self.role) >= ROLES.index(_LEAST_ROLE[action])

    @property
    def may_write(self) -> bool:
        """True for redacteur and beheerder: add, edit, delete, import."""
        return self.may("schrijven")

    @property
    def may_restore(self) -> bool:
        """True for a beheerder: restore deleted records."""
        return self.may("terugzetten")

    @property
    def sees_personal(self) -> bool:
        """True for a beheerder: see, change and export personal data."""
        return self.may("persoonsgegevens")


def require(identity: Identity, action: Action) -> None:
    """Return nothing when ``identity`` may do ``action``.

    Raises
    ------
    NotAllowed
        With a Dutch sentence naming the role, when it may not.
    """
    if not identity.may(action):
        raise NotAllowed(_REFUSAL[action].format(role=identity.role), role=identity.role, action=action)


def local_identity() -> Identity:
    """The one person of local mode (no sign-in configured): a beheerder, recorded as ``lokaal (beheerder)``."""
    return Identity(role=BEHEERDER, mode="lokaal")


def command_line_identity() -> Identity:
    """The command line, an administrator's tool on the server: recorded as ``opdrachtregel (beheerder)``."""
    return Identity(role=BEHEERDER, mode="opdrachtregel")


@dataclass(frozen=True)
class RoleRules:
    """The roles file as read: the entries (lower-cased) of redacteur and beheerder."""

    redacteur: tuple[str, ...] = ()
    beheerder: tuple[str, ...] = ()

    def role_of(self, email: str) -> str:
        """The role of ``email``: beheerder beats redacteur; not listed (or no e-mail) → lezer."""
        address = (email or "").strip().lower()
        if "@" not in address:
            return LEZER
        for role in (BEHEERDER, REDACTEUR):
            if any(_matches(entry, address) for entry in getattr(self, role)):
                return role
        return LEZER


def _matches(entry: str, address: str) -> bool:
    if entry.startswith("@"):
        return address.rpartition("@")[2] == entry[1:]
    return address == entry


def signed_in_identity(email: str, name: str, rules: RoleRules) -> Identity:
    """The identity of a person signed in as ``email`` (their role from ``rules``)."""
    address = (email or "").strip()
    return Identity(role=rules.role_of(address), email=address.lower(), name=(name or "").strip())


def parse_roles(text: str, source: str = "WIJKDATA_ROLLEN") -> RoleRules:
    """Read a roles file's text (TOML with a ``[rollen]`` table); returns its :class:`RoleRules`.

    Raises
    ------
    RolesFileError
        When the text is not TOML, lacks ``[rollen]``, names an unknown role, or holds an entry
        that is neither an e-mail address nor ``@domein``; the message names every problem.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesFileError(f"Het rollenbestand {source} is geen geldige TOML: {exc}.", path=source) from None
    table = data.get("rollen")
    if not isinstance(table, dict):
        raise RolesFileError(f"Het rollenbestand {source} mist de tabel [rollen].", path=source)
    problems: list[str] = []
    found: dict[str, tuple[str, ...]] = {}
    for role, entries in table.items():
        if role not in (REDACTEUR, BEHEERDER):
            problems.append(f"onbekende rol '{role}' (alleen redacteur en beheerder)")
            continue
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            problems.append(f"{role} moet een lijst van e-mailadressen zijn")
            continue
        cleaned = tuple(e.strip().lower() for e in entries)
        problems += [f"'{e}' bij {role} is geen e-mailadres of @domein" for e in cleaned if not _valid_entry(e)]
        found[role] = cleaned
    if problems:
        raise RolesFileError(f"Het rollenbestand {source} klopt niet: {'; '.join(problems)}.", path=source)
    return RoleRules(**found)


def _valid_entry(entry: str) -> bool:
    local, at, domain = entry.rpartition("@")
    return bool(at) and "." in domain and " " not in entry and entry.count("@") == 1 and (bool(local) or entry.startswith("@"))


def load_roles(path: Path | None) -> RoleRules:
    """The roles from the file at ``path``; ``None`` (no ``WIJKDATA_ROLLEN``): nobody listed, all lezer.

    Raises
    ------
    RolesFileError
        When the file cannot be read or is malformed (see :func:`parse_roles`).
    """
    if path is None:
        return RoleRules()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesFileError(f"Het rollenbestand {path} (WIJKDATA_ROLLEN) is niet te lezen: {exc}.", path=str(path)) from None
    return parse_roles(text, str(path))
