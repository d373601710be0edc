"""The plain-Dutch summary of an area's briefing: a few sentences, each a fact with its unit and year.

The sentences only report what the data say (largest deviations from the gemeente, strongest
changes, the place on need against effort); they never judge beyond the catalogue's curated
direction, and every number is one the key-figure table or the sources table also holds.
"""

from __future__ import annotations

import pandas as pd

from wijkdata.briefing.facts import AreaFacts, count_text, rank_text

__all__ = ["summary_sentences"]

_WIJKEN = {"wijk": "wijken", "buurt": "buurten"}


def _inhabitants(f: AreaFacts) -> str:
    fig = f.figures.set_index("indicator")
    where = f"een {f.niveau} in {f.k.naam}" if f.niveau == "wijk" else f"een buurt in {f.k.name_of(f.wijk_code)}, {f.k.naam}"
    if "AantalInwoners" not in fig.index or pd.isna(fig.at["AantalInwoners", "waarde"]):
        return f"{f.naam} is {where}."
    row = fig.loc["AantalInwoners"]
    return f"{f.naam} is {where} met {row['waarde_tekst']} inwoners in {f.jaar} (gemeente: {row['gemeente_tekst']})."


def _deviations(f: AreaFacts) -> str:
    peers = _WIJKEN[f.niveau]
    top = f.notable.head(2)
    if top.empty:
        return f"Geen van de cijfers van {f.jaar} valt buiten de gebruikelijke bandbreedte van de {peers} van {f.k.naam}."
    parts = []
    for _, p in top.iterrows():
        rank = rank_text(p["rang"], p["van"])
        parts.append(
            f"{p['titel']} is {p['afwijking']} dan in de meeste {peers}: {p['waarde_tekst']} tegen {p['gemeente_tekst']} "
            f"in de gemeente ({rank})"
        )
    return f"Het meest wijkt {f.naam} in {f.jaar} af bij: " + "; ".join(parts) + "."


def _changes(f: AreaFacts) -> str:
    relative = [c for c in f.changes if f.k.catalogue[c.key].relatief and c.first != c.last]
    top = sorted(relative, key=lambda c: c.relative, reverse=True)[:2]
    if not top:
        return ""
    return "Het sterkst veranderden " + " en ".join(f"{c.titel.lower()} ({c.text})" for c in top) + "."


def _indicators(n: int) -> str:
    return f"{n} indicator" if n == 1 else f"{n} indicatoren"


def _need(f: AreaFacts) -> str:
    if f.need is None or f.need_rank is None:
        return ""
    if not f.effort_known:
        place, total = f.need_rank
        wijk = f.naam if f.niveau == "wijk" else f"wijk {f.k.name_of(f.wijk_code)}"
        return (
            f"Op de opgave (gemiddelde achterstand op de gemeente over {_indicators(int(f.need['indicatoren']))}, "
            f"{int(f.need['peiljaar'])}) staat {wijk} {place}e van {total} wijken; er zijn voor {f.k.naam} nog geen "
            "initiatieven, interventies of signalen vastgelegd."
        )
    n = f.need
    place, total = f.need_rank
    wijk = f.naam if f.niveau == "wijk" else f"wijk {f.k.name_of(f.wijk_code)}"
    lag = "blijft achter bij" if n["opgave"] > 0 else "doet het beter dan"
    initiatives = count_text(int(n["initiatieven"]), "initiatief", "initiatieven")
    interventions = count_text(int(n["interventies"]), "interventie", "interventies")
    signals = count_text(int(n["open_signalen"]), "signaal", "signalen")
    effort = (
        f"er {'loopt' if int(n['inzet']) == 1 else 'lopen'} {initiatives} en {interventions}, en er "
        f"{'staat' if int(n['open_signalen']) == 1 else 'staan'} {signals} open"
    )
    return (
        f"Gemiddeld over {_indicators(int(n['indicatoren']))} {lag} {wijk} de gemeente ({int(n['peiljaar'])}; "
        f"{'de grootste' if place == 1 else f'de {place}e grootste'} opgave van {total} wijken); {effort} "
        f"({n['kwadrant'].lower()})."
    )


def summary_sentences(f: AreaFacts) -> list[str]:
    """The summary as a few sentences: who the area is, where it deviates most, what changed most, need against effort."""
    return [s for s in (_inhabitants(f), _deviations(f), _changes(f), _need(f)) if s]
