"""Request and response bodies the API adds to the domain's own Structs.

Registry entities travel as the domain Structs themselves (`domain.Position`, …), so the API
speaks the registry-file format; what is here is paging, accounts, the lifecycle's requests,
the audit log, the clause library, search and diffs.
"""

import datetime as dt
from typing import Annotated, Any

import msgspec

from roles import domain
from roles.api.access import Role
from roles.domain.diff import ClauseChange, DiffSummary

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")]
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=200)]


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Every API body: a misspelt key is an error, never ignored."""


# --- paging --------------------------------------------------------------------------------


class MunicipalityPage(Body, kw_only=True):
    items: list[domain.Municipality]
    total: int
    page: int
    per_page: int


class AgencyPage(Body, kw_only=True):
    items: list[domain.Agency]
    total: int
    page: int
    per_page: int


class UnitPage(Body, kw_only=True):
    items: list[domain.Unit]
    total: int
    page: int
    per_page: int


class PositionPage(Body, kw_only=True):
    items: list[domain.Position]
    total: int
    page: int
    per_page: int


class PersonPage(Body, kw_only=True):
    items: list[domain.Person]
    total: int
    page: int
    per_page: int


class DescriptionSummary(Body, kw_only=True):
    municipality: str
    position: str
    position_title: str
    unit: str
    version: int
    status: domain.JobDescriptionStatus
    title: str | None = None
    approval: domain.Approval | None = None


class DescriptionPage(Body, kw_only=True):
    items: list[DescriptionSummary]
    total: int
    page: int
    per_page: int


# --- job-description lifecycle --------------------------------------------------------------


class Approve(Body, kw_only=True):
    by: domain.Text  # the approver's title as written: "Võru linnapea"
    date: dt.date
    name: str | None = None
    directive: str | None = None
    directive_title: str | None = None
    annex: str | None = None


class VersionRef(Body, kw_only=True):
    municipality: str
    position: str
    version: int
    status: domain.JobDescriptionStatus


class Diff(Body, kw_only=True):
    before: VersionRef
    after: VersionRef
    summary: DiffSummary
    changes: list[ClauseChange]


# --- accounts -------------------------------------------------------------------------------


class UnitScope(Body, kw_only=True):
    municipality: domain.Slug
    unit: domain.Slug


class UserIn(Body, kw_only=True):
    name: Name
    password: Password
    role: Role
    municipalities: list[domain.Slug] = []  # HR
    units: list[UnitScope] = []  # manager
    person: domain.Slug | None = None  # employee


class User(Body, kw_only=True):
    name: str
    role: Role
    municipalities: list[str] = []
    units: list[UnitScope] = []
    person: str | None = None


class Login(Body, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class LoggedIn(Body, kw_only=True):
    user: User
    csrf_token: str  # send it back as X-CSRF-Token on every change made with the session


class TokenIn(Body, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] = "api"
    days: Annotated[int, msgspec.Meta(ge=1, le=3650)] | None = None  # None = no expiry


class Token(Body, kw_only=True):
    token: str  # shown once: send as `Authorization: Bearer <token>`
    name: str
    user: str
    expires_at: dt.datetime | None = None


# --- audit ----------------------------------------------------------------------------------


class AuditEntry(Body, kw_only=True):
    id: int
    at: dt.datetime
    actor: str
    municipality: str | None
    entity_kind: str
    entity_id: str
    action: str
    before: Any = None
    after: Any = None


class AuditPage(Body, kw_only=True):
    items: list[AuditEntry]
    total: int
    page: int
    per_page: int


# --- clause library and search ---------------------------------------------------------------


class LibraryClauseIn(Body, kw_only=True):
    id: domain.Slug
    title: domain.Text
    text: domain.Text
    result: str | None = None


class LibraryClause(Body, kw_only=True):
    id: str
    title: str
    text: str
    result: str | None = None
    revision: int
    updated_at: dt.datetime


class LibraryPage(Body, kw_only=True):
    items: list[LibraryClause]
    total: int
    page: int
    per_page: int


class Usage(Body, kw_only=True):
    """A job-description version that takes a clause from the library."""

    municipality: str
    position: str
    version: int
    status: domain.JobDescriptionStatus
    up_to_date: bool  # the clause's text equals the library's


class LibraryUpdate(Body, kw_only=True):
    clause: LibraryClause
    offers: list[Usage]  # current versions not up to date: POST …/drafts makes drafts of them


class DraftsMade(Body, kw_only=True):
    drafts: list[VersionRef]


class SearchHit(Body, kw_only=True):
    kind: str  # title | clause | library
    municipality: str | None = None
    position: str | None = None
    position_title: str | None = None
    version: int | None = None
    status: domain.JobDescriptionStatus | None = None
    ref: str | None = None
    library: str | None = None
    text: str


class SearchResult(Body, kw_only=True):
    query: str
    items: list[SearchHit]
    total: int
    page: int
    per_page: int
