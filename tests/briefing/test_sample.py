"""The briefing of a real Apeldoorn wijk, from CBS's own 2024 table served by the local feed, with real boundaries.

Every figure the PDF and the Word file state equals the data layer's, and the inhabitants equal
CBS's published value. Skipped when ``../shared/cbs-sample`` is absent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.briefing.test_render import assert_a4_and_not_blank, docx_parts, pdf_text, squash
from tests.support.cbs_server import CbsServer, read_entity_set
from wijkdata.briefing.command import area_briefing, render, theme_briefing
from wijkdata.briefing.facts import area_facts
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.cbs.sync import sync
from wijkdata.config import Settings
from wijkdata.geo.service import import_boundaries
from wijkdata.text import nl_number

pytestmark = pytest.mark.sample

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "cbs-sample"
SAMPLE = SHARED / "85984NED"
GEO = SHARED / "geo" / "wijk_2024_GM0200.geojson"
WIJK = "WK020001"


@pytest.fixture(scope="module")
def apeldoorn(tmp_path_factory):
    if not (SAMPLE / "TypedDataSet.json").is_file():
        pytest.skip(f"real CBS sample not found at {SAMPLE}")
    with CbsServer([SAMPLE]) as server:
        settings = Settings(data_dir=tmp_path_factory.mktemp("apeldoorn"), cbs_url=server.url, timeout=10)
        sync(settings, "GM0200", [2024])
    if GEO.is_file():
        import_boundaries(settings, GEO, 2024)
    return settings, load_kerncijfers(settings, "GM0200")


def cbs_inhabitants(code: str) -> str:
    rows = read_entity_set(SAMPLE / "TypedDataSet.json")
    value = next(r["AantalInwoners_5"] for r in rows if r["Codering_3"].strip() == code)
    return nl_number(value)


def test_real_wijk_pdf_and_word(apeldoorn, tmp_path):
    settings, k = apeldoorn
    doc = area_briefing(settings, k, WIJK, 2024, today=date(2025, 6, 1))
    pdf, docx = render(doc, "pdf"), render(doc, "docx")
    assert_a4_and_not_blank(pdf, tmp_path, 4)
    text = pdf_text(pdf)
    word, wtext = docx_parts(docx)
    facts = area_facts(k, WIJK, 2024)
    for r in facts.figures.itertuples():
        for cell in (r.waarde_tekst, r.gemeente_tekst, r.nederland_tekst, r.rang_tekst):
            assert squash(cell) in text and squash(cell) in wtext, cell
    shown = facts.figures.set_index("indicator").loc["AantalInwoners"]
    assert shown["waarde_tekst"] == cbs_inhabitants(WIJK) and shown["gemeente_tekst"] == cbs_inhabitants("GM0200")
    assert "85984NED" in text and "Bron: CBS" in text and "CC BY 4.0" in text and "Fictief" not in text
    assert word.inline_shapes and word.tables
    if GEO.is_file():
        assert "Kaart:" in text  # the wijk on the map of Apeldoorn


def test_real_theme(apeldoorn, tmp_path):
    settings, k = apeldoorn
    doc = theme_briefing(settings, k, "Wonen en vastgoed", 2024)
    pdf = render(doc, "pdf")
    assert_a4_and_not_blank(pdf, tmp_path, 4)
    text = pdf_text(pdf)
    assert all(squash(cell) in text for cell in stated_figures_of_theme(doc))


def stated_figures_of_theme(doc) -> list[str]:
    from wijkdata.briefing.document import Table

    table = next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Wijk")
    return [cell for row in table.rows for cell in row]
