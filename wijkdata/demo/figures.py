"""The invented "microdata" of Voorbeeldstad: true figures per buurt and year, and their sums.

A few latent traits per buurt (affluence, age, urbanity, growth, size; fixed seed) drive every
figure, so they correlate plausibly. :func:`true_values` gives one buurt's unrounded,
unsuppressed figures; :func:`aggregate` adds buurten up to a wijk or the gemeente (counts are
summed, relative figures averaged over their base). Rounding and suppression are
:mod:`wijkdata.demo.tables`' business.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from wijkdata.demo.areas import BUURTEN, SPLIT_NEW, SPLIT_YEAR, wijk_of

__all__ = ["INCOME", "SUMS", "aggregate", "true_values"]

# Latent traits per wijk: affluence (-1 poor … +1 rich), age (-1 young … +1 old), urbanity 1–5
# (1 = very urban, CBS's scale), and yearly population growth.
_WIJK_TRAITS: dict[str, tuple[float, float, int, float]] = {
    "WK999901": (0.1, -0.6, 1, 0.010),
    "WK999902": (-0.8, -0.2, 2, 0.004),
    "WK999903": (-0.9, -0.5, 2, 0.020),
    "WK999904": (0.3, 0.5, 3, 0.002),
    "WK999905": (1.0, 0.7, 4, 0.000),
    "WK999906": (0.2, -0.1, 3, 0.006),
    "WK999907": (-0.3, 0.2, 3, 0.003),
    "WK999908": (0.5, 0.4, 5, -0.004),
}


# Yearly drift in affluence: Vogelwijk slides, Kanaalzone improves with its new build.
_DRIFT = {"WK999907": -0.09, "WK999903": 0.05}


@lru_cache(maxsize=1)
def _buurt_traits() -> dict[str, dict[str, float]]:
    """Latent traits per buurt: the wijk's traits plus seeded noise, and a few special places."""
    rng = np.random.default_rng(9999)
    traits: dict[str, dict[str, float]] = {}
    for code in BUURTEN:
        w_aff, w_age, w_urb, w_growth = _WIJK_TRAITS[wijk_of(code)]
        traits[code] = {
            "aff": float(np.clip(w_aff + rng.normal(0, 0.35), -1.6, 1.6)),
            "age": float(np.clip(w_age + rng.normal(0, 0.3), -1.2, 1.2)),
            "urb": float(np.clip(w_urb + rng.integers(-1, 2) * 0.5, 1, 5)),
            "growth": w_growth + float(rng.normal(0, 0.004)),
            "size": float(rng.uniform(900, 3400)),
            "noise": float(rng.normal(0, 1)),
        }
    # A few special places: an almost empty business park, a small hamlet, a growing new build area.
    traits["BU99990805"]["size"] = 35.0
    traits["BU99990803"]["size"] = 160.0
    traits["BU99990305"]["size"] = 420.0
    traits["BU99990303"]["size"] = 800.0
    for code in SPLIT_NEW:
        traits[code]["size"] = 700.0
        traits[code]["growth"] = 0.09
        traits[code]["aff"] = 0.2
    return traits


