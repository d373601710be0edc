"""A gemeente's Kerncijfers over all cached years, harmonised on stable indicator keys.

:func:`load_kerncijfers` is the one way the app, the exports and the analyses get figures: from
the local cache for a real gemeente, or generated for the fictional demo (GM9999). Both arrive
in the same shape, so nothing downstream knows or cares which it is, except to say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from wijkdata.cbs import cache
from wijkdata.cbs.catalogue import Catalogue, build_catalogue, resolve_properties
from wijkdata.cbs.normalise import META_COLUMNS, normalise_table, properties_frame
from wijkdata.codes import DEMO_GEMEENTE, LEVEL_ORDER, check_gemeente_code
from wijkdata.config import Settings
from wijkdata.demo.areas import DEMO_NAME, DEMO_YEARS
from wijkdata.errors import CacheError, NotCached, UnknownArea

__all__ = [
    "Kerncijfers",
    "load_kerncijfers",
    "available_gemeenten",
    "known_areas",
    "known_indicator_keys",
    "harmonise",
    "LEVEL_ORDER",
]


@dataclass(frozen=True)
class Kerncijfers:
    """All figures of one gemeente (with Nederland, its wijken and buurten) over the years.

    Attributes
    ----------
    data
        One row per (``jaar``, ``code``): ``jaar`` (int), the columns of
        :data:`wijkdata.cbs.normalise.META_COLUMNS`, then one column per stable indicator key
        (``Int64`` or ``Float64``; ``<NA>`` where CBS has no figure or the year lacks the indicator).
    catalogue
        The indicators, with per year the CBS table and column they come from.
    sources
        One row per year: ``jaar``, ``tabel``, ``titel``, ``gewijzigd`` (CBS Modified),
        ``opgehaald`` (fetched at, empty for the demo).
    fictief
        True for the generated demo municipality.
    """

    gemeente: str
    naam: str
    fictief: bool
    data: pd.DataFrame
    catalogue: Catalogue
    sources: pd.DataFrame

    @property
    def years(self) -> list[int]:
        """The years available, ascending."""
        return sorted(int(y) for y in self.sources["jaar"])

    @property
    def latest_year(self) -> int:
        """The newest year available."""
        return self.years[-1]

    @cached_property
    def _by_year(self) -> dict[int, pd.DataFrame]:
        return {int(y): part.reset_index(drop=True) for y, part in self.data.groupby("jaar", sort=True)}

    def year(self, jaar: int, niveau: str | None = None) -> pd.DataFrame:
        """The rows of one year (optionally one level), in CBS order.

        The frame is shared between calls (computed once per year): treat it as read-only.
        """
        rows = self._by_year.get(int(jaar))
        if rows is None:
            return self.data.iloc[0:0].reset_index(drop=True)
        if niveau is not None:
            rows = rows[rows["niveau"] == niveau].reset_index(drop=True)
        return rows

    def areas(self, niveau: str | None = None) -> pd.DataFrame:
        """Every wijk and buurt (and the gemeente) over all years: ``code``, ``naam``, ``niveau``,
        ``wijk_code``, ``gemeente_code``, ``eerste_jaar``, ``laatste_jaar``; the newest name wins.

        Computed once; treat the frame as read-only.
        """
        if niveau is None:
            return self._areas
        return self._areas[self._areas["niveau"] == niveau].reset_index(drop=True)

    @cached_property
    def _areas(self) -> pd.DataFrame:
        rows = self.data[self.data["niveau"].isin(["gemeente", "wijk", "buurt"])]
        grouped = rows.sort_values("jaar").groupby("code", sort=False)
        out = grouped.agg(
            naam=("naam", "last"),
            niveau=("niveau", "last"),
            wijk_code=("wijk_code", "last"),
            gemeente_code=("gemeente_code", "last"),
            eerste_jaar=("jaar", "min"),
            laatste_jaar=("jaar", "max"),
        ).reset_index()
        out["_o"] = out["niveau"].map(LEVEL_ORDER)
        return out.sort_values(["_o", "code"]).drop(columns="_o").reset_index(drop=True)

    def name_of(self, code: str) -> str:
        """The (newest) name of a region code; raises :class:`UnknownArea` when unknown."""
        hit = self.data.loc[self.data["code"] == code, "naam"]
        if hit.empty:
            raise UnknownArea(f"Gebied {code} komt niet voor in de cijfers van {self.naam}.", code=code)
        return str(hit.iloc[-1])

    def source_of(self, jaar: int) -> str:
        """Human source line for one year: ``"CBS, Kerncijfers wijken en buurten 2024 (85984NED)"``."""
        row = self.sources[self.sources["jaar"] == jaar]
        if row.empty:
            return ""
        r = row.iloc[0]
        prefix = "Fictief (demo)" if self.fictief else "CBS"
        return f"{prefix}, {r['titel']} ({r['tabel']})"


def harmonise(year: int, table_id: str, rows: pd.DataFrame, properties: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rename one table's CBS columns to stable keys; returns ``(rows, resolved properties)``."""
    resolved = resolve_properties(properties)
    rename = dict(zip(resolved["cbs_kolom"], resolved["key"], strict=True))
    keep = [c for c in META_COLUMNS if c in rows.columns] + [c for c in rename if c in rows.columns]
    out = rows[keep].rename(columns=rename)
    out.insert(0, "jaar", year)
    return out, resolved


