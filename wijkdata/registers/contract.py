"""The column contract of each register: fields, their Dutch labels, parsing and every rule.

One :class:`RegisterSpec` per register (:data:`REGISTERS`, keyed by ``initiatieven``,
``interventies``, ``signalen``, ``veldnotities``) says which fields a record has, which are
required or personal, which values a choice allows, and which rules tie fields together. The
store validates with :func:`validate`, the import reads spreadsheet cells with :func:`parse_cell`,
the pages build forms and lists from the same specs, so a rule is written once.

Values in a record are Python values: ``str``, ``datetime.date``, ``decimal.Decimal`` (money),
``float`` (coordinates), ``int`` (references), and ``list[str]`` (areas, themes, indicators).
Problems are collected, never stopped at the first, as ``{field: Dutch reason}``; reasons start
lower-case so they read well after "rij 3, kolom 'gebieden': ".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from wijkdata.areas import AreaIndex
from wijkdata.registers.models import Initiatief, Interventie, RecordMixin, Signaal, Veldnotitie
from wijkdata.tabular import parse_number

__all__ = [
    "REGISTERS",
    "THEMES",
    "Field",
    "RegisterSpec",
    "empty",
    "format_date",
    "format_money",
    "get_spec",
    "parse_cell",
    "validate",
]

FieldKind = Literal["text", "longtext", "choice", "date", "money", "codes", "tags", "keys", "ref", "coord"]

#: Suggested themes (free text is allowed too).
THEMES: tuple[str, ...] = (
    "armoede en schulden",
    "werk en inkomen",
    "jeugd",
    "onderwijs",
    "zorg en welzijn",
    "meedoen en ontmoeten",
    "wonen",
    "energie",
    "mobiliteit",
    "veiligheid",
    "leefbaarheid",
    "groen en openbare ruimte",
)

_MAX_LENGTH = {"text": 200, "longtext": 10_000}
_MAX_MONEY = Decimal("999999999999.99")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
#: EPSG:28992 (RD New) extent of the Netherlands, in metres.
_RD_X, _RD_Y = (0.0, 300_000.0), (289_000.0, 630_000.0)


@dataclass(frozen=True)
class Field:
    """One field of a register: name (column and CSV header), Dutch label, kind and constraints."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    personal: bool = False
    help: str = ""
    required_message: str = ""

    @property
    def is_list(self) -> bool:
        """True for fields holding a list of strings (areas, themes, indicators)."""
        return self.kind in ("codes", "tags", "keys")


Rule = Callable[[Mapping[str, Any], date], dict[str, str]]


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


def empty(value: Any) -> bool:
    """True for ``None``, blank text and empty lists: what counts as "not filled in"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return len(value) == 0
    try:
        return bool(value != value)  # NaN / NaT / pd.NA
    except (TypeError, ValueError):
        return False


def format_date(value: date | None) -> str:
    """``2024-03-01`` → ``01-03-2024`` (empty for ``None``)."""
    return "" if value is None else value.strftime("%d-%m-%Y")


def format_money(value: Decimal | float | None) -> str:
    """``Decimal("12500.5")`` → ``€ 12.500,50`` (empty for ``None``)."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


# --- parsing one spreadsheet cell -------------------------------------------------------------


