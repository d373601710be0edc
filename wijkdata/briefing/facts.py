"""The figures a briefing states, read from the same analysis functions the pages use.

Nothing is computed twice: values, ranks and comparisons come from
:func:`wijkdata.analysis.profile.area_profile`, the latest published figure from
:func:`wijkdata.analysis.latest.latest_values`, changes from :func:`~wijkdata.analysis.profile.trend`,
need and effort from :mod:`wijkdata.analysis.need`. This module only picks and words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from wijkdata.analysis.activity import AreaActivity
from wijkdata.analysis.latest import latest_values, value_label
from wijkdata.analysis.need import DEFAULT_NEED_KEYS, effort_per_wijk, need_effort, need_scores, need_year
from wijkdata.analysis.overview import HEADLINE_KEYS
from wijkdata.analysis.profile import area_profile, profile_warnings, trend, trend_breaks
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import parent_codes
from wijkdata.errors import UnknownArea
from wijkdata.registers.views import signal_ageing
from wijkdata.text import nl_number, with_unit

__all__ = ["BRIEFING_KEYS", "AreaFacts", "Change", "area_facts", "change_of", "count_text", "plain", "rank_text"]

#: The figures a briefing leads with (the overview's headline figures), when the year's table has them.
BRIEFING_KEYS = [k for k in HEADLINE_KEYS if k not in ("GemiddeldeHuishoudensgrootte", "Bevolkingsdichtheid", "Woningvoorraad")]


@dataclass(frozen=True)
class Change:
    """How one indicator moved over the unbroken end of the area's series up to the chosen year."""

    key: str
    titel: str
    first_year: int
    first: float
    last_year: int
    last: float
    text: str  # "van 27,0% (2022) naar 30,0% (2023)"
    tabellen: tuple[tuple[str, int, str], ...]  # (table, year, column) of every point
    worsens: bool | None  # None: the catalogue gives no direction, or no change

    @property
    def relative(self) -> float:
        """The change as a share of the first value (0 when that is 0)."""
        return abs(self.last - self.first) / abs(self.first) if self.first else 0.0


@dataclass
class AreaFacts:
    """What a briefing of one wijk or buurt says, with the frames it comes from.

    ``figures`` has one row per key figure: ``indicator``, ``titel``, ``waarde`` (float, NaN when
    none), ``waarde_tekst`` (with its year when not the chosen year), ``waarde_jaar``,
    ``gemeente_tekst``, ``nederland_tekst``, ``rang_tekst``, ``tabel``, ``cbs_kolom``, ``toelichting``.
    """

    k: Kerncijfers
    code: str
    jaar: int
    naam: str
    niveau: str
    wijk_code: str
    profile: pd.DataFrame
    figures: pd.DataFrame
    notable: pd.DataFrame
    changes: list[Change]
    breaks: list[dict[str, object]]
    warnings: list[str]
    activity: AreaActivity | None
    signals: pd.DataFrame  # open signals with "dagen open"
    need: pd.Series | None  # the wijk's row of need_effort, or None without registers
    need_rank: tuple[int, int] | None  # (place by need, number of wijken with a need score)
    today: date
    effort_known: bool = False  # the gemeente has any active record: "little effort" means something
    peers: int = 0
    extra_sources: list[tuple[str, int, str]] = field(default_factory=list)


def rank_text(rang: object, van: object) -> str:
    """``"hoogste van 24"``, ``"3e hoogste van 24"``, ``"2e laagste van 24"``; ``""`` without a rank."""
    if rang is None or van is None or pd.isna(rang) or pd.isna(van) or int(van) < 2:
        return ""
    r, n = int(rang), int(van)
    if r <= (n + 1) // 2:
        return f"{'' if r == 1 else f'{r}e '}hoogste van {n}"
    low = n - r + 1
    return f"{'' if low == 1 else f'{low}e '}laagste van {n}"


def change_of(k: Kerncijfers, code: str, key: str, jaar: int) -> Change | None:
    """The change of ``key`` for ``code`` over the unbroken end of its series up to ``jaar`` (two or more years), or None."""
    ind = k.catalogue.get(key)
    if ind is None:
        return None
    series = trend(k, code, key)
    own = series[(series["code"] == code) & series["waarde"].notna() & (series["jaar"] <= jaar)]
    if own.empty:
        return None
    own = own[own["segment"] == own["segment"].max()]
    if len(own) < 2:
        return None
    first, last = own.iloc[0], own.iloc[-1]
    a, b = float(first["waarde"]), float(last["waarde"])
    worsens = None
    if round(a, ind.decimalen) != round(b, ind.decimalen):
        if ind.richting == HIGHER_IS_WORSE:
            worsens = b > a
        elif ind.richting == HIGHER_IS_BETTER:
            worsens = b < a
    text = (
        f"van {with_unit(a, ind.eenheid, ind.decimalen)} ({int(first['jaar'])}) "
        f"naar {with_unit(b, ind.eenheid, ind.decimalen)} ({int(last['jaar'])})"
    )
    sources = tuple((str(t), int(y), str(c)) for t, y, c in zip(own["tabel"], own["jaar"], own["cbs_kolom"], strict=True))
    return Change(key, k.catalogue.label(key), int(first["jaar"]), a, int(last["jaar"]), b, text, sources, worsens)


