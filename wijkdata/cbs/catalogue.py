"""The harmonised indicator catalogue: one stable key per indicator, across yearly tables.

CBS numbers its columns by position (``GemiddeldeWOZWaardeVanWoningen_39`` in 2024, another
number in other years), so the number is dropped: the stable key is the *stem*
(``GemiddeldeWOZWaardeVanWoningen``). A stem is not always unique within one table
(``Appartement_54`` under electricity and ``Appartement_62`` under gas, both in a group
"Naar woningtype"; ``Nederland_17`` under "Herkomstland" and ``Nederland_20`` under "Geboren in
Nederland"). Such stems are qualified by the nearest ancestor TopicGroup that tells them apart:
``Appartement.GemiddeldeElektriciteitslevering``, ``Nederland.Herkomstland``.

Everything is resolved at run time from each table's DataProperties; no suffix is written down
here. What is written down is curated knowledge CBS does not publish in machine form: whether
higher is better or worse (:data:`DIRECTIONS`), and the few renamings between years
(:data:`STEM_ALIASES`, :data:`GROUP_ALIASES`, :data:`THEME_ALIASES`). Titles CBS cut at 40
characters are completed and coded values get their meaning from :mod:`wijkdata.cbs.labels`;
a missing Description is ``""``, never ``"nan"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from wijkdata.cbs.labels import category_label, full_title
from wijkdata.cbs.normalise import properties_frame
from wijkdata.text import plain_text, with_unit

__all__ = [
    "DIRECTIONS",
    "HIGHER_IS_BETTER",
    "HIGHER_IS_WORSE",
    "Catalogue",
    "Indicator",
    "build_catalogue",
    "resolve_properties",
    "stem_of",
]

HIGHER_IS_BETTER = "hoger is beter"
HIGHER_IS_WORSE = "hoger is slechter"

#: Curated direction of an indicator, by stable key. Only where the direction is meaningful
#: for a neighbourhood's well-being; counts and neutral shares have none.
DIRECTIONS: dict[str, str] = {
    "GemiddeldInkomenPerInkomensontvanger": HIGHER_IS_BETTER,
    "GemiddeldInkomenPerInwoner": HIGHER_IS_BETTER,
    "GemGestandaardiseerdInkomenVanHuish": HIGHER_IS_BETTER,
    "MediaanVermogenVanParticuliereHuish": HIGHER_IS_BETTER,
    "k_40PersonenMetLaagsteInkomen": HIGHER_IS_WORSE,
    "k_40HuishoudensMetLaagsteInkomen": HIGHER_IS_WORSE,
    "HuishoudensMetEenLaagInkomen": HIGHER_IS_WORSE,
    "HuishOnderOfRondSociaalMinimum": HIGHER_IS_WORSE,
    "HuishoudensTot110VanSociaalMinimum": HIGHER_IS_WORSE,
    "HuishoudensTot120VanSociaalMinimum": HIGHER_IS_WORSE,
    "Nettoarbeidsparticipatie": HIGHER_IS_BETTER,
    "PercentageJongerenMetJeugdzorg": HIGHER_IS_WORSE,
    "WmoClientenRelatief": HIGHER_IS_WORSE,
    "OnbewoondeWoningen": HIGHER_IS_WORSE,
    "AfstandTotHuisartsenpraktijk": HIGHER_IS_WORSE,
    "AfstandTotGroteSupermarkt": HIGHER_IS_WORSE,
    "AfstandTotKinderdagverblijf": HIGHER_IS_WORSE,
    "AfstandTotSchool": HIGHER_IS_WORSE,
    "ScholenBinnen3Km": HIGHER_IS_BETTER,
}

#: Stems CBS renamed between years for the same figure (older → current).
STEM_ALIASES: dict[str, str] = {
    "GemiddeldeWoningwaarde": "GemiddeldeWOZWaardeVanWoningen",
    "GemiddeldElektriciteitsverbruikTotaal": "GemiddeldeElektriciteitsleveringTotaal",
    "PercentageOnbewoond": "OnbewoondeWoningen",
    "IndelingswijzigingWijkenEnBuurten": "IndelingswijzigingGemeenteWijkBuurt",
}
#: TopicGroup titles CBS renamed between years (older → current), used in keys and themes.
GROUP_ALIASES: dict[str, str] = {
    "Gemiddeld elektriciteitsverbruik": "Gemiddelde elektriciteitslevering",
}
THEME_ALIASES: dict[str, str] = {
    "Wonen": "Wonen en vastgoed",
    "Opleidingsniveau": "Onderwijs",
}

_SUFFIX = re.compile(r"_\d+$")
_NUMERIC = {"long", "integer", "int", "short", "byte", "double", "float", "decimal", "single"}


def stem_of(cbs_key: str) -> str:
    """The CBS key without its position suffix, aliases applied: ``AantalInwoners_5`` → ``AantalInwoners``."""
    stem = _SUFFIX.sub("", cbs_key.strip())
    return STEM_ALIASES.get(stem, stem)


def _slug(title: str) -> str:
    """``"Geboren in Nederland"`` → ``"GeborenInNederland"`` (letters and digits only)."""
    words = re.findall(r"[0-9A-Za-zÀ-ÿ]+", GROUP_ALIASES.get(title, title))
    return "".join(w[:1].upper() + w[1:] for w in words)


def resolve_properties(properties: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Stable keys for the numeric Topics of one table's DataProperties.

    Returns
    -------
    pandas.DataFrame
        One row per numeric Topic, in CBS order, with columns ``key`` (stable), ``cbs_kolom``
        (the table's own key), ``titel``, ``omschrijving``, ``eenheid``, ``decimalen``,
        ``datatype``, ``thema`` (top TopicGroup), ``groep`` (path of TopicGroups below the
        theme, joined by " › ") and ``relatief`` (True for shares, averages and rates).
    """
    props = properties if isinstance(properties, pd.DataFrame) else properties_frame(properties)
    by_id = {int(r.ID): r for r in props.itertuples() if pd.notna(r.ID)}

    def ancestors(parent: object) -> list[str]:
        titles: list[str] = []
        seen: set[int] = set()
        while pd.notna(parent) and int(parent) in by_id and int(parent) not in seen:
            seen.add(int(parent))
            node = by_id[int(parent)]
            titles.append(str(node.Title))
            parent = node.ParentID
        return titles  # nearest first

    rows = []
    for t in props[props["Type"] == "Topic"].itertuples():
        if str(t.Datatype).lower() not in _NUMERIC:
            continue
        path = ancestors(t.ParentID)
        theme = THEME_ALIASES.get(path[-1], path[-1]) if path else "Overig"
        unit = str(t.Unit)
        rows.append(
            {
                "stem": stem_of(str(t.Key)),
                "path": path,
                "cbs_kolom": str(t.Key),
                "titel": full_title(t.Title),
                "omschrijving": plain_text(t.Description),
                "eenheid": unit,
                "decimalen": int(t.Decimals) if pd.notna(t.Decimals) else 0,
                "datatype": str(t.Datatype),
                "thema": theme,
                "groep": " › ".join(reversed([GROUP_ALIASES.get(p, p) for p in path[:-1]])),
                "relatief": str(t.PresentationType) == "Relative" or unit.startswith("%") or unit.startswith("per "),
            }
        )

    by_stem: dict[str, list[dict]] = {}
    for r in rows:
        by_stem.setdefault(r["stem"], []).append(r)
    for stem, same in by_stem.items():
        if len(same) == 1:
            same[0]["key"] = stem
            continue
        depth = max(len(r["path"]) for r in same)
        for d in range(depth):
            labels = [_slug(r["path"][d]) if d < len(r["path"]) else "" for r in same]
            if len(set(labels)) == len(labels):
                for r, label in zip(same, labels, strict=True):
                    r["key"] = f"{stem}.{label}" if label else stem
                break
        else:  # identical group paths: only the position tells them apart
            for r in same:
                r["key"] = f"{stem}.{_SUFFIX.search(r['cbs_kolom']).group(0)[1:]}" if _SUFFIX.search(r["cbs_kolom"]) else stem
    cols = ["key", "cbs_kolom", "titel", "omschrijving", "eenheid", "decimalen", "datatype", "thema", "groep", "relatief"]
    return pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)


