"""What every service needs: the caller's view of a municipality, If-Match, paging."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from roles.api.access import Caller, Role, View, view
from roles.api.errors import NotFound, PreconditionFailed, PreconditionRequired, not_found
from roles.api.services.workspace import Snapshot, Workspace, encoder, etag_of

T = TypeVar("T")


def visible(ws: Workspace, caller: Caller, municipality: str) -> tuple[Snapshot, View]:
    """The municipality's snapshot and the caller's view of it; 404 when they see nothing."""
    snap = ws.snapshot(municipality)
    found = None if snap is None else view(caller, snap)
    if snap is None or found is None:
        raise not_found("municipality", municipality)
    return snap, found


def view_in(caller: Caller, snap: Snapshot) -> View:
    found = view(caller, snap)
    if found is None:
        raise not_found("municipality", snap.id)
    return found


def require_full(caller: Caller, snap: Snapshot, what: str, id_: str) -> View:
    """Admin or HR of the municipality; everyone else gets the 404 they would for absent data."""
    v = view_in(caller, snap)
    if not v.everything:
        raise NotFound(f"no {what} {id_!r}")
    return v


def etag(value: Any) -> str:
    return etag_of(encoder.encode(value))


def check_match(if_match: str | None, current: Any) -> None:
    """428 without If-Match, 412 when it names another state than the current one."""
    if if_match is None:
        raise PreconditionRequired("send If-Match with the ETag you read")
    tags = [tag.strip() for tag in if_match.split(",")]
    if "*" in tags:
        return
    now = etag(current)
    if now not in tags and ("W/" + now) not in tags:
        raise PreconditionFailed("the resource changed since you read it; read it again")


def page(items: Sequence[T], number: int, per_page: int) -> list[T]:
    start = (number - 1) * per_page
    return list(items[start : start + per_page])


def ordered(items: list[T], sort: str, keys: dict[str, Callable[[T], Any]]) -> list[T]:
    field = sort.removeprefix("-")
    return sorted(items, key=keys[field], reverse=sort.startswith("-"))


def is_admin(caller: Caller) -> bool:
    return caller.role is Role.ADMIN
