"""Bodies only the API has: pages of lists, logging in, asking for a token.

Registry entities travel as the domain Structs themselves (`domain.Position`, …), so the API
speaks the registry-file format; the use cases' own requests and answers live with them in
`roles.services` (accounts, descriptions, library, …).
"""

from typing import Annotated

import msgspec

from roles import domain
from roles.services.accounts import MAX_TOKEN_DAYS, User
from roles.services.descriptions import DescriptionSummary
from roles.services.library import LibraryClause, SearchHit
from roles.services.structs import Body

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


class DescriptionPage(Body, kw_only=True):
    items: list[DescriptionSummary]
    total: int
    page: int
    per_page: int


# --- accounts -------------------------------------------------------------------------------


class Login(Body, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class LoggedIn(Body, kw_only=True):
    user: User
    csrf_token: str  # send it back as X-CSRF-Token on every change made with the session


class TokenIn(Body, kw_only=True):
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]  # yours, again
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] = "api"
    days: Annotated[int, msgspec.Meta(ge=1, le=MAX_TOKEN_DAYS)] = MAX_TOKEN_DAYS


class PasswordChange(Body, kw_only=True):
    current: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    new: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class PasswordChanged(Body, kw_only=True):
    sessions_ended: int  # your other sessions, ended


# --- clause library and search ---------------------------------------------------------------


class LibraryPage(Body, kw_only=True):
    items: list[LibraryClause]
    total: int
    page: int
    per_page: int


class SearchResult(Body, kw_only=True):
    query: str
    items: list[SearchHit]
    total: int
    page: int
    per_page: int