def _assemble(
    gemeente: str, naam: str, fictief: bool, parts: list[tuple[int, str, pd.DataFrame, pd.DataFrame, dict]]
) -> Kerncijfers:
    frames, tables, sources = [], {}, []
    for year, table_id, rows, props, meta in sorted(parts, key=lambda p: p[0]):
        frame, resolved = harmonise(year, table_id, rows, props)
        frames.append(frame)
        tables[year] = (table_id, resolved)
        sources.append({"jaar": year, "tabel": table_id, **meta})
    catalogue = build_catalogue(tables)
    data = pd.concat(frames, ignore_index=True, sort=False)
    data["jaar"] = data["jaar"].astype(int)
    for key in catalogue.keys:
        if key not in data.columns:
            data[key] = pd.array([pd.NA] * len(data), dtype="Float64")
    data = data[["jaar", *[c for c in META_COLUMNS if c in data.columns], *catalogue.keys]]
    return Kerncijfers(
        gemeente=gemeente,
        naam=naam,
        fictief=fictief,
        data=data,
        catalogue=catalogue,
        sources=pd.DataFrame(sources, columns=["jaar", "tabel", "titel", "gewijzigd", "opgehaald"]),
    )


@lru_cache(maxsize=1)
def _demo() -> Kerncijfers:
    from wijkdata.demo.tables import demo_tables

    parts = []
    for year, raw in demo_tables().items():
        rows = normalise_table(raw.rows, raw.properties, raw.regions, DEMO_GEMEENTE)
        meta = {"titel": raw.info["Title"], "gewijzigd": raw.info["Modified"], "opgehaald": ""}
        parts.append((year, raw.info["Identifier"], rows, properties_frame(raw.properties), meta))
    return _assemble(DEMO_GEMEENTE, DEMO_NAME, True, parts)


def load_kerncijfers(settings: Settings, gemeente: str) -> Kerncijfers:
    """All cached years of ``gemeente`` (or the generated demo for GM9999), harmonised.

    Raises
    ------
    UnknownGemeente
        When the code is malformed.
    NotCached
        When nothing was pulled for this gemeente yet.
    CacheError
        When a cached file is damaged.
    """
    gemeente = check_gemeente_code(gemeente)
    if gemeente == DEMO_GEMEENTE:
        return _demo()
    entries = [e for e in cache.read_manifest(settings) if e.gemeente == gemeente]
    if not entries:
        raise NotCached(
            f"Er zijn nog geen cijfers van {gemeente} opgehaald. Haal ze op via 'Data en bronnen' of met "
            f"'python -m wijkdata sync --gemeente {gemeente}'.",
            gemeente=gemeente,
        )
    parts = []
    for e in entries:
        rows = cache.read_rows(settings, e.table_id, gemeente)
        props = cache.read_properties(settings, e.table_id)
        meta = {"titel": e.title, "gewijzigd": e.modified, "opgehaald": e.fetched_at}
        parts.append((e.year, e.table_id, rows, props, meta))
    naam = next((e.gemeentenaam for e in reversed(entries) if e.gemeentenaam), gemeente)
    return _assemble(gemeente, naam, False, parts)