@dataclass(frozen=True)
class Indicator:
    """One harmonised indicator, with where it sits in each year's table."""

    key: str
    titel: str
    omschrijving: str
    eenheid: str
    decimalen: int
    thema: str
    groep: str
    relatief: bool
    richting: str | None
    kolommen: Mapping[int, str] = field(default_factory=dict)  # year → CBS column
    tabellen: Mapping[int, str] = field(default_factory=dict)  # year → table id

    @property
    def years(self) -> list[int]:
        """Years whose table has this indicator, ascending."""
        return sorted(self.kolommen)

    def source(self, year: int) -> str:
        """``"CBS 85984NED (2024), kolom GemiddeldeWOZWaardeVanWoningen_39"`` or ``""``."""
        if year not in self.kolommen:
            return ""
        return f"CBS {self.tabellen.get(year, '?')} ({year}), kolom {self.kolommen[year]}"

    def category(self, value: object) -> str:
        """The meaning of a coded value (``"sterk stedelijk"`` for Mate van stedelijkheid 2), else ``""``."""
        return category_label(self.key, value)

    def text(self, value: object) -> str:
        """The value as a reader sees it: Dutch number with unit, and the meaning of a code
        (``"2 (sterk stedelijk)"``); ``"–"`` when missing."""
        shown = with_unit(value, self.eenheid, self.decimalen)
        meaning = self.category(value)
        return f"{shown} ({meaning})" if meaning else shown


