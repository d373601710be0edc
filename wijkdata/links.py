"""What a shared link asks for: the values of a page's URL parameters, checked against what exists.

A link (``profiel?gebied=WK020001&thema=Inkomen&thema=Wonen``, ``vergelijken?gebieden=WK020001,WK020007``)
carries every choice that changes the view. Someone may type or truncate such a link, so every
value is checked against what the page can show; what cannot be shown is named in a Dutch note
(:func:`unknown_note`) and the page carries on with the rest. Pure functions, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from wijkdata.codes import clean_code, gemeente_of

__all__ = ["AreaPicks", "pick", "pick_areas", "split_values", "unknown_note"]


def split_values(values: Iterable[str], sep: str | None = ",") -> list[str]:
    """The non-empty values of a URL parameter, each stripped; ``sep`` also splits one value.

    ``["WK020001, WK020007", ""]`` → ``["WK020001", "WK020007"]``; with ``sep=None`` only repeated
    parameters make several values (theme names may contain a comma).
    """
    out: list[str] = []
    for value in values:
        parts = value.split(sep) if sep else [value]
        out += [p.strip() for p in parts if p.strip()]
    return out


def pick(values: Iterable[str], options: Iterable[str], clean: Callable[[str], str] | None = None) -> tuple[list[str], list[str]]:
    """Split the asked-for ``values`` into ``(known, unknown)``: known in the order asked, without repeats.

    ``clean`` normalises a value before it is looked up (:func:`wijkdata.codes.clean_code` for area
    codes); a value is also found when it differs from an option only in case (``thema=inkomen``).
    """
    by_fold = {str(o).casefold(): o for o in options}
    known: list[str] = []
    unknown: list[str] = []
    for value in values:
        text = clean(value) if clean else value
        found = by_fold.get(str(text).casefold())
        if found is None:
            unknown.append(value)
        elif found not in known:
            known.append(found)
    return known, unknown


@dataclass(frozen=True)
class AreaPicks:
    """Areas a Vergelijken link asks for: ``(gemeente, code)`` pairs, and what could not be used."""

    areas: list[tuple[str, str]] = field(default_factory=list)
    #: codes that are no area code, or whose gemeente is not in the cache
    unknown: list[str] = field(default_factory=list)

    @property
    def gemeenten(self) -> list[str]:
        """The gemeenten of the areas, in order of first appearance."""
        return list(dict.fromkeys(gm for gm, _ in self.areas))

    def within(self, available: Iterable[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
        """``(found, missing)``: the areas among ``available`` ``(gemeente, code)`` pairs (those with
        figures in the chosen year), and the codes of all others, unknown ones first."""
        have = set(available)
        found = [a for a in self.areas if a in have]
        return found, self.unknown + [code for gm, code in self.areas if (gm, code) not in have]


def pick_areas(codes: Iterable[str], cached: Iterable[str]) -> AreaPicks:
    """The wijk and buurt codes of a link, each with its gemeente when that gemeente is ``cached``.

    ``pick_areas(["wk020001", "BU99990101", "XX"], {"GM0200"})`` →
    ``AreaPicks(areas=[("GM0200", "WK020001")], unknown=["BU99990101", "XX"])``. Whether the area
    exists in the chosen year is for the caller to check against the gemeente's figures.
    """
    available = set(cached)
    areas: list[tuple[str, str]] = []
    unknown: list[str] = []
    for code in codes:
        clean = clean_code(code)
        gemeente = gemeente_of(clean)
        if gemeente is None or clean[:2] not in ("WK", "BU") or gemeente not in available:
            unknown.append(code)
        elif (gemeente, clean) not in areas:
            areas.append((gemeente, clean))
    return AreaPicks(areas, unknown)


def unknown_note(what: str, unknown: list[str], instead: str = "") -> str:
    """A Dutch note that a link asked for something that is not there ("" when nothing is missing).

    ``unknown_note("Gebied", ["WK999999"], "u ziet Centrum")`` →
    ``"Gebied uit de link niet gevonden: 'WK999999'; u ziet Centrum."``
    """
    if not unknown:
        return ""
    text = f"{what} uit de link niet gevonden: " + ", ".join(f"'{u}'" for u in unknown)
    return f"{text}; {instead}." if instead else f"{text}."
