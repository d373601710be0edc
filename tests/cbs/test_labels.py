"""Full titles where CBS cut them at 40 characters, and the meaning of coded values.

Reads every title of the real tables in ``../shared/cbs-sample`` (Apeldoorn 85984NED and the
national 2024 table; skipped when absent), of the test fixtures and of the demo.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from wijkdata.cbs.catalogue import build_catalogue, resolve_properties
from wijkdata.cbs.labels import COMPLETE_TITLES, FULL_TITLES, TITLE_LIMIT, category_label, full_title
from wijkdata.demo.tables import DEMO_YEARS, properties

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "cbs-sample"
REAL = [SHARED / "85984NED" / "DataProperties.json", SHARED / "nl-2024" / "DataProperties.json.gz"]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "cbs").glob("*/DataProperties.json"))


def _read(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return data.get("value", data) if isinstance(data, dict) else data


def _real() -> list[list[dict]]:
    found = [_read(p) for p in REAL if p.is_file()]
    if not found:
        pytest.skip(f"real CBS sample not found at {SHARED}")
    return found


def _every_table() -> list[list[dict]]:
    tables = [_read(p) for p in REAL if p.is_file()] + [_read(p) for p in FIXTURES]
    return tables + [properties(year)[0] for year in DEMO_YEARS]


def _looks_cut(title: str) -> bool:
    """What a reader would see as cut off: an open parenthesis, or an abbreviation at the end."""
    return title.count("(") > title.count(")") or bool(re.search(r"\b(huish|gem|ee|eengezins)\.?$", title, re.I))


def test_no_title_of_40_characters_stays_uncorrected():
    """Every title at CBS's limit is either completed here or was read and found whole."""
    unchecked = []
    for props in _every_table():
        for p in props:
            raw = str(p.get("Title") or "")
            if len(raw) >= TITLE_LIMIT and raw.strip() not in FULL_TITLES and raw.strip() not in COMPLETE_TITLES:
                unchecked.append(raw)
            shown = full_title(raw)
            assert not _looks_cut(shown), shown
            assert len(shown) <= TITLE_LIMIT or raw.strip() in FULL_TITLES
    assert unchecked == []


def test_the_real_table_shows_full_titles():
    for props in _real():
        titles = dict(zip(resolve_properties(props)["key"], resolve_properties(props)["titel"], strict=True))
        assert titles["PercentageTweeOnderEenKapWoningEe"] == "Percentage twee-onder-één-kap-woning (eengezinswoning)"
        assert titles["PercentageVrijstaandeWoningEengezins"] == "Percentage vrijstaande woning (eengezinswoning)"
        assert titles["GemGestandaardiseerdInkomenVanHuish"] == "Gemiddeld gestandaardiseerd inkomen van huishoudens"
        assert titles["MediaanVermogenVanParticuliereHuish"] == "Mediaan vermogen van particuliere huishoudens"
        # CBS's trailing non-breaking space is gone, the title is otherwise CBS's own
        assert titles["GemiddeldInkomenPerInkomensontvanger"] == "Gemiddeld inkomen per inkomensontvanger"


def test_full_titles_only_complete_what_was_cut():
    for cut, full in FULL_TITLES.items():
        assert len(cut) == TITLE_LIMIT and len(full) > len(cut)
        middle = cut.split()[1:-1]  # the first word may be abbreviated ("Gem."), the last is cut
        assert " ".join(middle) in full, (cut, full)


def test_no_description_reads_nan():
    """Topics without a Description (most of the demo's, several of CBS's) have an empty one."""
    tables = {year: ("DEMO", resolve_properties(properties(year)[0])) for year in DEMO_YEARS}
    catalogue = build_catalogue(tables)
    texts = [i.omschrijving for i in catalogue] + [i.titel for i in catalogue]
    assert not [t for t in texts if t.strip().lower() in {"nan", "none", "<na>"}]
    assert catalogue["Mannen"].omschrijving == ""
    for props in _real():
        resolved = resolve_properties(props)
        assert "nan" not in set(resolved["omschrijving"].str.lower())
        assert resolved.set_index("key").loc["TweeOnderEenKapWoning.GemiddeldeElektriciteitslevering", "omschrijving"] == ""


def _codes_in(description: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2).strip() for m in re.finditer(r"^(\d): (.+)$", description, re.MULTILINE)}


def test_category_labels_follow_cbs_definitions():
    for props in _real():
        by_key = {re.sub(r"_\d+$", "", str(p.get("Key"))): p for p in props}
        urban = _codes_in(by_key["MateVanStedelijkheid"]["Description"].replace("\r\n", "\n"))
        assert set(urban) == {1, 2, 3, 4, 5}
        for code, text in urban.items():
            assert text.startswith(category_label("MateVanStedelijkheid", code) + " "), text
        cover = _codes_in(by_key["Dekkingspercentage"]["Description"].replace("\r\n", "\n"))
        assert set(cover) == {1, 2, 3, 4, 5, 6}
        for code, text in cover.items():
            share = text.split(" van de adressen")[0].replace("> ", "meer dan ")
            assert category_label("Dekkingspercentage", code).startswith(share + " van de adressen"), text


def test_a_coded_value_is_shown_with_its_meaning():
    tables = {year: ("DEMO", resolve_properties(properties(year)[0])) for year in DEMO_YEARS}
    urban = build_catalogue(tables)["MateVanStedelijkheid"]
    assert urban.text(2) == "2 (sterk stedelijk)"
    assert urban.text(5.0) == "5 (niet stedelijk)"
    assert urban.text(None) == "–"  # missing stays missing
    assert urban.text(2.5) == "2"  # not a code: no meaning made up
    assert category_label("Dekkingspercentage", 6) == "50% of minder van de adressen heeft dezelfde postcode"
    assert category_label("AantalInwoners", 2) == ""
