"""A wijk's or buurt's profile and its trends, as pure functions over :class:`Kerncijfers`.

Comparisons are always within the same level: a buurt against the gemeente's buurten, a wijk
against its wijken. The "band" is the mean of those areas plus and minus one standard deviation
(unweighted: each area counts once); a figure outside it is a deviation worth noticing. Whether
that is better or worse comes only from the curated direction in the catalogue, never guessed.
"""

from __future__ import annotations

import pandas as pd

from wijkdata.analysis.latest import Mode, filled_year, value_label, years_of
from wijkdata.analysis.overview import missing_reason
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.codes import SMALL_POPULATION
from wijkdata.errors import UnknownArea

__all__ = [
    "PROFILE_COLUMNS",
    "SMALL_POPULATION",
    "area_profile",
    "profile_warnings",
    "trend",
    "trend_breaks",
]

#: Below this many inhabitants percentages of an area move a lot from year to year.

PROFILE_COLUMNS = [
    "thema",
    "indicator",
    "titel",
    "eenheid",
    "decimalen",
    "relatief",
    "waarde",
    "waarde_tekst",
    "gemeente",
    "gemeente_tekst",
    "nederland",
    "nederland_tekst",
    "rang",
    "van",
    "gemiddelde",
    "band_laag",
    "band_hoog",
    "z",
    "afwijking",
    "oordeel",
    "toelichting",
    "omschrijving",
    "tabel",
    "cbs_kolom",
    "jaar",
    "waarde_jaar",
    "gemeente_jaar",
    "nederland_jaar",
]


def _row(k: Kerncijfers, code: str, jaar: int) -> pd.Series:
    rows = k.year(jaar)
    hit = rows[rows["code"] == code]
    if hit.empty:
        raise UnknownArea(
            f"Gebied {code} heeft geen cijfers in {jaar} (tabel van {k.naam}); kies een ander jaar of gebied.", code=code
        )
    return hit.iloc[0]


