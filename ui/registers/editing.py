"""The edit section of a register page: choose a record, edit it, resolve conflicts, delete, undelete.

Editing uses optimistic locking: a save names the version the editor loaded; when someone else
saved in between, both versions are shown side by side and the editor chooses. Each record's
history is shown under its form.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.errors import show_error
from ui.registers.common import Page, downloads, flash
from ui.registers.forms import form_values, read_amounts
from ui.registers.location import location_picker
from wijkdata.errors import ConflictError, WijkdataError
from wijkdata.registers.store import describe, same_value
from wijkdata.registers.views import conflict_frame, display_value, history_frame
from wijkdata.text import escape_markdown

__all__ = ["edit_section"]


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
        flash(page, "success", f"Opgeslagen: {page.spec.singular} nr. {record_id}, versie {record['version']}.")


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
    flash(
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
    flash(page, "success", f"Teruggezet: {page.spec.singular} nr. {record_id}.")


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
        show_error(error, stop=False)
    if record_id is not None:
        _edit_record(page, record_id)
    _deleted_records(page)


def _edit_record(page: Page, record_id: int) -> None:
    try:
        loaded = _load(page, record_id)
    except WijkdataError as exc:
        show_error(exc, stop=False)
        return
    conflict = st.session_state.get(page.key("conflict"))
    if conflict and conflict["id"] == record_id:
        show_error(conflict["message"], level="warning", stop=False)
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
    location = None
    if "locatie_x" in page.spec.names:
        current = (loaded["locatie_x"], loaded["locatie_y"]) if loaded.get("locatie_x") is not None else None
        location = location_picker(page, prefix, current)
    with st.form(page.key(f"{prefix}_form")):
        values = form_values(page, prefix, loaded)
        if "locatie_x" in values:
            values["locatie_x"], values["locatie_y"] = location or (None, None)
        submitted = st.form_submit_button("Wijzigingen opslaan", key=page.key(f"{prefix}_opslaan"))
    if submitted:
        try:
            values = read_amounts(page, values)
        except WijkdataError as exc:
            show_error(exc, stop=False)
            submitted = False
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
        if not page.identity.may_restore:
            st.caption("Alleen een beheerder kan verwijderde records terugzetten.")
            st.markdown("\n".join(f"- {escape_markdown(label)}" for label in labels.values()))
            return
        st.selectbox("Terugzetten", list(labels), format_func=lambda i: labels[i], key=page.key("terug_kies"))
        st.button("Terugzetten", key=page.key("terugzetten"), on_click=_undelete, args=(page,))
