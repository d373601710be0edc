"""A council briefing for one wijk or buurt: a short, printable document a council member can trust.

Built from the same pieces as the profile (figures against gemeente and Nederland, notable
deviations, trends with breaks, what is being done), with every figure's CBS table, year and
column in a source list at the end. Pure: frames and records in, Markdown and HTML text out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import pandas as pd

from wijkdata.analysis.activity import ACTIVE, AreaActivity
from wijkdata.analysis.overview import HEADLINE_KEYS
from wijkdata.analysis.profile import area_profile, profile_warnings, trend, trend_breaks
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.text import escape_markdown as esc
from wijkdata.text import with_unit

__all__ = ["BRIEFING_KEYS", "Briefing", "build_briefing", "to_html"]

#: The figures a briefing leads with (the overview's headline figures), when the year's table has them.
BRIEFING_KEYS = [k for k in HEADLINE_KEYS if k not in ("GemiddeldeHuishoudensgrootte", "Bevolkingsdichtheid", "Woningvoorraad")]


@dataclass(frozen=True)
class Briefing:
    """The briefing as Markdown, with its title (for file names and the HTML page)."""

    title: str
    markdown: str


def _change(k: Kerncijfers, code: str, key: str, jaar: int) -> tuple[str, str]:
    """``("van 12,3% (2019) naar 13,1% (2023)", "85984NED (2019) t/m ...")`` over the unbroken end of
    the series up to ``jaar``, or ``("", "")``."""
    ind = k.catalogue[key]
    series = trend(k, code, key)
    own = series[(series["code"] == code) & series["waarde"].notna() & (series["jaar"] <= jaar)]
    if own.empty:
        return "", ""
    own = own[own["segment"] == own["segment"].max()]
    if len(own) < 2:
        return "", ""
    first, last = own.iloc[0], own.iloc[-1]
    text = (
        f"van {with_unit(first['waarde'], ind.eenheid, ind.decimalen)} ({first['jaar']}) "
        f"naar {with_unit(last['waarde'], ind.eenheid, ind.decimalen)} ({last['jaar']})"
    )
    columns = ", ".join(dict.fromkeys(own["cbs_kolom"]))
    return text, f"{first['tabel']} ({first['jaar']}) t/m {last['tabel']} ({last['jaar']}), kolom {columns}"


def _records(activity: AreaActivity) -> list[str]:
    lines = []
    for kind, frame, label in (
        ("initiatieven", activity.initiatieven, "Initiatieven van bewoners en organisaties"),
        ("interventies", activity.interventies, "Interventies van gemeente en partners"),
    ):
        active = frame[frame["status"].isin(ACTIVE[kind])] if not frame.empty else frame
        lines.append(f"- **{label}:** {len(active)} lopend" + (f" ({len(frame)} in totaal)" if len(frame) != len(active) else ""))
        for row in active.head(5).itertuples():
            lines.append(f"  - {esc(row.titel)} ({esc(row.status)})")
    signals = activity.open_signalen
    lines.append(f"- **Open signalen (wat blokkeert):** {len(signals)}")
    for row in signals.head(5).itertuples():
        owner = row.eigenaar_opvolging if isinstance(row.eigenaar_opvolging, str) and row.eigenaar_opvolging.strip() else ""
        lines.append(f"  - {esc(row.titel)} — {esc(row.betrokken)}; opvolging: {esc(owner or 'nog niemand')}")
    lines.append(f"- **Veldnotities afgelopen jaar:** {len(activity.veldnotities)}")
    return lines


def build_briefing(
    k: Kerncijfers, code: str, jaar: int, activity: AreaActivity | None = None, today: date | None = None
) -> Briefing:
    """The briefing of area ``code`` in ``jaar``.

    Sections: kerncijfers (area, gemeente, Nederland), what stands out (outside the usual band,
    better/worse where known), how it changed (start and end of the unbroken series), warnings
    (small population, boundary changes, missing figures), what is being done (when ``activity``
    is given), and the sources of every figure.
    """
    today = today or date.today()
    profile = area_profile(k, code, jaar).set_index("indicator")
    row = k.year(jaar).set_index("code").loc[code]
    name, level = str(row["naam"]), str(row["niveau"])
    where = f"{level} in {k.name_of(row['wijk_code'])}, " if level == "buurt" else (f"{level} in " if level == "wijk" else "")
    title = f"Raadsbriefing {name} ({jaar})"
    lines = [f"# {esc(title)}", ""]
    lines.append(f"*{esc(where + k.naam)} · peiljaar {jaar} · opgesteld {today:%d-%m-%Y} met Wijkdata*")
    if k.fictief:
        lines += ["", "> **Fictief:** Voorbeeldstad is een verzonnen demogemeente. Deze cijfers bestaan niet echt."]
    lines += [
        "",
        "## Kerncijfers",
        "",
        f"| Indicator | {esc(name)} | {esc(k.naam)} | Nederland |",
        "|---|---:|---:|---:|",
    ]
    keys = [key for key in BRIEFING_KEYS if key in profile.index]
    for key in keys:
        p = profile.loc[key]
        value = p["waarde_tekst"] if pd.notna(p["waarde"]) else f"– ({p['toelichting']})"
        lines.append(f"| {esc(p['titel'])} | {esc(value)} | {esc(p['gemeente_tekst'])} | {esc(p['nederland_tekst'])} |")

    notable = profile[profile["afwijking"] != ""]
    lines += ["", "## Wat opvalt", ""]
    if notable.empty:
        lines.append("Geen cijfers buiten de gebruikelijke bandbreedte van vergelijkbare gebieden.")
    for _, p in notable.assign(_a=notable["z"].abs()).sort_values("_a", ascending=False).head(8).iterrows():
        verdict = f" — **{p['oordeel']}** dan gebruikelijk" if p["oordeel"] else ""
        lines.append(
            f"- {esc(p['titel'])}: {esc(p['waarde_tekst'])}, {p['afwijking']} dan in de meeste {level}en "
            f"van {esc(k.naam)} (gemeente {esc(p['gemeente_tekst'])}){verdict}."
        )

    lines += ["", "## Ontwikkeling", ""]
    changes = [(key, *_change(k, code, key, jaar)) for key in keys if key in k.catalogue]
    changes = [(key, text, src) for key, text, src in changes if text]
    for key, text, _ in changes:
        lines.append(f"- {esc(k.catalogue.label(key))}: {esc(text)}.")
    if not changes:
        lines.append("Te weinig vergelijkbare jaren in de cache om een ontwikkeling te tonen.")
    for brk in trend_breaks(k, code):
        lines.append(f"- Let op: {brk['reden']}; eerdere jaren zijn niet zonder meer vergelijkbaar.")

    warnings = profile_warnings(k, code, jaar)
    missing = profile.loc[keys][profile.loc[keys, "waarde"].isna()]
    if warnings or not missing.empty:
        lines += ["", "## Kanttekeningen", ""]
        lines += [f"- {esc(w)}" for w in warnings]
        for _, p in missing.iterrows():
            lines.append(f"- {esc(p['titel'])}: geen cijfer — {esc(p['toelichting'])}.")

    if activity is not None:
        lines += ["", "## Wat er gebeurt", ""]
        lines += _records(activity)

    lines += ["", "## Bronnen", ""]
    source = "Fictieve demogegevens (Wijkdata)" if k.fictief else "CBS, Kerncijfers wijken en buurten; CC BY 4.0, Bron: CBS"
    lines.append(f"{esc(source)}. Per cijfer (tabel, jaar, kolom):")
    lines.append("")
    cited = keys + [key for key in notable.index if key not in keys]
    for key in cited:
        p = profile.loc[key]
        lines.append(f"- {esc(p['titel'])}: {p['tabel']} ({p['jaar']}), kolom {esc(p['cbs_kolom'])}")
    for key, _, src in changes:
        lines.append(f"- {esc(k.catalogue.label(key))} (ontwikkeling): {esc(src)}")
    if activity is not None:
        lines.append("- Initiatieven, interventies, signalen en veldnotities: eigen registratie van de gemeente in Wijkdata.")
    return Briefing(title=title, markdown="\n".join(lines) + "\n")


def to_html(briefing: Briefing) -> str:
    """A standalone, printable HTML page of the briefing (A4, no scripts)."""
    body = []
    in_list = in_table = False
    for raw in briefing.markdown.splitlines():
        line = raw.rstrip()
        text = _inline(line)
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if set(line) <= set("|-: "):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
                body.append("<tr>" + "".join(f"<th>{_inline(c)}</th>" for c in cells) + "</tr>")
            else:
                body.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.lstrip().startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line.lstrip()[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        if line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("> "):
            body.append(f"<p class='let-op'>{_inline(line[2:])}</p>")
        elif line:
            body.append(f"<p>{text}</p>")
    if in_list:
        body.append("</ul>")
    if in_table:
        body.append("</table>")
    style = (
        "@page{size:A4;margin:18mm}body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;color:#222;max-width:180mm;margin:auto}"
        "h1{font-size:18pt}h2{font-size:13pt;margin-top:14pt;border-bottom:1px solid #999}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:3pt 5pt;text-align:left}"
        "td+td,th+th{text-align:right}.let-op{background:#fff4e5;padding:6pt;border-left:4px solid #e07b00}"
    )
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{html.escape(briefing.title)}</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>"
    )


def _inline(text: str) -> str:
    """Markdown inline (bold, italic, escapes) to safe HTML."""
    import re

    out = html.escape(re.sub(r"\\(.)", lambda m: f"\x00{ord(m.group(1))}\x00", text))
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\*(.+?)\*", r"<em>\1</em>", out)
    return re.sub("\x00(\\d+)\x00", lambda m: html.escape(chr(int(m.group(1)))), out)
