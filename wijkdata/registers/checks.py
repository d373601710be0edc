"""Reading and checking one field value: spreadsheet cells in, Dutch reasons out.

:func:`parse_cell` turns a cell or form input into the field's Python value; :func:`check_field`
says what is wrong with one value (length and choices from :mod:`wijkdata.registers.fields`);
the rule factories (:func:`end_after_start`, :func:`not_in_future`, …) tie fields together.
:func:`wijkdata.registers.contract.validate` combines them per register.

Reasons start lower-case so they read well after "rij 3, kolom 'gebieden': ".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wijkdata.registers.fields import TAG_LENGTH, Field, empty
from wijkdata.tabular import parse_number

if TYPE_CHECKING:
    from wijkdata.areas import AreaIndex

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_MONEY",
    "MAX_REF",
    "Rule",
    "check_field",
    "end_after_start",
    "format_date",
    "format_money",
    "location",
    "no_personal_data",
    "not_in_future",
    "parse_cell",
    "same_value",
    "signal_follow_up",
]

#: A rule over a whole record: ``rule(values, today) -> {field: Dutch reason}``.
Rule = Callable[[Mapping[str, Any], date], dict[str, str]]

#: Largest amount a money field holds (just under a trillion euro): ``NUMERIC(14, 2)``.
MAX_MONEY = Decimal("999999999999.99")
#: Dates a register accepts: years 1900 up to and including 2100.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)
#: Largest record number a reference may hold (the database's ``INTEGER``).
MAX_REF = 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_SHORT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
#: EPSG:28992 (RD New) extent of the Netherlands, in metres.
_RD_X, _RD_Y = (0.0, 300_000.0), (289_000.0, 630_000.0)
_CLOSED = ("opgelost", "niet oplosbaar")


def format_date(value: date | None) -> str:
    """``2024-03-01`` → ``01-03-2024`` (empty for ``None``; years always four digits: ``01-01-0001``)."""
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def format_money(value: Decimal | float | None) -> str:
    """``Decimal("12500.5")`` → ``€ 12.500,50``, ``Decimal("7500.00")`` → ``€ 7.500`` (empty for ``None``)."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    text = f"{amount:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def same_value(a: Any, b: Any) -> bool:
    """True when two field values mean the same (empty equals empty, 12500 equals 12500.00)."""
    if empty(a) and empty(b):
        return True
    if isinstance(a, Decimal | float | int) and isinstance(b, Decimal | float | int):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


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
    raise ValueError(f"'{text[:40]}' is geen geldige datum (gebruik dd-mm-jjjj of jjjj-mm-dd)")


def _parse_number(raw: Any, what: str, most: Decimal) -> Decimal:
    try:
        number = parse_number(raw)
    except ValueError:
        raise ValueError(f"'{_short(str(raw).strip())}' is geen {what}") from None
    if abs(number) > most:
        most_text = format_money(most)[2:].removesuffix(",00")
        raise ValueError(f"'{_short(str(raw).strip())}' is onwaarschijnlijk groot voor een {what} (hoogstens {most_text})")
    return number


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
    Rules (required, allowed values, lengths, ranges) are :func:`check_field`'s business.
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
        return _parse_number(raw, "bedrag", MAX_MONEY).quantize(Decimal("0.01"))
    if f.kind == "coord":
        return float(_parse_number(raw, "coördinaat", Decimal(10**7)))
    if f.kind == "ref":
        number = _parse_number(raw, "nummer", Decimal(MAX_REF))
        if number != number.to_integral_value():
            raise ValueError(f"'{str(raw)[:40]}' is geen nummer")
        return int(number)
    text = str(raw).strip() if f.kind != "longtext" else str(raw).strip("\n\r ")
    if f.kind == "choice":
        return next((c for c in f.choices if c.lower() == text.lower()), text)
    return text


# --- checking one value ----------------------------------------------------------------------


def _short(value: Any) -> str:
    """``value`` as text for a message: at most 40 characters, control characters shown as ``\\x00``."""
    text = str(value)
    text = text if len(text) <= 40 else text[:30] + "…"
    return _CONTROL_SHORT.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def _control_reason(f: Field, value: Any) -> str | None:
    """Why ``value`` may not be stored in ``f`` because of an invisible control character, or ``None``."""
    pattern = _CONTROL if f.kind == "longtext" else _CONTROL_SHORT
    for text in value if isinstance(value, list | tuple) else [value]:
        match = pattern.search(text) if isinstance(text, str) else None
        if match:
            code = f"U+{ord(match.group(0)):04X}"
            return f"'{f.label}' bevat een onzichtbaar stuurteken ({code}) op positie {match.start() + 1}; haal het weg"
    return None


def check_field(f: Field, value: Any, areas: AreaIndex, indicators: Collection[str] | None = None) -> str | None:
    """What is wrong with ``value`` for field ``f`` (a Dutch reason), or ``None`` when nothing is.

    Checks: required, no control characters (newline and tab only in long text), most characters
    (:attr:`Field.max_length`), allowed choices, amounts not negative nor absurd, dates in
    1900–2100, area codes known to ``areas``, indicator keys (known to ``indicators`` when given),
    theme lengths, references.
    """
    if empty(value):
        if f.required:
            return f.required_message or f"'{f.label}' is verplicht"
        return None
    control = _control_reason(f, value)
    if control:
        return control
    if f.kind == "date" and isinstance(value, date) and not FIRST_DATE <= value <= LAST_DATE:
        return f"'{f.label}' {format_date(value)} ligt niet tussen {FIRST_DATE.year} en {LAST_DATE.year}"
    limit = f.max_length
    if limit is not None and f.kind in ("text", "longtext") and len(str(value)) > limit:  # choices: see below
        return f"'{f.label}' is te lang ({len(str(value))} tekens, hoogstens {limit})"
    if f.kind == "choice" and value not in f.choices:
        return f"{f.label.lower()} '{_short(value)}' bestaat niet; kies uit: {', '.join(f.choices)}"
    if f.kind == "money":
        amount = Decimal(str(value))
        if not amount.is_finite():
            return f"'{f.label}' is geen bedrag ({_short(value)})"
        if amount < 0:
            return f"'{f.label}' mag niet negatief zijn ({format_money(amount)})"
        if amount > MAX_MONEY:
            return f"'{f.label}' is onwaarschijnlijk groot ({format_money(amount)}; hoogstens {format_money(MAX_MONEY)})"
    if f.kind == "codes":
        reasons = [r for r in (areas.unknown_reason(c) for c in value) if r]
        return ", ".join(reasons) or None
    if f.kind == "keys":
        bad = [k for k in value if not _KEY.match(k)]
        if bad:
            return f"'{_short(bad[0])}' is geen indicatorsleutel (bijvoorbeeld HuishoudensMetEenLaagInkomen)"
        unknown = [k for k in value if indicators is not None and k not in indicators]
        if unknown:
            return f"onbekende indicator '{_short(unknown[0])}'; kies een sleutel uit de indicatorcatalogus (Data en bronnen)"
    if f.kind == "tags":
        long = [t for t in value if len(t) > TAG_LENGTH]
        if long:
            return f"thema '{long[0][:30]}…' is te lang (hoogstens {TAG_LENGTH} tekens)"
    if f.kind == "ref" and not 1 <= value <= MAX_REF:
        return f"'{value}' is geen nummer van een initiatief"
    return None


# --- rules over a whole record ---------------------------------------------------------------


def end_after_start(start: str, end: str, start_label: str, end_label: str) -> Rule:
    """A rule: the date in ``end`` does not lie before the date in ``start``."""

    def rule(v: Mapping[str, Any], today: date) -> dict[str, str]:
        s, e = v.get(start), v.get(end)
        if isinstance(s, date) and isinstance(e, date) and e < s:
            return {end: f"{end_label} {format_date(e)} ligt vóór {start_label} {format_date(s)}"}
        return {}

    return rule


def not_in_future(name: str, label: str) -> Rule:
    """A rule: the date in ``name`` is not after today."""

    def rule(v: Mapping[str, Any], today: date) -> dict[str, str]:
        d = v.get(name)
        if isinstance(d, date) and d > today:
            return {name: f"{label} {format_date(d)} ligt in de toekomst"}
        return {}

    return rule


def location(v: Mapping[str, Any], today: date) -> dict[str, str]:
    """A rule: a location has both RD coordinates, inside the Netherlands."""
    x, y = v.get("locatie_x"), v.get("locatie_y")
    if (x is None) != (y is None):
        return {"locatie_x" if x is None else "locatie_y": "vul voor een locatie zowel x als y in (RD-coördinaten, meters)"}
    if x is not None and not (_RD_X[0] <= x <= _RD_X[1] and _RD_Y[0] <= y <= _RD_Y[1]):
        return {"locatie_x": f"locatie ({x:.0f}, {y:.0f}) ligt niet in Nederland (RD: x 0–300000, y 289000–630000 meter)"}
    return {}


def signal_follow_up(v: Mapping[str, Any], today: date) -> dict[str, str]:
    """A rule of signals: an owner once in progress; a date and resolution once closed, not before."""
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
        problems["afgehandeld_op"] = f"een signaal met status '{_short(status)}' heeft nog geen datum van afhandeling"
    return problems


def no_personal_data(*names: str) -> Rule:
    """A rule: the texts in ``names`` hold no e-mail address and no phone number."""

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
