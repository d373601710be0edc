"""Drawing a profile: one row per indicator with an info popover, grouped by theme."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from wijkdata.text import MISSING, escape_markdown, nl_number, plain_text, rank_text

_JUDGEMENT = {"beter": ":green-badge[beter]", "slechter": ":red-badge[slechter]"}
_WIDTHS = [3, 0.5, 2, 2, 2, 3]


def _position(row: pd.Series) -> str:
    if pd.isna(row["waarde"]):
        return escape_markdown(row["toelichting"])
    parts = []
    if pd.notna(row["rang"]):
        parts.append(rank_text(row["rang"], row["van"]))
    if row["afwijking"]:
        parts.append(f":orange-badge[{row['afwijking']} dan gebruikelijk]")
        if row["oordeel"]:
            parts.append(_JUDGEMENT[row["oordeel"]])
    return " · ".join(parts)


def _info(row: pd.Series, aims: dict[str, str]) -> None:
    st.markdown(f"**{escape_markdown(row['titel'])}**")
    if plain_text(row["omschrijving"]):
        st.text(plain_text(row["omschrijving"]))
    unit = plain_text(row["eenheid"]) or "–"
    year = row["waarde_jaar"] if pd.notna(row["waarde_jaar"]) else row["jaar"]
    st.caption(f"Eenheid: {unit} · Bron: CBS-tabel {row['tabel']}, jaar {year}, kolom {row['cbs_kolom']}")
    if pd.notna(row["waarde_jaar"]) and row["waarde_jaar"] != row["jaar"]:
        st.caption(f"Voor {row['jaar']} is dit cijfer nog niet gepubliceerd; dit is het cijfer van {row['waarde_jaar']}.")
    if pd.notna(row["gemiddelde"]):
        st.caption(
            f"Vergelijkbare gebieden ({int(row['van'])}): gemiddeld {nl_number(row['gemiddelde'], 1)}; gebruikelijke "
            f"bandbreedte {nl_number(row['band_laag'], 1)} tot {nl_number(row['band_hoog'], 1)} (± 1 standaarddeviatie)."
        )
    if row["indicator"] in aims:
        st.markdown(f"Hierop gericht: {escape_markdown(aims[row['indicator']])}")


def indicator_rows(frame: pd.DataFrame, area_name: str, gemeente_name: str, aims: dict[str, str]) -> None:
    """Rows of a profile table: title, info popover, value, gemeente, Nederland, position.

    ``aims`` maps an indicator key to a short text naming the initiatives and interventions
    that aim at it; it is shown beside the figure.
    """
    labels = ["Indicator", "", area_name, gemeente_name, "Nederland", "Plaats tussen vergelijkbare gebieden"]
    for col, label in zip(st.columns(_WIDTHS), labels, strict=True):
        col.markdown(f"**{escape_markdown(label)}**" if label else " ")
    for values in frame.to_dict("records"):
        row = pd.Series(values)
        cols = st.columns(_WIDTHS, vertical_alignment="center")
        cols[0].markdown(escape_markdown(row["titel"]))
        with cols[1].popover("", icon=":material/info:", help="Bron en toelichting"):
            _info(row, aims)
        cols[2].markdown(f"**{row['waarde_tekst']}**")
        cols[3].write(row["gemeente_tekst"])
        cols[4].write(row["nederland_tekst"])
        note = _position(row)
        if row["indicator"] in aims:
            note = (note + " · " if note else "") + f":blue-badge[{escape_markdown(aims[row['indicator']])}]"
        cols[5].markdown(note or " ")


def _no_none(frame: pd.DataFrame) -> pd.DataFrame:
    """For the screen: in text and date columns a missing cell shows ``"–"`` (a grid would print "None")."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object and values.isna().any():
            out[column] = [
                MISSING
                if v is None or (not isinstance(v, str) and pd.isna(v))
                else (f"{v:%d-%m-%Y}" if isinstance(v, date) else str(v))
                for v in values
            ]
    return out


def activity_section(activity, area_names: dict[str, str], area_name: str, fictief: bool) -> None:
    """The area's records: bottom-up, top-down, open signals and recent field notes, with downloads."""
    from ui.widgets import downloads
    from wijkdata.registers.contract import format_money
    from wijkdata.registers.views import display_frame

    if activity.empty:
        st.info(f"Er zijn nog geen initiatieven, interventies, signalen of veldnotities vastgelegd voor {area_name}.")
        return
    if fictief:
        st.caption("Fictieve voorbeeldrecords van de demogemeente.")
    parts = [
        ("initiatieven", "Initiatieven (van onderop)", activity.initiatieven),
        ("interventies", "Interventies (gemeente en partners)", activity.interventies),
        ("signalen", "Open signalen (wat blokkeert)", activity.open_signalen),
        ("veldnotities", "Veldnotities (afgelopen jaar)", activity.veldnotities),
    ]
    for kind, title, frame in parts:
        st.markdown(f"**{title}: {len(frame)}**")
        if frame.empty:
            continue
        shown = display_frame(kind, frame, area_names)
        on_screen = _no_none(shown)
        if "Budget" in shown.columns:  # amounts the Dutch way on screen; numbers in the downloads
            on_screen["Budget"] = shown["Budget"].map(lambda v: "" if v is None or pd.isna(v) else format_money(v))
        st.dataframe(on_screen, hide_index=True, width="stretch")
        downloads(
            shown,
            f"{kind}-{area_name}",
            f"Wijkdata, eigen registratie van de gemeente: {kind} over {area_name}",
            key=f"profiel_{kind}",
        )
