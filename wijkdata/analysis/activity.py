"""What is happening in an area: the registers read per wijk or buurt, for the profile and the
need/effort view. Bottom-up (initiatives), top-down (interventions), the system (open signals)
and experience (field notes), side by side with the figures they aim at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from wijkdata.registers.contract import get_spec
from wijkdata.registers.queries import records_frame
from wijkdata.registers.store import Store
from wijkdata.registers.views import OPEN_STATUSES
from wijkdata.text import count

__all__ = ["ACTIVE", "AreaActivity", "aims_by_indicator", "area_activity", "effort_records", "no_activity", "no_effort"]

#: Statuses that count as "something is being done" per register.
ACTIVE: dict[str, tuple[str, ...]] = {
    "initiatieven": ("lopend",),
    "interventies": ("gepland", "lopend"),
    "signalen": OPEN_STATUSES,
}
_SOORT = {"initiatieven": "initiatief", "interventies": "interventie", "signalen": "signaal"}


@dataclass(frozen=True)
class AreaActivity:
    """The records about one area (or an area inside or around it), each newest first."""

    initiatieven: pd.DataFrame
    interventies: pd.DataFrame
    open_signalen: pd.DataFrame
    veldnotities: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when nothing at all is recorded for the area."""
        return all(f.empty for f in (self.initiatieven, self.interventies, self.open_signalen, self.veldnotities))


def no_activity() -> AreaActivity:
    """An :class:`AreaActivity` with nothing in it (empty frames with their columns): when the registers cannot be read."""
    kinds = ("initiatieven", "interventies", "signalen", "veldnotities")
    return AreaActivity(*(records_frame(get_spec(kind), []) for kind in kinds))


def no_effort() -> pd.DataFrame:
    """What :func:`effort_records` returns when nothing is recorded: no rows, its columns."""
    return pd.DataFrame(columns=["id", "soort", "gebied", "actief"])


def area_activity(store: Store, code: str, today: date | None = None, notes_days: int = 365) -> AreaActivity:
    """The initiatives and interventions (active ones first), open signals and the field notes of the
    last ``notes_days`` days about ``code``, the areas inside it, or the area around it.

    Frames are those of :meth:`wijkdata.registers.store.Store.list` (no personal data).
    """
    today = today or date.today()

    def active_first(kind: str) -> pd.DataFrame:
        frame = store.list(kind, area=code)
        if frame.empty:
            return frame
        rank = (~frame["status"].isin(ACTIVE[kind])).astype(int)
        return frame.assign(_r=rank).sort_values("_r", kind="stable").drop(columns="_r").reset_index(drop=True)

    notes = store.list("veldnotities", area=code)
    if not notes.empty:
        notes = notes[notes["datum"] >= today - timedelta(days=notes_days)].reset_index(drop=True)
    return AreaActivity(
        initiatieven=active_first("initiatieven"),
        interventies=active_first("interventies"),
        open_signalen=store.list("signalen", area=code, status=list(OPEN_STATUSES)),
        veldnotities=notes,
    )


def aims_by_indicator(activity: AreaActivity, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """``indicator key → "2 initiatieven, 1 interventie"`` for the active records aiming at it."""
    counts: dict[str, dict[str, int]] = {}
    for kind, frame in (("initiatieven", activity.initiatieven), ("interventies", activity.interventies)):
        if frame.empty:
            continue
        for keys, status in zip(frame["indicatoren"], frame["status"], strict=True):
            if status not in ACTIVE[kind]:
                continue
            for key in keys or []:
                counts.setdefault(key, {}).setdefault(kind, 0)
                counts[key][kind] += 1
    out = {}
    for key, per_kind in counts.items():
        parts = []
        for kind, n in per_kind.items():
            parts.append(count(n, _SOORT[kind]))
        out[key] = ", ".join(parts)
    return out


def effort_records(store: Store, gemeente: str) -> pd.DataFrame:
    """One row per (record, area) of the gemeente's initiatives, interventions and signals.

    Columns: ``id``, ``soort`` (``initiatief``, ``interventie``, ``signaal``), ``gebied`` (code),
    ``actief`` (bool: see :data:`ACTIVE`); the input of :func:`wijkdata.analysis.need.effort_per_wijk`.
    """
    rows = []
    for kind in ("initiatieven", "interventies", "signalen"):
        frame = store.list(kind, gemeente=gemeente)
        for rid, areas, status in zip(frame["id"], frame["gebieden"], frame["status"], strict=True):
            for area in areas or []:
                rows.append({"id": int(rid), "soort": _SOORT[kind], "gebied": area, "actief": status in ACTIVE[kind]})
    return pd.DataFrame(rows, columns=no_effort().columns)
