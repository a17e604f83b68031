"""Errors as pages, in the page's language: a service's error becomes its message here, in one
table; without a login the browser goes to the login page and comes back after it."""

import logging
from typing import Any
from urllib.parse import urlencode

import jinja2
import sqlalchemy.exc
from litestar import Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from roles.services import errors
from roles.web import i18n
from roles.web.page import AnyRequest, Page, language, see_other
from roles.web.problems import say

log = logging.getLogger("roles.web")

# A service error → (status, the page's phrase, whether the error's own words follow it).
MESSAGES: dict[type[errors.ServiceError], tuple[int, str, bool]] = {
    errors.Forbidden: (403, "csrf_failed", False),
    errors.NotFound: (404, "not_found_text", False),
    errors.Conflict: (409, "conflict", True),
    errors.Stale: (412, "conflict", True),
    errors.PreconditionRequired: (428, "conflict", True),
    errors.Gone: (410, "error_gone", False),
    errors.Invalid: (422, "error_invalid", True),
    errors.TooManyRequests: (429, "error_busy", False),
    errors.Unavailable: (503, "error_busy", False),
}


def handlers(env: jinja2.Environment) -> ExceptionHandlersMap:
    """The exception handlers of the pages, rendering with `env`."""

    def error_page(request: AnyRequest, status: int, message: str) -> Response[str]:
        """The error page, with the menu of the caller the request had found (no database
        read: an admin's menu lists the municipalities the workspace has cached)."""
        ws = request.app.state.workspace
        page = Page(request, request.state.get("caller"), ws, env, cached_only=True)
        return page.render("error.html", status_code=status, status=status, message=message)

    def on_service_error(request: AnyRequest, exc: errors.ServiceError) -> Response[Any]:
        if isinstance(exc, errors.NotAuthenticated):
            if request.method == "POST" and request.url.path != "/logout":
                # a form sent after the login expired: a redirect to the login page would
                # throw away what was typed; this page says so and the form stays behind it
                # (Back, or in place with site.js)
                return error_page(request, 401, "")
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return see_other("/login?" + urlencode({"next": target}))
        status, message = describe(exc, language(request))
        return error_page(request, status, message)

    def on_http_error(request: AnyRequest, exc: HTTPException) -> Response[Any]:
        """Litestar's own: no such route (404), a path parameter of the wrong type (400)."""
        if exc.status_code == 404:
            return error_page(request, 404, i18n.text(language(request), "not_found_text"))
        if exc.status_code == 413:  # a body over the route's limit, refused before it is read
            return error_page(request, 413, i18n.text(language(request), "request_too_large"))
        return error_page(request, exc.status_code, str(exc.detail))

    def on_database_error(request: AnyRequest, exc: sqlalchemy.exc.DBAPIError) -> Response[Any]:
        """A read-only or unreachable database: 503 with the reason, never a 500."""
        lang = language(request)
        read_only = errors.database_unavailable(exc) == errors.READ_ONLY
        why = "error_readonly" if read_only else "error_busy"
        response = error_page(request, 503, i18n.text(lang, why))
        response.headers["Retry-After"] = "30"
        return response

    def on_unexpected(request: AnyRequest, exc: Exception) -> Response[Any]:
        """Anything else: logged with its trace, the person sees a page saying nothing changed
        (never a trace, an exception's name or JSON)."""
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_page(request, 500, i18n.text(language(request), "server_error_message"))

    return {
        errors.ServiceError: on_service_error,
        HTTPException: on_http_error,
        sqlalchemy.exc.OperationalError: on_database_error,
        sqlalchemy.exc.InternalError: on_database_error,
        Exception: on_unexpected,
    }


def describe(exc: errors.ServiceError, lang: str) -> tuple[int, str]:
    """The status and the message of a service's error, in the page's language: the error's
    problems told by their codes (`roles.domain.messages`); the English `message` of a service
    error is for logs and the API, never shown on a page."""
    for cls in type(exc).__mro__:
        if cls in MESSAGES:
            status, key, detail = MESSAGES[cls]
            message = i18n.text(lang, key)
            told = [say(p, lang, None) for p in exc.problems if p.code] if detail else []
            return status, " ".join([message, *told])
    return 500, i18n.text(lang, "server_error_message")