def area_profile(k: Kerncijfers, code: str, jaar: int, mode: Mode = "laatst") -> pd.DataFrame:
    """Every indicator of the year's table for one area, against its gemeente, Nederland and its peers.

    Parameters
    ----------
    k
        The gemeente's figures.
    code
        A wijk, buurt or the gemeente itself.
    jaar
        The year (*peiljaar*).
    mode
        ``"laatst"`` (default): where ``jaar`` has no figure, the latest published one before it
        (see :mod:`wijkdata.analysis.latest`), for the area, its gemeente, Nederland and its peers
        alike; ``"peiljaar"``: only ``jaar``'s figures (and only indicators of ``jaar``'s table).

    Returns
    -------
    pandas.DataFrame
        One row per indicator in catalogue order with :data:`PROFILE_COLUMNS`: numbers
        (``waarde``, ``gemeente``, ``nederland``, ``gemiddelde``, ``band_laag``/``band_hoog``,
        ``z``: ``<NA>`` where missing), ``rang`` (1 = highest value among the ``van`` areas of
        the same level that have a figure), ``afwijking`` (``"hoger"``/``"lager"`` when outside
        the band, for relative indicators only), ``oordeel`` (``"beter"``/``"slechter"`` where the
        catalogue has a direction), ``toelichting`` (why a value is missing), the year each value
        comes from (``waarde_jaar``, ``gemeente_jaar``, ``nederland_jaar``: ``Int64``, ``<NA>``
        without value), and the source of the area's value (``tabel``, ``cbs_kolom`` of
        ``waarde_jaar``, else of ``jaar``; ``jaar`` is the peiljaar). The ``*_tekst`` columns carry
        the year when it is not ``jaar``: ``"30,4 (2023)"``.

    Raises
    ------
    UnknownArea
        When the area has no row in that year.
    """
    _row(k, code, jaar)
    indicators = [ind for ind in k.catalogue if years_of(k, ind.key, jaar, mode)]
    rows, years = filled_year(k, jaar, [ind.key for ind in indicators], mode=mode)
    position = int(rows.index[rows["code"] == code][0])
    row, row_years = rows.loc[position], years.loc[position]
    level = str(row["niveau"])
    peers = rows[rows["niveau"] == level] if level in ("wijk", "buurt") else rows.iloc[0:0]
    gm = rows.index[rows["code"] == k.gemeente]
    nl = rows.index[rows["niveau"] == "land"]
    out = []
    for ind in indicators:
        key = ind.key
        value, value_year = row[key], row_years[key]
        g, g_year = (rows.at[gm[0], key], years.at[gm[0], key]) if len(gm) else (pd.NA, pd.NA)
        n, n_year = (rows.at[nl[0], key], years.at[nl[0], key]) if len(nl) else (pd.NA, pd.NA)
        values = peers[key].dropna().astype(float)
        rank = count = mean = low = high = z = pd.NA
        deviation = judgement = ""
        if len(values) >= 2:
            count = len(values)
            mean = float(values.mean())
            sd = float(values.std(ddof=0))
            low, high = mean - sd, mean + sd
            if pd.notna(value):
                v = float(value)
                rank = int((values > v).sum()) + 1
                if sd > 0:
                    z = (v - mean) / sd
                if ind.relatief and sd > 0 and (v < low or v > high):
                    deviation = "hoger" if v > high else "lager"
                    if ind.richting == HIGHER_IS_BETTER:
                        judgement = "beter" if deviation == "hoger" else "slechter"
                    elif ind.richting == HIGHER_IS_WORSE:
                        judgement = "slechter" if deviation == "hoger" else "beter"
        source_year = int(value_year) if pd.notna(value_year) else years_of(k, key, jaar, mode)[-1]
        out.append(
            {
                "thema": ind.thema,
                "indicator": key,
                "titel": k.catalogue.label(key),
                "eenheid": ind.eenheid,
                "decimalen": ind.decimalen,
                "relatief": ind.relatief,
                "waarde": value,
                "waarde_tekst": _text(value, value_year, ind, jaar) if pd.notna(value) else "–",
                "gemeente": g,
                "gemeente_tekst": _text(g, g_year, ind, jaar),
                "nederland": n,
                "nederland_tekst": _text(n, n_year, ind, jaar),
                "rang": rank,
                "van": count,
                "gemiddelde": mean,
                "band_laag": low,
                "band_hoog": high,
                "z": z,
                "afwijking": deviation,
                "oordeel": judgement,
                "toelichting": _missing(k, code, jaar, key, mode) if pd.isna(value) else "",
                "omschrijving": ind.omschrijving,
                "tabel": ind.tabellen[source_year],
                "cbs_kolom": ind.kolommen[source_year],
                "jaar": jaar,
                "waarde_jaar": value_year,
                "gemeente_jaar": g_year,
                "nederland_jaar": n_year,
            }
        )
    frame = pd.DataFrame(out, columns=PROFILE_COLUMNS)
    for c in ("rang", "van", "waarde_jaar", "gemeente_jaar", "nederland_jaar"):
        frame[c] = frame[c].astype("Int64")
    for c in ("waarde", "gemeente", "nederland", "gemiddelde", "band_laag", "band_hoog", "z"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("Float64")
    return frame


def _text(value: object, value_year: object, ind, jaar: int) -> str:
    """The value with its unit, and its year when it is not ``jaar``; ``"–"`` when missing."""
    if value is None or pd.isna(value):
        return ind.text(value)
    return value_label(ind.text(value), value_year, jaar)


def _missing(k: Kerncijfers, code: str, jaar: int, key: str, mode: Mode) -> str:
    """Why an area has no figure, in Dutch (also when no earlier year has one either)."""
    rows = k.year(jaar)
    if jaar not in k.catalogue[key].kolommen:
        return f"niet in de CBS-tabel van {jaar}; ook geen eerder gepubliceerd cijfer"
    reason = missing_reason(rows, int(rows.index[rows["code"] == code][0]), key)
    if mode == "laatst" and len(years_of(k, key, jaar, mode)) > 1:
        return f"{reason}; ook geen eerder gepubliceerd cijfer"
    return reason


def profile_warnings(k: Kerncijfers, code: str, jaar: int) -> list[str]:
    """Dutch warnings a reader of this profile must see: small population, a changed boundary."""
    row = _row(k, code, jaar)
    notes = []
    inhabitants = row.get("AantalInwoners", pd.NA)
    if str(row["niveau"]) in ("wijk", "buurt") and pd.notna(inhabitants) and inhabitants < SMALL_POPULATION:
        notes.append(
            f"{row['naam']} heeft {int(inhabitants)} inwoners: percentages en gemiddelden van zo'n klein gebied "
            "schommelen sterk van jaar tot jaar en CBS houdt er een deel van geheim."
        )
    if str(row.get("indelingswijziging") or "") == "3":
        notes.append(
            f"De grens van {row['naam']} is in {jaar} gewijzigd ten opzichte van het jaar ervoor (CBS-code 3): "
            "vergelijk niet zonder meer met eerdere jaren."
        )
    return notes


def trend_breaks(k: Kerncijfers, code: str) -> list[dict[str, object]]:
    """Where the series of one area may not be read as one line.

    Returns a list of ``{"jaar": year, "reden": Dutch reason}``: the first year after which the
    series breaks: a changed boundary (CBS indelingswijziging 3), a code that appears (new
    area) or disappears, or a year with no cached table in between.
    """
    years = k.years
    rows = k.data.loc[k.data["code"] == code, ["jaar", "indelingswijziging"]]
    present = {int(y): {"indelingswijziging": c} for y, c in zip(rows["jaar"], rows["indelingswijziging"], strict=True)}
    breaks = []
    for prev, year in zip(years, years[1:], strict=False):
        if year in present and prev not in present and any(y in present for y in years if y < year):
            breaks.append({"jaar": year, "reden": f"geen cijfers in {prev}"})
        elif year in present and prev not in present:
            breaks.append({"jaar": year, "reden": f"gebied bestaat sinds {year} (nieuwe indeling)"})
        elif prev in present and year not in present and not any(y in present for y in years if y > year):
            breaks.append({"jaar": year, "reden": f"gebied bestaat niet meer in {year} (nieuwe indeling)"})
        elif year in present and str(present[year].get("indelingswijziging") or "") == "3":
            breaks.append({"jaar": year, "reden": f"grens gewijzigd in {year} (CBS-indelingswijziging 3)"})
    return breaks


def trend(k: Kerncijfers, code: str, key: str) -> pd.DataFrame:
    """One indicator over all cached years for an area, its gemeente and Nederland.

    Returns
    -------
    pandas.DataFrame
        Columns ``jaar``, ``reeks`` (the area's name, the gemeente's name, ``"Nederland"``),
        ``code``, ``waarde`` (``Float64``, ``<NA>`` where missing), ``segment`` (int: a new
        segment starts after every break, so a chart draws no line across a break),
        ``breuk`` (Dutch reason on the first point after a break, else ``""``), ``tabel`` and
        ``cbs_kolom`` (the source of each point). Years whose table lacks the indicator are left out.
    """
    ind = k.catalogue.get(key)
    if ind is None:
        raise UnknownArea(f"Indicator '{key}' komt niet voor in de cijfers van {k.naam}.", code=key)
    series_codes = [code]
    if code != k.gemeente:
        series_codes.append(k.gemeente)
    series_codes.append("NL00")
    data = k.data.loc[k.data["code"].isin(series_codes), ["jaar", "code", "naam", key]]
    rows = []
    for c in series_codes:
        part = data[data["code"] == c].set_index("jaar")
        breaks = {b["jaar"]: b["reden"] for b in trend_breaks(k, c)} if c != "NL00" else {}
        segment = 0
        name = str(part["naam"].iloc[-1]) if not part.empty else c
        for year in k.years:
            if year not in ind.kolommen:
                continue
            if year in breaks:
                segment += 1
            if year not in part.index:
                continue
            value = part.loc[year, key]
            rows.append(
                {
                    "jaar": year,
                    "reeks": name,
                    "code": c,
                    "waarde": value,
                    "segment": segment,
                    "breuk": breaks.get(year, ""),
                    "tabel": ind.tabellen[year],
                    "cbs_kolom": ind.kolommen[year],
                }
            )
    frame = pd.DataFrame(rows, columns=["jaar", "reeks", "code", "waarde", "segment", "breuk", "tabel", "cbs_kolom"])
    frame["waarde"] = pd.to_numeric(frame["waarde"], errors="coerce").astype("Float64")
    return frame
