"""The role rules (wijkdata.access): domain match, case, precedence, malformed roles files."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijkdata.access import (
    BEHEERDER,
    LEZER,
    REDACTEUR,
    Identity,
    RoleRules,
    command_line_identity,
    load_roles,
    local_identity,
    parse_roles,
    require,
    signed_in_identity,
)
from wijkdata.config import get_settings
from wijkdata.errors import ConfigError, NotAllowed, RolesFileError

ROLES = """
[rollen]
redacteur = ["redacteur@voorbeeld.nl", "@Wijkteam.Voorbeeld.nl", "beheer@voorbeeld.nl"]
beheerder = ["Beheer@Voorbeeld.nl"]
"""


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("redacteur@voorbeeld.nl", REDACTEUR),
        ("REDACTEUR@Voorbeeld.NL", REDACTEUR),  # addresses compare case-insensitively
        ("ans@wijkteam.voorbeeld.nl", REDACTEUR),  # @domain matches every address of it
        ("ans@sub.wijkteam.voorbeeld.nl", LEZER),  # … but not a subdomain
        ("ans@andere-wijkteam.voorbeeld.nl", LEZER),
        ("wijkteam.voorbeeld.nl@elders.nl", LEZER),
        ("beheer@voorbeeld.nl", BEHEERDER),  # beheerder beats redacteur
        (" Beheer@voorbeeld.nl ", BEHEERDER),
        ("iemand@voorbeeld.nl", LEZER),  # signed in, not listed
        ("", LEZER),
    ],
)
def test_role_of(email: str, role: str) -> None:
    assert parse_roles(ROLES).role_of(email) == role


def test_signed_in_identity_records_the_lower_cased_email() -> None:
    identity = signed_in_identity("Ans@Wijkteam.voorbeeld.nl", "Ans de Vries", parse_roles(ROLES))
    assert (identity.role, identity.actor, identity.name) == (REDACTEUR, "ans@wijkteam.voorbeeld.nl", "Ans de Vries")


def test_no_roles_file_makes_everyone_lezer() -> None:
    assert load_roles(None) == RoleRules()
    assert signed_in_identity("beheer@voorbeeld.nl", "", load_roles(None)).role == LEZER


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[rollen\nredacteur = []", "geen geldige TOML"),
        ('redacteur = ["a@b.nl"]', "mist de tabel [rollen]"),
        ('[rollen]\nadmin = ["a@b.nl"]', "onbekende rol 'admin'"),
        ('[rollen]\nredacteur = "a@b.nl"', "redacteur moet een lijst van e-mailadressen zijn"),
        ('[rollen]\nbeheerder = ["jan", "@", "a@b.nl"]', "'jan' bij beheerder is geen e-mailadres of @domein"),
    ],
)
def test_malformed_roles_file_is_refused_in_dutch(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "rollen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesFileError) as caught:
        load_roles(path)
    assert says in str(caught.value) and str(path) in str(caught.value)
    assert isinstance(caught.value, ConfigError)


def test_missing_roles_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RolesFileError, match="is niet te lezen"):
        load_roles(tmp_path / "weg.toml")


def test_settings_name_the_roles_file(tmp_path: Path) -> None:
    assert get_settings({}).rollen_path is None
    assert get_settings({"WIJKDATA_ROLLEN": str(tmp_path / "r.toml")}).rollen_path == tmp_path / "r.toml"


def test_what_each_role_may() -> None:
    lezer, redacteur, beheerder = (Identity(role=r, email=f"{r}@v.nl") for r in (LEZER, REDACTEUR, BEHEERDER))
    assert [(i.may_write, i.may_restore, i.sees_personal) for i in (lezer, redacteur, beheerder)] == [
        (False, False, False),
        (True, False, False),
        (True, True, True),
    ]
    with pytest.raises(NotAllowed, match="Als lezer kunt u de registers lezen maar niets toevoegen") as caught:
        require(lezer, "schrijven")
    assert (caught.value.role, caught.value.action) == (LEZER, "schrijven")
    with pytest.raises(NotAllowed, match="Alleen een beheerder kan verwijderde records terugzetten; u bent redacteur"):
        require(redacteur, "terugzetten")
    require(beheerder, "persoonsgegevens")


def test_local_mode_and_command_line_are_beheerder_with_their_own_actor() -> None:
    assert (local_identity().role, local_identity().actor) == (BEHEERDER, "lokaal (beheerder)")
    assert (command_line_identity().role, command_line_identity().actor) == (BEHEERDER, "opdrachtregel (beheerder)")
