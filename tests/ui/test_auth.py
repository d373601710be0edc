"""ui.auth reads sign-in from Streamlit itself (st.secrets [auth], st.user): the seam's real path."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "een-lang-geheim-voor-de-test-0123456789",
    "client_id": "wijkdata",
    "client_secret": "geheim",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _script() -> None:
    import streamlit as st

    from ui import auth

    account = auth._account()
    st.text(f"{account.configured}|{account.email}|{account.name}|{account.problem}")


def account_text(secrets: dict | None = None, user: dict | None = None) -> str:
    at = AppTest.from_function(_script, default_timeout=20)
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at.text[0].value


def test_without_secrets_it_is_local_mode() -> None:
    assert account_text() == "False|None||"
    assert account_text({"andere": {"sleutel": "waarde"}}) == "False|None||"


def test_auth_section_without_sign_in_is_anonymous() -> None:
    assert account_text({"auth": AUTH}, {"is_logged_in": False}) == "True|None||"


def test_signed_in_person_comes_from_st_user() -> None:
    user = {"is_logged_in": True, "email": "Lea@Voorbeeld.nl", "name": "Lea Lezer"}
    assert account_text({"auth": AUTH}, user) == "True|Lea@Voorbeeld.nl|Lea Lezer|"


def test_incomplete_auth_section_stays_closed_and_says_why() -> None:
    text = account_text({"auth": {"client_id": "wijkdata"}}, {"is_logged_in": True, "email": "a@b.nl"})
    assert text == "True|None||In secrets.toml ontbreekt onder [auth]: redirect_uri, cookie_secret. Inloggen werkt niet."
