"""The application: `create_app(settings)` puts the API and the pages together over one
workspace. It is what `roles serve` runs in every worker (`roles.server:create_app`).

Every answer, the errors and unknown routes included, leaves through `security_headers`:
a Content-Security-Policy without inline script (pages load `/static/*.js` only), no framing,
nosniff, no referrer to other sites, and HSTS when cookies are Secure (the service is behind
HTTPS). Requests refused 401/403 are written to the audit log (`services.security_log`).
"""

import dataclasses
import re
from typing import Any

from litestar import Litestar
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MutableScopeHeaders
from litestar.di import Provide
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from roles import api, config, render, store, web
from roles.services import auth, security_log
from roles.services.errors import Forbidden, NotAuthenticated
from roles.services.scheduler import MailScheduler
from roles.services.workspace import Workspace

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive OpenAPI page (Swagger UI, its files served by us) starts itself with an inline
# script and styles; nothing comes from elsewhere.
SCHEMA_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Logins answer their own failures (and audit them): not written twice.
_NOT_AUDITED = frozenset({"/api/auth/login", "/login"})


def _navigating(request: Any) -> bool:
    """A browser following a link (a download on a page), not a script asking for JSON."""
    accept = request.headers.get("accept", "")
    return request.method == "GET" and "text/html" in accept


def for_browsers(api_handlers: Any, page_handlers: Any) -> Any:
    """The API's exception handlers, except that a browser navigating to an API address (a
    download link of a page) gets the page's answer — the error page in the site's layout, or
    the login page — never raw JSON."""

    def page_handler(exc: Exception) -> Any:
        return next((page_handlers[k] for k in type(exc).__mro__ if k in page_handlers), None)

    def wrap(handler: Any) -> Any:
        def handle(request: Any, exc: Exception) -> Any:
            chosen = page_handler(exc) if _navigating(request) else None
            return (chosen or handler)(request, exc)

        return handle

    return {kind: wrap(handler) for kind, handler in api_handlers.items()}


def security_headers(secure: bool, allowed: dict[str, str]) -> Any:
    """The hook that adds the headers; `allowed` (route path → its methods, filled once the
    app is made) corrects the Allow of an OPTIONS answer: Litestar's own names only the
    methods of the first handler registered on a path."""

    # Encoded once: this runs on every answer, and MutableScopeHeaders' item assignment scans
    # every header for each one set (about 5 % of a cached API read).
    fixed = [
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if secure:
        fixed.append((b"strict-transport-security", HSTS.encode()))
    csp, schema_csp = (
        (b"content-security-policy", CSP.encode()),
        (
            b"content-security-policy",
            SCHEMA_CSP.encode(),
        ),
    )
    ours = {name for name, _ in fixed} | {csp[0]}

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        template = scope.get("path_template")
        if scope.get("method") == "OPTIONS" and template in allowed:
            headers = MutableScopeHeaders.from_message(message)
            if "allow" in headers:
                headers["Allow"] = allowed[template]
        # ours replace any of the same name a handler set
        kept = [h for h in message.get("headers", ()) if h[0].lower() not in ours]
        kept.extend(fixed)
        kept.append(schema_csp if scope.get("path", "").startswith("/schema") else csp)
        message["headers"] = kept

    return before_send


def audit_refusals(workspace: Workspace) -> Any:
    """After a 401 or 403: who (when known), from where, what was asked and why not. A page
    visited without any login is no refusal worth keeping (it is the way to the login)."""

    async def after_exception(exc: Exception, scope: Scope) -> None:
        if not isinstance(exc, (NotAuthenticated, Forbidden)):
            return
        path: str = scope.get("path", "")
        if path in _NOT_AUDITED:
            return
        raw = dict(scope.get("headers", []))
        credentials = b"authorization" in raw or auth.SESSION_COOKIE.encode() in raw.get(
            b"cookie", b""
        )
        if not credentials and not path.startswith("/api"):
            return
        caller = scope.get("state", {}).get("caller")
        client = scope.get("client")
        await sync_to_thread(
            security_log.refused,
            workspace,
            actor=caller.name if caller is not None else None,
            client=auth.Client(
                address=client[0] if client else "unknown",
                agent=raw.get(b"user-agent", b"").decode("latin-1")[:300],
            ),
            request=f"{scope.get('method', '')} {path}"[:200],
            status=401 if isinstance(exc, NotAuthenticated) else 403,
            reason=exc.message,
        )

    return after_exception


def create_app(
    settings: config.Settings | None = None, *, extra_handlers: list[Any] | None = None
) -> Litestar:
    """The service's application; `settings` default to the environment's."""
    settings = settings or config.settings()
    config.configure_signing(settings)
    pdf = render.PdfConverter(config.pdf_settings(settings))  # one per worker process
    options = dataclasses.replace(config.service_options(settings), pdf=pdf)
    workspace = Workspace(store.create(settings.database_url), options)

    def start_pdf() -> None:
        pdf.start(wait=False)  # LibreOffice warms up while the first requests come in

    scheduler = None
    if settings.mail_scheduler:  # roles serve --with-scheduler
        scheduler = MailScheduler(workspace, config.mail_config(settings), tick=settings.mail_tick)

    async def start() -> None:
        if scheduler is not None:
            await scheduler.start()

    async def dispose() -> None:
        if scheduler is not None:
            await scheduler.stop()
        pdf.stop()
        await workspace.aclose()

    allowed: dict[str, str] = {}
    app = Litestar(
        route_handlers=[
            api.router(),
            web.router(settings.templates_dir),
            *(extra_handlers or []),
        ],
        # No parameters: Litestar then calls it without parsing anything.
        dependencies={"ws": Provide(lambda: workspace, sync_to_thread=False)},
        exception_handlers=for_browsers(api.HANDLERS, web.error_handlers(settings.templates_dir)),
        openapi_config=api.openapi(),
        on_startup=[start, start_pdf],
        on_shutdown=[dispose],
        before_send=[security_headers(settings.secure_cookies, allowed)],
        after_exception=[audit_refusals(workspace)],
    )
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            # The scope's template names parameters without their types.
            template = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.path)
            allowed[template] = ", ".join(sorted(route.methods))
    app.state.scheduler = scheduler
    app.state.workspace = workspace
    app.state.secret = config.secret(settings)
    app.state.secure_cookies = settings.secure_cookies
    return app