def true_values(code: str, year: int, area_ha: float, water_ha: float) -> dict[str, float]:
    """Unrounded, unsuppressed figures of one buurt in one year (the "microdata")."""
    tr = _buurt_traits()[code]
    t = year - 2019
    aff, age, urb = tr["aff"] + _DRIFT.get(wijk_of(code), 0.0) * t, tr["age"], tr["urb"]
    inw = tr["size"] * (1 + tr["growth"]) ** t
    if code in SPLIT_NEW:
        inw = tr["size"] * (1 + tr["growth"]) ** (year - SPLIT_YEAR)
    share_old = np.clip(0.19 + 0.09 * age, 0.05, 0.45)
    share_young = np.clip(0.16 - 0.05 * age + 0.02 * (aff < 0), 0.06, 0.3)
    share_15_25 = np.clip(0.12 - 0.03 * age + 0.03 * (urb <= 2), 0.05, 0.3)
    share_25_45 = np.clip(0.26 - 0.05 * age + 0.04 * (urb <= 2), 0.1, 0.45)
    share_45_65 = max(0.05, 1 - share_old - share_young - share_15_25 - share_25_45)
    hh_size = float(np.clip(2.15 + 0.9 * share_young - 0.25 * (urb <= 2) + 0.1 * aff, 1.4, 3.2))
    households = inw / hh_size
    dwellings = households * 1.04
    koop = float(np.clip(52 + 20 * aff + 6 * (urb - 3) + 3 * tr["noise"], 5, 97))
    corp = float(np.clip((100 - koop) * (0.72 - 0.18 * aff), 0, 100 - koop))
    heat = 0.0
    if code.startswith("BU999902") and year >= 2021:  # a heat network grows in Molenwijk
        heat = min(60.0, 12.0 * (year - 2020) + 3 * tr["noise"])
    land = area_ha - water_ha
    return {
        "AantalInwoners": inw,
        "Mannen": inw * (0.495 - 0.01 * age),
        "Vrouwen": inw * (0.505 + 0.01 * age),
        "k_0Tot15Jaar": inw * share_young,
        "k_15Tot25Jaar": inw * share_15_25,
        "k_25Tot45Jaar": inw * share_25_45,
        "k_45Tot65Jaar": inw * share_45_65,
        "k_65JaarOfOuder": inw * share_old,
        "HuishoudensTotaal": households,
        "Eenpersoonshuishoudens": households * np.clip(0.38 - 0.1 * aff - 0.1 * (urb - 3) / 2, 0.1, 0.7),
        "HuishoudensMetKinderen": households * np.clip(share_young * 1.9, 0.05, 0.6),
        "GemiddeldeHuishoudensgrootte": hh_size,
        "Bevolkingsdichtheid": inw / max(land / 100, 0.01),
        "Woningvoorraad": dwellings,
        "GemiddeldeWOZWaardeVanWoningen": 245 * math.exp(0.28 * aff) * 1.075**t * (1.1 if urb <= 2 else 1.0),
        "PercentageBewoond": 96 - 1.5 * (aff < -0.5),
        "PercentageEengezinswoning": float(np.clip(55 + 12 * (urb - 3) + 8 * aff, 3, 98)),
        "PercentageMeergezinswoning": 0.0,  # filled as 100 - eengezins below
        "OnbewoondeWoningen": float(np.clip(4.0 + 1.5 * (aff < -0.5) + 2 * (urb <= 1) + 0.8 * tr["noise"], 1, 14)),
        "Koopwoningen": koop,
        "HuurwoningenTotaal": 100 - koop,
        "InBezitWoningcorporatie": corp,
        "NieuwbouwWoningen": dwellings * (0.12 if code in SPLIT_NEW else 0.004),
        "GemiddeldeElektriciteitsleveringTotaal": 2750 + 350 * aff + 150 * (urb - 3) - 40 * t,
        "Appartement|Gemiddelde elektriciteitslevering": 1900 + 150 * aff - 30 * t,
        "GemiddeldAardgasverbruikTotaal": (1250 + 260 * aff + 90 * (urb - 3) - 45 * t) * (1 - heat / 100),
        "Appartement|Gemiddeld aardgasverbruik": (780 + 90 * aff - 30 * t) * (1 - heat / 100),
        "PercentageWoningenMetStadsverwarming": max(0.0, heat),
        "Nettoarbeidsparticipatie": float(np.clip(67 + 6 * aff - 4 * age + 0.4 * t, 45, 85)),
        "GemiddeldInkomenPerInwoner": (27.5 + 6.5 * aff) * 1.035**t,
        "HuishoudensMetEenLaagInkomen": float(np.clip(8.5 - 5.0 * aff + 0.6 * tr["noise"] - 0.1 * t, 0.5, 30)),
        "HuishOnderOfRondSociaalMinimum": float(np.clip(9.0 - 5.5 * aff + 0.7 * tr["noise"], 0.5, 32)),
        "PersonenPerSoortUitkeringBijstand": inw * np.clip(0.028 - 0.02 * aff, 0.002, 0.09),
        "PercentageJongerenMetJeugdzorg": float(np.clip(10.5 - 3.2 * aff + 0.8 * tr["noise"] + 0.2 * t, 2, 25)),
        "WmoClientenRelatief": float(np.clip(62 + 25 * age - 12 * aff + 1.5 * t, 15, 160)),
        "PersonenautoSPerHuishouden": float(np.clip(0.95 + 0.3 * aff + 0.12 * (urb - 3), 0.3, 2.2)),
        "AfstandTotHuisartsenpraktijk": 0.5 + 0.45 * (urb - 1) + 0.15 * abs(tr["noise"]),
        "AfstandTotGroteSupermarkt": 0.6 + 0.5 * (urb - 1) + 0.1 * abs(tr["noise"]),
        "AfstandTotSchool": 0.4 + 0.35 * (urb - 1) + 0.1 * abs(tr["noise"]),
        "OppervlakteTotaal": area_ha,
        "OppervlakteLand": land,
        "OppervlakteWater": water_ha,
        "MateVanStedelijkheid": round(urb),
    }


