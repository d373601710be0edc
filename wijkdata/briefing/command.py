"""Make a briefing from settings: gather figures, registers and boundaries, render one format.

``python -m wijkdata briefing --gemeente GM0202 --gebied WK020201 --jaar 2024 --format pdf --output FILE``
(or ``--thema Inkomen`` for one theme across the gemeente's wijken). The page uses
:func:`area_briefing` and :func:`theme_briefing` too, so both make the same document.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from wijkdata.briefing.document import Document
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.config import Settings
from wijkdata.errors import WijkdataError

__all__ = ["FORMATS", "MIME", "area_briefing", "briefing_command", "render", "theme_briefing"]

#: Format → (file extension, MIME type).
FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html": ("html", "text/html"),
    "md": ("md", "text/markdown"),
}
MIME = {fmt: mime for fmt, (_, mime) in FORMATS.items()}


def render(doc: Document, fmt: str, made: date | None = None) -> bytes:
    """The document in ``fmt`` (``pdf``, ``docx``, ``html`` or ``md``) as bytes.

    Raises
    ------
    WijkdataError
        When ``fmt`` is none of those.
    """
    fmt = (fmt or "").lower()
    if fmt == "pdf":
        from wijkdata.briefing.render_pdf import to_pdf

        return to_pdf(doc, made)
    if fmt == "docx":
        from wijkdata.briefing.render_docx import to_docx

        return to_docx(doc, made)
    if fmt in ("html", "md"):
        from wijkdata.briefing.render_text import to_html, to_markdown

        return (to_html(doc) if fmt == "html" else to_markdown(doc)).encode("utf-8")
    raise WijkdataError(f"Onbekend formaat '{fmt}' voor de briefing; kies uit: {', '.join(FORMATS)}.")


def _shapes(settings: Settings, gemeente: str, jaar: int, niveau: str):
    """The boundaries, or ``(None, "")`` when none are cached for that year."""
    from wijkdata.geo.service import boundary_source, load_boundaries

    try:
        return load_boundaries(settings, gemeente, jaar, niveau), boundary_source(settings, gemeente, jaar, niveau)
    except WijkdataError:
        return None, ""


def area_briefing(
    settings: Settings,
    k: Kerncijfers,
    code: str,
    jaar: int,
    *,
    store=None,
    sections: Sequence[str] | None = None,
    today: date | None = None,
) -> Document:
    """The briefing document of wijk or buurt ``code``: registers from ``store`` (None: none), boundaries from the cache."""
    from wijkdata.analysis.activity import area_activity, effort_records
    from wijkdata.briefing.content import area_document
    from wijkdata.briefing.facts import area_facts
    from wijkdata.codes import level_of

    today = today or date.today()
    activity = area_activity(store, code, today=today) if store is not None else None
    records = effort_records(store, k.gemeente) if store is not None else None
    facts = area_facts(k, code, jaar, activity, records, today=today)
    shapes, source = _shapes(settings, k.gemeente, jaar, level_of(code))
    outlines = None
    if facts.niveau == "buurt":
        outlines, wijk_source = _shapes(settings, k.gemeente, jaar, "wijk")
        source = source or wijk_source
    return area_document(facts, shapes=shapes, outlines=outlines, map_source=source, sections=sections)


def theme_briefing(
    settings: Settings, k: Kerncijfers, thema: str, jaar: int, *, store=None, today: date | None = None
) -> Document:
    """The briefing document of one theme across the gemeente's wijken."""
    from wijkdata.analysis.activity import effort_records
    from wijkdata.briefing.theme import theme_document

    records = effort_records(store, k.gemeente) if store is not None else None
    shapes, source = _shapes(settings, k.gemeente, jaar, "wijk")
    return theme_document(k, thema, jaar, shapes=shapes, map_source=source, records=records, today=today or date.today())


def briefing_command(settings: Settings, args: argparse.Namespace) -> str:
    """``python -m wijkdata briefing --gemeente GM --gebied CODE|--thema THEMA --jaar J --format F --output FILE``."""
    from wijkdata.cbs.kerncijfers import load_kerncijfers, require_area
    from wijkdata.registers.opening import open_store

    output = Path(args.output)
    fmt = (args.fmt or output.suffix.lstrip(".") or "pdf").lower()
    if fmt not in FORMATS:
        raise WijkdataError(f"Onbekend formaat '{fmt}' voor de briefing; kies uit: {', '.join(FORMATS)}.")
    k = load_kerncijfers(settings, args.gemeente or settings.gemeente)
    jaar = _year(k, args.jaar)
    store = open_store(settings)
    if args.thema:
        doc = theme_briefing(settings, k, args.thema, jaar, store=store)
    else:
        doc = area_briefing(settings, k, require_area(k, args.gebied), jaar, store=store)
    data = render(doc, fmt)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise WijkdataError(f"Kan {output} niet schrijven: {exc.strerror or exc}.") from exc
    return f"{doc.title} geschreven naar {output} ({fmt}, {len(data) // 1024 or 1} kB)."


def _year(k: Kerncijfers, text: object) -> int:
    if text in (None, ""):
        return k.latest_year
    try:
        jaar = int(str(text).strip())
    except ValueError as exc:
        raise WijkdataError(f"'{text}' is geen jaar; geef bijvoorbeeld --jaar {k.latest_year}.") from exc
    if jaar not in k.years:
        raise WijkdataError(
            f"Geen cijfers van {k.naam} voor {jaar} in de cache (wel: {', '.join(map(str, k.years))}); haal ze eerst op met sync."
        )
    return jaar
