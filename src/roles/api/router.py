"""The API's routes, its caller and its OpenAPI document; `roles.server` mounts them."""

import time
from typing import Any

from litestar import Request, Router, get
from litestar.di import NamedDependency, Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from roles import __version__
from roles.api.controllers.accounts import AuthController, UserController
from roles.api.controllers.acknowledgements import (
    AcknowledgementController,
    PendingAcknowledgementController,
)
from roles.api.controllers.agencies import AgencyController
from roles.api.controllers.audit import AuditController
from roles.api.controllers.coverage import CoverageController
from roles.api.controllers.descriptions import (
    DescriptionController,
    DescriptionListController,
)
from roles.api.controllers.documents import DocumentController
from roles.api.controllers.library import LibraryController, SearchController
from roles.api.controllers.municipalities import MunicipalityController
from roles.api.controllers.people import PersonController
from roles.api.controllers.positions import PositionController
from roles.api.controllers.signing import ContainerController, SignatureController
from roles.api.controllers.units import UnitController
from roles.api.limits import check_body
from roles.services import auth
from roles.services.access import Caller
from roles.services.workspace import Workspace

CONTROLLERS: list[Any] = [
    AuthController,
    UserController,
    MunicipalityController,
    AgencyController,
    UnitController,
    PositionController,
    PersonController,
    DescriptionController,
    DescriptionListController,
    AuditController,
    LibraryController,
    SearchController,
    DocumentController,
    CoverageController,
    AcknowledgementController,
    PendingAcknowledgementController,
    ContainerController,
    SignatureController,
]

CALLER_SECONDS = 2.0  # how long a bearer token's user and scopes are kept in memory
CALLERS = 10_000  # bearer tokens kept at most


@get("/health", sync_to_thread=False, include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


def _caller(request: Request[Any, Any, Any], ws: NamedDependency[Workspace]) -> Caller:
    """The request's caller, from its bearer token or session cookie. Runs on the event loop
    (sync_to_thread=False): a token seen in the last seconds costs a dictionary look-up, any
    other one primary-key read."""
    header = request.headers.get("authorization")
    cache: dict[str, tuple[Caller, float]] = request.app.state.callers
    if header:
        found = cache.get(header)
        if found is not None and found[1] > time.monotonic():
            return found[0]
    with ws.sessions() as session:
        caller = auth.authenticate(
            session,
            request.app.state.secret,
            authorization=header,
            cookie=request.cookies.get(auth.SESSION_COOKIE),
            method=request.method,
            csrf_header=request.headers.get(auth.CSRF_HEADER),
        )
    if header:
        if len(cache) > CALLERS:
            cache.clear()
        cache[header] = (caller, time.monotonic() + CALLER_SECONDS)
    return caller


def router() -> Router:
    """Every API route with the `caller` dependency (401 without one)."""
    return Router(
        path="/",
        route_handlers=[health, *CONTROLLERS],
        dependencies={"caller": Provide(_caller, sync_to_thread=False)},
        before_request=check_body,
    )


def openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="roles",
        version=__version__,
        description="Positions, job descriptions and substitution rules of municipalities.",
        path="/schema",
        render_plugins=[SwaggerRenderPlugin(), JsonRenderPlugin(), YamlRenderPlugin()],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer"),
                "session": SecurityScheme(
                    type="apiKey", name=auth.SESSION_COOKIE, security_scheme_in="cookie"
                ),
            }
        ),
        security=[{"bearer": []}, {"session": []}],
    )
