"""What the Overzicht page shows, as pure functions: frames in, frames out.

Every figure row carries its source (table, year, column) so a page can show it and a
download keeps it.
"""

from __future__ import annotations

import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import SMALL_POPULATION

__all__ = [
    "HEADLINE_KEYS",
    "METRIC_KEYS",
    "TABLE_KEYS",
    "explain_missing",
    "missing_reason",
    "key_figures",
    "area_table",
    "SMALL_POPULATION",
]

#: Indicators shown first on the overview, when the gemeente's tables have them.
HEADLINE_KEYS = [
    "AantalInwoners",
    "HuishoudensTotaal",
    "GemiddeldeHuishoudensgrootte",
    "Bevolkingsdichtheid",
    "k_65JaarOfOuder",
    "Woningvoorraad",
    "GemiddeldeWOZWaardeVanWoningen",
    "Koopwoningen",
    "InBezitWoningcorporatie",
    "GemiddeldInkomenPerInwoner",
    "HuishoudensMetEenLaagInkomen",
    "Nettoarbeidsparticipatie",
    "PercentageJongerenMetJeugdzorg",
    "WmoClientenRelatief",
]
#: Shown as large numbers at the top of the overview.
METRIC_KEYS = ["AantalInwoners", "HuishoudensTotaal", "GemiddeldeHuishoudensgrootte", "Woningvoorraad"]
#: Columns of the wijken-en-buurten table on the overview.
TABLE_KEYS = [
    "AantalInwoners",
    "HuishoudensTotaal",
    "GemiddeldeWOZWaardeVanWoningen",
    "Koopwoningen",
    "HuishoudensMetEenLaagInkomen",
]
#: Below this many inhabitants percentages of a buurt are unstable (and CBS often suppresses them).


def explain_missing(k: Kerncijfers, key: str, code: str, jaar: int) -> str:
    """Why a figure is missing, in Dutch: not in that year's table, not yet published, secret, ...

    Returns ``""`` when the figure is there.
    """
    ind = k.catalogue.get(key)
    if ind is None or jaar not in ind.kolommen:
        return f"niet in de CBS-tabel van {jaar}"
    rows = k.year(jaar)
    hit = rows.index[rows["code"] == code]
    if len(hit) == 0:
        return f"gebied bestond niet in {jaar}"
    return missing_reason(rows, hit[0], key)


def missing_reason(rows: pd.DataFrame, position: int, key: str) -> str:
    """Why ``rows.loc[position, key]`` (one year's rows) is missing; ``""`` when it is not.

    The fast path for callers that explain many figures of one year (single-column operations only).
    """
    if pd.notna(rows.at[position, key]):
        return ""
    column = rows[key]
    if column.isna().all():
        return "nog niet gepubliceerd door CBS"
    level = rows.at[position, "niveau"]
    inhabitants = rows.at[position, "AantalInwoners"] if "AantalInwoners" in rows.columns else pd.NA
    if level == "buurt" and pd.notna(inhabitants) and inhabitants < SMALL_POPULATION:
        return "geheim: te weinig inwoners (CBS publiceert dit niet)"
    if column[rows["niveau"] == level].notna().any():
        return "geheim of niet van toepassing (CBS publiceert dit voor dit gebied niet)"
    return "niet beschikbaar op dit niveau"


def key_figures(k: Kerncijfers, jaar: int, keys: list[str] | None = None) -> pd.DataFrame:
    """The gemeente's headline figures beside Nederland's for one year.

    Returns
    -------
    pandas.DataFrame
        One row per indicator the year's table has: ``indicator`` (key), ``titel``, ``eenheid``,
        ``gemeente`` and ``nederland`` (numbers, ``<NA>`` when missing), ``gemeente_tekst`` and
        ``nederland_tekst`` (Dutch formatted with unit, or the reason it is missing), ``bron``
        (``"85984NED (2024), kolom AantalInwoners_5"``).
    """
    rows = k.year(jaar)
    gm = rows[rows["code"] == k.gemeente]
    nl = rows[rows["niveau"] == "land"]
    out = []
    for key in keys or HEADLINE_KEYS:
        ind = k.catalogue.get(key)
        if ind is None or jaar not in ind.kolommen:
            continue
        g = gm[key].iloc[0] if not gm.empty else pd.NA
        n = nl[key].iloc[0] if not nl.empty else pd.NA
        out.append(
            {
                "indicator": key,
                "titel": k.catalogue.label(key),
                "eenheid": ind.eenheid,
                "gemeente": g,
                "nederland": n,
                "gemeente_tekst": ind.text(g)
                if pd.notna(g)
                else explain_missing(k, key, k.gemeente, jaar),
                "nederland_tekst": ind.text(n) if pd.notna(n) else "nog niet gepubliceerd door CBS",
                "bron": f"{ind.tabellen[jaar]} ({jaar}), kolom {ind.kolommen[jaar]}",
            }
        )
    return pd.DataFrame(
        out, columns=["indicator", "titel", "eenheid", "gemeente", "nederland", "gemeente_tekst", "nederland_tekst", "bron"]
    )


def area_table(k: Kerncijfers, jaar: int, keys: list[str] | None = None) -> pd.DataFrame:
    """The gemeente's wijken and buurten of one year with a few figures, names not codes.

    Returns
    -------
    pandas.DataFrame
        Columns ``Naam``, ``Niveau``, ``Wijk`` (the wijk's name for a buurt), then one column per
        indicator titled ``"<titel> (<eenheid>)"`` holding numbers (``<NA>`` when missing), and
        ``Code`` last (for traceability). Wijken are followed by their buurten.
    """
    rows = k.year(jaar)
    rows = rows[rows["niveau"].isin(["wijk", "buurt"])].copy()
    names = dict(zip(rows["code"], rows["naam"], strict=False))
    rows["_wijk"] = rows["wijk_code"].fillna(rows["code"])
    rows["_lvl"] = (rows["niveau"] == "buurt").astype(int)
    rows = rows.sort_values(["_wijk", "_lvl", "code"])
    out = pd.DataFrame(
        {
            "Naam": rows["naam"].to_numpy(),
            "Niveau": rows["niveau"].str.capitalize().to_numpy(),
            "Wijk": [names.get(w, w) if lvl else "" for w, lvl in zip(rows["_wijk"], rows["_lvl"], strict=True)],
        }
    )
    for key in keys or TABLE_KEYS:
        ind = k.catalogue.get(key)
        if ind is None or jaar not in ind.kolommen:
            continue
        unit = f" ({ind.eenheid})" if ind.eenheid and ind.eenheid != "aantal" else ""
        out[f"{k.catalogue.label(key)}{unit}"] = rows[key].to_numpy()
    out["Code"] = rows["code"].to_numpy()
    return out
