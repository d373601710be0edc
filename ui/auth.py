"""Who is working: sign-in with the municipality's account (``st.login``), local mode, roles.

Sign-in is configured in ``.streamlit/secrets.toml`` under ``[auth]`` (see
``.streamlit/secrets.example.toml``); Streamlit (Authlib) does the OpenID Connect dance. Without
``[auth]`` the app runs in **local mode**: one person on this computer, a beheerder, recorded in the
audit trail as ``lokaal (beheerder)``. Roles come from the file named by ``WIJKDATA_ROLLEN``
(:mod:`wijkdata.access`); a malformed file is shown as an error and makes everyone a lezer.

:func:`_account` is the one seam between Streamlit and the rules: tests replace it (monkeypatch)
to act as anonymous, lezer, redacteur or beheerder. Nothing a visitor sends (URL, cookies other
than Streamlit's own signed ones) can change who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit import config

from wijkdata.access import Identity, RoleRules, load_roles, local_identity, signed_in_identity
from wijkdata.config import Settings
from wijkdata.errors import RolesFileError
from wijkdata.text import escape_markdown

__all__ = ["Account", "Who", "identity_block", "register_gate", "registers_identity", "sign_in_configured", "who"]

#: Keys ``[auth]`` needs (the provider's client id, secret and metadata may sit in a sub-table).
_REQUIRED = ("redirect_uri", "cookie_secret")


@dataclass(frozen=True)
class Account:
    """What sign-in says: whether it is configured, and the signed-in person's e-mail and name (``None``: nobody)."""

    configured: bool
    email: str | None = None
    name: str = ""
    problem: str = ""


@dataclass(frozen=True)
class Who:
    """The person working now: ``identity`` (``None`` when sign-in is configured and nobody signed in),
    whether sign-in is configured, and a problem to show (a malformed roles file or secrets file)."""

    identity: Identity | None
    configured: bool
    problem: str = ""


def sign_in_configured() -> tuple[bool, str]:
    """Whether ``[auth]`` is set in ``secrets.toml``, and a Dutch problem when a secrets file exists but is unusable.

    Never raises: no secrets file at all is local mode. A secrets file that exists but cannot be read
    counts as configured (closed), never as local mode, so a typo cannot open the registers to all.
    """
    try:
        loaded = st.secrets.load_if_toml_exists()
        section = st.secrets.get("auth") if loaded else None
    except Exception:  # noqa: BLE001 - Streamlit raises several kinds for a broken secrets file
        loaded, section = False, None
    if not loaded:
        files = [Path(f) for f in (config.get_option("secrets.files") or [])]
        if any(f.is_file() for f in files):
            return True, "Het bestand secrets.toml is niet te lezen: inloggen werkt niet. Vraag de beheerder het te herstellen."
        return False, ""
    if not section:
        return False, ""
    missing = [k for k in _REQUIRED if not section.get(k)]
    if missing:
        return True, f"In secrets.toml ontbreekt onder [auth]: {', '.join(missing)}. Inloggen werkt niet."
    return True, ""


def _account() -> Account:
    """The seam: sign-in configuration and the signed-in person, from ``st.secrets`` and ``st.user``."""
    configured, problem = sign_in_configured()
    if not configured:
        return Account(configured=False)
    user = st.user
    if problem or not user.is_logged_in:
        return Account(configured=True, problem=problem)
    return Account(configured=True, email=str(user.get("email") or ""), name=str(user.get("name") or ""))


def _rules(settings: Settings) -> tuple[RoleRules, str]:
    try:
        return load_roles(settings.rollen_path), ""
    except RolesFileError as exc:
        return RoleRules(), f"{exc} Tot dit is hersteld is iedereen lezer."


def who(settings: Settings) -> Who:
    """The person working now, with their role (see :class:`Who`)."""
    account = _account()
    if not account.configured:
        return Who(identity=local_identity(), configured=False)
    if account.email is None:
        return Who(identity=None, configured=True, problem=account.problem)
    if not account.email:
        problem = "Uw account geeft geen e-mailadres door; u bent lezer. Vraag de beheerder de claim 'email' mee te geven."
        return Who(identity=signed_in_identity("", account.name, RoleRules()), configured=True, problem=problem)
    rules, problem = _rules(settings)
    return Who(identity=signed_in_identity(account.email, account.name, rules), configured=True, problem=problem)


def identity_block(settings: Settings) -> Who:
    """The sidebar's identity block: local mode, or who is signed in (name, e-mail, role) and "Uitloggen",
    or "Inloggen". Returns :func:`who`."""
    current = who(settings)
    if current.problem:
        st.error(escape_markdown(current.problem))
    identity = current.identity
    if not current.configured:
        st.caption(
            "Lokale modus: inloggen is niet ingesteld. U werkt als enige gebruiker op deze computer en bent beheerder; "
            "het logboek noteert 'lokaal (beheerder)'."
        )
        address = str(config.get_option("server.address") or "")
        if address and address not in ("127.0.0.1", "localhost", "::1"):
            st.warning(
                f"De app luistert op het netwerk ({escape_markdown(address)}) zonder inloggen: iedereen die haar bereikt "
                "is beheerder. Zet inloggen aan met [auth] in .streamlit/secrets.toml."
            )
    elif identity is None:
        st.caption("Niet ingelogd. De cijfers zijn openbaar; voor de registers logt u in met uw account van de gemeente.")
        st.button("Inloggen", key="_auth_inloggen", on_click=st.login, icon=":material/login:")
    else:
        name = f"**{escape_markdown(identity.name)}** · " if identity.name else ""
        st.markdown(f"{name}{escape_markdown(identity.email or 'geen e-mailadres')}  \nRol: {identity.role}")
        st.button("Uitloggen", key="_auth_uitloggen", on_click=st.logout, icon=":material/logout:")
    return current


def register_gate(settings: Settings) -> Identity:
    """The identity a register page works for; when nobody is signed in, an explanation and "Inloggen", then stop."""
    current = who(settings)
    if current.identity is not None:
        return current.identity
    st.info(
        "De registers (initiatieven, interventies, signalen en veldnotities) zijn van de gemeente zelf en alleen te zien "
        "voor wie is ingelogd. Log in met uw account van de gemeente."
    )
    st.button("Inloggen", key="_auth_inloggen_register", on_click=st.login, type="primary", icon=":material/login:")
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def registers_identity(settings: Settings) -> Identity | None:
    """For the figures pages that show register records beside the figures (Kaart, Wijkprofiel, Opgave,
    Raadsbriefing): the person working, or ``None`` (and a line saying so) when nobody is signed in."""
    current = who(settings)
    if current.identity is None:
        st.caption("Wat er in de wijk gebeurt (initiatieven, interventies, signalen) ziet u na inloggen.")
    return current.identity
