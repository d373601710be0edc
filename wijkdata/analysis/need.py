"""Need against effort per wijk: where does the wijk lag, and what is being done about it?

*Need* (opgave) is how far a wijk lags its gemeente on chosen indicators, in standard
deviations across the gemeente's wijken, signed so that positive is worse (only indicators
with a curated direction count), averaged over the indicators the wijk has a figure for; and
whether that lag grew since a reference year. *Effort* (inzet) counts the active initiatives
(bottom-up), active interventions (top-down) and open signals (the system) in the wijk and its
buurten. Pure functions: the records come in as a frame, see :func:`effort_per_wijk`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

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


def _lags(k: Kerncijfers, jaar: int, keys: Sequence[str]) -> pd.DataFrame:
    """Per wijk and indicator: signed standardised lag against the gemeente (positive = worse)."""
    rows = k.year(jaar)
    wijken = rows[rows["niveau"] == "wijk"].set_index("code")
    gm = rows[rows["code"] == k.gemeente]
    out = {}
    for key in keys:
        ind = k.catalogue.get(key)
        if ind is None or jaar not in ind.kolommen or ind.richting not in (HIGHER_IS_BETTER, HIGHER_IS_WORSE) or gm.empty:
            continue
        values = pd.to_numeric(wijken[key], errors="coerce").astype(float)
        ref = gm[key].iloc[0]
        sd = values.std(ddof=0)
        if pd.isna(ref) or not sd or np.isnan(sd):
            continue
        sign = 1.0 if ind.richting == HIGHER_IS_WORSE else -1.0
        out[key] = sign * (values - float(ref)) / sd
    return pd.DataFrame(out, index=wijken.index)


def need_scores(k: Kerncijfers, jaar: int, keys: Sequence[str] | None = None, reference_year: int | None = None) -> pd.DataFrame:
    """The need (opgave) of every wijk in ``jaar`` and its change since ``reference_year``.

    ``reference_year`` defaults to the earliest cached year at most three years before ``jaar``.

    Returns
    -------
    pandas.DataFrame
        One row per wijk: ``code``, ``naam``, ``opgave`` (mean signed lag; ``<NA>`` without
        figures), ``indicatoren`` (how many counted), ``opgave_toen`` (the same in the reference
        year), ``verandering`` (``opgave - opgave_toen``; positive = getting worse),
        ``verslechtert`` (bool), ``grootste_achterstand`` (title of the indicator it lags most on),
        ``peiljaar``, ``referentiejaar``.
    """
    keys = list(keys or DEFAULT_NEED_KEYS)
    lags = _lags(k, jaar, keys)
    earlier = [y for y in k.years if jaar - 3 <= y < jaar]
    ref = reference_year if reference_year is not None else (earlier[0] if earlier else None)
    then = _lags(k, ref, keys) if ref is not None else pd.DataFrame(index=lags.index)
    names = k.year(jaar, "wijk").set_index("code")["naam"]
    common = [c for c in lags.columns if c in then.columns]
    frame = pd.DataFrame(index=names.index)
    frame["naam"] = names
    frame["opgave"] = lags.mean(axis=1) if not lags.empty else np.nan
    frame["indicatoren"] = lags.notna().sum(axis=1) if not lags.empty else 0
    frame["opgave_toen"] = then[common].mean(axis=1).reindex(frame.index) if common else np.nan
    frame["verandering"] = (lags[common].mean(axis=1) - frame["opgave_toen"]) if common else np.nan
    frame["grootste_achterstand"] = (
        lags.idxmax(axis=1, skipna=True).map(lambda c: k.catalogue.label(c) if isinstance(c, str) else "")
        if not lags.empty and lags.notna().any().any()
        else ""
    )
    frame["peiljaar"] = jaar
    frame["referentiejaar"] = ref if ref is not None else pd.NA
    for c in ("opgave", "opgave_toen", "verandering"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").round(2).astype("Float64")
    frame["verslechtert"] = frame["verandering"].fillna(0) >= 0.1
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
    median is 0).
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
    frame["kwadrant"] = [QUADRANTS[(bool(h), bool(v))] for h, v in zip(frame["hoge_opgave"], frame["veel_inzet"], strict=True)]
    med_i, med_t = frame["initiatieven"].median(), frame["interventies"].median()
    frame["stapeling"] = (frame["initiatieven"] > med_i) & (frame["interventies"] > med_t)
    return frame.sort_values("opgave", ascending=False, na_position="last").reset_index(drop=True)
