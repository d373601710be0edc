"""Numbers and units the Dutch way, for screens, printed briefings and Excel number formats (pure functions).

``168211`` → ``"168.211"``, ``2.1`` → ``"2,1"``; CBS units shown readably
(``"x 1 000 euro"`` → ``"× € 1.000"``). Missing figures are never shown as 0: the caller
decides the words (see :func:`wijkdata.analysis.overview.explain_missing`).

:func:`escape_markdown` is the one markdown escaper of Wijkdata: names, titles, user text and
error messages pass through it (once) before they go into Markdown, on screen or in a briefing.

Words a Dutch reader expects: :func:`count` (``"1 wijk"``, ``"2 wijken"``, the one place that
knows Dutch plurals), :func:`rank_text` (``"3e hoogste van 24"``, ``"20e van 24, 1 = hoogste"``)
and :func:`plain_text` (a description or cell as text, never ``"nan"`` or ``"None"``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = [
    "MISSING",
    "PLURALS",
    "count",
    "escape_markdown",
    "nl_number",
    "nl_unit",
    "number_format",
    "plain_text",
    "plural",
    "rank_text",
    "with_unit",
]

#: What a table cell shows for a figure CBS does not publish.
MISSING = "–"

_UNITS = {
    "x 1 000 euro": "× € 1.000",
    "aantal": "",
    "aantal inwoners per km²": "inwoners per km²",
    "per 1 000 inwoners": "per 1.000 inwoners",
    "code": "",
}


def nl_number(value: object, decimals: int = 0) -> str:
    """Format a number with a dot for thousands and a comma for decimals; ``"–"`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    try:
        if pd.isna(value):
            return MISSING
    except (TypeError, ValueError):
        pass
    number = float(value)
    text = f"{number:,.{max(decimals, 0)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def nl_unit(unit: str) -> str:
    """CBS's unit text, made readable; empty for plain counts."""
    unit = (unit or "").strip()
    return _UNITS.get(unit, unit)


def with_unit(value: object, unit: str, decimals: int = 0) -> str:
    """``"379 × € 1.000"``, ``"63%"``, ``"168.211"``; ``"–"`` when missing."""
    text = nl_number(value, decimals)
    if text == MISSING:
        return text
    shown = nl_unit(unit)
    if not shown:
        return text
    if shown == "%":
        return f"{text}%"
    return f"{text} {shown}"


#: Characters that mean something anywhere in a line of Markdown or of Streamlit's extensions
#: of it (``~~…~~``, ``$…$``, HTML, tables), and a colon that could open ``:red[…]``,
#: ``:material/…:`` or an emoji shortcode (a colon followed by a space cannot).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~$]|:(?=\S))")
#: What only means something at the start of a line: list bullets, setext underlines, ``1.``.
_LINE_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: object) -> str:
    """``text`` as literal Markdown: every character that would format gets one backslash.

    Apply it once, to the plain text, just before it is put into Markdown (``st.error``,
    ``st.markdown``, a briefing); escaping already escaped text would show the backslashes.
    Characters that cannot format where they stand are left alone, so a downloaded briefing
    stays readable: ``escape_markdown("Moestuin *groot* (2023): 1.234")`` →
    ``"Moestuin \\*groot\\* (2023): 1.234"``.
    """
    out = _INLINE.sub(r"\\\1", str(text))
    out = _NUMBERED.sub(r"\1\\\2", out)
    return _LINE_START.sub(r"\1\\\2", out)


#: Dutch plural of every noun Wijkdata counts on screen (singular → plural). Words not listed
#: get ``-en`` (``"fout"`` → ``"fouten"``), which is wrong for many Dutch words: add them here.
PLURALS: dict[str, str] = {
    "wijk": "wijken",
    "buurt": "buurten",
    "gemeente": "gemeenten",
    "gebied": "gebieden",
    "initiatief": "initiatieven",
    "interventie": "interventies",
    "signaal": "signalen",
    "open signaal": "open signalen",
    "veldnotitie": "veldnotities",
    "cijfer": "cijfers",
    "indicator": "indicatoren",
    "rij": "rijen",
    "fout": "fouten",
    "vlak": "vlakken",
    "waterdeel": "waterdelen",
    "record": "records",
    "pagina": "pagina's",
    "thema": "thema's",
    "inwoner": "inwoners",
    "jaar": "jaar",  # "3 jaar opgehaald": Dutch counts years in the singular
}


def plural(word: str, n: int) -> str:
    """``word`` for ``n`` things: ``plural("wijk", 1)`` → ``"wijk"``, ``plural("wijk", 2)`` → ``"wijken"``.

    Zero takes the plural too (``"0 buurten"``). Capitalised words keep their capital.
    """
    if n == 1:
        return word
    lower = word[:1].lower() + word[1:]
    many = PLURALS.get(lower, PLURALS.get(word, f"{word}en"))
    return many[:1].upper() + many[1:] if word[:1].isupper() else many


def count(n: object, word: str) -> str:
    """``"1 wijk"``, ``"2 wijken"``, ``"1.234 buurten"``; a missing count reads ``"– wijken"``."""
    text = nl_number(n)
    number = 0 if text == MISSING else int(float(n))  # type: ignore[arg-type]
    return f"{text} {plural(word, 1 if number == 1 and text != MISSING else 2)}"


def rank_text(rank: object, of: object, ascending: bool = False) -> str:
    """A position among ``of`` areas that says which way it counts.

    Rank 1 is the highest value (``ascending=False``, Wijkdata's ranking) or the lowest.
    Near the top it names the direction (``"hoogste van 24"``, ``"3e hoogste van 24"``), at the
    bottom the other end (``"24e van 24, de laagste"``); elsewhere it says what 1 means
    (``"20e van 24, 1 = hoogste"``). Empty when either is missing.
    """
    if nl_number(rank) == MISSING or nl_number(of) == MISSING:
        return ""
    r, total = int(float(rank)), int(float(of))  # type: ignore[arg-type]
    word = "laagste" if ascending else "hoogste"
    if total == 1:
        return "enige van 1"
    if r == 1:
        return f"{word} van {total}"
    if r == total:
        other = "hoogste" if ascending else "laagste"
        return f"{r}e van {total}, de {other}"
    if r <= max(3, total // 4):
        return f"{r}e {word} van {total}"
    return f"{r}e van {total}, 1 = {word}"


_BLANK = {"", "nan", "none", "null", "<na>", "nat"}


def plain_text(value: object) -> str:
    """``value`` as text for a reader; ``""`` for anything missing (``None``, NaN, ``pd.NA``,
    or the strings ``"nan"``/``"None"`` an earlier ``str()`` left behind). Surrounding
    whitespace (also CBS's non-breaking spaces and ``\\r\\n``) is removed."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = str(value).replace("\r\n", "\n").strip()
    return "" if text.lower() in _BLANK else text


#: Column names (lower case) that hold years: shown without a thousands separator.
_YEAR_COLUMNS = {"jaar", "peiljaar", "jaar_van", "sinds", "vanaf"}


def _decimals(value: float) -> int:
    """How many decimals ``value`` shows when written briefly (``12.5`` → 1, ``3.0`` → 0)."""
    text = repr(float(value))
    if "e" in text:  # very small or very large: show the most we show
        return 3
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def number_format(column: str, values: Iterable[Any]) -> tuple[str, str] | None:
    """The Excel number formats ``(for whole numbers, for decimals)`` of a column's numeric cells.

    ``None`` when the column holds no numbers; ``("0", "0")`` for a year column. Otherwise
    ``"#,##0"`` for ``int`` cells and ``"#,##0.0"`` for ``float`` cells, with as many decimals as
    the column's most precise value needs (one to three), so a column reads evenly.
    """
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return None
    if column.strip().lower() in _YEAR_COLUMNS:
        return "0", "0"
    places = max((_decimals(v) for v in numbers if isinstance(v, float)), default=1)
    return "#,##0", "#,##0." + "0" * min(3, max(1, places))
