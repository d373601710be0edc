"""Shapes joined to the figures of the same year, with a report of what did not match.

Shapes and figures are joined on ``code`` and only within one year: a wijkindeling belongs to
one year, and mixing years would put figures on the wrong areas. Nothing is dropped: shapes
without figures are kept (drawn grey) and areas with figures but no shape are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.geo.levels import check_niveau, plural
from wijkdata.text import count

__all__ = ["JoinReport", "join_figures"]


@dataclass(frozen=True)
class JoinReport:
    """How shapes and figures of one year and level matched.

    ``zonder_grens`` are areas with figures but no shape (they cannot be drawn),
    ``zonder_cijfers`` shapes without a row of figures (drawn grey). Both have columns
    ``code`` and ``naam``.
    """

    jaar: int
    niveau: str
    gekoppeld: int
    zonder_grens: pd.DataFrame
    zonder_cijfers: pd.DataFrame

    def lines(self) -> list[str]:
        """Dutch sentences for the page and the CLI, e.g. ``"3 buurten zonder grens: …"``."""
        out = [f"{self.gekoppeld} {plural(self.niveau, self.gekoppeld)} met grens en cijfers ({self.jaar})."]
        if len(self.zonder_grens):
            n = len(self.zonder_grens)
            out.append(f"{n} {plural(self.niveau, n)} zonder grens: {_names(self.zonder_grens)}.")
        if len(self.zonder_cijfers):
            n = len(self.zonder_cijfers)
            out.append(f"{count(n, 'vlak')} zonder cijfers: {_names(self.zonder_cijfers)}.")
        return out


def _names(frame: pd.DataFrame, limit: int = 8) -> str:
    shown = [f"{r.naam} ({r.code})" if r.naam and r.naam != r.code else str(r.code) for r in frame.head(limit).itertuples()]
    more = f" en nog {len(frame) - limit}" if len(frame) > limit else ""
    return ", ".join(shown) + more


def join_figures(
    shapes: gpd.GeoDataFrame, kerncijfers: Kerncijfers, jaar: int, niveau: str
) -> tuple[gpd.GeoDataFrame, JoinReport]:
    """Shapes with the figures of the SAME year on ``code``, and a report of what did not match.

    Returns
    -------
    (geopandas.GeoDataFrame, JoinReport)
        Every shape (none dropped) with columns ``code``, ``naam`` (the CBS name where known),
        ``niveau``, ``heeft_cijfers`` (bool), one column per indicator key of the catalogue
        (``<NA>`` where missing), ``geometry``; the CRS of ``shapes``. The report lists areas
        with figures but no shape and shapes without figures.
    """
    niveau = check_niveau(niveau)
    rows = kerncijfers.year(int(jaar), niveau)
    keys = [k for k in kerncijfers.catalogue.keys if k in rows.columns]
    figures = rows[["code", "naam", *keys]].rename(columns={"naam": "_cbs_naam"}).drop_duplicates("code")
    base = pd.DataFrame(shapes.drop(columns="geometry")).reset_index(drop=True)
    merged = base[["code", "naam"]].merge(figures, on="code", how="left", indicator=True)
    has = (merged["_merge"] == "both").to_numpy()
    naam = merged["_cbs_naam"].astype("string").fillna(merged["naam"].astype("string"))
    out = gpd.GeoDataFrame(
        pd.concat(
            [
                pd.DataFrame({"code": merged["code"], "naam": naam, "niveau": niveau, "heeft_cijfers": has}),
                merged[keys],
            ],
            axis=1,
        ),
        geometry=shapes.geometry.reset_index(drop=True).values,
        crs=shapes.crs,
    )
    missing_shape = figures[~figures["code"].isin(base["code"])]
    report = JoinReport(
        jaar=int(jaar),
        niveau=niveau,
        gekoppeld=int(has.sum()),
        zonder_grens=pd.DataFrame({"code": missing_shape["code"].to_numpy(), "naam": missing_shape["_cbs_naam"].to_numpy()}),
        zonder_cijfers=pd.DataFrame({"code": out.loc[~has, "code"].to_numpy(), "naam": out.loc[~has, "naam"].to_numpy()}),
    )
    return out, report
