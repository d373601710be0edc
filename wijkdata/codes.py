"""Area codes and levels: the one definition every part of Wijkdata uses.

CBS codes an area by a two-letter prefix and a fixed number of characters:

==========  ===========================  ===========================================
level       shape                        examples
==========  ===========================  ===========================================
land        ``NL`` + 2 digits            ``NL00``
gemeente    ``GM`` + 4 digits            ``GM0200``, ``GM0363``
wijk        ``WK`` + 4 digits + 2 chars  ``WK020001``, ``WK0363AA``
buurt       ``BU`` + 4 digits + 4 chars  ``BU02000101``, ``BU0363AA01``
==========  ===========================  ===========================================

The characters after the gemeente's four digits are *not* always digits (Amsterdam's wijken are
``WK0363AA`` …), so nothing here assumes they are. A wijk's code is its buurten's code cut after six
characters of the number: ``BU0363AA01`` lies in ``WK0363AA`` which lies in ``GM0363``.
"""

from __future__ import annotations

import re

from wijkdata.errors import UnknownGemeente

__all__ = [
    "CODE_SHAPES",
    "DEMO_GEMEENTE",
    "LEVELS",
    "LEVEL_ORDER",
    "SMALL_POPULATION",
    "WIJK_OR_BUURT",
    "check_gemeente_code",
    "clean_code",
    "code_problem",
    "gemeente_of",
    "is_code",
    "level_of",
    "member_prefixes",
    "overlaps",
    "parent_codes",
]

#: The fictional demo municipality Voorbeeldstad. No real gemeente has this code.
DEMO_GEMEENTE = "GM9999"

#: Code prefix → level name.
LEVELS: dict[str, str] = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}

#: Levels from the largest to the smallest area; sort keys for tables that list all levels.
LEVEL_ORDER: dict[str, int] = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 3}

#: Below this many inhabitants a wijk's or buurt's figures rest on few people: pages and the
#: briefing warn, and CBS suppresses many of them.
SMALL_POPULATION = 200

_PATTERNS = {
    "land": re.compile(r"NL\d{2}"),
    "gemeente": re.compile(r"GM\d{4}"),
    "wijk": re.compile(r"WK\d{4}[0-9A-Z]{2}"),
    "buurt": re.compile(r"BU\d{4}[0-9A-Z]{4}"),
}

#: How each level's code is built, in Dutch, for messages about malformed codes.
CODE_SHAPES: dict[str, str] = {
    "gemeente": "GM gevolgd door vier cijfers, bijv. GM0200",
    "wijk": "WK gevolgd door vier cijfers en twee tekens, bijv. WK020001 of WK0363AA",
    "buurt": "BU gevolgd door vier cijfers en vier tekens, bijv. BU02000101 of BU0363AA01",
}

#: A whole wijk or buurt code (for matching a column of codes, e.g. with ``Series.str.match``).
WIJK_OR_BUURT = re.compile(rf"^(?:{_PATTERNS['wijk'].pattern}|{_PATTERNS['buurt'].pattern})$")


def clean_code(code: object) -> str:
    """A code as CBS means it: stripped of padding and upper-cased (``" wk0363aa "`` → ``"WK0363AA"``)."""
    return "" if code is None else str(code).strip().upper()


def level_of(code: object) -> str | None:
    """The level of an area code: ``land``, ``gemeente``, ``wijk``, ``buurt``; ``None`` when it is no code.

    Padding and case are forgiven (``"bu0363aa01  "`` → ``"buurt"``).
    """
    text = clean_code(code)
    level = LEVELS.get(text[:2])
    return level if level and _PATTERNS[level].fullmatch(text) else None


def is_code(code: object, level: str | None = None) -> bool:
    """True when ``code`` is a well-formed area code (of ``level``, when given)."""
    found = level_of(code)
    return found is not None and (level is None or found == level)


def parent_codes(code: object) -> tuple[str | None, str | None]:
    """``(gemeente_code, wijk_code)`` of an area code, derived from its characters.

    ``BU0363AA01`` → ``("GM0363", "WK0363AA")``; ``WK020001`` → ``("GM0200", "WK020001")``;
    ``GM0200`` → ``("GM0200", None)``; ``NL00`` or a malformed code → ``(None, None)``.
    """
    text = clean_code(code)
    level = level_of(text)
    rest = text[2:]
    if level == "buurt":
        return f"GM{rest[:4]}", f"WK{rest[:6]}"
    if level == "wijk":
        return f"GM{rest[:4]}", text
    if level == "gemeente":
        return text, None
    return None, None


def gemeente_of(code: object) -> str | None:
    """The gemeente an area lies in (``BU99990301`` → ``GM9999``); ``None`` for Nederland or a malformed code."""
    return parent_codes(code)[0]


def overlaps(a: str, b: str) -> bool:
    """True when area ``a`` and area ``b`` are the same, or one lies inside the other."""
    ca, cb = clean_code(a), clean_code(b)
    if level_of(ca) is None or level_of(cb) is None:
        return ca == cb
    da, db = ca[2:], cb[2:]
    return da.startswith(db) or db.startswith(da)


def check_gemeente_code(code: object) -> str:
    """``code`` as a clean gemeente code (``" gm0200 "`` → ``"GM0200"``; ``"200"`` → ``"GM0200"``).

    Raises
    ------
    UnknownGemeente
        When ``code`` is not a gemeente code; the message says what one looks like.
    """
    clean = clean_code(code)
    if clean.isdigit() and len(clean) <= 4:  # a bare CBS gemeente number
        clean = f"GM{int(clean):04d}"
    if not is_code(clean, "gemeente"):
        raise UnknownGemeente(
            f"'{code}' is geen gemeentecode; verwacht {CODE_SHAPES['gemeente']}.",
            code=str(code),
        )
    return clean


def member_prefixes(gemeente: object) -> tuple[str, str, str]:
    """The prefixes every code of a gemeente starts with: ``GM0363`` → ``("GM0363", "WK0363", "BU0363")``.

    What follows the prefix may be digits or letters (``WK0363AA``). Raises :class:`UnknownGemeente`
    for a malformed gemeente code.
    """
    number = check_gemeente_code(gemeente)[2:]
    return f"GM{number}", f"WK{number}", f"BU{number}"


def code_problem(code: object, levels: tuple[str, ...] = ("gemeente", "wijk", "buurt")) -> str | None:
    """``None`` when ``code`` is a well-formed code of one of ``levels``, else the Dutch reason why not.

    ``code_problem("WK12")`` → ``"'WK12' is geen wijkcode (verwacht WK gevolgd door vier cijfers en
    twee tekens, bijv. WK020001 of WK0363AA)."``
    """
    text = clean_code(code)
    level = level_of(text)
    if level in levels:
        return None
    meant = LEVELS.get(text[:2])
    if meant in levels:
        return f"'{code}' is geen {meant}code (verwacht {CODE_SHAPES[meant]})."
    named = [lvl for lvl in levels if lvl in CODE_SHAPES]
    words = (", ".join(f"{lvl}-" for lvl in named[:-1]) + " of " if len(named) > 1 else "") + f"{named[-1]}code"
    shapes = "; ".join(CODE_SHAPES[lvl] for lvl in levels if lvl in CODE_SHAPES)
    return f"'{code}' is geen {words} (verwacht {shapes})."