class Catalogue:
    """The indicators of a set of yearly tables, by stable key.

    Titles, units and descriptions are those of the newest year that has the indicator.
    """

    def __init__(self, indicators: Mapping[str, Indicator]) -> None:
        self._items = dict(indicators)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __getitem__(self, key: str) -> Indicator:
        return self._items[key]

    def __iter__(self):
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> Indicator | None:
        """The indicator with stable ``key``, or ``None``."""
        return self._items.get(key)

    @property
    def keys(self) -> list[str]:
        """Stable keys in catalogue order (theme, then CBS order)."""
        return list(self._items)

    def themes(self) -> list[str]:
        """Theme names in catalogue order, each once."""
        return list(dict.fromkeys(i.thema for i in self._items.values()))

    def in_theme(self, theme: str) -> list[Indicator]:
        """The indicators of one theme, in catalogue order."""
        return [i for i in self._items.values() if i.thema == theme]

    def label(self, key: str) -> str:
        """A human title that is unique in the catalogue: ``"Appartement (Gemiddeld aardgasverbruik)"``."""
        ind = self._items[key]
        same = [i for i in self._items.values() if i.titel == ind.titel]
        if len(same) > 1 and ind.groep:
            return f"{ind.titel} ({ind.groep})"
        return ind.titel

    def frame(self) -> pd.DataFrame:
        """The catalogue as a frame: one row per indicator with key, titel, eenheid, thema, ...,
        ``eerste_jaar`` and ``laatste_jaar`` (numbers) and ``kolommen`` (``year: column`` pairs, which
        also shows a year the indicator skipped)."""
        return pd.DataFrame(
            [
                {
                    "key": i.key,
                    "titel": self.label(i.key),
                    "thema": i.thema,
                    "eenheid": i.eenheid,
                    "decimalen": i.decimalen,
                    "relatief": i.relatief,
                    "richting": i.richting or "",
                    "eerste_jaar": min(i.years),
                    "laatste_jaar": max(i.years),
                    "kolommen": "; ".join(f"{y}: {i.tabellen.get(y, '?')}/{c}" for y, c in sorted(i.kolommen.items())),
                    "omschrijving": i.omschrijving,
                }
                for i in self._items.values()
            ]
        )


def build_catalogue(tables: Mapping[int, tuple[str, pd.DataFrame]]) -> Catalogue:
    """Merge the resolved properties of several yearly tables into one catalogue.

    Parameters
    ----------
    tables
        ``{year: (table_id, resolved)}`` where ``resolved`` comes from :func:`resolve_properties`.
    """
    merged: dict[str, dict] = {}
    order: list[str] = []
    for year in sorted(tables, reverse=True):  # newest first: its metadata wins
        table_id, resolved = tables[year]
        for r in resolved.itertuples():
            entry = merged.get(r.key)
            if entry is None:
                entry = merged[r.key] = {
                    "key": r.key,
                    "titel": full_title(r.titel),
                    "omschrijving": plain_text(r.omschrijving),
                    "eenheid": r.eenheid,
                    "decimalen": int(r.decimalen),
                    "thema": r.thema,
                    "groep": r.groep,
                    "relatief": bool(r.relatief),
                    "kolommen": {},
                    "tabellen": {},
                }
                order.append(r.key)
            entry["kolommen"][year] = r.cbs_kolom
            entry["tabellen"][year] = table_id
    themes = list(dict.fromkeys(merged[k]["thema"] for k in order))
    order.sort(key=lambda k: themes.index(merged[k]["thema"]))  # stable: CBS order within a theme
    return Catalogue({k: Indicator(richting=DIRECTIONS.get(k), **merged[k]) for k in order})
