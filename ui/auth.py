"""The door of the internal site: Streamlit's sign-in (``st.login``, OpenID Connect) and the access
file. app.py calls ``require_entry`` before anything reads the plan; what it decides is
``metrics.domain.access.decide`` (pure, tested on its own), and this module only gathers the facts
and draws the answer.

Sign-in is configured in ``.streamlit/secrets.toml`` (an ``[auth]`` section; docs/deploy.md). With
no ``[auth]``, the internal site serves this machine only (``server.address`` a loopback address)
and says so on every page; listening anywhere else, it serves nothing.
"""

from __future__ import annotations

import streamlit as st
from streamlit.logger import get_logger

from metrics.domain.access import Entry, Gate, Role, decide, load_access
from metrics.domain.problems import format_problems
from ui.components import esc, md
from ui.pickers import presenting
from ui.settings import Settings

_LOG = get_logger(__name__)

SIGN_IN_TITLE = "SEND partnership dashboard: sign in"
LOCAL_BANNER = "Sign-in is not set up, so this dashboard serves this computer only (127.0.0.1). Anyone who can use this computer can see and change the figures."
# GOV.UK's phase banner colours: text 19.6:1 on the light grey, a blue bar at the left.
_BANNER_STYLE = "border-left: 5px solid #1d70b8; background: #f3f2f1; color: #0b0c0c; padding: 0.5rem 1rem; margin-bottom: 0.5rem"
NOT_LOCAL = (
    "This dashboard has no sign-in set up, so it serves only on this computer (127.0.0.1), "
    "and this server listens on {address}. Set up sign-in (docs/deploy.md, \"Sign-in\") or run it with "
    "--server.address 127.0.0.1."
)
UNVERIFIED = "You are signed in as {email}, but your sign-in service says that address is not verified, so it cannot be checked against the access list. Verify it with the service, or sign in with your work account."
NOT_LISTED = "You are signed in as {email}, which is not on the access list of this dashboard. Ask its administrator to add you, or sign in with another account."


def _auth_section() -> dict:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        section = st.secrets.get("auth")
    except Exception as exc:  # noqa: BLE001 - an unreadable secrets file: no sign-in, and the log says why
        _LOG.warning("Could not read the secrets: %s", exc)
        return {}
    return dict(section) if section else {}


def providers() -> list[str | None]:
    """Named providers ([auth.microsoft], [auth.google]...), or [None] for the default one ([auth] alone)."""
    section = _auth_section()
    named = [name for name, value in section.items() if hasattr(value, "get") and value.get("client_id")]
    return named or [None]


def sign_in_configured() -> bool:
    return bool(_auth_section())


def _user() -> tuple[bool, str | None, bool | None]:
    """Signed in?, the email claim, and the provider's email_verified claim (None when it gives none)."""
    try:
        signed_in = bool(st.user.get("is_logged_in"))
        email = st.user.get("email")
        verified = st.user.get("email_verified")
    except Exception:  # noqa: BLE001 - no user information at all: signed out
        return False, None, None
    return signed_in, str(email) if email else None, None if verified is None else verified in (True, "true", "True")


def gate_for(config: Settings) -> Gate:
    """The decision for this visitor (the access file is read each time: it is small, and an edit counts at once)."""
    if config.public:
        return decide(site=config.site, sign_in_configured=False, address=None, signed_in=False, email=None, access=None)
    configured = sign_in_configured()
    signed_in, email, verified = _user() if configured else (False, None, None)
    access, problems = (None, [])
    if configured and signed_in:
        access, problems = load_access(config.access_file)
    return decide(
        site=config.site,
        sign_in_configured=configured,
        address=st.get_option("server.address"),
        signed_in=signed_in,
        email=email,
        access=access,
        access_problems=problems,
        email_verified=verified,
    )


def require_entry(config: Settings) -> Gate:
    """Draw the door for this visitor; stop the run unless they may see the site. Nothing from the
    plan is read or shown before this returns."""
    gate = gate_for(config)
    if gate.entry is Entry.OPEN:
        return gate
    if gate.entry is Entry.LOCAL:
        if not presenting():  # the projector's slides stay clean
            st.html(f'<div class="local-only" role="status" style="{_BANNER_STYLE}"><strong>This computer only.</strong> {esc(LOCAL_BANNER)}</div>')
        return gate
    if gate.entry is Entry.ENTER:
        with st.sidebar:
            st.caption(md(f"Signed in as {gate.email} ({gate.role.value})" if gate.role else ""))
            st.button("Sign out", on_click=st.logout, key="_sign_out")
        return gate
    st.title(md(SIGN_IN_TITLE))
    if gate.entry is Entry.NOT_LOCAL:
        address = st.get_option("server.address") or "every network interface"
        st.error(md(NOT_LOCAL.format(address=address)))
    elif gate.entry is Entry.SIGN_IN:
        st.write("Sign in with your work account to see the partnership's figures.")
        _sign_in_buttons()
    else:
        if gate.entry is Entry.NOT_LISTED:
            st.warning(md(NOT_LISTED.format(email=gate.email or "an account without an email address")))
        elif gate.entry is Entry.UNVERIFIED:
            st.warning(md(UNVERIFIED.format(email=gate.email)))
        else:
            _LOG.warning("The access list cannot be used:\n%s", format_problems(gate.problems))
            st.error(md(f"You are signed in as {gate.email}, but the dashboard's access list has problems, so no one can enter yet. Its administrator can fix these:"))
            st.code(format_problems(gate.problems), language=None, wrap_lines=True)
        st.button("Sign out", on_click=st.logout)
    st.stop()
    raise AssertionError("st.stop() returned")


def _sign_in_buttons() -> None:
    for provider in providers():
        label = "Sign in" if provider is None else f"Sign in with {provider}"
        args = () if provider is None else (provider,)
        st.button(md(label), on_click=st.login, args=args, type="primary", key=f"_sign_in_{provider}")


def may_edit(gate: Gate) -> bool:
    return gate.role is not None and gate.role.can_edit


def may_audit(gate: Gate) -> bool:
    return gate.role is Role.ADMIN
