"""The API's routes, its caller and its OpenAPI document; `roles.server` mounts them."""

import importlib.resources
from pathlib import Path
from typing import Any

from litestar import Request, Router, get
from litestar.di import NamedDependency, Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from roles import __version__
from roles.api import bodies
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
from roles.api.controllers.feeds import FeedController, feed_calendar, unsubscribe, unsubscribe_page
from roles.api.controllers.hr import EstablishmentController, SheetController
from roles.api.controllers.library import LibraryController, SearchController
from roles.api.controllers.municipalities import MunicipalityController
from roles.api.controllers.people import PersonController
from roles.api.controllers.positions import PositionController
from roles.api.controllers.signing import ContainerController, SignatureController
from roles.api.controllers.signing_sessions import SigningSessionController, SigningStartController
from roles.api.controllers.units import UnitController
from roles.api.openapi import schema_router
from roles.services import auth
from roles.services.access import Caller
from roles.services.workspace import Committed, Workspace

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
    FeedController,
    SheetController,
    EstablishmentController,
    SigningStartController,
    SigningSessionController,
]


@get("/health", sync_to_thread=False, include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


async def _committed(ws: NamedDependency[Workspace]) -> Committed:
    """Every revision as committed now: read once per request, first, for its caller and
    its snapshot (a handler takes `committed` to share it)."""
    return await ws.committed()


async def _caller(
    request: Request[Any, Any, Any],
    ws: NamedDependency[Workspace],
    committed: NamedDependency[Committed],
) -> Caller:
    """The request's caller, from its bearer token or session cookie: a caller this worker
    has met answers from memory while the accounts' revision it was read at is the one
    committed now; else the database (`auth.identify`). A revoked token or an ended session
    fails on the very next request, on every worker."""
    caller = await auth.identify(
        ws,
        request.app.state.secret,
        committed,
        authorization=request.headers.get("authorization"),
        cookie=request.cookies.get(auth.SESSION_COOKIE),
    )
    request.state.caller = caller  # for the audit of a refusal
    auth.check_change(caller, request.method, request.headers.get(auth.CSRF_HEADER))
    return caller


# Swagger UI's scripts and styles come from the `swagger-ui-py` package and are served here:
# `/schema` works offline and asks no CDN.
SWAGGER_ASSETS = "/schema/assets"
_SWAGGER_DIR = Path(str(importlib.resources.files("swagger_ui") / "static"))


def router() -> Router:
    """Every API route with the `caller` dependency (401 without one), and the assets of the
    API's documentation page."""
    return Router(
        path="/",
        route_handlers=[
            health,
            *CONTROLLERS,
            feed_calendar,
            unsubscribe_page,
            unsubscribe,
            create_static_files_router(
                path=SWAGGER_ASSETS, directories=[_SWAGGER_DIR], include_in_schema=False
            ),
        ],
        dependencies={"committed": Provide(_committed), "caller": Provide(_caller)},
        before_request=bodies.check,
    )


def openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="roles",
        version=__version__,
        description="Positions, job descriptions and substitution rules of municipalities.",
        path="/schema",
        openapi_router=schema_router(),
        render_plugins=[
            SwaggerRenderPlugin(
                js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
                css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{SWAGGER_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f'<link rel="icon" href="{SWAGGER_ASSETS}/favicon-32x32.png">',
            ),
            JsonRenderPlugin(),
            YamlRenderPlugin(),
        ],
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
