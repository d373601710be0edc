"""*Vragen voor het debat*: questions derived from the figures and the registers by stated rules.

Each rule is written out in :data:`RULES` (the briefing prints them), and each question carries
the facts it rests on, so a council member can check them and no question is a judgement of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from wijkdata.analysis.activity import ACTIVE
from wijkdata.analysis.need import QUADRANTS
from wijkdata.briefing.document import Question
from wijkdata.briefing.facts import AreaFacts, count_text, plain, rank_text
from wijkdata.registers.contract import format_date
from wijkdata.text import nl_number

__all__ = ["MAX_QUESTIONS", "OLD_SIGNAL_DAYS", "RULES", "area_questions"]

#: A signal open longer than this many days raises a question.
OLD_SIGNAL_DAYS = 90
#: At most this many questions (the first rules first).
MAX_QUESTIONS = 6
#: Rule id → the rule in Dutch, as the briefing states it.
RULES = {
    "opgave": "de wijk blijft gemiddeld achter bij de gemeente (opgave boven 0) en er loopt minder dan in de meeste wijken",
    "signaal": f"een signaal over wat blokkeert staat langer dan {OLD_SIGNAL_DAYS} dagen open",
    "verslechtert": "een lopend initiatief of een interventie richt zich op een cijfer dat verslechtert",
    "onbeantwoord": "een cijfer is slechter dan in de meeste vergelijkbare gebieden en niets wat loopt richt zich erop",
}


def _need_question(f: AreaFacts) -> Iterable[Question]:
    n = f.need
    if n is None or f.need_rank is None or not f.effort_known or n["kwadrant"] != QUADRANTS[(True, False)]:
        return
    wijk = f.naam if f.niveau == "wijk" else f"wijk {f.k.name_of(f.wijk_code)}"
    place, total = f.need_rank
    facts = [
        f"Opgave {nl_number(float(n['opgave']), 2)} (gemiddelde achterstand op de gemeente in standaarddeviaties over "
        f"{int(n['indicatoren'])} indicatoren, {int(n['peiljaar'])}): {place}e van {total} wijken.",
        f"Lopend in {wijk}: {count_text(int(n['initiatieven']), 'initiatief', 'initiatieven')} en "
        f"{count_text(int(n['interventies']), 'interventie', 'interventies')}.",
    ]
    if n["grootste_achterstand"]:
        facts.append(f"Grootste achterstand: {n['grootste_achterstand']}.")
    yield Question(
        f"Wat gaat de gemeente doen in {wijk}, waar de achterstand groot is maar weinig loopt?", "opgave", tuple(facts)
    )


def _signal_questions(f: AreaFacts) -> Iterable[Question]:
    if f.signals.empty or "dagen open" not in f.signals.columns:
        return
    for _, s in f.signals.iterrows():
        days = s["dagen open"]
        if pd.isna(days) or int(days) <= OLD_SIGNAL_DAYS:
            continue
        owner = plain(s.get("eigenaar_opvolging"))
        facts = (
            f"Gemeld op {format_date(s['gemeld_op'])} door {plain(s.get('gemeld_door'))}; betreft {plain(s.get('betrokken'))} "
            f"({plain(s.get('soort'))}).",
            f"Status: {s['status']}, {int(days)} dagen open; eigenaar opvolging: {owner or 'niemand aangewezen'}.",
        )
        text = (
            f"Wat doet {owner} aan het signaal ‘{s['titel']}’, dat al {int(days)} dagen openstaat?"
            if owner
            else f"Wie pakt het signaal ‘{s['titel']}’ op, dat al {int(days)} dagen openstaat?"
        )
        yield Question(text, "signaal", facts)


def _active(f: AreaFacts) -> Iterable[tuple[str, pd.Series]]:
    if f.activity is None:
        return
    for kind, frame in (("initiatieven", f.activity.initiatieven), ("interventies", f.activity.interventies)):
        if frame.empty:
            continue
        for _, r in frame[frame["status"].isin(ACTIVE[kind])].iterrows():
            yield kind, r


def _worsening_questions(f: AreaFacts) -> Iterable[Question]:
    changes = {c.key: c for c in f.changes if c.worsens}
    for kind, r in _active(f):
        for key in r.get("indicatoren") or []:
            c = changes.get(key)
            if c is None:
                continue
            word = "initiatief" if kind == "initiatieven" else "interventie"
            since = f" sinds {format_date(r['startdatum'])}" if plain(r.get("startdatum")) else ""
            facts = (
                f"{word.capitalize()} ‘{r['titel']}’ ({r['status']}{since}) richt zich op {c.titel.lower()}.",
                f"{c.titel}: {c.text}; CBS {', '.join(dict.fromkeys(t for t, _, _ in c.tabellen))}.",
            )
            yield Question(f"Wat levert ‘{r['titel']}’ op, nu {c.titel.lower()} verslechtert?", "verslechtert", facts)


def _unanswered_questions(f: AreaFacts) -> Iterable[Question]:
    if f.activity is None:
        return
    aimed = {key for _, r in _active(f) for key in (r.get("indicatoren") or [])}
    peers = "wijken" if f.niveau == "wijk" else "buurten"
    for key, p in f.notable[f.notable["oordeel"] == "slechter"].iterrows():
        if key in aimed:
            continue
        rank = rank_text(p["rang"], p["van"])
        facts = (
            f"{p['titel']} in {f.naam}: {p['waarde_tekst']}, gemeente {p['gemeente_tekst']}, Nederland {p['nederland_tekst']} "
            f"({f.jaar}; {rank} {peers}).",
            "Geen lopend initiatief en geen geplande of lopende interventie in het gebied noemt dit cijfer als doel.",
        )
        yield Question(f"Wie werkt aan {p['titel'].lower()} in {f.naam}?", "onbeantwoord", facts)


def area_questions(f: AreaFacts) -> list[Question]:
    """The questions for one area, at most :data:`MAX_QUESTIONS`, in the order of :data:`RULES`."""
    out: list[Question] = []
    for make in (_need_question, _signal_questions, _worsening_questions, _unanswered_questions):
        out.extend(make(f))
    return out[:MAX_QUESTIONS]
