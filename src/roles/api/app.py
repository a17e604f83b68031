"""The Litestar application: `create_app()` is what `roles serve` runs in every worker."""

import time
from typing import Any

from litestar import Litestar, Request, get
from litestar.di import NamedDependency, Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from roles import __version__, store
from roles.api import auth
from roles.api.access import Caller
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
from roles.api.errors import HANDLERS
from roles.api.services.workspace import Workspace
from roles.config import settings
from roles.web import ROUTER

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
    ROUTER,  # the web pages, served by the same app
]


@get("/health", sync_to_thread=False, include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


CALLER_SECONDS = 2.0  # how long a bearer token's user and scopes are kept in memory


def _caller(request: Request[Any, Any, Any], ws: NamedDependency[Workspace]) -> Caller:
    header = request.headers.get("authorization")
    cache: dict[str, tuple[Caller, float]] = request.app.state.callers
    if header:
        found = cache.get(header)
        if found is not None and found[1] > time.monotonic():
            return found[0]
    with ws.sessions() as session:
        caller = auth.authenticate(session, request, request.app.state.secret)
    if header:
        if len(cache) > 10_000:
            cache.clear()
        cache[header] = (caller, time.monotonic() + CALLER_SECONDS)
    return caller


def create_app(
    database_url: str | None = None,
    *,
    secret: str | None = None,
    secure_cookies: bool = False,
    extra_handlers: list[Any] | None = None,
) -> Litestar:
    config = settings()
    engine = store.create(database_url or config.database_url)
    workspace = Workspace(engine)

    async def dispose() -> None:
        await workspace.aclose()

    app = Litestar(
        route_handlers=[health, *CONTROLLERS, *(extra_handlers or [])],
        dependencies={
            # No parameters: Litestar then calls it without parsing anything.
            "ws": Provide(lambda: workspace, sync_to_thread=False),
            "caller": Provide(_caller, sync_to_thread=False),
        },
        exception_handlers=HANDLERS,
        openapi_config=OpenAPIConfig(
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
        ),
        on_shutdown=[dispose],
    )
    app.state.workspace = workspace
    app.state.secret = secret or config.secret_key
    app.state.secure_cookies = secure_cookies
    app.state.callers = {}
    return app
