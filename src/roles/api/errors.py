"""Every error the API answers, in one place, as one JSON shape.

`{"status_code": 422, "detail": "…", "extra": [{"path": "units[2].parent", "message": "…"}]}`:
the shape Litestar documents for its exceptions, so the OpenAPI document describes every
error response. Unexpected exceptions become a bare 500 with no trace; they are logged.
"""

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy.exc
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from roles.domain import Problem
from roles.registry import RegistryError

log = logging.getLogger("roles.api")


class ApiError(HTTPException):
    """An answer to a request that cannot be done, with the problems that say why."""

    def __init__(
        self,
        detail: str,
        problems: Sequence[Problem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            detail=detail,
            extra=[{"path": p.path, "message": p.message} for p in problems],
            headers=headers,
        )


class NotAuthenticated(ApiError):
    status_code = 401


class NotFound(ApiError):
    status_code = 404


class Conflict(ApiError):
    status_code = 409


class PreconditionFailed(ApiError):
    status_code = 412


class Invalid(ApiError):
    status_code = 422

    def __init__(self, problems: Sequence[Problem], detail: str | None = None) -> None:
        super().__init__(detail or "; ".join(str(p) for p in problems[:5]), problems)


class PreconditionRequired(ApiError):
    status_code = 428


class TooManyRequests(ApiError):
    status_code = 429


def not_found(what: str, id_: object) -> NotFound:
    return NotFound(f"no {what} {id_!r}")


# What handlers document (`raises=`): reads, writes with If-Match, and creations.
READ = [NotAuthenticated, NotFound]
WRITE = [NotAuthenticated, NotFound, Conflict, PreconditionFailed, Invalid, PreconditionRequired]
CREATE = [NotAuthenticated, NotFound, Conflict, Invalid]


def _body(status: int, detail: str, extra: Any) -> Response[dict[str, Any]]:
    return Response(
        {"status_code": status, "detail": detail, "extra": extra},
        status_code=status,
        media_type=MediaType.JSON,
    )


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
    problems = [{"path": p.path, "message": p.message} for p in exc.problems]
    return _body(422, "; ".join(str(p) for p in exc.problems[:5]), problems)


def _integrity(
    request: Request[Any, Any, Any], exc: sqlalchemy.exc.IntegrityError
) -> Response[dict[str, Any]]:
    return _body(409, "the change conflicts with stored data; reload and try again", [])


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal error", [])


HANDLERS: Any = {
    HTTPException: _http,
    RegistryError: _registry,
    sqlalchemy.exc.IntegrityError: _integrity,
    Exception: _unexpected,
}
