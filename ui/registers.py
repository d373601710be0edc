"""What the four register pages share: list with filters, add and edit forms, import, downloads.

A page is a short script (see ``pages/initiatieven.py``): :func:`open_page`, then the sections
it wants. Logic lives in :mod:`wijkdata`; this module only turns it into widgets. Rules kept here:

- user text is shown as text: tables are dataframes, messages go through :func:`plain`
  (markdown escaped), never ``unsafe_allow_html``;
- names instead of codes (areas, initiatives), Dutch labels from :mod:`wijkdata.registers.contract`;
- every table shown has a CSV and an Excel download (:func:`downloads`);
- session-state keys start with the page's register name (``initiatieven_…``); only the
  editor's name for the audit trail (``registers_gebruiker``) is shared by all register pages;
- a :class:`~wijkdata.errors.WijkdataError` is shown with ``st.error``; anything else is a bug.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import pandas as pd
import streamlit as st

from ui import data, widgets
from ui.context import Context, start_page
from wijkdata.cbs.catalogue import DIRECTIONS
from wijkdata.errors import ConflictError, WijkdataError
from wijkdata.registers.contract import THEMES, Field, RegisterSpec, get_spec
from wijkdata.registers.store import Store, describe, same_value
from wijkdata.registers.transfer import commit_import, export_frame, preview_import
from wijkdata.registers.views import conflict_frame, display_frame, display_value, history_frame

__all__ = [
    "TABS",
    "Page",
    "add_form",
    "downloads",
    "edit_section",
    "filtered_list",
    "header",
    "import_section",
    "open_page",
    "plain",
    "show_table",
    "tabs",
]

USER_KEY = "registers_gebruiker"
#: The sections of every register page, in order.
TABS = ("Overzicht", "Toevoegen", "Bewerken", "Importeren")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(text: object) -> str:
    """``text`` with every markdown character escaped, for st.error/st.success/st.info."""
    return _MARKDOWN.sub(r"\\\1", str(text))


@dataclass
class Page:
    """One register page: its register, the current context and a store for it."""

    kind: str
    spec: RegisterSpec
    ctx: Context
    store: Store

    def key(self, name: str) -> str:
        """A session-state key of this page (prefixed with the register's name)."""
        return f"{self.kind}_{name}"

    @cached_property
    def initiative_titles(self) -> dict[int, str]:
        """``id → "nr. 3: Titel"`` of the gemeente's initiatives (for signals), read once per run."""
        frame = self.store.list("initiatieven", gemeente=self.ctx.gemeente)
        return {int(i): f"nr. {i}: {t}" for i, t in zip(frame["id"], frame["titel"], strict=True)}

    @property
    def user(self) -> str:
        """The editor's name for the audit trail (may be empty)."""
        return str(st.session_state.get(USER_KEY) or "")


def open_page(kind: str) -> Page:
    """The page's context and store; shows the error and stops the page when either fails."""
    try:
        ctx = start_page(get_spec(kind).title)
        store = data.store(ctx.settings, ctx.area_names)
    except WijkdataError as exc:
        st.error(plain(exc))
        st.stop()
    return Page(kind=kind, spec=get_spec(kind), ctx=ctx, store=store)


def _flash(page: Page, level: str, message: str) -> None:
    st.session_state[page.key("melding")] = (level, message)


def header(page: Page, intro: str) -> None:
    """Introduction, the fictional-records line, the last action's message and the editor's name.

    The title and the general fictional-demo notice come from :func:`ui.context.start_page`.
    """
    st.caption(f"{intro} Gemeente: {page.ctx.gemeentenaam}.")
    if page.ctx.fictief:
        st.caption(f"Fictieve gegevens: de records van {plain(page.ctx.gemeentenaam)} zijn voorbeelden en bestaan niet echt.")
    message = st.session_state.pop(page.key("melding"), None)
    if message:
        getattr(st, message[0])(plain(message[1]))
    name = st.text_input(
        "Uw naam (voor het logboek)",
        value=st.session_state.get(USER_KEY, ""),
        key=page.key("gebruiker"),
        help="Wie iets toevoegt, wijzigt of verwijdert, staat in de geschiedenis van het record.",
    )
    st.session_state[USER_KEY] = name.strip()


def _go_to(page: Page, tab: str) -> None:
    """Open ``tab`` on the next run (e.g. the list after adding a record)."""
    st.session_state[page.key("naar_tab")] = tab


def tabs(page: Page) -> list[Any]:
    """The page's sections as tabs; only the open one runs (``tab.open``), and it stays open across reruns."""
    target = st.session_state.pop(page.key("naar_tab"), None)
    if target:
        st.session_state[page.key("tab")] = target
    return list(st.tabs(list(TABS), key=page.key("tab"), on_change="rerun"))


# --- list ---------------------------------------------------------------------------------------


def _area_label(page: Page, code: str) -> str:
    row = page.ctx.areas[page.ctx.areas["code"] == code]
    level = row["niveau"].iloc[0] if len(row) else ""
    return f"{page.ctx.area_names.get(code, code)} ({level})" if level else page.ctx.area_names.get(code, code)


def _area_options(page: Page) -> list[str]:
    areas = page.ctx.areas
    order = {"gemeente": 0, "wijk": 1, "buurt": 2}
    ranked = areas.assign(_o=areas["niveau"].map(order)).sort_values(["_o", "code"])
    return [c for c, level in zip(ranked["code"], ranked["niveau"], strict=True) if level in ("wijk", "buurt")]


def filtered_list(page: Page) -> pd.DataFrame:
    """The filter widgets (wijk/buurt, theme, status) and the current records matching them."""
    spec, ctx = page.spec, page.ctx
    everything = page.store.list(page.kind, gemeente=ctx.gemeente)
    theme_field = spec.field(spec.theme_field)
    themes = sorted({t for v in everything[spec.theme_field] for t in (v if isinstance(v, list) else [v]) if t})
    columns = st.columns(3 if spec.status_field else 2)
    area = columns[0].selectbox(
        "Wijk of buurt",
        [None, *_area_options(page)],
        format_func=lambda c: "alle" if c is None else _area_label(page, c),
        key=page.key("filter_gebied"),
    )
    theme = columns[1].selectbox(
        theme_field.label, [None, *themes], format_func=lambda t: "alle" if t is None else t, key=page.key("filter_thema")
    )
    status = None
    if spec.status_field:
        status = columns[2].multiselect(
            "Status", list(spec.field(spec.status_field).choices), placeholder="alle", key=page.key("filter_status")
        )
    return page.store.list(page.kind, gemeente=ctx.gemeente, area=area, theme=theme, status=status or None)


def downloads(frame: pd.DataFrame, basename: str, key: str) -> None:
    """Two download buttons (CSV and Excel) for ``frame`` as shown; formulas neutralised."""
    widgets.downloads(frame, basename, f"Wijkdata, eigen registratie van de gemeente ({basename})", key)


def show_table(page: Page, frame: pd.DataFrame, key: str = "lijst", *, empty_text: str | None = None) -> None:
    """The records as a table (names, labels, no personal data) with its downloads."""
    if frame.empty:
        st.caption(empty_text or f"Geen {page.spec.kind} gevonden met deze filters.")
        return
    shown = display_frame(page.kind, frame, page.ctx.area_names, page.initiative_titles if page.kind == "signalen" else None)
    st.dataframe(shown, hide_index=True, key=page.key(f"{key}_tabel"))
    downloads(shown, f"{page.kind}-{page.ctx.gemeente}-{key}", page.key(key))


# --- forms --------------------------------------------------------------------------------------


def _widget(page: Page, f: Field, default: Any, key: str) -> Any:
    label = f.label + (" *" if f.required else "")
    if f.kind == "longtext":
        return st.text_area(label, value=default or "", key=key, help=f.help or None)
    if f.kind == "choice":
        options = list(f.choices)
        return st.selectbox(label, options, index=options.index(default) if default in options else 0, key=key)
    if f.kind == "date":
        value = default if default is not None else (date.today() if f.required else None)
        return st.date_input(
            label, value=value, format="DD-MM-YYYY", min_value=date(1900, 1, 1), max_value=date(2100, 12, 31), key=key
        )
    if f.kind in ("money", "coord"):
        value = None if default is None else float(default)
        return st.number_input(
            label,
            value=value,
            step=100.0 if f.kind == "money" else 1.0,
            format="%.2f" if f.kind == "money" else "%.0f",
            key=key,
            help=f.help or None,
        )
    if f.kind == "codes":
        options = _area_options(page)
        options += [c for c in default or [] if c not in options]
        return st.multiselect(
            label,
            options,
            default=default or [],
            format_func=lambda c: _area_label(page, c),
            placeholder="kies één of meer",
            key=key,
            help=f.help or None,
        )
    if f.kind in ("tags", "keys"):
        suggestions = list(THEMES) if f.kind == "tags" else sorted(DIRECTIONS)
        options = suggestions + [v for v in default or [] if v not in suggestions]
        return st.multiselect(
            label,
            options,
            default=default or [],
            accept_new_options=True,
            placeholder="kies of typ en druk op Enter",
            key=key,
            help=f.help or None,
        )
    if f.kind == "ref":
        titles = page.initiative_titles
        options: list[int | None] = [None, *titles]
        if default is not None and default not in titles:
            options.append(default)
        return st.selectbox(
            label,
            options,
            index=options.index(default),
            format_func=lambda i: "geen" if i is None else titles.get(i, f"nr. {i}"),
            key=key,
            help=f.help or None,
        )
    return st.text_input(label, value=default or "", key=key, help=f.help or None)


def _form_values(page: Page, prefix: str, defaults: dict[str, Any]) -> dict[str, Any]:
    return {f.name: _widget(page, f, defaults.get(f.name), page.key(f"{prefix}_{f.name}")) for f in page.spec.fields}


def _show_problem(exc: WijkdataError) -> None:
    st.error(plain(exc))


def add_form(page: Page) -> None:
    """The form to add a record; on success the list shows it (the page reruns)."""
    generation = st.session_state.get(page.key("nieuw_generatie"), 0)
    prefix = f"nieuw{generation}"
    with st.form(page.key(f"{prefix}_form")):
        st.caption("Velden met * zijn verplicht.")
        values = _form_values(page, prefix, dict(page.spec.defaults))
        submitted = st.form_submit_button(f"{page.spec.singular.capitalize()} toevoegen", key=page.key(f"{prefix}_opslaan"))
    if submitted:
        try:
            record = page.store.create(page.kind, values, page.user)
        except WijkdataError as exc:
            _show_problem(exc)
            return
        st.session_state[page.key("nieuw_generatie")] = generation + 1  # an empty form next time
        _flash(page, "success", f"Toegevoegd: {page.spec.singular} nr. {record['id']} ({describe(page.spec, record)}).")
        _go_to(page, "Overzicht")
        st.rerun()


def _load(page: Page, record_id: int) -> dict[str, Any]:
    """The record as it was when this editor opened it (kept in session state until saved)."""
    loaded = st.session_state.get(page.key("geladen"))
    if not loaded or loaded["id"] != record_id:
        loaded = page.store.get(page.kind, record_id)
        st.session_state[page.key("geladen")] = loaded
        st.session_state.pop(page.key("conflict"), None)
    return loaded


def _save(page: Page, record_id: int, values: dict[str, Any], expected_version: int) -> None:
    try:
        record = page.store.update(page.kind, record_id, values, expected_version, page.user)
    except ConflictError as exc:
        st.session_state[page.key("conflict")] = {"id": record_id, "message": str(exc), "mine": values, "theirs": exc.theirs}
    except WijkdataError as exc:
        st.session_state[page.key("fout")] = str(exc)
    else:
        st.session_state[page.key("geladen")] = record
        st.session_state.pop(page.key("conflict"), None)
        _flash(page, "success", f"Opgeslagen: {page.spec.singular} nr. {record_id}, versie {record['version']}.")


def _use_theirs(page: Page) -> None:
    conflict = st.session_state.pop(page.key("conflict"))
    st.session_state[page.key("geladen")] = conflict["theirs"]


def _delete(page: Page, record_id: int, version: int) -> None:
    try:
        page.store.delete(page.kind, record_id, page.user, expected_version=version)
    except WijkdataError as exc:
        st.session_state[page.key("fout")] = str(exc)
        return
    st.session_state.pop(page.key("geladen"), None)
    st.session_state[page.key("gekozen")] = None
    st.session_state.pop(page.key("kies"), None)
    _flash(
        page,
        "success",
        f"Verwijderd: {page.spec.singular} nr. {record_id}. Terugzetten kan onder 'Verwijderde {page.spec.kind}'.",
    )


def _undelete(page: Page) -> None:
    record_id = st.session_state.get(page.key("terug_kies"))
    if record_id is None:
        return
    try:
        page.store.undelete(page.kind, record_id, page.user)
    except WijkdataError as exc:
        st.session_state[page.key("fout")] = str(exc)
        return
    _flash(page, "success", f"Teruggezet: {page.spec.singular} nr. {record_id}.")


def edit_section(page: Page) -> None:
    """Choose a record, edit it (optimistic locking, conflicts shown side by side), delete it, see its history."""
    spec = page.spec
    frame = page.store.list(page.kind, gemeente=page.ctx.gemeente)
    labels = {int(r["id"]): f"nr. {r['id']}: {describe(spec, r)}" for r in frame.to_dict("records")}
    options = [None, *labels]
    chosen = st.session_state.get(page.key("gekozen"))  # survives a new title (a new widget identity)
    record_id = st.selectbox(
        f"Welk{'e' if spec.article == 'de' else ''} {spec.singular}?",
        options,
        index=options.index(chosen) if chosen in options else 0,
        format_func=lambda i: "kies…" if i is None else labels.get(i, f"nr. {i}"),
        key=page.key("kies"),
    )
    st.session_state[page.key("gekozen")] = record_id
    error = st.session_state.pop(page.key("fout"), None)
    if error:
        st.error(plain(error))
    if record_id is not None:
        _edit_record(page, record_id)
    _deleted_records(page)


def _edit_record(page: Page, record_id: int) -> None:
    try:
        loaded = _load(page, record_id)
    except WijkdataError as exc:
        _show_problem(exc)
        return
    conflict = st.session_state.get(page.key("conflict"))
    if conflict and conflict["id"] == record_id:
        st.warning(plain(conflict["message"]))
        table = conflict_frame(page.kind, conflict["mine"], conflict["theirs"], page.ctx.area_names)
        st.dataframe(table, hide_index=True, key=page.key("conflict_tabel"))
        downloads(table, f"{page.kind}-{record_id}-conflict", page.key("conflict"))
        left, right = st.columns(2)
        left.button(
            "Mijn versie alsnog opslaan",
            key=page.key("mijn_versie"),
            on_click=_save,
            args=(page, record_id, conflict["mine"], conflict["theirs"]["version"]),
        )
        right.button("Opgeslagen versie laden", key=page.key("hun_versie"), on_click=_use_theirs, args=(page,))
    prefix = f"edit{record_id}v{loaded['version']}"
    st.caption(
        f"Versie {loaded['version']}, laatst gewijzigd door {loaded['updated_by']} "
        f"op {display_value(page.spec, 'updated_at', loaded['updated_at'])}."
    )
    with st.form(page.key(f"{prefix}_form")):
        values = _form_values(page, prefix, loaded)
        submitted = st.form_submit_button("Wijzigingen opslaan", key=page.key(f"{prefix}_opslaan"))
    if submitted:
        changes = {name: value for name, value in values.items() if not same_value(value, loaded[name])}
        if not changes:
            st.info("Niets gewijzigd.")
        else:  # only what this editor changed: on a conflict, "my version" then merges onto theirs
            _save(page, record_id, changes, loaded["version"])
            st.rerun()
    st.button("Verwijderen", key=page.key("verwijder"), on_click=_delete, args=(page, record_id, loaded["version"]))
    st.subheader("Geschiedenis")
    history = history_frame(page.kind, page.store.history(page.kind, record_id), page.ctx.area_names)
    st.dataframe(history, hide_index=True, key=page.key("geschiedenis"))
    downloads(history, f"{page.kind}-{record_id}-geschiedenis", page.key("geschiedenis"))


def _deleted_records(page: Page) -> None:
    deleted = page.store.list(page.kind, gemeente=page.ctx.gemeente, deleted=True)
    with st.expander(f"Verwijderde {page.spec.kind} ({len(deleted)})"):
        if deleted.empty:
            st.caption("Niets verwijderd.")
            return
        labels = {int(r["id"]): f"nr. {r['id']}: {describe(page.spec, r)}" for r in deleted.to_dict("records")}
        st.selectbox("Terugzetten", list(labels), format_func=lambda i: labels[i], key=page.key("terug_kies"))
        st.button("Terugzetten", key=page.key("terugzetten"), on_click=_undelete, args=(page,))


# --- import -------------------------------------------------------------------------------------


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
            _show_problem(exc)
        else:
            (st.success if preview.ok else st.error)(plain(preview.summary()))
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
                    _show_problem(exc)
                else:
                    st.session_state[page.key("bestand_generatie")] = generation + 1
                    _go_to(page, "Overzicht")
                    _flash(
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


def render_page(kind: str, intro: str, overview: Callable[[Page], None] | None = None) -> None:
    """A whole register page: header, then the tabs list / add / edit / import.

    ``overview`` draws the list tab (default: the filtered table of records).
    """
    page = open_page(kind)
    header(page, intro)
    listing, add, edit, upload = tabs(page)
    if listing.open:
        with listing:
            if overview is None:
                show_table(page, filtered_list(page))
            else:
                overview(page)
    if add.open:
        with add:
            add_form(page)
    if edit.open:
        with edit:
            edit_section(page)
    if upload.open:
        with upload:
            import_section(page)