def _figures(k: Kerncijfers, code: str, jaar: int, keys: list[str], profile: pd.DataFrame) -> pd.DataFrame:
    """Key figures of the area: the chosen year's, or the latest published one with its year."""
    latest = latest_values(k, jaar, keys, codes=[code]).set_index("indicator")
    by_year: dict[int, pd.DataFrame] = {jaar: profile}
    rows = []
    for key in keys:
        year = latest.at[key, "jaar"] if key in latest.index else pd.NA
        year = jaar if pd.isna(year) else int(year)
        if year not in by_year:
            by_year[year] = area_profile(k, code, year).set_index("indicator")
        p = by_year[year].loc[key] if key in by_year[year].index else profile.loc[key]
        now = profile.loc[key]
        rows.append(
            {
                "indicator": key,
                "titel": now["titel"],
                "waarde": float(p["waarde"]) if pd.notna(p["waarde"]) else float("nan"),
                "waarde_tekst": value_label(p["waarde_tekst"], year, jaar) if pd.notna(p["waarde"]) else "–",
                "waarde_jaar": year if pd.notna(p["waarde"]) else pd.NA,
                "gemeente_tekst": value_label(p["gemeente_tekst"], year, jaar) if pd.notna(p["gemeente"]) else "–",
                "nederland_tekst": value_label(p["nederland_tekst"], year, jaar) if pd.notna(p["nederland"]) else "–",
                "rang_tekst": rank_text(p["rang"], p["van"]),
                "tabel": p["tabel"],
                "cbs_kolom": p["cbs_kolom"],
                "jaar": int(p["jaar"]),
                "toelichting": now["toelichting"] if pd.isna(p["waarde"]) else "",
            }
        )
    return pd.DataFrame(rows)


def _need(k: Kerncijfers, wijk: str, jaar: int, records: pd.DataFrame | None) -> tuple[pd.Series | None, tuple[int, int] | None]:
    """The wijk's row of :func:`need_effort` (same inputs as the Opgave-en-inzet page) and its place by need."""
    if records is None or not wijk:
        return None, None
    year = need_year(k, DEFAULT_NEED_KEYS, jaar)
    if year is None:
        return None, None
    need = need_scores(k, year, DEFAULT_NEED_KEYS)
    frame = need_effort(need, effort_per_wijk(records, need["code"]))
    hit = frame[frame["code"] == wijk]
    if hit.empty or pd.isna(hit.iloc[0]["opgave"]):
        return None, None
    scored = frame[frame["opgave"].notna()].reset_index(drop=True)
    place = int(scored.index[scored["code"] == wijk][0]) + 1
    return hit.iloc[0], (place, len(scored))


def area_facts(
    k: Kerncijfers,
    code: str,
    jaar: int,
    activity: AreaActivity | None = None,
    records: pd.DataFrame | None = None,
    today: date | None = None,
    keys: list[str] | None = None,
) -> AreaFacts:
    """Gather what the briefing of wijk or buurt ``code`` in ``jaar`` states.

    ``activity`` is :func:`wijkdata.analysis.activity.area_activity` of the area; ``records`` the
    gemeente's :func:`~wijkdata.analysis.activity.effort_records` (for need against effort).

    Raises
    ------
    UnknownArea
        When ``code`` is not a wijk or buurt with figures in ``jaar``.
    """
    today = today or date.today()
    rows = k.year(jaar)
    hit = rows[rows["code"] == code]
    if hit.empty or str(hit.iloc[0]["niveau"]) not in ("wijk", "buurt"):
        raise UnknownArea(
            f"{code} is geen wijk of buurt van {k.naam} met cijfers in {jaar}; kies een wijk of buurt uit de lijst.", code=code
        )
    row = hit.iloc[0]
    niveau = str(row["niveau"])
    profile = area_profile(k, code, jaar).set_index("indicator")
    keys = [key for key in (keys or BRIEFING_KEYS) if key in profile.index]
    notable = profile[profile["afwijking"] != ""]
    notable = notable.assign(_a=notable["z"].abs().astype(float)).sort_values("_a", ascending=False).drop(columns="_a")
    wanted = list(dict.fromkeys(keys + list(notable.index)))
    changes = [c for c in (change_of(k, code, key, jaar) for key in wanted) if c is not None]
    signals = activity.open_signalen if activity is not None else pd.DataFrame()
    if not signals.empty and "gemeld_op" in signals.columns:
        signals = signal_ageing(signals, today).sort_values("dagen open", ascending=False, na_position="last")
    wijk = parent_codes(code)[1] or ""
    need, need_rank = _need(k, wijk, jaar, records)
    effort_known = records is not None and not records.empty and bool(records["actief"].astype(bool).any())
    return AreaFacts(
        k=k,
        code=code,
        jaar=jaar,
        naam=str(row["naam"]),
        niveau=niveau,
        wijk_code=wijk,
        profile=profile,
        figures=_figures(k, code, jaar, keys, profile),
        notable=notable,
        changes=changes,
        breaks=trend_breaks(k, code),
        warnings=profile_warnings(k, code, jaar),
        activity=activity,
        signals=signals.reset_index(drop=True),
        need=need,
        need_rank=need_rank,
        today=today,
        effort_known=effort_known,
        peers=int((rows["niveau"] == niveau).sum()),
    )


def plain(value: object) -> str:
    """A register field as text: ``""`` for None, NaN and NA."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def count_text(n: int, one: str, many: str) -> str:
    """``"1 initiatief"``, ``"3 initiatieven"``, ``"geen initiatieven"``."""
    if n == 0:
        return f"geen {many}"
    return f"{nl_number(n)} {one if n == 1 else many}"
