"""A briefing as format-free blocks, so Markdown, HTML, PDF and Word say exactly the same.

All text in the blocks is plain text (no markup); each renderer escapes it for its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "Bullets", "Document", "Figure", "Heading", "Paragraph", "Question", "Questions", "Table"]


@dataclass(frozen=True)
class Heading:
    """A section heading (level 2) or sub-heading (level 3)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``lead`` is printed bold before it; ``style`` is ``""``, ``"let-op"`` (a boxed warning) or ``"klein"``."""

    text: str
    lead: str = ""
    style: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: header, rows of text cells, ``align`` one letter per column (``l`` or ``r``), relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str = ""
    widths: tuple[float, ...] = ()
    small: bool = False

    def alignment(self, i: int) -> str:
        """``"l"`` or ``"r"`` for column ``i``."""
        return self.align[i] if i < len(self.align) else "l"


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) with its caption and printed width in millimetres."""

    png: bytes
    caption: str
    width_mm: float = 170.0
    alt: str = ""


@dataclass(frozen=True)
class Question:
    """One question for the debate, the rule it comes from, and the facts it rests on."""

    text: str
    rule: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Questions:
    """The numbered *vragen voor het debat*."""

    items: tuple[Question, ...]


Block = Heading | Paragraph | Bullets | Table | Figure | Questions


@dataclass
class Document:
    """A whole briefing: title, one meta line, a notice for fictional data, and the blocks in order."""

    title: str
    meta: str
    blocks: list[Block] = field(default_factory=list)
    notice: str = ""

    @property
    def file_stem(self) -> str:
        """A file name without extension: the title with unsafe characters replaced."""
        safe = "".join(c if c.isalnum() or c in " -_()" else "_" for c in self.title)
        return " ".join(safe.split())

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)