def _parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", "dmy")):
        match = re.fullmatch(pattern + r"(?:[ T]00:00(?::00)?)?", text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            y, m, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(y, m, d)
            except ValueError:
                break
    raise ValueError(f"'{text}' is geen geldige datum (gebruik dd-mm-jjjj of jjjj-mm-dd)")


def _parse_number(raw: Any, what: str) -> Decimal:
    try:
        return parse_number(raw)
    except ValueError:
        raise ValueError(f"'{str(raw).strip()}' is geen {what}") from None


def _split(text: str, pattern: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in re.split(pattern, text):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def parse_cell(f: Field, raw: Any) -> Any:
    """The value of field ``f`` from a spreadsheet cell or form input (text, number, date or list).

    Returns ``None`` (or ``[]`` for list fields) for an empty cell. Raises ``ValueError`` with a
    Dutch reason when the text cannot be read as the field's kind (a date, an amount, a number).
    Rules (required, allowed values, ranges) are :func:`validate`'s business, not this one's.
    """
    if f.is_list:
        if empty(raw):
            return []
        items = [str(v) for v in raw] if isinstance(raw, list | tuple) else _split(str(raw), r"[,;\n]")
        if f.kind == "codes":  # codes never hold spaces: "WK999901 WK999902" is two codes
            items = list(dict.fromkeys(i.upper() for i in _split(" ".join(items), r"[\s,;]+")))
        return items
    if empty(raw):
        return None
    if f.kind == "date":
        return _parse_date(raw)
    if f.kind == "money":
        return _parse_number(raw, "bedrag").quantize(Decimal("0.01"))
    if f.kind == "coord":
        return float(_parse_number(raw, "coördinaat"))
    if f.kind == "ref":
        number = _parse_number(raw, "nummer")
        if number != number.to_integral_value():
            raise ValueError(f"'{raw}' is geen nummer")
        return int(number)
    text = str(raw).strip() if f.kind != "longtext" else str(raw).strip("\n\r ")
    if f.kind == "choice":
        return next((c for c in f.choices if c.lower() == text.lower()), text)
    return text


# --- validation ------------------------------------------------------------------------------


def _check_field(f: Field, value: Any, areas: AreaIndex) -> str | None:
    if empty(value):
        if f.required:
            return f.required_message or f"'{f.label}' is verplicht"
        return None
    if f.kind in _MAX_LENGTH and len(str(value)) > _MAX_LENGTH[f.kind]:
        return f"'{f.label}' is te lang ({len(str(value))} tekens, hoogstens {_MAX_LENGTH[f.kind]})"
    if f.kind == "choice" and value not in f.choices:
        return f"{f.label.lower()} '{value}' bestaat niet; kies uit: {', '.join(f.choices)}"
    if f.kind == "money":
        if value < 0:
            return f"'{f.label}' mag niet negatief zijn ({format_money(value)})"
        if value > _MAX_MONEY:
            return f"'{f.label}' is onwaarschijnlijk groot ({format_money(value)})"
    if f.kind == "codes":
        reasons = [r for r in (areas.unknown_reason(c) for c in value) if r]
        return ", ".join(reasons) or None
    if f.kind == "keys":
        bad = [k for k in value if not _KEY.match(k)]
        if bad:
            return f"'{bad[0]}' is geen indicatorsleutel (bijvoorbeeld HuishoudensMetEenLaagInkomen)"
    if f.kind == "tags":
        long = [t for t in value if len(t) > 60]
        if long:
            return f"thema '{long[0][:30]}…' is te lang (hoogstens 60 tekens)"
    if f.kind == "ref" and value < 1:
        return f"'{value}' is geen nummer van een initiatief"
    return None


def validate(spec: RegisterSpec, values: Mapping[str, Any], areas: AreaIndex, today: date | None = None) -> dict[str, str]:
    """Every problem of one record, as ``{field: Dutch reason}``; empty when the record is valid.

    Checks required fields, text length, allowed values, non-negative amounts, known area codes
    (against ``areas``), indicator keys, and the register's own rules (end not before start,
    dates not in the future, …). References to other records are checked by the store.
    """
    today = today or date.today()
    problems: dict[str, str] = {}
    for f in spec.fields:
        reason = _check_field(f, values.get(f.name), areas)
        if reason:
            problems[f.name] = reason
    for rule in spec.rules:
        for name, reason in rule(values, today).items():
            problems.setdefault(name, reason)
    return problems


def _end_after_start(start: str, end: str, start_label: str, end_label: str) -> Rule:
    def rule(v: Mapping[str, Any], today: date) -> dict[str, str]:
        s, e = v.get(start), v.get(end)
        if isinstance(s, date) and isinstance(e, date) and e < s:
            return {end: f"{end_label} {format_date(e)} ligt vóór {start_label} {format_date(s)}"}
        return {}

    return rule


def _not_in_future(name: str, label: str) -> Rule:
    def rule(v: Mapping[str, Any], today: date) -> dict[str, str]:
        d = v.get(name)
        if isinstance(d, date) and d > today:
            return {name: f"{label} {format_date(d)} ligt in de toekomst"}
        return {}

    return rule


def _location(v: Mapping[str, Any], today: date) -> dict[str, str]:
    x, y = v.get("locatie_x"), v.get("locatie_y")
    if (x is None) != (y is None):
        return {"locatie_x" if x is None else "locatie_y": "vul voor een locatie zowel x als y in (RD-coördinaten, meters)"}
    if x is not None and not (_RD_X[0] <= x <= _RD_X[1] and _RD_Y[0] <= y <= _RD_Y[1]):
        return {"locatie_x": f"locatie ({x:.0f}, {y:.0f}) ligt niet in Nederland (RD: x 0–300000, y 289000–630000 meter)"}
    return {}


_CLOSED = ("opgelost", "niet oplosbaar")


def _signal_follow_up(v: Mapping[str, Any], today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    status = v.get("status")
    if status == "in behandeling" and empty(v.get("eigenaar_opvolging")):
        problems["eigenaar_opvolging"] = "wie de opvolging heeft is verplicht zodra een signaal in behandeling is"
    if status in _CLOSED:
        if empty(v.get("afgehandeld_op")):
            problems["afgehandeld_op"] = f"de datum van afhandeling is verplicht bij status '{status}'"
        if empty(v.get("oplossing")):
            problems["oplossing"] = f"beschrijf de oplossing (of waarom het niet oplosbaar is) bij status '{status}'"
    elif not empty(v.get("afgehandeld_op")):
        problems["afgehandeld_op"] = f"een signaal met status '{status}' heeft nog geen datum van afhandeling"
    return problems


def _no_personal_data(*names: str) -> Rule:
    def rule(v: Mapping[str, Any], today: date) -> dict[str, str]:
        problems = {}
        for name in names:
            text = str(v.get(name) or "")
            if _EMAIL.search(text):
                problems[name] = "bevat een e-mailadres; veldnotities bevatten geen persoonsgegevens"
            elif _PHONE.search(text):
                problems[name] = "bevat een telefoonnummer; veldnotities bevatten geen persoonsgegevens"
        return problems

    return rule


_AREAS_HELP = "Codes van wijken of buurten, bijv. WK999903 of BU99990301; meerdere met komma's."
_INDICATORS_HELP = "Sleutels van kerncijfers die het moet bewegen, bijv. HuishoudensMetEenLaagInkomen."

INITIATIEVEN = RegisterSpec(
    kind="initiatieven",
    singular="initiatief",
    article="het",
    title="Initiatieven",
    model=Initiatief,
    theme_field="themas",
    fields=(
        Field("titel", "Titel", required=True),
        Field("omschrijving", "Omschrijving", "longtext"),
        Field(
            "gebieden",
            "Wijken en buurten",
            "codes",
            required=True,
            help=_AREAS_HELP,
            required_message="kies minstens één wijk of buurt",
        ),
        Field("themas", "Thema's", "tags"),
        Field("status", "Status", "choice", required=True, choices=("idee", "lopend", "afgerond", "gestopt")),
        Field("startdatum", "Startdatum", "date"),
        Field("einddatum", "Einddatum", "date"),
        Field("initiatiefnemer", "Initiatiefnemer (organisatie)", required=True),
        Field("contactpersoon", "Contactpersoon", personal=True, help="Persoonsgegeven: niet in lijsten en exports."),
        Field("budget", "Budget", "money", help="In euro's, bijv. 12.500,50."),
        Field("financieringsbron", "Financieringsbron"),
        Field("indicatoren", "Doelindicatoren", "keys", help=_INDICATORS_HELP),
        Field("locatie_x", "Locatie x (RD)", "coord", help="Optioneel punt in RD-coördinaten (EPSG:28992), meters."),
        Field("locatie_y", "Locatie y (RD)", "coord"),
    ),
    rules=(_end_after_start("startdatum", "einddatum", "startdatum", "einddatum"), _location),
    defaults={"status": "idee"},
)

INTERVENTIES = RegisterSpec(
    kind="interventies",
    singular="interventie",
    article="de",
    title="Interventies",
    model=Interventie,
    theme_field="beleidsdomein",
    fields=(
        Field("titel", "Titel", required=True),
        Field("omschrijving", "Omschrijving", "longtext"),
        Field("eigenaar", "Eigenaar (afdeling of organisatie)", required=True),
        Field(
            "beleidsdomein",
            "Beleidsdomein",
            "choice",
            required=True,
            choices=("kansengelijkheid", "leefbaarheid", "veiligheid", "wonen", "energie", "mobiliteit", "overig"),
        ),
        Field(
            "gebieden",
            "Wijken en buurten",
            "codes",
            required=True,
            help=_AREAS_HELP,
            required_message="kies minstens één wijk of buurt",
        ),
        Field("startdatum", "Startdatum", "date"),
        Field("einddatum", "Einddatum", "date"),
        Field("budget", "Budget", "money", help="In euro's, bijv. 12.500,50."),
        Field("indicatoren", "Doelindicatoren", "keys", help=_INDICATORS_HELP),
        Field("status", "Status", "choice", required=True, choices=("gepland", "lopend", "afgerond", "gestopt")),
    ),
    rules=(_end_after_start("startdatum", "einddatum", "startdatum", "einddatum"),),
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
    fields=(
        Field("titel", "Wat blokkeert", required=True),
        Field("omschrijving", "Toelichting", "longtext"),
        Field("initiatief_id", "Betreft initiatief (nr.)", "ref"),
        Field(
            "gebieden",
            "Wijken en buurten",
            "codes",
            required=True,
            help=_AREAS_HELP + " Leeg laten mag bij een gekozen initiatief: dan gelden diens gebieden.",
            required_message="kies een wijk of buurt, of een initiatief waar het signaal over gaat",
        ),
        Field("soort", "Soort knelpunt", "choice", required=True, choices=("regel", "afdeling", "organisatie", "anders")),
        Field("betrokken", "Welke regel, afdeling of organisatie", required=True),
        Field("gemeld_door", "Gemeld door (rol of organisatie)", required=True),
        Field("gemeld_op", "Gemeld op", "date", required=True),
        Field("eigenaar_opvolging", "Eigenaar opvolging"),
        Field("status", "Status", "choice", required=True, choices=("nieuw", "in behandeling", "opgelost", "niet oplosbaar")),
        Field("oplossing", "Oplossing", "longtext"),
        Field("afgehandeld_op", "Afgehandeld op", "date"),
    ),
    rules=(
        _not_in_future("gemeld_op", "meldingsdatum"),
        _end_after_start("gemeld_op", "afgehandeld_op", "de meldingsdatum", "afhandeldatum"),
        _signal_follow_up,
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
    fields=(
        Field("datum", "Datum", "date", required=True),
        Field(
            "gebieden",
            "Wijken en buurten",
            "codes",
            required=True,
            help=_AREAS_HELP,
            required_message="kies minstens één wijk of buurt",
        ),
        Field("thema", "Thema", required=True),
        Field("tekst", "Notitie", "longtext", required=True, help="Zonder namen of andere persoonsgegevens van bewoners."),
        Field("rol_auteur", "Rol van de auteur", required=True, help="Een rol, geen naam: bijv. wijkwerker, jongerenwerker."),
    ),
    rules=(_not_in_future("datum", "datum"), _no_personal_data("tekst", "rol_auteur")),
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
    from wijkdata.errors import WijkdataError

    try:
        return REGISTERS[kind]
    except KeyError:
        raise WijkdataError(f"Onbekend register '{kind}'; kies uit: {', '.join(REGISTERS)}.") from None
