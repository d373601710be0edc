"""The briefing as PDF and Word: A4, every stated figure equal to the data layer's, pages not blank, headings, tables, pictures.

Run on the demo (a wijk with registers, a buurt, a theme); the real Apeldoorn figures are in
``test_sample.py``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from wijkdata.briefing.command import area_briefing, render, theme_briefing
from wijkdata.briefing.document import Figure, Table
from wijkdata.briefing.facts import area_facts
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.demo.records import DEMO_TODAY
from wijkdata.registers.opening import open_store

MADE = date(2026, 11, 29)


def squash(text: str) -> str:
    """Whitespace collapsed: a table cell may wrap over lines."""
    return re.sub(r"\s+", " ", text)


def pdf_text(data: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_parts(data: bytes) -> tuple[object, str]:
    doc = WordDocument(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return doc, squash("\n".join(parts))


def assert_a4_and_not_blank(data: bytes, tmp_path: Path, max_pages: int) -> int:
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= max_pages
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(tmp_path / "b.pdf"), str(tmp_path / "p")], check=True)
    from PIL import Image

    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(reader.pages)
    coloured = 0.0
    for png in pngs:
        rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
        inked = float((rgb.min(axis=2) < 200).mean())
        assert inked > 0.01, f"{png.name} is blank"
        coloured = max(coloured, float(((rgb.max(axis=2) - rgb.min(axis=2)) > 60).mean()))
    assert coloured > 0.005  # a map or chart in colour
    return len(reader.pages)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("demo"))
    return settings, load_kerncijfers(settings, DEMO_GEMEENTE), open_store(settings)


def stated_figures(doc) -> list[str]:
    """The texts of the key-figure table's cells (what the data layer formatted)."""
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Indicator")
    return [cell for row in table.rows for cell in row[1:] if cell]


def test_demo_wijk_pdf_and_word(demo, tmp_path):
    settings, k, store = demo
    doc = area_briefing(settings, k, "WK999903", 2024, store=store, today=DEMO_TODAY)
    facts = area_facts(k, "WK999903", 2024, today=DEMO_TODAY)
    pdf, docx = render(doc, "pdf", MADE), render(doc, "docx", MADE)
    assert assert_a4_and_not_blank(pdf, tmp_path, 4) <= 4
    text = pdf_text(pdf)
    word, wtext = docx_parts(docx)
    for r in facts.figures.itertuples():  # every key figure as the data layer has it, in both files
        for cell in (r.waarde_tekst, r.gemeente_tekst, r.nederland_tekst, r.rang_tekst):
            assert squash(cell) in text and squash(cell) in wtext, cell
    inhabitants = facts.figures.set_index("indicator").loc["AantalInwoners"]
    assert inhabitants["waarde_tekst"] == "8.330"  # the demo's own figure, Dutch thousands dot
    for words in ("Raadsbriefing Kanaalzone (2024)", "Vragen voor het debat", "pagina 1 van", "opgesteld 29-11-2026", "DEMO2024"):
        assert words in text
    assert "Fictief" in text and "Fictief" in wtext
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Raadsbriefing Kanaalzone (2024)" and "Kerncijfers" in headings and "Bronnen" in headings
    assert len(word.tables) >= 3 and len(word.inline_shapes) == sum(isinstance(b, Figure) for b in doc.blocks) == 2
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_demo_buurt_with_a_boundary_break(demo, tmp_path):
    settings, k, store = demo
    doc = area_briefing(settings, k, "BU99990306", 2023, store=store, today=DEMO_TODAY)
    pdf = render(doc, "pdf", MADE)
    assert_a4_and_not_blank(pdf, tmp_path, 4)
    text = pdf_text(pdf)
    assert "Breuk in de reeks in 2022" in text and "Werf-Noord" in text
    for cell in stated_figures(doc):
        assert squash(cell) in text


def test_demo_theme_pdf_and_word(demo, tmp_path):
    settings, k, store = demo
    doc = theme_briefing(settings, k, "Inkomen", 2024, store=store, today=DEMO_TODAY)
    pdf, docx = render(doc, "pdf", MADE), render(doc, "docx", MADE)
    assert_a4_and_not_blank(pdf, tmp_path, 4)
    text = pdf_text(pdf)
    word, wtext = docx_parts(docx)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Wijk")
    assert len(table.rows) == 8 + 2  # eight wijken, the gemeente, Nederland
    from wijkdata.analysis.latest import latest_values
    from wijkdata.text import with_unit

    latest = latest_values(k, 2024, ["GemiddeldInkomenPerInwoner"], niveau="wijk").set_index("code")
    ind = k.catalogue["GemiddeldInkomenPerInwoner"]
    assert set(latest["jaar"]) == {2023}  # 2024 incomes are not published yet: the 2023 figure, with its year
    for _, row in latest.iterrows():
        expected = f"{with_unit(row['waarde'], ind.eenheid, ind.decimalen)} (2023)"
        assert squash(expected) in text and squash(expected) in wtext
    assert "Raadsbriefing Inkomen in Voorbeeldstad (2024)" in text
    assert word.inline_shapes and word.tables


def test_markdown_and_html_say_the_same(demo):
    settings, k, store = demo
    doc = area_briefing(settings, k, "WK999903", 2023, store=store, today=DEMO_TODAY)
    md = render(doc, "md").decode()
    page = render(doc, "html").decode()
    assert md.startswith("# Raadsbriefing Kanaalzone (2023)") and "## Vragen voor het debat" in md
    assert page.count("data:image/png;base64,") == 2 and "@page{size:A4" in page
    for cell in stated_figures(doc):
        assert cell in page