def available_gemeenten(settings: Settings) -> pd.DataFrame:
    """Gemeenten to choose from: the demo, every cached gemeente, and CBS's list when pulled once.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``naam``, ``status`` (``fictief``, ``opgehaald``, ``bij CBS``),
        ``jaren`` (cached years as text); the demo first, then by name.
    """
    rows = [{"code": DEMO_GEMEENTE, "naam": DEMO_NAME, "status": "fictief", "jaren": f"{DEMO_YEARS[0]}–{DEMO_YEARS[-1]}"}]
    cached: dict[str, list] = {}
    for e in cache.read_manifest(settings):
        cached.setdefault(e.gemeente, []).append(e)
    for code, entries in cached.items():
        years = sorted(e.year for e in entries)
        name = next((e.gemeentenaam for e in reversed(entries) if e.gemeentenaam), code)
        rows.append({"code": code, "naam": name, "status": "opgehaald", "jaren": ", ".join(map(str, years))})
    for r in cache.read_gemeenten(settings).itertuples():
        if r.code not in cached:
            rows.append({"code": r.code, "naam": r.naam, "status": "bij CBS", "jaren": ""})
    out = pd.DataFrame(rows).drop_duplicates("code")
    head, rest = out.iloc[:1], out.iloc[1:].sort_values("naam", key=lambda s: s.str.lower())
    return pd.concat([head, rest], ignore_index=True)


def known_areas(settings: Settings) -> pd.DataFrame:
    """Every gemeente, wijk and buurt code Wijkdata knows: the demo plus every cached gemeente, all years.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``wijk_code``; one row per code
        (its newest name). Areas of a damaged cache file are left out.
    """
    frames = [_demo().areas()]
    for e in cache.read_manifest(settings):
        try:
            columns = ["code", "naam", "niveau", "gemeente_code", "wijk_code"]
            rows = cache.read_rows(settings, e.table_id, e.gemeente, columns=columns)
        except CacheError:  # a damaged file: its areas are left out (cache_problems reports it)
            continue
        frames.append(rows[rows["niveau"] != "land"].assign(jaar=e.year))
    cols = ["code", "naam", "niveau", "gemeente_code", "wijk_code"]
    out = pd.concat([f.assign(jaar=f.get("laatste_jaar", f.get("jaar")))[[*cols, "jaar"]] for f in frames], ignore_index=True)
    out = out.sort_values("jaar").drop_duplicates("code", keep="last").drop(columns="jaar")
    return out.reset_index(drop=True)


def require_area(k: Kerncijfers, code: str) -> str:
    """``code`` cleaned if it is an area of ``k``; raises :class:`UnknownArea` with a Dutch message."""
    clean = (code or "").strip().upper()
    if clean not in set(k.data["code"]):
        raise UnknownArea(f"'{code}' is geen wijk of buurt van {k.naam}.", code=code)
    return clean


def known_indicator_keys(settings: Settings) -> frozenset[str]:
    """Every stable indicator key Wijkdata knows: the demo's and those of every cached CBS table.

    What a register record may name as a doelindicator. Reads only the cached tables' properties;
    a table whose properties cannot be read is left out.
    """
    keys = set(_demo().catalogue.keys)
    for table_id in sorted({entry.table_id for entry in cache.read_manifest(settings)}):
        try:
            keys.update(resolve_properties(cache.read_properties(settings, table_id))["key"])
        except CacheError:
            continue
    return frozenset(keys)
