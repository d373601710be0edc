"""Which area codes exist and what they are called: the index the registers validate against.

The registers never decide on their own which wijk or buurt codes are real. They are given an
:class:`AreaIndex`, built by :func:`known_area_index` (the fictional demo municipality from its
constant names, plus every gemeente in the local CBS cache, all years, from the cached rows'
codes and names; nothing is computed), or in tests from a hand-made mapping.

Codes nest by their digits: ``GM9999`` ⊃ ``WK999903`` ⊃ ``BU99990301``. :func:`overlaps` uses
that to answer "does a record about these areas concern that area?".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wijkdata.codes import CODE_SHAPES, DEMO_GEMEENTE, gemeente_of, level_of, overlaps, parent_codes
from wijkdata.config import Settings
from wijkdata.demo.areas import BUURTEN, DEMO_NAME, WIJKEN
from wijkdata.errors import CacheError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEMO_AREAS", "AreaIndex", "demo_areas", "gemeente_of", "known_area_index", "overlaps"]

#: The fictional demo municipality Voorbeeldstad (GM9999), all years: code → name, from the
#: demo's constants (the demo's tables are not built).
DEMO_AREAS: dict[str, str] = {DEMO_GEMEENTE: DEMO_NAME, **WIJKEN, **BUURTEN}


def demo_areas() -> dict[str, str]:
    """The fictional demo municipality's areas, all years: code → name (a copy of :data:`DEMO_AREAS`)."""
    return dict(DEMO_AREAS)


_LEVEL_WORD = {"gemeente": "gemeentecode", "wijk": "wijkcode", "buurt": "buurtcode"}


@dataclass(frozen=True)
class AreaIndex:
    """Known gemeente, wijk and buurt codes with their names.

    Build it from a mapping (``AreaIndex({"WK999901": "Centrum"})``) or from a frame with
    columns ``code`` and ``naam`` (:meth:`from_frame`). Where a code had several names over the
    years, the last row given wins.
    """

    names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", {str(k).strip().upper(): str(v) for k, v in self.names.items()})

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> AreaIndex:
        """From a frame with columns ``code`` and ``naam`` (other columns are ignored)."""
        missing = {"code", "naam"} - set(frame.columns)
        if missing:
            raise ValueError(f"an area frame needs the columns code and naam; missing: {sorted(missing)}")
        return cls(dict(zip(frame["code"].astype(str), frame["naam"].astype(str), strict=True)))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self.names

    def __len__(self) -> int:
        return len(self.names)

    def name(self, code: str) -> str:
        """The name of ``code``, or the code itself when it is not known."""
        return self.names.get(code.strip().upper(), code)

    def label(self, codes: Iterable[str]) -> str:
        """Names of several codes, comma-separated (``"Kanaaloever, Sluiskwartier"``)."""
        return ", ".join(self.name(c) for c in codes)

    def unknown_reason(self, code: str) -> str | None:
        """``None`` when ``code`` is known, else the Dutch reason (``"onbekende buurtcode BU99999999"``)."""
        clean = code.strip().upper()
        if clean in self.names:
            return None
        level = level_of(clean)
        if level not in _LEVEL_WORD:
            return f"'{code}' is geen gebiedscode (verwacht {'; '.join(CODE_SHAPES.values())})"
        return f"onbekende {_LEVEL_WORD[level]} {clean}"

    def in_gemeente(self, gemeente: str) -> AreaIndex:
        """Only the codes of one gemeente (its own code, its wijken and buurten)."""
        gm = gemeente.strip().upper()
        return AreaIndex({c: n for c, n in self.names.items() if gemeente_of(c) == gm})

    def frame(self) -> pd.DataFrame:
        """The index as a frame: ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``wijk_code``, sorted by code."""
        import pandas as pd

        rows = [
            {"code": c, "naam": n, "niveau": level_of(c), "gemeente_code": parent_codes(c)[0], "wijk_code": parent_codes(c)[1]}
            for c, n in sorted(self.names.items())
        ]
        return pd.DataFrame(rows, columns=["code", "naam", "niveau", "gemeente_code", "wijk_code"])


def known_area_index(settings: Settings) -> AreaIndex:
    """Every area code Wijkdata knows: the demo municipality and all gemeenten in the CBS cache, all years.

    Where a code had several names over the years, the newest year's name wins (as in
    :func:`wijkdata.cbs.kerncijfers.known_areas`). Reads only the cache manifest and the ``code``,
    ``naam`` and ``niveau`` columns of the cached rows. A damaged manifest or Parquet file never
    stops it: the areas of what is still readable are known (see :func:`wijkdata.cbs.cache.cache_problems`).
    """
    from wijkdata.cbs import cache as cbs_cache

    names = dict(demo_areas())
    for entry in sorted(cbs_cache.read_manifest(settings), key=lambda e: e.year):
        try:
            rows = cbs_cache.read_rows(settings, entry.table_id, entry.gemeente, columns=["code", "naam", "niveau"])
        except CacheError:  # a damaged cache file: validate against what is readable
            continue
        rows = rows[rows["niveau"] != "land"]
        names.update(zip(rows["code"].astype(str), rows["naam"].astype(str), strict=True))
    return AreaIndex(names)
