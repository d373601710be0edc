"""The briefing of one wijk or buurt as a :class:`~wijkdata.briefing.document.Document`.

Sections (each optional but the sources): *In het kort* (generated summary), *Kerncijfers*
(against gemeente and Nederland with the rank), *Kaart en ontwikkeling* (map and charts),
*Wat opvalt*, *Ontwikkeling*, *Wat er gebeurt*, *Vragen voor het debat*, *Kanttekeningen* (once:
missing, secret, small population, breaks, data vintage) and *Bronnen* (a compact table).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from wijkdata.analysis.activity import ACTIVE
from wijkdata.briefing import figures
from wijkdata.briefing.document import Bullets, Document, Figure, Heading, Paragraph, Questions, Table
from wijkdata.briefing.facts import AreaFacts, count_text, plain, rank_text
from wijkdata.briefing.questions import RULES, area_questions
from wijkdata.briefing.sources import caveat_lines, licence_line, sources_table
from wijkdata.registers.contract import format_date

__all__ = ["AREA_SECTIONS", "area_document", "chart_keys"]

#: Section id → heading; the page lets a user leave sections out (the sources always stay).
AREA_SECTIONS = {
    "samenvatting": "In het kort",
    "kerncijfers": "Kerncijfers",
    "kaart": "Kaart en ontwikkeling",
    "opvalt": "Wat opvalt",
    "ontwikkeling": "Ontwikkeling",
    "gebeurt": "Wat er gebeurt",
    "vragen": "Vragen voor het debat",
    "kanttekeningen": "Kanttekeningen",
}
_PEERS = {"wijk": "wijken", "buurt": "buurten"}


def chart_keys(f: AreaFacts, n: int = 3) -> list[str]:
    """Up to ``n`` relative indicators to chart: the largest deviations first, then the strongest changes, then key figures."""
    cat = f.k.catalogue
    shown = f.figures.set_index("indicator")
    candidates = list(f.notable.index)
    candidates += [c.key for c in sorted(f.changes, key=lambda c: c.relative, reverse=True)]
    candidates += [key for key in shown.index if pd.notna(shown.at[key, "waarde"])]
    keys = []
    for key in dict.fromkeys(candidates):
        if cat[key].relatief and key in f.profile.index and pd.notna(f.profile.at[key, "waarde"]):
            keys.append(key)
    return keys[:n]


def _figure_blocks(f: AreaFacts, shapes, outlines, map_source: str) -> list:
    blocks: list = []
    if shapes is not None and not shapes.empty and (shapes["code"] == f.code).any():
        png = figures.area_map(shapes, f.code, f.naam, outlines)
        where = f"{f.naam} (oranje) tussen de {_PEERS[f.niveau]} van {f.k.naam}"
        blocks.append(Figure(png, f"Kaart: {where}. Grenzen: {map_source}.", 80.0, alt=where))
    elif outlines is not None and (outlines["code"] == f.wijk_code).any():  # no buurt shapes: show its wijk
        wijk = f.k.name_of(f.wijk_code)
        png = figures.area_map(outlines, f.wijk_code, wijk)
        where = f"wijk {wijk} (oranje), waarin {f.naam} ligt, tussen de wijken van {f.k.naam}"
        blocks.append(Figure(png, f"Kaart: {where}. Grenzen: {map_source}; buurtgrenzen ontbreken.", 80.0, alt=where))
    keys = chart_keys(f)
    if not keys:
        return blocks
    years_with_values = f.k.data.loc[f.k.data["code"] == f.code, "jaar"].nunique()
    if years_with_values >= 2:
        png = figures.trend_charts(f.k, f.code, keys)
        caption = (
            f"Ontwikkeling van {f.naam} (oranje), {f.k.naam} (grijs gestreept) en Nederland (licht gestippeld); "
            "een lijn stopt bij een breuk in de reeks (grenswijziging of ontbrekend jaar)."
        )
    else:
        peers = f.k.year(f.jaar, f.niveau)
        png = figures.position_charts(f.profile, peers, f.code, keys)
        caption = (
            f"Positie van {f.naam} (oranje) tussen de {_PEERS[f.niveau]} van {f.k.naam} in {f.jaar}; de streep is de "
            "gemeente. Eén jaar in de cache: nog geen ontwikkeling te tekenen."
        )
    blocks.append(Figure(png, caption, 170.0, alt=caption))
    return blocks


def _activity_blocks(f: AreaFacts) -> list:
    a = f.activity
    if a is None:
        return [Paragraph("Geen registers gekoppeld: initiatieven, interventies en signalen zijn niet opgenomen.")]
    rows = []
    for kind, frame, word in (("initiatieven", a.initiatieven, "Initiatief"), ("interventies", a.interventies, "Interventie")):
        active = frame[frame["status"].isin(ACTIVE[kind])] if not frame.empty else frame
        for _, r in active.head(6).iterrows():
            who = r.get("initiatiefnemer") if kind == "initiatieven" else r.get("eigenaar")
            start = r.get("startdatum")
            since = format_date(start) if isinstance(start, date) else ""
            aims = ", ".join(f.k.catalogue.label(c) for c in (r.get("indicatoren") or []) if c in f.k.catalogue)
            rows.append((word, plain(r["titel"]), plain(who), f"{r['status']}" + (f" sinds {since}" if since else ""), aims))
    n_init = int(a.initiatieven["status"].isin(ACTIVE["initiatieven"]).sum()) if not a.initiatieven.empty else 0
    n_int = int(a.interventies["status"].isin(ACTIVE["interventies"]).sum()) if not a.interventies.empty else 0
    blocks: list = [
        Paragraph(
            f"Lopend: {count_text(n_init, 'initiatief', 'initiatieven')} van bewoners en organisaties (bottom-up), "
            f"{count_text(n_int, 'interventie', 'interventies')} van gemeente en partners (gepland of lopend), "
            f"{count_text(len(f.signals), 'open signaal', 'open signalen')} over wat blokkeert, "
            f"{count_text(len(a.veldnotities), 'veldnotitie', 'veldnotities')} in het afgelopen jaar."
        )
    ]
    if rows:
        blocks.append(
            Table(("Soort", "Titel", "Wie", "Status", "Gericht op"), tuple(rows), "lllll", (1.1, 2.6, 1.8, 1.6, 2.4), small=True)
        )
    if not f.signals.empty:
        sig = []
        for _, s in f.signals.head(6).iterrows():
            days = s.get("dagen open")
            sig.append(
                (
                    plain(s["titel"]),
                    plain(s.get("betrokken")),
                    nl_days(days),
                    plain(s.get("eigenaar_opvolging")) or "niemand aangewezen",
                )
            )
        blocks.append(
            Table(
                ("Open signaal: wat blokkeert", "Betrokken", "Open", "Eigenaar opvolging"),
                tuple(sig),
                "llrl",
                (3.2, 2.2, 1.0, 2.4),
                small=True,
            )
        )
    return blocks


def nl_days(days: object) -> str:
    """``"132 dagen"``, ``"1 dag"``; ``""`` when unknown."""
    if days is None or pd.isna(days):
        return ""
    return f"{int(days)} dag" if int(days) == 1 else f"{int(days)} dagen"


def area_document(
    f: AreaFacts,
    *,
    shapes=None,
    outlines=None,
    map_source: str = "",
    sections: Sequence[str] | None = None,
) -> Document:
    """The briefing of the area in ``f`` (see :func:`wijkdata.briefing.facts.area_facts`).

    ``shapes`` are the gemeente's areas of the same level (EPSG:28992) for the map, ``outlines``
    its wijken (drawn over buurten); without shapes there is no map and the caveats say so.
    ``sections`` are ids of :data:`AREA_SECTIONS` (default: all).
    """
    from wijkdata.briefing.summary import summary_sentences

    want = set(sections) if sections is not None else set(AREA_SECTIONS)
    k = f.k
    where = f"{f.niveau} in {k.name_of(f.wijk_code)}, {k.naam}" if f.niveau == "buurt" else f"wijk in {k.naam}"
    doc = Document(
        title=f"Raadsbriefing {f.naam} ({f.jaar})",
        meta=f"{where} · peiljaar {f.jaar} · opgesteld {f.today:%d-%m-%Y} met Wijkdata",
        notice="Fictief: Voorbeeldstad is een verzonnen demogemeente. Deze cijfers bestaan niet echt." if k.fictief else "",
    )
    if "samenvatting" in want:
        doc.add(Heading(AREA_SECTIONS["samenvatting"]), Paragraph(" ".join(summary_sentences(f))))
    if "kerncijfers" in want:
        rows = tuple((r.titel, r.waarde_tekst, r.gemeente_tekst, r.nederland_tekst, r.rang_tekst) for r in f.figures.itertuples())
        doc.add(
            Heading(AREA_SECTIONS["kerncijfers"]),
            Table(
                ("Indicator", f.naam, k.naam, "Nederland", f"Positie tussen de {_PEERS[f.niveau]}"),
                rows,
                "lrrrl",
                (3.2, 1.7, 1.7, 1.7, 2.1),
            ),
        )
        if f.figures["waarde_jaar"].dropna().astype(int).ne(f.jaar).any():
            doc.add(
                Paragraph(
                    f"Een jaartal tussen haakjes: het laatst gepubliceerde cijfer, CBS heeft {f.jaar} nog niet.", style="klein"
                )
            )
    if "kaart" in want:
        blocks = _figure_blocks(f, shapes, outlines, map_source)
        if blocks:
            doc.add(Heading(AREA_SECTIONS["kaart"]), *blocks)
    if "opvalt" in want:
        items = [
            f"{p['titel']}: {p['waarde_tekst']}, {p['afwijking']} dan in de meeste {_PEERS[f.niveau]} "
            f"(gemeente {p['gemeente_tekst']}; {rank_text(p['rang'], p['van'])})"
            + (f"; {p['oordeel']} dan gebruikelijk" if p["oordeel"] else "")
            for _, p in f.notable.head(6).iterrows()
        ]
        doc.add(Heading(AREA_SECTIONS["opvalt"]))
        doc.add(
            Bullets(tuple(items))
            if items
            else Paragraph(f"Geen cijfers buiten de gebruikelijke bandbreedte van de {_PEERS[f.niveau]}.")
        )
    if "ontwikkeling" in want:
        items = [f"{c.titel}: {c.text}" for c in f.changes[:8]]
        doc.add(Heading(AREA_SECTIONS["ontwikkeling"]))
        doc.add(
            Bullets(tuple(items))
            if items
            else Paragraph("Te weinig vergelijkbare jaren in de cache om een ontwikkeling te tonen.")
        )
    if "gebeurt" in want:
        doc.add(Heading(AREA_SECTIONS["gebeurt"]), *_activity_blocks(f))
    if "vragen" in want:
        questions = area_questions(f)
        doc.add(Heading(AREA_SECTIONS["vragen"]))
        if questions:
            doc.add(Questions(tuple(questions)))
        else:
            doc.add(Paragraph("Geen van de regels hieronder is van toepassing op dit gebied."))
        doc.add(Paragraph("Vragen volgen uit vaste regels: " + "; ".join(RULES.values()) + ".", style="klein"))
    if "kanttekeningen" in want:
        lines = caveat_lines(f, has_map=any(s is not None and (s["code"] == f.code).any() for s in (shapes, outlines)))
        if lines:
            doc.add(Heading(AREA_SECTIONS["kanttekeningen"]), Bullets(tuple(lines)))
    doc.add(Heading("Bronnen"), sources_table(f), Paragraph(licence_line(k, map_source, f.activity is not None), style="klein"))
    return doc
