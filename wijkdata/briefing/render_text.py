"""A briefing document as Markdown (for the screen and a ``.md`` download) and as one printable HTML page."""

from __future__ import annotations

import base64
import html

from wijkdata.briefing.document import Bullets, Document, Figure, Heading, Paragraph, Questions, Table
from wijkdata.text import escape_markdown as esc

__all__ = ["PRINT_CSS", "markdown_parts", "to_html", "to_markdown"]

#: The A4 print style of the HTML briefing (also what the page injects for printing).
PRINT_CSS = (
    "@page{size:A4;margin:16mm 16mm 18mm}"
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:10pt;color:#212529;max-width:180mm;margin:auto}"
    "h1{font-size:17pt;margin:0 0 2pt}h2{font-size:12.5pt;margin:12pt 0 4pt;border-bottom:1px solid #adb5bd;"
    "break-after:avoid;page-break-after:avoid}.meta{color:#495057;font-size:9pt}"
    "table{border-collapse:collapse;width:100%;margin:4pt 0;break-inside:auto}tr{break-inside:avoid}"
    "th,td{border:1px solid #ced4da;padding:2pt 4pt;text-align:left;vertical-align:top}th{background:#e9ecef}"
    "td.r,th.r{text-align:right}table.klein,p.klein{font-size:8pt}"
    ".let-op{background:#fff4e5;padding:5pt;border-left:4px solid #e07b00}"
    "figure{margin:6pt 0;break-inside:avoid}figure img{max-width:100%}figcaption{font-size:8pt;color:#495057}"
    "ol.vragen li{margin-bottom:4pt}ol.vragen ul{font-size:8.5pt;color:#343a40}"
)


def _md_table(t: Table) -> list[str]:
    lines = ["| " + " | ".join(esc(h) for h in t.header) + " |"]
    lines.append("|" + "|".join("---:" if t.alignment(i) == "r" else "---" for i in range(len(t.header))) + "|")
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in t.rows]
    return lines


def markdown_parts(doc: Document) -> list[str | Figure]:
    """The document as Markdown chunks with the figures between them (for a screen that shows pictures itself)."""
    parts: list[str | Figure] = []
    lines = [f"# {esc(doc.title)}", "", f"*{esc(doc.meta)}*"]
    if doc.notice:
        lines += ["", f"> **{esc(doc.notice)}**"]
    for block in doc.blocks:
        if isinstance(block, Figure):
            parts.append("\n".join(lines) + "\n")
            parts.append(block)
            lines = []
            continue
        lines.append("")
        if isinstance(block, Heading):
            lines.append(f"{'#' * block.level} {esc(block.text)}")
        elif isinstance(block, Paragraph):
            lead = f"**{esc(block.lead)}** " if block.lead else ""
            text = f"{lead}{esc(block.text)}"
            lines.append(f"> {text}" if block.style == "let-op" else (f"*{text}*" if block.style == "klein" else text))
        elif isinstance(block, Bullets):
            lines += [f"- {esc(item)}" for item in block.items]
        elif isinstance(block, Table):
            lines += _md_table(block)
        elif isinstance(block, Questions):
            for i, q in enumerate(block.items, 1):
                lines.append(f"{i}. **{esc(q.text)}**")
                lines += [f"   - {esc(fact)}" for fact in q.facts]
    if lines:
        parts.append("\n".join(lines) + "\n")
    return parts


def to_markdown(doc: Document) -> str:
    """The document as one Markdown text; a figure becomes its caption in italics."""
    out = []
    for part in markdown_parts(doc):
        out.append(part if isinstance(part, str) else f"\n*Figuur: {esc(part.caption)}*\n")
    return "".join(out)


def _html_table(t: Table) -> str:
    cls = " class='klein'" if t.small else ""

    def cell(tag: str, i: int, text: str) -> str:
        right = " class='r'" if t.alignment(i) == "r" else ""
        return f"<{tag}{right}>{html.escape(text)}</{tag}>"

    head = "<tr>" + "".join(cell("th", i, h) for i, h in enumerate(t.header)) + "</tr>"
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in t.rows)
    return f"<table{cls}><thead>{head}</thead><tbody>{body}</tbody></table>"


def to_html(doc: Document) -> str:
    """A standalone, printable HTML page (A4 print style, pictures embedded, no scripts)."""
    e = html.escape
    body = [f"<h1>{e(doc.title)}</h1>", f"<p class='meta'>{e(doc.meta)}</p>"]
    if doc.notice:
        body.append(f"<p class='let-op'><strong>{e(doc.notice)}</strong></p>")
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{e(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            lead = f"<strong>{e(block.lead)}</strong> " if block.lead else ""
            cls = f" class='{block.style}'" if block.style else ""
            body.append(f"<p{cls}>{lead}{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            body.append(_html_table(block))
        elif isinstance(block, Figure):
            data = base64.b64encode(block.png).decode("ascii")
            body.append(
                f"<figure><img src='data:image/png;base64,{data}' alt='{e(block.alt or block.caption)}' "
                f"style='width:{block.width_mm:g}mm'><figcaption>{e(block.caption)}</figcaption></figure>"
            )
        elif isinstance(block, Questions):
            items = "".join(
                f"<li><strong>{e(q.text)}</strong><ul>" + "".join(f"<li>{e(x)}</li>" for x in q.facts) + "</ul></li>"
                for q in block.items
            )
            body.append(f"<ol class='vragen'>{items}</ol>")
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{e(doc.title)}</title>"
        f"<style>{PRINT_CSS}</style></head><body>{''.join(body)}</body></html>"
    )
