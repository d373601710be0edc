"""Example records of the fictional demo municipality Voorbeeldstad (GM9999).

The records themselves are data, in ``records.json`` next to this module: fixed texts and dates,
no randomness. Every record is marked ``fictief`` and says "(fictief)" in its text. Kanaalzone
(WK999903) deliberately collects more initiatives, interventions, signals and notes than other
wijken, so views of need against effort have something to show; signals are open for very
different lengths of time. A signal's ``initiatief`` is the position of the initiative it concerns
in :data:`INITIATIEVEN`.

:func:`seed` writes them all through a store it is given, in one transaction. It does not know
where that store comes from: :func:`wijkdata.registers.opening.open_database` builds one on a
fresh default SQLite database and hands it in.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkdata.registers.fields import FIELDS

if TYPE_CHECKING:
    from wijkdata.registers.store import Store

__all__ = ["DEMO_TODAY", "DEMO_USER", "INITIATIEVEN", "INTERVENTIES", "SIGNALEN", "VELDNOTITIES", "demo_today", "seed"]

DEMO_USER = "demo (fictief)"
#: The newest date in the demo; the demo is validated as if it were at least this day.
DEMO_TODAY = date(2026, 10, 31)
_DATA = Path(__file__).with_name("records.json")


def _load(kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as field values: dates (``jjjj-mm-dd`` in the file) become ``datetime.date``."""
    dates = {f.name for f in FIELDS[kind] if f.kind == "date"}
    return [{k: date.fromisoformat(v) if k in dates and v else v for k, v in row.items()} for row in rows]


_RECORDS: dict[str, list[dict[str, Any]]] = {
    kind: _load(kind, rows) for kind, rows in json.loads(_DATA.read_text(encoding="utf-8")).items() if kind in FIELDS
}
#: The demo's initiatives, interventions, signals and field notes (field name → value).
INITIATIEVEN = _RECORDS["initiatieven"]
INTERVENTIES = _RECORDS["interventies"]
SIGNALEN = _RECORDS["signalen"]
VELDNOTITIES = _RECORDS["veldnotities"]


def demo_today() -> date:
    """The date against which the demo is validated: today, but never before :data:`DEMO_TODAY`."""
    return max(date.today(), DEMO_TODAY)


def seed(store: Store) -> dict[str, list[int]]:
    """Write all demo records (``fictief``) through ``store`` in one transaction; returns the new ids per register.

    ``store`` must know the demo's areas and validate "today" as :func:`demo_today`.
    """
    with store.batch(DEMO_USER) as batch:  # one transaction: a crash half-way leaves no half demo
        ids = {
            kind: [batch.create(kind, row, fictief=True) for row in rows]
            for kind, rows in (("initiatieven", INITIATIEVEN), ("interventies", INTERVENTIES), ("veldnotities", VELDNOTITIES))
        }
        ids["signalen"] = [
            batch.create(
                "signalen",
                {k: v for k, v in row.items() if k != "initiatief"}
                | ({"initiatief_id": ids["initiatieven"][row["initiatief"]]} if "initiatief" in row else {}),
                fictief=True,
            )
            for row in SIGNALEN
        ]
    return ids
