"""The contract of each register: its model, fields, rules, and the one :func:`validate`.

One :class:`RegisterSpec` per register (:data:`REGISTERS`, keyed by ``initiatieven``,
``interventies``, ``signalen``, ``veldnotities``) says which fields a record has (declared once in
:mod:`wijkdata.registers.fields`, from which the models derive their columns), which rules tie
fields together (:mod:`wijkdata.registers.checks`), and which model stores it. The store validates
with :func:`validate`, the import reads spreadsheet cells with :func:`parse_cell`, the pages build
forms and lists from the same specs, so a rule is written once.

Values in a record are Python values: ``str``, ``datetime.date``, ``decimal.Decimal`` (money),
``float`` (coordinates), ``int`` (references), and ``list[str]`` (areas, themes, indicators).
Problems are collected, never stopped at the first, as ``{field: Dutch reason}``; reasons start
lower-case so they read well after "rij 3, kolom 'gebieden': ".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from wijkdata.errors import ConflictError, WijkdataError
from wijkdata.registers.checks import (
    Rule,
    check_field,
    end_after_start,
    format_date,
    format_money,
    location,
    no_personal_data,
    not_in_future,
    parse_cell,
    same_value,
    signal_follow_up,
)
from wijkdata.registers.fields import FIELDS, THEMES, Field, empty
from wijkdata.registers.models import Initiatief, Interventie, RecordMixin, Signaal, Veldnotitie

if TYPE_CHECKING:
    from wijkdata.areas import AreaIndex

__all__ = [
    "merge_values",
    "BOOKKEEPING_LABELS",
    "REGISTERS",
    "THEMES",
    "Field",
    "RegisterSpec",
    "conflict_error",
    "describe",
    "empty",
    "format_date",
    "format_money",
    "get_spec",
    "parse_cell",
    "record_name",
    "validate",
]


@dataclass(frozen=True)
class RegisterSpec:
    """A register: its model, fields, and the rules that tie fields together."""

    kind: str
    singular: str  # "initiatief"
    article: str  # "het" or "de"
    title: str  # "Initiatieven"
    model: type[RecordMixin]
    fields: tuple[Field, ...]
    theme_field: str
    status_field: str | None = "status"
    date_field: str = "startdatum"  # to sort the list by
    rules: tuple[Rule, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        """The field called ``name`` (``KeyError`` if there is none)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Field names in display order."""
        return [f.name for f in self.fields]

    @property
    def public_names(self) -> list[str]:
        """Field names without personal data: what lists and default exports show."""
        return [f.name for f in self.fields if not f.personal]

    @property
    def personal_names(self) -> list[str]:
        """Field names of personal data (``Field.personal``): only a beheerder sees or changes them."""
        return [f.name for f in self.fields if f.personal]

    def label(self, name: str) -> str:
        """The Dutch label of a field or bookkeeping column."""
        try:
            return self.field(name).label
        except KeyError:
            return BOOKKEEPING_LABELS.get(name, name)


#: Dutch labels of the bookkeeping columns every register has.
BOOKKEEPING_LABELS: dict[str, str] = {
    "id": "Nr.",
    "version": "Versie",
    "fictief": "Fictief",
    "created_at": "Aangemaakt",
    "created_by": "Aangemaakt door",
    "updated_at": "Gewijzigd",
    "updated_by": "Gewijzigd door",
    "deleted_at": "Verwijderd",
    "deleted_by": "Verwijderd door",
}


def validate(
    spec: RegisterSpec,
    values: Mapping[str, Any],
    areas: AreaIndex,
    today: date | None = None,
    indicators: Collection[str] | None = None,
) -> dict[str, str]:
    """Every problem of one record, as ``{field: Dutch reason}``; empty when the record is valid.

    Checks required fields, control characters, text length, allowed values, amounts (not
    negative, at most :data:`~wijkdata.registers.checks.MAX_MONEY`), dates in 1900–2100, known
    area codes (against ``areas``), indicator keys (against ``indicators``, the catalogue's keys,
    when given), and the register's own rules (end not before start, dates not in the future, …).
    References to other records are checked by the store.
    """
    today = today or date.today()
    problems: dict[str, str] = {}
    for f in spec.fields:
        reason = check_field(f, values.get(f.name), areas, indicators)
        if reason:
            problems[f.name] = reason
    for rule in spec.rules:
        for name, reason in rule(values, today).items():
            problems.setdefault(name, reason)
    return problems


_PERIOD = end_after_start("startdatum", "einddatum", "startdatum", "einddatum")

INITIATIEVEN = RegisterSpec(
    kind="initiatieven",
    singular="initiatief",
    article="het",
    title="Initiatieven",
    model=Initiatief,
    theme_field="themas",
    fields=FIELDS["initiatieven"],
    rules=(_PERIOD, location),
    defaults={"status": "idee"},
)

INTERVENTIES = RegisterSpec(
    kind="interventies",
    singular="interventie",
    article="de",
    title="Interventies",
    model=Interventie,
    theme_field="beleidsdomein",
    fields=FIELDS["interventies"],
    rules=(_PERIOD,),
    defaults={"status": "gepland"},
)

SIGNALEN = RegisterSpec(
    kind="signalen",
    singular="signaal",
    article="het",
    title="Signalen",
    model=Signaal,
    theme_field="soort",
    date_field="gemeld_op",
    fields=FIELDS["signalen"],
    rules=(
        not_in_future("gemeld_op", "meldingsdatum"),
        end_after_start("gemeld_op", "afgehandeld_op", "de meldingsdatum", "afhandeldatum"),
        signal_follow_up,
    ),
    defaults={"status": "nieuw"},
)

VELDNOTITIES = RegisterSpec(
    kind="veldnotities",
    singular="veldnotitie",
    article="de",
    title="Veldnotities",
    model=Veldnotitie,
    theme_field="thema",
    status_field=None,
    date_field="datum",
    fields=FIELDS["veldnotities"],
    rules=(not_in_future("datum", "datum"), no_personal_data("tekst", "rol_auteur")),
)

#: All registers by kind, in menu order.
REGISTERS: dict[str, RegisterSpec] = {s.kind: s for s in (INITIATIEVEN, INTERVENTIES, SIGNALEN, VELDNOTITIES)}


def get_spec(kind: str) -> RegisterSpec:
    """The spec of register ``kind``.

    Raises
    ------
    WijkdataError
        When ``kind`` is not one of :data:`REGISTERS`.
    """
    try:
        return REGISTERS[kind]
    except KeyError:
        raise WijkdataError(f"Onbekend register '{kind}'; kies uit: {', '.join(REGISTERS)}.") from None


def record_name(spec: RegisterSpec, record_id: int) -> str:
    """``Het initiatief met nr. 3``: how messages name a record."""
    return f"{spec.article.capitalize()} {spec.singular} met nr. {record_id}"


def describe(spec: RegisterSpec, record: Mapping[str, Any]) -> str:
    """A one-line name for a record: its title, or for a note its date and theme."""
    if record.get("titel"):
        return str(record["titel"])
    return f"{format_date(record.get('datum'))} {record.get('thema') or ''}".strip()


def conflict_error(spec: RegisterSpec, theirs: Mapping[str, Any], mine: dict[str, Any], expected_version: int) -> ConflictError:
    """The Dutch :class:`ConflictError` when someone saved a record since this editor opened ``expected_version``.

    ``theirs`` is the stored record, ``mine`` what this editor wanted; the message names who saved
    when, and which fields differ.
    """
    differing = [spec.label(n) for n in spec.names if n in mine and not same_value(mine[n], theirs.get(n))]
    when = theirs["updated_at"].astimezone(UTC).strftime("%d-%m-%Y %H:%M UTC")
    gone = " en verwijderd" if theirs.get("deleted_at") else ""
    what = f"{spec.article.capitalize()} {spec.singular} '{theirs.get('titel') or theirs['id']}' (nr. {theirs['id']})"
    message = (
        f"{what} is intussen gewijzigd{gone} door {theirs['updated_by']} op {when} (versie {theirs['version']}; "
        f"u bewerkte versie {expected_version}). Uw wijzigingen zijn niet opgeslagen en niet verloren: "
        f"vergelijk beide versies" + (f" (verschillen: {', '.join(differing)})" if differing else "") + " en sla opnieuw op."
    )
    return ConflictError(message, mine=mine, theirs=dict(theirs))


def merge_values(
    spec: RegisterSpec, values: Mapping[str, Any], current: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The complete record ``values`` make (on top of ``current``, or of the register's defaults) and
    the parse problems (field → Dutch reason). ``values`` may hold Python values or spreadsheet text.

    Raises ``ValueError`` (a bug, not a user error) for a field the register does not have.
    """
    raw = values if current else {**spec.defaults, **values}
    unknown = set(raw) - set(spec.names)
    if unknown:
        raise ValueError(f"{spec.kind} has no fields {sorted(unknown)}")
    normal: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, cell in raw.items():
        try:
            normal[name] = parse_cell(spec.field(name), cell)
        except ValueError as exc:
            problems[name] = str(exc)
    if current is None:
        return {n: normal.get(n, [] if spec.field(n).is_list else None) for n in spec.names}, problems
    return {n: normal.get(n, current.get(n)) for n in spec.names}, problems
