"""Every error the API answers, in one place, as one JSON shape.

`{"status_code": 422, "detail": "…", "extra": [{"path": "units[2].parent", "message": "…",
"code": "ref.unknown-unit", "params": {"unit": "…"}}]}`:
the shape Litestar documents for its exceptions, so the OpenAPI document describes every
error response. A service's error takes its status from `STATUS`, the one table; unexpected
exceptions become a bare 500 with no trace (they are logged).
"""

import logging
from typing import Any, Final

import sqlalchemy.exc
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from roles.domain import Problem
from roles.registry import RegistryError
from roles.services import errors

log = logging.getLogger("roles.api")

STATUS: Final[dict[type[errors.ServiceError], int]] = {
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Gone: 410,
    errors.Stale: 412,
    errors.Invalid: 422,
    errors.PreconditionRequired: 428,
    errors.TooManyRequests: 429,
    errors.Unavailable: 503,
}


def status_of(error: errors.ServiceError) -> int:
    """The status of the nearest class of the error's that the table names."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _documented(error: type[errors.ServiceError], name: str | None = None) -> type[HTTPException]:
    """What a handler's `raises=` names for the OpenAPI document: the status of `error`, under
    the name the document has always given it."""
    status = next(STATUS[c] for c in error.__mro__ if c in STATUS)
    documented: type[HTTPException] = type(
        name or error.__name__, (HTTPException,), {"status_code": status}
    )
    return documented


NotAuthenticated = _documented(errors.NotAuthenticated)
NotFound = _documented(errors.NotFound)
Conflict = _documented(errors.Conflict)
PreconditionFailed = _documented(errors.Stale, "PreconditionFailed")
Invalid = _documented(errors.Invalid)
PreconditionRequired = _documented(errors.PreconditionRequired)
TooManyRequests = _documented(errors.TooManyRequests)
Gone = _documented(errors.Gone)
Busy = _documented(errors.Busy)
RenderFailed = _documented(errors.RenderFailed)
Unavailable = _documented(errors.Unavailable)
Forbidden = _documented(errors.Forbidden)

# What handlers document (`raises=`): reads, writes with If-Match, and creations.
READ = [NotAuthenticated, NotFound]
WRITE = [NotAuthenticated, NotFound, Conflict, PreconditionFailed, Invalid, PreconditionRequired]
CREATE = [NotAuthenticated, NotFound, Conflict, Invalid]


def _problem(p: Problem) -> dict[str, Any]:
    """One problem as the API tells it: where, what (English), and its code and facts so a
    client can say it in its own language (`roles.domain.messages` has our two)."""
    return {"path": p.path, "message": p.message, "code": p.code, "params": dict(p.params)}


def _body(status: int, detail: str, extra: Any) -> Response[dict[str, Any]]:
    return Response(
        {"status_code": status, "detail": detail, "extra": extra},
        status_code=status,
        media_type=MediaType.JSON,
    )


def _service(request: Request[Any, Any, Any], exc: errors.ServiceError) -> Response[dict[str, Any]]:
    status = status_of(exc)
    response = _body(status, exc.message, [_problem(p) for p in exc.problems])
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    extra: Any = exc.extra
    if isinstance(exc, ValidationException) and isinstance(extra, list):
        # Litestar names the field `key`; ours are `path`, as in registry files.
        extra = [
            {"path": e.get("key", ""), "message": e.get("message", ""), "source": e.get("source")}
            if isinstance(e, dict)
            else e
            for e in extra
        ]
    response = _body(exc.status_code, exc.detail, extra)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _registry(request: Request[Any, Any, Any], exc: RegistryError) -> Response[dict[str, Any]]:
    problems = [_problem(p) for p in exc.problems]
    return _body(422, "; ".join(str(p) for p in exc.problems[:5]), problems)


def _integrity(
    request: Request[Any, Any, Any], exc: sqlalchemy.exc.IntegrityError
) -> Response[dict[str, Any]]:
    return _body(409, "the change conflicts with stored data; reload and try again", [])


def _database(
    request: Request[Any, Any, Any], exc: sqlalchemy.exc.DBAPIError
) -> Response[dict[str, Any]]:
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
    response = _body(503, errors.database_unavailable(exc), [])
    response.headers["Retry-After"] = "30"
    return response


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal error", [])


HANDLERS: Any = {
    errors.ServiceError: _service,
    HTTPException: _http,
    RegistryError: _registry,
    sqlalchemy.exc.IntegrityError: _integrity,
    sqlalchemy.exc.OperationalError: _database,  # read-only, locked, disk gone, unreachable
    sqlalchemy.exc.InternalError: _database,  # PostgreSQL's read-only transaction
    Exception: _unexpected,
}
