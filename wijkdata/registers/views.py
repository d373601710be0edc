"""Register records as people read them: names instead of codes, Dutch labels, signal ageing, history.

Pure functions, frames in and frames out, so the pages stay short and all of this is tested
without a browser. Every frame returned here is meant to be shown as it is (and downloaded as
shown): user text stays plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from wijkdata.registers.contract import RegisterSpec, empty, format_date, format_money, get_spec

__all__ = [
    "AGE_BUCKETS",
    "OPEN_STATUSES",
    "ageing_summary",
    "conflict_frame",
    "display_frame",
    "display_value",
    "history_frame",
    "signal_ageing",
]

#: Signal statuses that count as open (still ageing).
OPEN_STATUSES = ("nieuw", "in behandeling")
#: Age buckets of open signals: (upper bound in days, label).
AGE_BUCKETS: tuple[tuple[int, str], ...] = ((30, "korter dan 1 maand"), (91, "1–3 maanden"), (365, "3–12 maanden"))
_OLDEST = "langer dan 1 jaar"
_ACTIONS = {
    "create": "aangemaakt",
    "update": "gewijzigd",
    "delete": "verwijderd",
    "undelete": "teruggezet",
    "import": "ingelezen",
    "export": "geëxporteerd met persoonsgegevens",
}
_HIDDEN_IN_LISTS = {"omschrijving", "locatie_x", "locatie_y", "oplossing"}


def display_value(spec: RegisterSpec, name: str, value: Any, area_names: Mapping[str, str] | None = None) -> str:
    """One field value as text for people: names for area codes, ``01-03-2025``, ``€ 1.250,00``."""
    if name in ("gebieden",) and isinstance(value, list | tuple):
        return ", ".join((area_names or {}).get(c, c) for c in value)
    if empty(value):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%d-%m-%Y %H:%M UTC")
    if isinstance(value, date):
        return format_date(value)
    if name in spec.names and spec.field(name).kind == "money":
        return format_money(Decimal(str(value)))
    if isinstance(value, str) and name in ("deleted_at", "created_at", "updated_at"):
        return display_value(spec, name, datetime.fromisoformat(value))
    if isinstance(value, str) and name in spec.names and spec.field(name).kind == "date":
        return format_date(date.fromisoformat(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def display_frame(
    kind: str,
    frame: pd.DataFrame,
    area_names: Mapping[str, str],
    initiative_titles: Mapping[int, str] | None = None,
    *,
    full: bool = False,
) -> pd.DataFrame:
    """A register frame (from :meth:`Store.list`) for showing: Dutch labels, names, no personal data.

    Columns: ``Nr.``, the first field (the title), any extra columns already added (e.g. by
    :func:`signal_ageing`), the other public fields under their labels (without long texts and
    coordinates unless ``full``), ``Fictief``, ``Gewijzigd``. Areas become names; an initiative
    reference becomes its title; lists are comma-joined; dates and money stay typed so the table
    sorts correctly.
    """
    spec = get_spec(kind)
    shown = [n for n in spec.public_names if full or n not in _HIDDEN_IN_LISTS]
    extra = [
        c
        for c in frame.columns
        if c not in spec.names and c not in ("id", "version", "fictief") and not c.startswith(("created", "updated", "deleted"))
    ]
    out = pd.DataFrame(index=frame.index)
    out[spec.label("id")] = frame["id"]
    titles = initiative_titles or {}
    for position, name in enumerate(shown):
        values = frame[name]
        f = spec.field(name)
        if f.kind == "codes":
            values = values.map(lambda v: display_value(spec, "gebieden", v, area_names))
        elif f.is_list:
            values = values.map(lambda v: ", ".join(v))
        elif f.kind == "ref":
            values = values.map(lambda v: "" if pd.isna(v) else titles.get(int(v), f"nr. {int(v)}"))
        out[f.label] = values
        if position == 0:  # added columns (e.g. the age of a signal) right after the title
            for column in extra:
                out[column] = frame[column]
    out[spec.label("fictief")] = frame["fictief"].map({True: "ja", False: "nee"})
    out[spec.label("updated_at")] = frame["updated_at"].map(lambda v: display_value(spec, "updated_at", v))
    return out.reset_index(drop=True)


def signal_ageing(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """Signals with ``dagen open`` (Int64) and ``leeftijd`` (bucket label) added.

    An open signal (``nieuw``, ``in behandeling``) ages from ``gemeld_op`` to ``today``; a closed
    one counts the days until ``afgehandeld_op`` and has no bucket (``leeftijd`` = ``afgehandeld``).
    """
    out = frame.copy()
    days, buckets = [], []
    for reported, closed, status in zip(out["gemeld_op"], out["afgehandeld_op"], out["status"], strict=True):
        is_open = status in OPEN_STATUSES
        end = today if is_open or empty(closed) else closed
        n = (end - reported).days if isinstance(reported, date) else None
        days.append(n)
        if not is_open or n is None:
            buckets.append("afgehandeld" if not is_open else "")
        else:
            buckets.append(next((label for limit, label in AGE_BUCKETS if n < limit), _OLDEST))
    out["dagen open"] = pd.array(days, dtype="Int64")
    out["leeftijd"] = buckets
    return out


def ageing_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per status (in the register's order): ``aantal``, ``gemiddeld dagen open``, ``langst open (dagen)``.

    ``frame`` comes from :func:`signal_ageing`. Statuses without signals are left out.
    """
    spec = get_spec("signalen")
    rows = []
    for status in spec.field("status").choices:
        part = frame[frame["status"] == status]
        if len(part):
            rows.append(
                {
                    "status": status,
                    "aantal": len(part),
                    "gemiddeld dagen open": round(float(part["dagen open"].mean()), 0),
                    "langst open (dagen)": int(part["dagen open"].max()),
                }
            )
    return pd.DataFrame(rows, columns=["status", "aantal", "gemiddeld dagen open", "langst open (dagen)"])


