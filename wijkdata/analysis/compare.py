"""Compare areas: side by side, a ranking, and "lijkt op" (the most similar areas). Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from wijkdata.analysis.latest import Mode, filled_year, latest_values, value_label, years_of
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.errors import WijkdataError

__all__ = [
    "DEFAULT_SIMILARITY_KEYS",
    "comparable_gemeenten",
    "ranking",
    "side_by_side",
    "side_by_side_numbers",
    "similar_areas",
]

#: A sensible default set for "lijkt op": who lives there and how, not how big it is.
DEFAULT_SIMILARITY_KEYS = [
    "GemiddeldeHuishoudensgrootte",
    "GemiddeldeWOZWaardeVanWoningen",
    "Koopwoningen",
    "InBezitWoningcorporatie",
    "HuishoudensMetEenLaagInkomen",
    "Nettoarbeidsparticipatie",
    "MateVanStedelijkheid",
]


def comparable_gemeenten(gemeenten: pd.DataFrame, chosen: str) -> dict[str, str]:
    """The other gemeenten whose areas can be set beside ``chosen``'s: code → name.

    ``gemeenten`` has ``code``, ``naam`` and ``status`` (as :func:`wijkdata.cbs.kerncijfers.gemeenten`);
    only those with figures in the cache (``opgehaald``) count. The fictional demo is offered
    only to the demo itself, so invented buurten never appear beside real ones.
    """
    allowed = {"opgehaald", "fictief"} if chosen == DEMO_GEMEENTE else {"opgehaald"}
    usable = gemeenten[gemeenten["status"].isin(allowed) & (gemeenten["code"] != chosen)]
    return dict(zip(usable["code"], usable["naam"], strict=True))


def _slim(k: Kerncijfers, keys: Sequence[str]) -> Kerncijfers:
    """``k`` with only the area columns and ``keys``: selecting rows of a narrow frame is many times faster."""
    columns = ["jaar", "code", "naam", "niveau", "gemeente_code", "wijk_code", *dict.fromkeys(keys)]
    return replace(k, data=k.data[[c for c in columns if c in k.data.columns]])


def side_by_side(
    areas: Sequence[tuple[Kerncijfers, str]], jaar: int, keys: Sequence[str], mode: Mode = "laatst"
) -> pd.DataFrame:
    """Two to five areas (from any cached gemeente) in columns, indicators in rows.

    With ``mode="laatst"`` a value ``jaar`` lacks is the latest published one before it, labelled
    with its year (``"30,4 (2023)"``); ``"peiljaar"`` shows only ``jaar``'s figures.

    Returns
    -------
    pandas.DataFrame
        Index: indicator titles; one column per area titled ``"<naam> (<gemeente>)"`` holding the
        value with its unit in Dutch format (``"–"`` when missing); plus ``Bron`` (table and
        column of every year a value comes from) so each cell is traceable.

    Raises
    ------
    WijkdataError
        With fewer than 2 or more than 5 areas.
    """
    if not 2 <= len(areas) <= 5:
        raise WijkdataError(f"Kies twee tot vijf gebieden om te vergelijken (nu {len(areas)}).")
    columns: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = {}
    titles: dict[str, str] = {}
    for k, code in ((_slim(k, keys), code) for k, code in areas):
        rows = k.year(jaar)
        hit = rows[rows["code"] == code]
        name = f"{hit['naam'].iloc[0]} ({k.naam})" if not hit.empty else f"{code} ({k.naam})"
        cells = []
        known = [key for key in keys if years_of(k, key, jaar, mode)]
        latest = latest_values(k, jaar, known, mode=mode, codes=[code]).set_index("indicator") if not hit.empty else None
        for key in keys:
            ind = k.catalogue.get(key)
            titles.setdefault(key, k.catalogue.label(key) if ind else key)
            if hit.empty:
                cells.append(f"geen cijfers in {jaar}")
                continue
            if ind is None or key not in known:
                cells.append(f"niet in de CBS-tabel van {jaar}")
                continue
            value, year = latest.at[key, "waarde"], latest.at[key, "jaar"]
            cells.append(value_label(ind.text(value), year, jaar))
            source_year = int(year) if pd.notna(year) else years_of(k, key, jaar, mode)[-1]
            sources.setdefault(key, set()).add(f"{ind.tabellen[source_year]}/{ind.kolommen[source_year]}")
        columns[name] = cells
    frame = pd.DataFrame(columns, index=[titles[k] for k in keys])
    frame["Bron"] = [", ".join(sorted(sources.get(k, set()))) for k in keys]
    frame.index.name = "Indicator"
    return frame


def _as_published(value: object, decimals: int) -> int | float | None:
    """A figure as CBS publishes it: ``None`` when missing, ``int`` for a whole-number indicator."""
    if value is None or pd.isna(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if not decimals and number.is_integer() else number


def side_by_side_numbers(
    areas: Sequence[tuple[Kerncijfers, str]], jaar: int, keys: Sequence[str], mode: Mode = "laatst"
) -> pd.DataFrame:
    """:func:`side_by_side` as numbers, for a spreadsheet: nothing formatted as text.

    Returns
    -------
    pandas.DataFrame
        Columns ``Indicator``, ``Eenheid`` (CBS's unit, e.g. ``%`` or ``x 1 000 euro``), one column
        per area holding the figure as CBS publishes it (``int`` or ``float``; empty when there is
        none), ``Bron`` (table and column per year used) and ``Toelichting`` (why a figure is
        absent, or from which earlier year it comes); one row per indicator.

    Raises
    ------
    WijkdataError
        With fewer than 2 or more than 5 areas.
    """
    if not 2 <= len(areas) <= 5:
        raise WijkdataError(f"Kies twee tot vijf gebieden om te vergelijken (nu {len(areas)}).")
    titles: dict[str, str] = {}
    units: dict[str, str] = {}
    sources: dict[str, set[str]] = {}
    notes: dict[str, list[str]] = {key: [] for key in keys}
    columns: dict[str, list[object]] = {}
    for k, code in ((_slim(k, keys), code) for k, code in areas):
        rows = k.year(jaar)
        hit = rows[rows["code"] == code]
        name = f"{hit['naam'].iloc[0]} ({k.naam})" if not hit.empty else f"{code} ({k.naam})"
        known = [key for key in keys if years_of(k, key, jaar, mode)]
        latest = latest_values(k, jaar, known, mode=mode, codes=[code]).set_index("indicator") if not hit.empty else None
        cells: list[object] = []
        for key in keys:
            ind = k.catalogue.get(key)
            if ind is not None:  # title and unit from whichever gemeente's table has the indicator
                titles.setdefault(key, k.catalogue.label(key))
                units.setdefault(key, ind.eenheid)
            if latest is None or ind is None or key not in known:
                cells.append(None)
                why = f"geen cijfers in {jaar}" if latest is None else f"niet in de CBS-tabel van {jaar}"
                notes[key].append(f"{name}: {why}")
                continue
            value, year = latest.at[key, "waarde"], latest.at[key, "jaar"]
            cells.append(_as_published(value, ind.decimalen))
            if pd.notna(year) and int(year) != jaar:
                notes[key].append(f"{name}: cijfer van {int(year)}")
            source_year = int(year) if pd.notna(year) else years_of(k, key, jaar, mode)[-1]
            sources.setdefault(key, set()).add(f"{ind.tabellen[source_year]}/{ind.kolommen[source_year]}")
        columns[name] = cells
    frame = pd.DataFrame({"Indicator": [titles.get(k, k) for k in keys], "Eenheid": [units.get(k, "") for k in keys]})
    for name, cells in columns.items():
        frame[name] = pd.Series(cells, dtype=object)
    frame["Bron"] = [", ".join(sorted(sources.get(k, set()))) for k in keys]
    frame["Toelichting"] = ["; ".join(notes[k]) for k in keys]
    return frame


def ranking(
    k: Kerncijfers, jaar: int, niveau: str, key: str, ascending: bool = False, mode: Mode = "laatst"
) -> pd.DataFrame:
    """All areas of one level ranked on one indicator; areas without a figure last, unranked.

    With ``mode="laatst"`` an area without a figure in ``jaar`` is ranked on its latest published
    one, whose year ``Jaar`` states; ``"peiljaar"`` ranks only on ``jaar``'s figures.

    Returns
    -------
    pandas.DataFrame
        Columns ``Rang`` (Int64, ``<NA>`` without figure), ``Naam``, ``Wijk`` (name, for buurten),
        ``Waarde`` (number, ``<NA>`` without figure), ``Jaar`` (text: the year of the value, ``""``
        without), ``Betekenis`` (only for coded indicators such as Mate van stedelijkheid:
        ``"sterk stedelijk"``), ``Toelichting`` (why missing, or that the value is from an earlier year), ``Code``.
    """
    k = _slim(k, [key])
    rows = k.year(jaar, niveau)
    names = dict(zip(k.year(jaar)["code"], k.year(jaar)["naam"], strict=False))
    if years_of(k, key, jaar, mode):
        latest = latest_values(k, jaar, [key], mode=mode, niveau=niveau).set_index("code")
    else:
        latest = pd.DataFrame({"waarde": pd.Series(dtype="float"), "jaar": pd.Series(dtype="Int64")})
    codes = rows["code"].astype(str)
    values = pd.to_numeric(codes.map(latest["waarde"]), errors="coerce").astype("Float64")
    years = codes.map(latest["jaar"]).astype("Int64")
    order = values.astype(float).rank(ascending=ascending, method="min")
    notes = [
        "geen cijfer (geheim of niet gepubliceerd)"
        if pd.isna(v)
        else (f"cijfer van {int(y)} (voor {jaar} nog niet gepubliceerd)" if int(y) != jaar else "")
        for v, y in zip(values, years, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "Rang": order.astype("Int64"),
            "Naam": rows["naam"],
            "Wijk": rows["wijk_code"].map(lambda w: names.get(w, "")) if niveau == "buurt" else "",
            "Waarde": values,
            "Jaar": pd.array([pd.NA if pd.isna(y) else int(y) for y in years], dtype="Int64"),
            "Toelichting": notes,
            "Code": rows["code"],
        }
    )
    ind = k.catalogue.get(key)
    if ind is not None and ind.category(1):  # a coded indicator: say what each code means
        frame.insert(4, "Betekenis", [ind.category(v) for v in rows[key]])
    return frame.sort_values(["Rang", "Naam"], na_position="last").reset_index(drop=True)


def similar_areas(
    candidates: Sequence[Kerncijfers],
    k: Kerncijfers,
    code: str,
    jaar: int,
    keys: Sequence[str],
    n: int = 5,
    mode: Mode = "laatst",
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The areas most like ``code`` on ``keys`` (standardised Euclidean distance), of the same level.

    With ``mode="laatst"`` figures ``jaar`` lacks are the latest published ones before it.
    ``national`` adds the areas of every cached gemeente, as :func:`wijkdata.cbs.index.latest`
    gives them (columns ``code``, ``naam``, ``niveau``, ``gemeentenaam`` and the ``keys``, filled
    the same way): "lijkt op" over all of the Netherlands without loading each gemeente. Where an
    area is both in ``candidates`` and in ``national``, the first wins.

    Each indicator is standardised (z-score) over all candidate areas of that level in ``jaar``;
    the distance is the root mean square difference over the indicators both areas have
    (at least half of ``keys`` must be shared, else the area is not compared). The fictional
    demo is left out of the candidates unless ``k`` is the demo itself.

    Returns
    -------
    pandas.DataFrame
        Columns ``Naam``, ``Gemeente``, ``Afstand`` (0 = identical on these indicators),
        ``Gedeelde indicatoren``, ``Code``; the ``n`` nearest, nearest first.
    """
    target_rows = k.year(jaar)
    target = target_rows[target_rows["code"] == code]
    if target.empty:
        raise WijkdataError(f"Gebied {code} heeft geen cijfers in {jaar}.")
    level = str(target["niveau"].iloc[0])
    pool = []
    for cand in (_slim(c, keys) for c in candidates):
        if cand.fictief and not k.fictief:
            continue
        rows, _ = filled_year(cand, jaar, [c for c in keys if years_of(cand, c, jaar, mode)], mode=mode, niveau=level)
        if rows.empty:
            continue
        rows = rows.assign(_gemeente=cand.naam)
        pool.append(rows[["code", "naam", "_gemeente", *[c for c in keys if c in rows.columns]]])
    if national is not None and not national.empty:
        same = national[national["niveau"] == level].rename(columns={"gemeentenaam": "_gemeente"})
        pool.append(same[["code", "naam", "_gemeente", *[c for c in keys if c in same.columns]]])
    if not pool:
        return pd.DataFrame(columns=["Naam", "Gemeente", "Afstand", "Gedeelde indicatoren", "Code"])
    frame = pd.concat(pool, ignore_index=True).drop_duplicates("code")
    usable = [c for c in keys if c in frame.columns]
    values = frame[usable].apply(pd.to_numeric, errors="coerce").astype(float)
    sd = values.std(ddof=0).replace(0, np.nan)
    z = (values - values.mean()) / sd
    me = z[frame["code"] == code].iloc[0]
    diff = (z - me).pow(2)
    shared = diff.notna().sum(axis=1)
    distance = np.sqrt(diff.sum(axis=1, min_count=1) / shared.replace(0, np.nan))
    out = pd.DataFrame(
        {
            "Naam": frame["naam"],
            "Gemeente": frame["_gemeente"],
            "Afstand": distance.round(2),
            "Gedeelde indicatoren": shared,
            "Code": frame["code"],
        }
    )
    out = out[(out["Code"] != code) & (out["Gedeelde indicatoren"] >= max(1, len(usable) / 2)) & out["Afstand"].notna()]
    return out.sort_values(["Afstand", "Naam"]).head(n).reset_index(drop=True)
