"""Who may use the internal site, and what they may do there: the access file, and the gate.

The access file sits beside the plan (``access.yaml`` next to ``targets.yaml``, or ``--access``)::

    people:                          # one email address each: the exact address wins
      ana.lead@example.org: admin
      ben.officer@example.org: editor
    domains:                         # everyone whose address ends @example.org
      example.org: viewer

Roles, each with everything the one before may do: ``viewer`` (reads every page), ``editor``
(enters figures and action updates), ``admin`` (reads the audit trail). Emails and domains are
compared without case. A person listed by email has that role whatever their domain's rule says.
A key written twice (in any case) is refused, like a duplicate key in the plan.

``decide`` is the whole gate as one pure function: the app (ui/auth.py) gathers the facts
(is sign-in configured, who is signed in, which address the server listens on) and renders
what it answers.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel, ConfigDict, ValidationError

from metrics.domain.problems import Problem
from metrics.domain.status import AudienceKind
from metrics.domain.yamlsource import format_path, read_yaml


class Role(enum.Enum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def can_edit(self) -> bool:
        """Enter figures and action updates."""
        return self.rank >= Role.EDITOR.rank

    @property
    def can_audit(self) -> bool:
        """Read every change, who made it and why."""
        return self is Role.ADMIN


_RANKS = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}
ROLE_NAMES = ", ".join(r.value for r in Role)

# Enough to catch a typo (a missing @, a space, a stray comma); the provider vouches for the rest.
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]*[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class AccessList:
    people: Mapping[str, Role] = field(default_factory=dict)  # lower-case email -> role
    domains: Mapping[str, Role] = field(default_factory=dict)  # lower-case domain -> role

    def role_for(self, email: str | None) -> Role | None:
        """The role of this address: its own entry, else its domain's, else None (not listed)."""
        if not email or "@" not in email:
            return None
        email = email.strip().lower()
        if email in self.people:
            return self.people[email]
        return self.domains.get(email.rsplit("@", 1)[1])


class _AccessFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    people: dict[str, Role] = {}
    domains: dict[str, Role] = {}


def default_access_path(targets: Path) -> Path:
    """access.yaml beside the plan."""
    return targets.parent / "access.yaml"


def load_access(path: Path, display: str | None = None) -> tuple[AccessList | None, list[Problem]]:
    """Read and check the access file; the list only when there is no problem at all."""
    display = display or str(path)
    try:
        empty = path.is_file() and not path.read_bytes().strip()
    except OSError:
        empty = False  # read_yaml says why
    if empty:
        return None, [Problem(display, 1, "", "", "the access file is empty (expected people: and/or domains:, each listing who has which role)")]
    doc, problems = read_yaml(path, display)
    if doc is None:
        return None, problems
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(display, doc.line(()), "", "", "must be a mapping with people: and/or domains:")]
    parsed = None
    try:
        parsed = _AccessFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(Problem(display, doc.line(loc), "", format_path(loc), _message(error)))
    sections = {key: data.get(key) if isinstance(data.get(key), dict) else {} for key in ("people", "domains")}
    people = _entries(doc, display, "people", sections["people"], _EMAIL, "is not an email address (write it as name@example.org)", problems)
    domains = _entries(doc, display, "domains", sections["domains"], _DOMAIN, "is not a domain (write it as example.org, without @)", problems)
    if not problems and not people and not domains:
        problems.append(Problem(display, doc.line(()), "", "", "lists no one: add people: (email: role) and/or domains: (domain: role)"))
    if problems or parsed is None:
        return None, sorted(problems)
    return AccessList({k: parsed.people[raw] for k, raw in people.items()}, {k: parsed.domains[raw] for k, raw in domains.items()}), []


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "enum":
        return f"'{error['input']}' is not a role (use one of: {ROLE_NAMES})"
    if kind == "extra_forbidden":
        return "unknown field (allowed: people, domains)"
    if kind == "dict_type":
        return "must be a mapping of address: role, one a line"
    if kind == "string_type":
        return "must be text"
    return str(error["msg"])


def _entries(doc, display: str, section: str, raw: dict, pattern: re.Pattern, wrong: str, problems: list[Problem]) -> dict[str, str]:
    """Lower-case name -> the key as written, for each well-formed key written once."""
    out: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for key in raw:
        line = doc.line((section, key))
        where = f"{section}.{key}"
        name = str(key).strip().lower()
        if section == "domains":
            name = name.removeprefix("@")
        if not pattern.fullmatch(name):
            problems.append(Problem(display, line, "", where, f"'{key}' {wrong}"))
            continue
        if name in first_line:
            problems.append(Problem(display, line, "", where, f"'{key}' is listed twice (first on line {first_line[name]}; addresses are compared without case)"))
            continue
        first_line[name] = line
        out[name] = key
    return out


# -- the gate ----------------------------------------------------------------------------------


class Entry(enum.Enum):
    """What the internal site does with this visitor."""

    OPEN = "open"  # the public site: no sign-in
    LOCAL = "local"  # no sign-in configured, serving on this machine only: in, and told so
    NOT_LOCAL = "not local"  # no sign-in configured and listening beyond this machine: nothing served
    SIGN_IN = "sign in"  # signed out: the sign-in page only
    NO_ACCESS_LIST = "no access list"  # signed in, but the access file is missing or wrong
    UNVERIFIED = "unverified"  # signed in, but the provider says the email address is not verified
    NOT_LISTED = "not listed"  # signed in, not on the access list
    ENTER = "enter"  # signed in and listed

    @property
    def shows_site(self) -> bool:
        return self in (Entry.OPEN, Entry.LOCAL, Entry.ENTER)


@dataclass(frozen=True)
class Gate:
    entry: Entry
    role: Role | None = None  # what the visitor may do inside (None on the public site or outside)
    email: str | None = None  # who is signed in
    problems: tuple[Problem, ...] = ()  # why the access list could not be used


def is_loopback(address: str | None) -> bool:
    """Does a server listening on ``address`` serve this machine only? An empty address means
    every interface."""
    if not address:
        return False
    address = address.strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def decide(
    *,
    site: AudienceKind,
    sign_in_configured: bool,
    address: str | None,
    signed_in: bool,
    email: str | None,
    access: AccessList | None,
    access_problems: tuple[Problem, ...] | list[Problem] = (),
    email_verified: bool | None = None,
) -> Gate:
    """Who gets in, with which role. Without sign-in, whoever can reach a server on 127.0.0.1 is on
    this machine (and can edit its files anyway): they get in as admins, and are told so."""
    if site is AudienceKind.PUBLIC:
        return Gate(Entry.OPEN)
    if not sign_in_configured:
        return Gate(Entry.LOCAL, Role.ADMIN) if is_loopback(address) else Gate(Entry.NOT_LOCAL)
    if not signed_in:
        return Gate(Entry.SIGN_IN)
    if email_verified is False:  # the provider's own word (Google, many others); absent: the provider vouches for it
        return Gate(Entry.UNVERIFIED, email=email)
    if access is None:
        return Gate(Entry.NO_ACCESS_LIST, email=email, problems=tuple(access_problems))
    role = access.role_for(email)
    if role is None:
        return Gate(Entry.NOT_LISTED, email=email)
    return Gate(Entry.ENTER, role, email.strip().lower() if email else None)
