"""Need against effort per wijk: where does the wijk lag, and what is being done about it?

*Need* (opgave) is how far a wijk lags its gemeente on chosen indicators, in standard
deviations across the gemeente's wijken, signed so that positive is worse (only indicators
with a curated direction count), averaged over the indicators the wijk has a figure for; and
whether that lag grew since a reference year. A wijk with figures for fewer than
:data:`MIN_NEED_INDICATORS` of the chosen indicators is not ranked: its need is missing and its
quadrant :data:`TOO_FEW`. Where the year has no figure yet, the latest published one is used in
mode ``"laatst"`` (see :mod:`wijkdata.analysis.latest`), and ``jaren`` says which years count.
*Effort* (inzet) counts the active initiatives (bottom-up), active interventions (top-down) and
open signals (the system) in the wijk and its buurten. Pure functions: the records come in as a
frame, see :func:`effort_per_wijk`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from wijkdata.analysis.latest import Mode, filled_year, years_of
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import parent_codes

__all__ = [
    "need_year",
    "DEFAULT_NEED_KEYS",
    "RECORD_COLUMNS",
    "need_scores",
    "effort_per_wijk",
    "need_effort",
    "QUADRANTS",
    "MIN_NEED_INDICATORS",
    "TOO_FEW",
    "need_keys",
]

DEFAULT_NEED_KEYS = [
    "HuishoudensMetEenLaagInkomen",
    "HuishOnderOfRondSociaalMinimum",
    "Nettoarbeidsparticipatie",
    "PercentageJongerenMetJeugdzorg",
    "WmoClientenRelatief",
    "GemiddeldInkomenPerInwoner",
    "OnbewoondeWoningen",
]
#: What :func:`effort_per_wijk` needs per record and area (one row per record per area).
RECORD_COLUMNS = ["soort", "gebied", "actief"]
QUADRANTS = {
    (True, False): "Grote opgave, weinig inzet",
    (True, True): "Grote opgave, veel inzet",
    (False, True): "Veel inzet, kleinere opgave",
    (False, False): "Kleinere opgave, weinig inzet",
}
#: A wijk is only ranked on need with figures for at least this many of the chosen indicators.
MIN_NEED_INDICATORS = 2
#: The quadrant of a wijk with fewer figures than that.
TOO_FEW = "Te weinig cijfers"


def need_year(k: Kerncijfers, keys: Sequence[str], wanted: int) -> int | None:
    """The year to compute need for: ``wanted`` when every indicator in ``keys`` is published then,
    else the latest earlier year where they all are, else the latest year with any of them
    (``None`` when none is ever published)."""

    def published(year: int, key: str) -> bool:
        ind = k.catalogue.get(key)
        return ind is not None and year in ind.kolommen and bool(k.year(year)[key].notna().any())

    candidates = [y for y in k.years if y <= wanted] or k.years
    complete = [y for y in candidates if all(published(y, c) for c in keys)]
    if complete:
        return complete[-1]
    partial = [y for y in candidates if any(published(y, c) for c in keys)]
    return partial[-1] if partial else None


def need_keys(k: Kerncijfers, keys: Sequence[str], jaar: int, mode: Mode = "laatst") -> list[str]:
    """The indicators of ``keys`` that can count towards need in ``jaar``: a curated direction and a
    published figure for some wijk (in ``jaar``, or with ``mode="laatst"`` in a year before it)."""
    out = []
    for key in keys:
        ind = k.catalogue.get(key)
        if ind is None or ind.richting not in (HIGHER_IS_BETTER, HIGHER_IS_WORSE):
            continue
        if any(k.year(y, "wijk")[key].notna().any() for y in years_of(k, key, jaar, mode)):
            out.append(key)
    return out


def _lags(k: Kerncijfers, jaar: int, keys: Sequence[str], mode: Mode) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per wijk and indicator: signed standardised lag against the gemeente (positive = worse), and its year."""
    usable = need_keys(k, keys, jaar, mode)
    rows, years = filled_year(k, jaar, usable, mode=mode)
    is_wijk = (rows["niveau"] == "wijk").to_numpy()
    wijken, wijk_years = rows[is_wijk].set_index("code"), years[is_wijk].set_axis(rows.loc[is_wijk, "code"])
    gm = rows[rows["code"] == k.gemeente]
    out, when = {}, {}
    for key in usable:
        values = pd.to_numeric(wijken[key], errors="coerce").astype(float)
        ref = gm[key].iloc[0] if not gm.empty else pd.NA
        sd = values.std(ddof=0)
        if pd.isna(ref) or not sd or np.isnan(sd):
            continue
        sign = 1.0 if k.catalogue[key].richting == HIGHER_IS_WORSE else -1.0
        out[key] = sign * (values - float(ref)) / sd
        when[key] = wijk_years[key].where(values.notna())
    return pd.DataFrame(out, index=wijken.index), pd.DataFrame(when, index=wijken.index)


