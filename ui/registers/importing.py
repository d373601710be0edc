"""The import section of a register page: upload, preview every row with its errors, import all or nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.errors import show_error
from ui.registers.common import Page, downloads, flash, go_to
from wijkdata.errors import WijkdataError
from wijkdata.registers.personal import personal_export, personal_export_name
from wijkdata.registers.transfer import commit_import, export_frame, preview_import
from wijkdata.registers.views import display_value
from wijkdata.text import escape_markdown

__all__ = ["import_section"]


def import_section(page: Page) -> None:
    """Upload CSV/Excel, see every row with its errors, import all or nothing; download the register."""
    spec = page.spec
    st.caption(
        f"CSV (';' of ',', UTF-8 of Windows-1252) of Excel, met een kopregel. Kolommen: {', '.join(spec.names)}. "
        f"Codes van wijken en buurten van {page.ctx.gemeentenaam}. Rijen met een id en versie uit een export wijzigen dat record."
    )
    generation = st.session_state.get(page.key("bestand_generatie"), 0)
    uploaded = st.file_uploader("Bestand", type=["csv", "txt", "xlsx"], key=page.key(f"bestand{generation}"))
    if uploaded is not None:
        try:
            preview = preview_import(page.store, page.kind, uploaded.getvalue(), name=uploaded.name)
        except WijkdataError as exc:
            show_error(exc, stop=False)
        else:
            if preview.ok:
                st.success(escape_markdown(preview.summary()))
            else:
                show_error(preview.summary(), stop=False)
            if preview.errors:
                errors = pd.DataFrame([{"Rij": e.row, "Kolom": e.column, "Fout": e.reason} for e in preview.errors])
                st.dataframe(errors, hide_index=True, key=page.key("importfouten"))
                downloads(errors, f"{page.kind}-importfouten", page.key("importfouten"))
            rows = pd.DataFrame(
                {
                    "Rij": preview.rows.index,
                    "Actie": preview.rows["actie"],
                    **{
                        spec.label(n): [display_value(spec, n, v, page.ctx.area_names) for v in preview.rows[n]]
                        for n in spec.public_names
                    },
                    "Fouten": preview.rows["fouten"],
                }
            )
            st.dataframe(rows, hide_index=True, key=page.key("voorbeeld"))
            downloads(rows, f"{page.kind}-voorbeeld", page.key("voorbeeld"))
            if st.button("Importeren", disabled=not preview.ok, key=page.key("importeer"), type="primary"):
                try:
                    result = commit_import(page.store, preview, page.user)
                except WijkdataError as exc:
                    show_error(exc, stop=False)
                else:
                    st.session_state[page.key("bestand_generatie")] = generation + 1
                    go_to(page, "Overzicht")
                    flash(
                        page,
                        "success",
                        f"Ingelezen uit {preview.name}: {len(result['created'])} nieuw, {len(result['updated'])} gewijzigd.",
                    )
                    st.rerun()
    st.subheader(f"Het register als bestand ({page.ctx.gemeentenaam})")
    st.caption("Om te bewerken in een spreadsheet en weer in te lezen; zonder persoonsgegevens.")
    downloads(
        export_frame(page.store, page.kind, gemeente=page.ctx.gemeente), f"{page.kind}-{page.ctx.gemeente}", page.key("export")
    )
    if page.identity.sees_personal and page.spec.personal_names:
        _personal_download(page)


def _personal_download(page: Page) -> None:
    """A beheerder's export WITH personal data: made on click, and every record's export logged."""
    st.caption(
        f"Als beheerder kunt u ook exporteren met persoonsgegevens ({', '.join(page.spec.personal_names)}). "
        "Dat staat in het bestand en in de geschiedenis van elk record."
    )
    st.download_button(
        "Excel met persoonsgegevens",
        data=lambda: personal_export(page.store, page.kind, gemeente=page.ctx.gemeente),
        file_name=personal_export_name(page.kind, page.ctx.gemeente, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=page.key("export_persoonlijk"),
        on_click="ignore",
        icon=":material/lock:",
    )