# Which base a relative figure is averaged over when buurten add up to a wijk or the gemeente.
_WEIGHTS: dict[str, str] = {
    "GemiddeldeHuishoudensgrootte": "AantalInwoners",
    "GemiddeldeWOZWaardeVanWoningen": "Woningvoorraad",
    "PercentageBewoond": "Woningvoorraad",
    "PercentageEengezinswoning": "Woningvoorraad",
    "OnbewoondeWoningen": "Woningvoorraad",
    "Koopwoningen": "Woningvoorraad",
    "HuurwoningenTotaal": "Woningvoorraad",
    "InBezitWoningcorporatie": "Woningvoorraad",
    "GemiddeldeElektriciteitsleveringTotaal": "Woningvoorraad",
    "Appartement|Gemiddelde elektriciteitslevering": "Woningvoorraad",
    "GemiddeldAardgasverbruikTotaal": "Woningvoorraad",
    "Appartement|Gemiddeld aardgasverbruik": "Woningvoorraad",
    "PercentageWoningenMetStadsverwarming": "Woningvoorraad",
    "Nettoarbeidsparticipatie": "AantalInwoners",
    "GemiddeldInkomenPerInwoner": "AantalInwoners",
    "HuishoudensMetEenLaagInkomen": "HuishoudensTotaal",
    "HuishOnderOfRondSociaalMinimum": "HuishoudensTotaal",
    "PercentageJongerenMetJeugdzorg": "k_0Tot15Jaar",
    "WmoClientenRelatief": "AantalInwoners",
    "PersonenautoSPerHuishouden": "HuishoudensTotaal",
    "AfstandTotHuisartsenpraktijk": "AantalInwoners",
    "AfstandTotGroteSupermarkt": "AantalInwoners",
    "AfstandTotSchool": "AantalInwoners",
    "MateVanStedelijkheid": "AantalInwoners",
}
#: Counts: they add up from buurt to wijk to gemeente (the rest are averages over a base).
SUMS = {
    "AantalInwoners",
    "Mannen",
    "Vrouwen",
    "k_0Tot15Jaar",
    "k_15Tot25Jaar",
    "k_25Tot45Jaar",
    "k_45Tot65Jaar",
    "k_65JaarOfOuder",
    "HuishoudensTotaal",
    "Eenpersoonshuishoudens",
    "HuishoudensMetKinderen",
    "Woningvoorraad",
    "NieuwbouwWoningen",
    "PersonenPerSoortUitkeringBijstand",
    "OppervlakteTotaal",
    "OppervlakteLand",
    "OppervlakteWater",
}
#: Income figures: suppressed for buurten under 200 inhabitants.
INCOME = ("GemiddeldInkomenPerInwoner", "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum")


def aggregate(true: dict[str, dict[str, float]], codes: list[str]) -> dict[str, float]:
    """The figures of the area made of ``codes``: counts summed, relative figures weighted by their base."""
    out: dict[str, float] = {}
    for stem in next(iter(true.values())):
        if stem in SUMS:
            out[stem] = sum(true[c][stem] for c in codes)
        else:
            base = _WEIGHTS.get(stem, "AantalInwoners")
            weight = sum(true[c][base] for c in codes) or 1.0
            out[stem] = sum(true[c][stem] * true[c][base] for c in codes) / weight
    out["Bevolkingsdichtheid"] = out["AantalInwoners"] / max(out["OppervlakteLand"] / 100, 0.01)
    return out
