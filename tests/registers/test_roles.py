"""The store bound to an identity refuses what the role does not allow, on every path (form, import, batch, undelete)."""

from __future__ import annotations

import pytest

from tests.support.records_fixtures import initiatief
from wijkdata.access import BEHEERDER, LEZER, REDACTEUR, Identity
from wijkdata.errors import ConflictError, NotAllowed
from wijkdata.registers.personal import personal_export
from wijkdata.registers.store import Store
from wijkdata.registers.transfer import commit_import, export_frame, preview_import

LEZER_ID = Identity(role=LEZER, email="lezer@voorbeeld.nl")
REDACTEUR_ID = Identity(role=REDACTEUR, email="redacteur@voorbeeld.nl")
NEW_ROW = b"titel;gebieden;initiatiefnemer\nA;WK999903;B\n"
BEHEERDER_ID = Identity(role=BEHEERDER, email="beheer@voorbeeld.nl")


@pytest.fixture
def record(store: Store) -> dict:
    return store.create("initiatieven", initiatief(), "setup")


def test_lezer_cannot_write_through_any_path(store: Store, record: dict) -> None:
    lezer = store.acting_as(LEZER_ID)
    public = {k: v for k, v in initiatief().items() if k != "contactpersoon"}
    attempts = {
        "create": lambda: lezer.create("initiatieven", public, "Ans"),
        "update": lambda: lezer.update("initiatieven", record["id"], {"titel": "X"}, record["version"], "Ans"),
        "delete": lambda: lezer.delete("initiatieven", record["id"], "Ans"),
        "undelete": lambda: lezer.undelete("initiatieven", record["id"], "Ans"),
        "create_many": lambda: lezer.create_many("initiatieven", [public], "Ans"),
        "import": lambda: commit_import(
            lezer, preview_import(lezer, "initiatieven", b"titel;gebieden;initiatiefnemer\nA;WK999903;B\n"), ""
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(NotAllowed, match="Als lezer kunt u de registers lezen|terugzetten; u bent lezer"):
            attempt()
        assert len(store.list("initiatieven")) == 1, name
    assert store.get("initiatieven", record["id"])["titel"] == record["titel"]
    assert lezer.list("initiatieven")["titel"].tolist() == [record["titel"]]  # reading is fine
    assert "contactpersoon" not in lezer.get("initiatieven", record["id"])


def test_redacteur_writes_without_personal_data_and_is_logged_by_email(store: Store, record: dict) -> None:
    redacteur = store.acting_as(REDACTEUR_ID)
    public = {k: v for k, v in initiatief(titel="Nieuw").items() if k != "contactpersoon"}
    created = redacteur.create("initiatieven", public, "getypte naam")
    assert created["created_by"] == "redacteur@voorbeeld.nl"  # never a typed name
    updated = redacteur.update("initiatieven", record["id"], {"titel": "Anders"}, record["version"], "")
    assert updated["updated_by"] == "redacteur@voorbeeld.nl"
    assert store.get("initiatieven", record["id"])["contactpersoon"] == "Jan Jansen"  # untouched
    assert "contactpersoon" not in redacteur.get("initiatieven", record["id"])
    with pytest.raises(NotAllowed, match="Alleen een beheerder ziet en wijzigt persoonsgegevens"):
        redacteur.create("initiatieven", initiatief(titel="Met contact"), "")
    with pytest.raises(NotAllowed, match="persoonsgegevens"):
        redacteur.update("initiatieven", record["id"], {"contactpersoon": ""}, updated["version"], "")
    with pytest.raises(NotAllowed, match="persoonsgegevens"):
        redacteur.list("initiatieven", personal=True)
    with pytest.raises(NotAllowed, match="persoonsgegevens"):
        personal_export(redacteur, "initiatieven")
    assert "contactpersoon" not in export_frame(redacteur, "initiatieven").columns
    redacteur.delete("initiatieven", created["id"], "")
    with pytest.raises(NotAllowed, match="Alleen een beheerder kan verwijderde records terugzetten"):
        redacteur.undelete("initiatieven", created["id"], "")
    assert store.get("initiatieven", created["id"])["deleted_at"] is not None
    history = store.history("initiatieven", record["id"])
    assert history["actor"].tolist() == ["setup", "redacteur@voorbeeld.nl"]


def test_redacteur_import_keeps_personal_data_and_refuses_a_contact_column(store: Store, record: dict) -> None:
    redacteur = store.acting_as(REDACTEUR_ID)
    exported = export_frame(redacteur, "initiatieven")
    exported.loc[0, "titel"] = "Via import"
    csv = exported.to_csv(sep=";", index=False).encode()
    result = commit_import(redacteur, preview_import(redacteur, "initiatieven", csv, name="r.csv"), "")
    assert result == {"created": [], "updated": [record["id"]]}
    assert store.get("initiatieven", record["id"])["contactpersoon"] == "Jan Jansen"
    with_contact = b"titel;gebieden;initiatiefnemer;contactpersoon\nA;WK999903;B;Piet\n"
    preview = preview_import(redacteur, "initiatieven", with_contact, name="c.csv")
    assert [(e.row, e.column, e.reason) for e in preview.errors] == [
        (2, "contactpersoon", "persoonsgegevens vult alleen een beheerder in")
    ]


def test_beheerder_restores_sees_and_exports_personal_data_logged(store: Store, record: dict) -> None:
    beheerder = store.acting_as(BEHEERDER_ID)
    beheerder.delete("initiatieven", record["id"], "")
    restored = beheerder.undelete("initiatieven", record["id"], "")
    assert restored["deleted_at"] is None and restored["updated_by"] == "beheer@voorbeeld.nl"
    assert beheerder.get("initiatieven", record["id"])["contactpersoon"] == "Jan Jansen"
    data = personal_export(beheerder, "initiatieven", gemeente="GM9999")
    assert data[:2] == b"PK"  # an XLSX
    last = store.history("initiatieven", record["id"]).iloc[-1]
    assert (last["action"], last["actor"]) == ("export", "beheer@voorbeeld.nl")
    assert "Jan Jansen" not in str(last["changes"])


def test_conflict_shows_a_redacteur_no_personal_data(store: Store, record: dict) -> None:
    store.update("initiatieven", record["id"], {"titel": "Eerst"}, record["version"], "Bob")
    with pytest.raises(ConflictError) as caught:
        store.acting_as(REDACTEUR_ID).update("initiatieven", record["id"], {"titel": "Later"}, record["version"], "")
    assert caught.value.theirs["titel"] == "Eerst" and "contactpersoon" not in caught.value.theirs
