"""The briefing of one theme (e.g. *Inkomen*) across all wijken of a gemeente.

Figures are the latest published per wijk (:func:`wijkdata.analysis.latest.latest_values`, with
the year where it is not the chosen one); positions and deviations come from
:func:`wijkdata.analysis.profile.area_profile` of each wijk; need against effort from
:mod:`wijkdata.analysis.need`, as on the pages.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from wijkdata.analysis.latest import latest_values, value_label
from wijkdata.analysis.need import DEFAULT_NEED_KEYS, QUADRANTS, effort_per_wijk, need_effort, need_scores, need_year
from wijkdata.analysis.profile import area_profile
from wijkdata.briefing import figures
from wijkdata.briefing.document import Bullets, Document, Figure, Heading, Paragraph, Question, Questions, Table
from wijkdata.briefing.facts import rank_text
from wijkdata.briefing.questions import MAX_QUESTIONS
from wijkdata.briefing.sources import licence_line, sources_table, vintage_line
from wijkdata.cbs.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.errors import WijkdataError
from wijkdata.text import nl_number, with_unit

__all__ = ["THEME_RULES", "theme_document", "theme_keys"]

#: The rules behind a theme briefing's questions.
THEME_RULES = {
    "slechter": "een wijk is op een cijfer met een bekende richting slechter dan de meeste wijken van de gemeente",
    "opgave": "een wijk blijft gemiddeld achter bij de gemeente (opgave boven 0) en er loopt minder dan in de meeste wijken",
}


def theme_keys(k: Kerncijfers, thema: str, jaar: int, n: int = 5) -> list[str]:
    """Up to ``n`` indicators of ``thema`` published up to ``jaar``: directed relative ones first, then relative, then counts.

    Raises
    ------
    WijkdataError
        When the catalogue has no such theme.
    """
    themes = k.catalogue.themes()
    match = next((t for t in themes if t.lower() == (thema or "").strip().lower()), None)
    if match is None:
        raise WijkdataError(f"Onbekend thema '{thema}'; kies uit: {', '.join(themes)}.")
    inds = [i for i in k.catalogue.in_theme(match) if any(y <= jaar for y in i.kolommen) and i.eenheid != "code"]

    def order(i) -> int:
        return 0 if i.relatief and i.richting in (HIGHER_IS_BETTER, HIGHER_IS_WORSE) else (1 if i.relatief else 2)

    return [i.key for i in sorted(inds, key=order)][:n]


def _value_text(k: Kerncijfers, key: str, value: float, year: object, jaar: int) -> str:
    ind = k.catalogue[key]
    if pd.isna(value):
        return "–"
    return value_label(with_unit(value, ind.eenheid, ind.decimalen), year, jaar)


def theme_document(
    k: Kerncijfers,
    thema: str,
    jaar: int,
    *,
    shapes=None,
    map_source: str = "",
    records: pd.DataFrame | None = None,
    today: date | None = None,
) -> Document:
    """The briefing of ``thema`` over the wijken of ``k`` in ``jaar`` (latest published figures)."""
    today = today or date.today()
    keys = theme_keys(k, thema, jaar)
    if not keys:
        raise WijkdataError(f"Het thema '{thema}' heeft voor {k.naam} geen cijfers tot en met {jaar}.")
    label = next(t for t in k.catalogue.themes() if t.lower() == thema.strip().lower())
    wijken = latest_values(k, jaar, keys, niveau="wijk")
    top = latest_values(k, jaar, keys, codes=[k.gemeente, "NL00"])
    names = dict(zip(k.year(jaar)["code"], k.year(jaar)["naam"], strict=False))
    doc = Document(
        title=f"Raadsbriefing {label} in {k.naam} ({jaar})",
        meta=f"thema {label} over de wijken van {k.naam} · peiljaar {jaar} · opgesteld {today:%d-%m-%Y} met Wijkdata",
        notice="Fictief: Voorbeeldstad is een verzonnen demogemeente. Deze cijfers bestaan niet echt." if k.fictief else "",
    )
    sources: list[tuple[str, int, str]] = []
    for frame in (wijken, top):
        for key, year in zip(frame["indicator"], frame["jaar"], strict=True):
            if pd.notna(year):
                ind = k.catalogue[key]
                sources.append((ind.tabellen[int(year)], int(year), ind.kolommen[int(year)]))
    # summary: highest and lowest wijk per indicator
    sentences = []
    for key in keys[:3]:
        part = wijken[wijken["indicator"] == key].dropna(subset=["waarde"]).sort_values("waarde", ascending=False)
        if len(part) < 2:
            continue
        hi, lo = part.iloc[0], part.iloc[-1]
        g = top[(top["code"] == k.gemeente) & (top["indicator"] == key)].iloc[0]
        sentences.append(
            f"{k.catalogue.label(key)} is het hoogst in {names.get(hi['code'], hi['code'])}: "
            f"{_value_text(k, key, hi['waarde'], hi['jaar'], jaar)}; het laagst in {names.get(lo['code'], lo['code'])}: "
            f"{_value_text(k, key, lo['waarde'], lo['jaar'], jaar)}; "
            f"de gemeente: {_value_text(k, key, g['waarde'], g['jaar'], jaar)}."
        )
    n_wijken = wijken["code"].nunique()
    intro = f"{k.naam} telt {n_wijken} wijken. Per wijk het cijfer van {jaar}, of het laatst gepubliceerde met het jaartal."
    doc.add(Heading("In het kort"), Paragraph(" ".join([intro, *sentences])))
    # table
    header = ("Wijk", *[k.catalogue.label(c) for c in keys])
    rows = []
    pivot = {
        (c, i): (v, y) for c, i, v, y in zip(wijken["code"], wijken["indicator"], wijken["waarde"], wijken["jaar"], strict=True)
    }
    for code in dict.fromkeys(wijken["code"]):
        rows.append((names.get(code, code), *[_value_text(k, key, *pivot[(code, key)], jaar) for key in keys]))
    for code, name in ((k.gemeente, k.naam), ("NL00", "Nederland")):
        part = top[top["code"] == code].set_index("indicator")
        if not part.empty:
            rows.append((name, *[_value_text(k, key, part.at[key, "waarde"], part.at[key, "jaar"], jaar) for key in keys]))
    doc.add(Heading("Cijfers per wijk"), Table(header, tuple(rows), "l" + "r" * len(keys), (2.4, *[1.5] * len(keys)), small=True))
    # map and trend
    first = keys[0]
    ind = k.catalogue[first]
    blocks: list = []
    if shapes is not None and not shapes.empty:
        values = {c: v for (c, i), (v, _) in pivot.items() if i == first and pd.notna(v)}
        png = figures.theme_map(shapes, values, k.catalogue.label(first), ind.eenheid, ind.decimalen)
        blocks.append(Figure(png, f"Kaart: {k.catalogue.label(first)} per wijk. Grenzen: {map_source}.", 100.0))
    trend_keys = [c for c in keys if k.catalogue[c].relatief][:3] or keys[:2]
    if len(k.years) >= 2:
        png = figures.trend_charts(k, k.gemeente, trend_keys)
        blocks.append(Figure(png, f"Ontwikkeling in {k.naam} (oranje) en Nederland (gestippeld).", 170.0))
    if blocks:
        doc.add(Heading("Kaart en ontwikkeling"), *blocks)
    # questions
    questions = _theme_questions(k, keys, jaar, names, records)
    doc.add(Heading("Vragen voor het debat"))
    doc.add(Questions(tuple(questions)) if questions else Paragraph("Geen van de regels hieronder is van toepassing."))
    doc.add(Paragraph("Vragen volgen uit vaste regels: " + "; ".join(THEME_RULES.values()) + ".", style="klein"))
    # caveats
    lines = []
    for key in keys:
        part = wijken[wijken["indicator"] == key]
        missing = int(part["waarde"].isna().sum())
        if missing:
            lines.append(
                f"{k.catalogue.label(key)}: voor {missing} van {n_wijken} wijken geen cijfer (geheim of niet gepubliceerd)."
            )
        earlier = sorted({int(y) for y in part.loc[part["eerder"], "jaar"].dropna()})
        if earlier:
            lines.append(
                f"{k.catalogue.label(key)}: CBS heeft {jaar} nog niet; getoond het cijfer van {', '.join(map(str, earlier))}."
            )
    if shapes is None:
        lines.append(f"Geen kaart: er zijn geen wijkgrenzen van {jaar} aanwezig.")
    if vintage_line(k, jaar):
        lines.append(vintage_line(k, jaar))
    doc.add(Heading("Kanttekeningen"), Bullets(tuple(lines)))
    doc.add(
        Heading("Bronnen"), sources_table(sources), Paragraph(licence_line(k, map_source, records is not None), style="klein")
    )
    return doc


def _theme_questions(k: Kerncijfers, keys: list[str], jaar: int, names: dict, records: pd.DataFrame | None) -> list[Question]:
    out: list[Question] = []
    if records is not None and not records.empty and records["actief"].astype(bool).any():
        year = need_year(k, DEFAULT_NEED_KEYS, jaar)
        if year is not None:
            need = need_scores(k, year, DEFAULT_NEED_KEYS)
            frame = need_effort(need, effort_per_wijk(records, need["code"]))
            for _, r in frame[frame["kwadrant"] == QUADRANTS[(True, False)]].head(2).iterrows():
                facts = (
                    f"Opgave {nl_number(float(r['opgave']), 2)} over {int(r['indicatoren'])} indicatoren ({year}); "
                    f"grootste achterstand: {r['grootste_achterstand']}.",
                    f"Lopend: {int(r['initiatieven'])} initiatieven, {int(r['interventies'])} interventies.",
                )
                out.append(
                    Question(
                        f"Wat gaat de gemeente doen in {r['naam']}, waar de achterstand groot is maar weinig loopt?",
                        "opgave",
                        facts,
                    )
                )
    for key in keys:
        if k.catalogue[key].richting not in (HIGHER_IS_BETTER, HIGHER_IS_WORSE) or jaar not in k.catalogue[key].kolommen:
            continue
        worst = None
        for code in k.year(jaar, "wijk")["code"]:
            p = area_profile(k, code, jaar).set_index("indicator").loc[key]
            if p["oordeel"] == "slechter" and (worst is None or abs(float(p["z"])) > abs(float(worst[1]["z"]))):
                worst = (code, p)
        if worst is not None:
            code, p = worst
            facts = (
                f"{names.get(code, code)}: {p['waarde_tekst']}; gemeente {p['gemeente_tekst']}, Nederland {p['nederland_tekst']} "
                f"({jaar}; {rank_text(p['rang'], p['van'])} wijken).",
            )
            out.append(Question(f"Wat is de aanpak voor {p['titel'].lower()} in {names.get(code, code)}?", "slechter", facts))
    return out[:MAX_QUESTIONS]
