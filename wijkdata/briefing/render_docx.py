"""A briefing document as an editable Word file (.docx, python-docx): real headings, tables and pictures.

A4 with the date and a page number field in the footer, so the griffie can edit it and print it.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from wijkdata.briefing.document import Bullets, Document, Figure, Heading, Paragraph, Questions, Table

__all__ = ["to_docx"]

MUTED = RGBColor(0x49, 0x50, 0x57)


def _page_number(paragraph) -> None:
    """Append a PAGE field (Word fills in the number)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _setup(word, title: str, made: date) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    word.core_properties.title = title
    word.core_properties.author = "Wijkdata"
    word.core_properties.language = "nl-NL"
    footer = section.footer.paragraphs[0]
    footer.text = f"{title} · Wijkdata · opgesteld {made:%d-%m-%Y} · pagina "
    _page_number(footer)
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def _small(paragraph, size: float = 8.0) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.color.rgb = MUTED


def _table(word, block: Table) -> None:
    table = word.add_table(rows=1, cols=len(block.header))
    table.style = "Light Grid Accent 1" if not block.small else "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(8 if block.small else 9)
    total = sum(block.widths) if block.widths else len(block.header)
    widths = [Mm(174 * w / total) for w in (block.widths or [1.0] * len(block.header))]

    def fill(cells, values, bold: bool) -> None:
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.width = widths[i]
            p = cell.paragraphs[0]
            run = p.add_run(text)
            run.bold = bold
            run.font.size = size
            if block.alignment(i) == "r":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    fill(table.rows[0].cells, block.header, True)
    for row in block.rows:
        fill(table.add_row().cells, row, False)
    word.add_paragraph()


def to_docx(doc: Document, made: date | None = None) -> bytes:
    """The document as .docx bytes."""
    made = made or date.today()
    word = WordDocument()
    _setup(word, doc.title, made)
    word.add_heading(doc.title, level=1)
    _small(word.add_paragraph(doc.meta), 9)
    if doc.notice:
        word.add_paragraph().add_run(doc.notice).bold = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            p = word.add_paragraph()
            if block.lead:
                p.add_run(block.lead + " ").bold = True
            p.add_run(block.text)
            if block.style == "klein":
                _small(p)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            word.add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
            _small(word.add_paragraph(block.caption))
        elif isinstance(block, Questions):
            for q in block.items:
                word.add_paragraph(style="List Number").add_run(q.text).bold = True
                for fact in q.facts:
                    _small(word.add_paragraph(fact, style="List Bullet 2"), 8.5)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()
