"""Caveats (said once) and sources (one compact table) of a briefing.

Every figure a briefing prints is traceable: the sources table lists per CBS table and year the
columns used, and the licence line names CBS and CC BY 4.0.
"""

from __future__ import annotations

from collections.abc import Iterable

from wijkdata.briefing.document import Table
from wijkdata.cbs.kerncijfers import Kerncijfers

__all__ = ["LICENCE", "area_sources", "caveat_lines", "licence_line", "sources_table", "vintage_line"]

LICENCE = "CC BY 4.0"


def area_sources(f) -> list[tuple[str, int, str]]:
    """``(table, year, column)`` of every CBS figure the area briefing states."""
    out = [(str(r.tabel), int(r.jaar), str(r.cbs_kolom)) for r in f.figures.itertuples()]
    out += [(str(p["tabel"]), int(p["jaar"]), str(p["cbs_kolom"])) for _, p in f.notable.head(8).iterrows()]
    for c in f.changes:
        out += list(c.tabellen)
    return out + list(f.extra_sources)


def sources_table(f_or_triples) -> Table:
    """One row per CBS table and year: ``Tabel``, ``Jaar``, ``Kolommen`` (the CBS columns used, comma-separated)."""
    triples: Iterable[tuple[str, int, str]] = f_or_triples if isinstance(f_or_triples, list) else area_sources(f_or_triples)
    grouped: dict[tuple[str, int], list[str]] = {}
    for table, year, column in triples:
        grouped.setdefault((table, year), [])
        if column not in grouped[(table, year)]:
            grouped[(table, year)].append(column)
    merged: list[list] = []  # consecutive years with the same columns share one row
    for (table, year), cols in sorted(grouped.items(), key=lambda i: (-i[0][1], i[0][0])):
        if merged and merged[-1][2] == cols:
            merged[-1][0].append(table)
            merged[-1][1].append(year)
        else:
            merged.append([[table], [year], cols])
    rows = tuple((", ".join(dict.fromkeys(tables)), _years(years), ", ".join(cols)) for tables, years, cols in merged)
    return Table(("Tabel", "Jaar", "Kolommen (CBS)"), rows, "lll", (1.6, 0.9, 7.5), small=True)


def _years(years: list[int]) -> str:
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low}–{high}"


def licence_line(k: Kerncijfers, map_source: str, registers: bool) -> str:
    """The source and licence in one sentence: "Bron: CBS, Kerncijfers wijken en buurten; licentie CC BY 4.0 ..."."""
    if k.fictief:
        text = (
            "Bron: fictieve demogegevens van Wijkdata in het formaat van CBS Kerncijfers wijken en buurten (geen echte cijfers)."
        )
    else:
        text = (
            f"Bron: CBS, Kerncijfers wijken en buurten (opendata.cbs.nl); licentie {LICENCE} "
            "(creativecommons.org/licenses/by/4.0/deed.nl)."
        )
    if map_source:
        text += f" Kaart: {map_source}."
    if registers:
        text += " Initiatieven, interventies, signalen en veldnotities: eigen registratie van de gemeente in Wijkdata."
    return text


def vintage_line(k: Kerncijfers, jaar: int) -> str:
    """``"Cijfers van 2024: CBS-tabel 85984NED, bijgewerkt door CBS 2025-03-10, opgehaald 2025-06-01."``; ``""`` when unknown."""
    row = k.sources[k.sources["jaar"] == jaar]
    if row.empty:
        return ""
    r = row.iloc[0]
    changed = str(r.get("gewijzigd") or "")[:10]
    fetched = str(r.get("opgehaald") or "")[:10]
    parts = [f"Cijfers van {jaar}: tabel {r['tabel']}"]
    if changed:
        parts.append(f"bijgewerkt door CBS {changed}")
    if fetched:
        parts.append(f"opgehaald {fetched}")
    return ", ".join(parts) + "."


def caveat_lines(f, has_map: bool) -> list[str]:
    """Each caveat once: small population, boundary changes and breaks, missing and secret figures,
    figures from an earlier year, no map, and the data's vintage."""
    lines = list(f.warnings)
    for brk in f.breaks:
        lines.append(f"Breuk in de reeks in {brk['jaar']}: {brk['reden']}; jaren ervoor en erna niet zonder meer vergelijken.")
    missing = f.figures[f.figures["waarde"].isna()]
    for reason, part in missing.groupby("toelichting", sort=False):
        titles = ", ".join(part["titel"])
        lines.append(f"Geen cijfer voor {titles.lower()}: {reason or 'onbekend'}.")
    earlier = f.figures[f.figures["waarde_jaar"].notna() & (f.figures["waarde_jaar"].astype("Int64") != f.jaar)]
    if not earlier.empty:
        years = ", ".join(str(y) for y in sorted(set(earlier["waarde_jaar"].astype(int))))
        lines.append(
            f"{', '.join(earlier['titel'])}: CBS heeft voor {f.jaar} nog geen cijfer gepubliceerd; getoond is het laatst "
            f"gepubliceerde cijfer ({years}), met het jaartal erbij."
        )
    if not has_map:
        lines.append(
            f"Geen {f.niveau}grenzen van {f.jaar} aanwezig voor de kaart. Haal ze op de pagina Kaart op of importeer ze met "
            f"python -m wijkdata import grenzen BESTAND --jaar {f.jaar}."
        )
    vintage = vintage_line(f.k, f.jaar)
    if vintage:
        lines.append(vintage)
    return lines
