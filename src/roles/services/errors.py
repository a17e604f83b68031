"""Why a use case cannot be done: plain exceptions, each carrying the problems that say why.

Faces translate them at their edge, each in one place: the API to status codes
(`roles.api.errors.STATUS`), the pages to a message in the page's language
(`roles.web.errors`), the command line to an exit status and lines on stderr. A service never
knows which face called it.

`message` is a sentence in English for logs, the API's `detail` and the command line;
`problems` name the field (`path`, as in registry files) and what is wrong with it.
"""

from collections.abc import Sequence

from roles.domain import Problem


class ServiceError(Exception):
    """The base of every error a service raises on purpose."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems)


class NotFound(ServiceError):
    """No such thing, or nothing the caller may see (the two are answered alike)."""


class Conflict(ServiceError):
    """The change contradicts what is stored: a second draft, a version that never changes."""


class Stale(ServiceError):
    """The caller's If-Match names a state that is no longer the current one."""


class PreconditionRequired(ServiceError):
    """A change without the ETag of the state it was made from."""


class Invalid(ServiceError):
    """What came in is wrong; `problems` says where and why."""

    def __init__(self, problems: Sequence[Problem], message: str | None = None) -> None:
        super().__init__(message or "; ".join(str(p) for p in problems[:5]), problems)


class Refused(Invalid):
    """Invalid input the faces word themselves: `code` names the reason (the pages' phrase
    `<context>_<code>`), `values` fill its placeholders; the message is the API's."""

    def __init__(self, code: str, message: str, *values: str, field: str = "body") -> None:
        super().__init__([Problem(field, message)])
        self.code = code
        self.values = values


class NotAuthenticated(ServiceError):
    """No caller: no session, no token, or a wrong password."""


class Forbidden(ServiceError):
    """A caller who may not do this at all: a missing or wrong CSRF token."""


class TooManyRequests(ServiceError):
    """Slowed down after failed logins: try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(ServiceError):
    """A service this needs is out of reach for now (LibreOffice, OCSP, TSA)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Busy(Unavailable):
    """Every signing slot is taken: try again shortly."""


class RenderFailed(Unavailable):
    """A document could not be made (the PDF converter failed)."""


class Gone(ServiceError):
    """It existed, and is no more: a half-done signature that expired."""


def not_found(what: str, id_: object) -> NotFound:
    return NotFound(f"no {what} {id_!r}")


READ_ONLY = "the database is read-only for now; nothing can be changed and nobody can log in"
OUT_OF_REACH = "the database is not available for now; try again shortly"


def database_unavailable(exc: Exception) -> str:
    """Why the database refused (a DBAPI error of the driver's), in words for people."""
    text = str(getattr(exc, "orig", exc)).lower()
    read_only = "readonly" in text or "read-only" in text or "read only" in text
    return READ_ONLY if read_only else OUT_OF_REACH