def _changes_text(spec: RegisterSpec, changes: Mapping[str, Any], area_names: Mapping[str, str]) -> str:
    parts = []
    for name, (old, new) in changes.items():
        old_text = display_value(spec, name, old, area_names) or "leeg"
        new_text = display_value(spec, name, new, area_names) or "leeg"
        parts.append(f"{spec.label(name)}: {old_text} → {new_text}")
    return "; ".join(parts)


def history_frame(kind: str, history: pd.DataFrame, area_names: Mapping[str, str]) -> pd.DataFrame:
    """A record's audit trail (from :meth:`Store.history`) for people.

    Columns: ``Tijdstip (UTC)``, ``Wie``, ``Actie`` (aangemaakt, gewijzigd, verwijderd,
    teruggezet, ingelezen), ``Wijzigingen`` ("Titel: oud → nieuw; …"). Oldest first.
    """
    spec = get_spec(kind)
    rows = [
        {
            "Tijdstip (UTC)": at.astimezone(UTC).strftime("%d-%m-%Y %H:%M:%S"),
            "Wie": actor,
            "Actie": _ACTIONS.get(action, action),
            "Wijzigingen": _changes_text(spec, changes, area_names),
        }
        for at, actor, action, changes in history[["at", "actor", "action", "changes"]].itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=["Tijdstip (UTC)", "Wie", "Actie", "Wijzigingen"])


def conflict_frame(kind: str, mine: Mapping[str, Any], theirs: Mapping[str, Any], area_names: Mapping[str, str]) -> pd.DataFrame:
    """Both versions of a conflicting edit, field by field: ``Veld``, ``Uw versie``, ``Opgeslagen versie``, ``Verschilt``.

    Only fields this editor sent are listed (personal data included: the editor typed it).
    """
    spec = get_spec(kind)
    from wijkdata.registers.store import same_value

    rows = [
        {
            "Veld": f.label,
            "Uw versie": display_value(spec, f.name, mine[f.name], area_names),
            "Opgeslagen versie": display_value(spec, f.name, theirs.get(f.name), area_names),
            "Verschilt": "ja" if not same_value(mine[f.name], theirs.get(f.name)) else "",
        }
        for f in spec.fields
        if f.name in mine
    ]
    return pd.DataFrame(rows, columns=["Veld", "Uw versie", "Opgeslagen versie", "Verschilt"])
