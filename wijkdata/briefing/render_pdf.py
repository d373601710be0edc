"""A briefing document as an A4 PDF, with fpdf2 (pure Python) and the DejaVu fonts matplotlib ships.

Page numbers and the date in the footer, the title in the header from page 2 on, headings never
stranded at the foot of a page, tables with their header repeated, pictures at 200 dpi.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, XPos, YPos

from wijkdata.briefing.document import Bullets, Document, Figure, Heading, Paragraph, Questions, Table

__all__ = ["to_pdf"]

FONT = "DejaVu"
#: A4 as printers and PDF readers name it: 595 × 842 pt (210 × 297 mm, the height rounded up to whole points).
A4_MM = (595.28 * 25.4 / 72, 842 * 25.4 / 72)
INK = (33, 37, 41)
MUTED = (73, 80, 87)
LINE = (173, 181, 189)
HEAD_FILL = (233, 236, 239)
WARN_FILL = (255, 244, 229)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Pdf(FPDF):
    def __init__(self, title: str, made: date) -> None:
        super().__init__(orientation="P", unit="mm", format=A4_MM)
        self.brief_title = title
        self.made = made
        fonts = _font_dir()
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf")):
            self.add_font(FONT, style, str(fonts / name))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_author("Wijkdata")
        self.set_creator("Wijkdata")
        self.set_lang("nl")

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 4, self.brief_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"Wijkdata · opgesteld {self.made:%d-%m-%Y}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"pagina {self.page_no()} van {{nb}}", align="R")

    @property
    def room(self) -> float:
        return self.page_break_trigger - self.get_y()

    def need(self, height: float) -> None:
        if self.room < height:
            self.add_page()


def _figure_height(fig: Figure) -> float:
    from PIL import Image

    with Image.open(io.BytesIO(fig.png)) as im:
        w, h = im.size
    return fig.width_mm * h / w


def _next_height(block) -> float:
    if isinstance(block, Figure):
        return _figure_height(block) + 8
    if isinstance(block, Table):
        return 22
    return 14


def _heading(pdf: _Pdf, block: Heading, following) -> None:
    pdf.need(12 + (_next_height(following) if following is not None else 0))
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 12 if block.level == 2 else 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6.5, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_draw_color(*LINE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.8)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    size = 8 if block.style == "klein" else 9.5
    pdf.set_text_color(*(MUTED if block.style == "klein" else INK))
    fill = block.style == "let-op"
    if fill:
        pdf.set_fill_color(*WARN_FILL)
    text = f"**{_md(block.lead)}** {_md(block.text)}" if block.lead else _md(block.text)
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(
        0, size * 0.5, text, markdown=True, fill=fill, padding=1.5 if fill else 0, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
    )
    pdf.ln(1.2)


def _md(text: str) -> str:
    """Plain text made safe for fpdf2's markdown mode (which reads ``**``, ``__``, ``--`` and ``~~``)."""
    for token in ("**", "__", "--", "~~"):
        text = text.replace(token, token[0] + "\u200b" + token[1])
    return text


def _bullets(pdf: _Pdf, block: Bullets) -> None:
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    for item in block.items:
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(4, 4.8, "•")
        pdf.multi_cell(0, 4.8, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(0.6)
    pdf.ln(0.8)


def _table(pdf: _Pdf, block: Table) -> None:
    size = 7 if block.small else 8.8
    pdf.need(3 * size)
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*LINE)
    align = tuple("RIGHT" if block.alignment(i) == "r" else "LEFT" for i in range(len(block.header)))
    widths = block.widths or tuple(1.0 for _ in block.header)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=size * 0.5,
        padding=(0.9, 1.4),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=INK),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        repeat_headings=1,
        first_row_as_headings=True,
    ) as table:
        for row in (block.header, *block.rows):
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(2)


def _figure(pdf: _Pdf, block: Figure) -> None:
    height = _figure_height(block)
    pdf.need(height + 8)
    x = pdf.l_margin
    pdf.image(io.BytesIO(block.png), x=x, y=pdf.get_y(), w=block.width_mm, h=height)
    pdf.set_y(pdf.get_y() + height + 1)
    pdf.set_font(FONT, "I", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 3.6, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(2)


def _questions(pdf: _Pdf, block: Questions) -> None:
    for i, q in enumerate(block.items, 1):
        pdf.need(16)
        pdf.set_font(FONT, "B", 9.5)
        pdf.set_text_color(*INK)
        pdf.cell(6, 4.8, f"{i}.")
        pdf.multi_cell(0, 4.8, q.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_font(FONT, "", 8.2)
        pdf.set_text_color(*MUTED)
        for fact in q.facts:
            pdf.set_x(pdf.l_margin + 6)
            pdf.cell(3.5, 4, "–")
            pdf.multi_cell(0, 4, fact, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(1.5)


def to_pdf(doc: Document, made: date | None = None) -> bytes:
    """The document as PDF bytes (A4 portrait, 595 × 842 pt)."""
    pdf = _Pdf(doc.title, made or date.today())
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 8, doc.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, doc.meta, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(1.5)
    if doc.notice:
        _paragraph(pdf, Paragraph(doc.notice, style="let-op"))
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            _heading(pdf, block, blocks[i + 1] if i + 1 < len(blocks) else None)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Bullets):
            _bullets(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)
        elif isinstance(block, Questions):
            _questions(pdf, block)
    return bytes(pdf.output())