def _mean(lags: pd.DataFrame, minimum: int) -> pd.Series:
    """The mean lag of every wijk with at least ``minimum`` lags, else missing."""
    if lags.empty or not len(lags.columns):
        return pd.Series(np.nan, index=lags.index)
    return lags.mean(axis=1).where(lags.notna().sum(axis=1) >= minimum)


def _largest(lags: pd.DataFrame, k: Kerncijfers) -> pd.Series:
    """Title of the indicator each wijk lags most on, ``""`` for a wijk without any lag."""
    out = pd.Series("", index=lags.index, dtype="object")
    has = lags.notna().any(axis=1) if len(lags.columns) else pd.Series(False, index=lags.index)
    if has.any():
        out[has] = lags[has].astype(float).fillna(-np.inf).idxmax(axis=1).map(k.catalogue.label)
    return out


def need_scores(
    k: Kerncijfers,
    jaar: int,
    keys: Sequence[str] | None = None,
    reference_year: int | None = None,
    mode: Mode = "laatst",
    minimum: int = MIN_NEED_INDICATORS,
) -> pd.DataFrame:
    """The need (opgave) of every wijk in ``jaar`` and its change since ``reference_year``.

    ``reference_year`` defaults to the earliest cached year at most three years before ``jaar``.
    ``mode`` ``"laatst"`` takes the latest published figure where ``jaar`` (or the reference
    year) has none; ``"peiljaar"`` only that year's. A wijk needs figures for at least
    ``minimum`` indicators to be ranked.

    Returns
    -------
    pandas.DataFrame
        One row per wijk of ``jaar``: ``code``, ``naam``, ``opgave`` (mean signed lag, ``Float64``;
        ``<NA>`` when not ranked), ``indicatoren`` (how many counted), ``gerangschikt`` (bool:
        at least ``minimum`` indicators), ``opgave_toen`` (the same in the reference year),
        ``verandering`` (``opgave - opgave_toen``; positive = getting worse), ``verslechtert``
        (bool), ``grootste_achterstand`` (title of the indicator it lags most on, ``""`` without),
        ``jaren`` (the years of the figures that count, ``"2023, 2024"``; ``""`` without),
        ``toelichting`` (Dutch, why a wijk is not ranked; ``""`` when it is), ``peiljaar``,
        ``referentiejaar``.
    """
    if minimum < 1:
        raise ValueError(f"minimum must be at least 1, not {minimum}")
    keys = list(keys or DEFAULT_NEED_KEYS)
    lags, when = _lags(k, jaar, keys, mode)
    earlier = [y for y in k.years if jaar - 3 <= y < jaar]
    ref = reference_year if reference_year is not None else (earlier[0] if earlier else None)
    then = _lags(k, ref, keys, mode)[0] if ref is not None else pd.DataFrame(index=lags.index)
    names = k.year(jaar, "wijk").set_index("code")["naam"]
    common = [c for c in lags.columns if c in then.columns]
    frame = pd.DataFrame(index=names.index)
    frame["naam"] = names
    frame["indicatoren"] = lags.notna().sum(axis=1).reindex(frame.index).fillna(0).astype(int) if len(lags.columns) else 0
    frame["gerangschikt"] = frame["indicatoren"] >= minimum
    frame["opgave"] = _mean(lags, minimum).reindex(frame.index)
    frame["opgave_toen"] = _mean(then[common], minimum).reindex(frame.index) if common else np.nan
    frame["verandering"] = (_mean(lags[common], minimum) - frame["opgave_toen"]) if common else np.nan
    frame["grootste_achterstand"] = _largest(lags, k).reindex(frame.index).fillna("")
    frame["jaren"] = [
        ", ".join(str(int(y)) for y in sorted(set(when.loc[c].dropna()))) if c in when.index else "" for c in frame.index
    ]
    frame["toelichting"] = [
        "" if ok else f"te weinig cijfers: {n} van de minimaal {minimum} indicatoren"
        for ok, n in zip(frame["gerangschikt"], frame["indicatoren"], strict=True)
    ]
    frame["peiljaar"] = jaar
    frame["referentiejaar"] = ref if ref is not None else pd.NA
    for c in ("opgave", "opgave_toen", "verandering"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").round(2).astype("Float64")
    frame["verslechtert"] = (frame["verandering"].fillna(0) >= 0.1).astype(bool)
    return frame.reset_index(names="code")


def effort_per_wijk(records: pd.DataFrame, wijken: Sequence[str]) -> pd.DataFrame:
    """Count active initiatives and interventions and open signals per wijk.

    Parameters
    ----------
    records
        One row per (record, area) with :data:`RECORD_COLUMNS`: ``soort`` (``initiatief``,
        ``interventie`` or ``signaal``), ``gebied`` (a wijk or buurt code), ``actief`` (bool:
        running or planned; for a signal: still open). A buurt counts for its wijk; a record for
        several buurten of one wijk counts once there (needs an ``id`` column to deduplicate).
    wijken
        The wijk codes to report (also those with nothing going on).

    Returns
    -------
    pandas.DataFrame
        ``code``, ``initiatieven``, ``interventies``, ``open_signalen``, ``inzet`` (their sum).
    """
    frame = records.copy()
    if frame.empty:
        frame = pd.DataFrame(columns=[*RECORD_COLUMNS, "id"])
    frame["wijk"] = frame["gebied"].map(lambda c: parent_codes(str(c))[1])
    frame = frame[frame["actief"].astype(bool) & frame["wijk"].notna()]
    if "id" in frame.columns:
        frame = frame.drop_duplicates(["soort", "id", "wijk"])
    counts = frame.groupby(["wijk", "soort"]).size().unstack(fill_value=0)
    out = pd.DataFrame(index=pd.Index(list(wijken), name="code"))
    for soort, column in (("initiatief", "initiatieven"), ("interventie", "interventies"), ("signaal", "open_signalen")):
        out[column] = counts[soort].reindex(out.index).fillna(0).astype(int) if soort in counts.columns else 0
    out["inzet"] = out["initiatieven"] + out["interventies"]
    return out.reset_index()


def need_effort(need: pd.DataFrame, effort: pd.DataFrame) -> pd.DataFrame:
    """Need and effort side by side with a quadrant per wijk.

    A wijk's need is *high* above 0 (it lags the gemeente on balance); its effort is *high* when its
    active initiatives plus interventions are above the median over the wijken (above 0 when the
    median is 0). A wijk without a need score (not ``gerangschikt``) gets the quadrant
    :data:`TOO_FEW` and sorts last.
    ``stapeling`` marks wijken where bottom-up and top-down both run above the median.

    Returns
    -------
    pandas.DataFrame
        The columns of both inputs plus ``hoge_opgave``, ``veel_inzet``, ``kwadrant`` (Dutch),
        ``stapeling`` (bool); highest need first.
    """
    frame = need.merge(effort, on="code", how="left")
    for c in ("initiatieven", "interventies", "open_signalen", "inzet"):
        frame[c] = frame[c].fillna(0).astype(int)
    median = float(frame["inzet"].median()) if len(frame) else 0.0
    frame["hoge_opgave"] = frame["opgave"].fillna(0).astype(float) > 0
    frame["veel_inzet"] = frame["inzet"] > median if median > 0 else frame["inzet"] > 0
    frame["kwadrant"] = [
        QUADRANTS[(bool(h), bool(v))] if pd.notna(o) else TOO_FEW
        for h, v, o in zip(frame["hoge_opgave"], frame["veel_inzet"], frame["opgave"], strict=True)
    ]
    med_i, med_t = frame["initiatieven"].median(), frame["interventies"].median()
    frame["stapeling"] = (frame["initiatieven"] > med_i) & (frame["interventies"] > med_t)
    return frame.sort_values("opgave", ascending=False, na_position="last").reset_index(drop=True)
