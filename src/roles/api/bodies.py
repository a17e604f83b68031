"""JSON request bodies are checked before they are decoded: nested no deeper than `MAX_DEPTH`
(a body of 100 000 brackets is refused in linear time, not met by a recursion error) and no
object naming a key twice (JSON leaves the meaning open; msgspec would keep the last one and
a reviewer may have read the first). Both answer 422 naming the problem.

Then the body is decoded strictly into the type the handler takes (its `data`): Litestar
converts leniently ("2" becomes 2, 0 becomes false), and a value of the wrong type must be
refused, not quietly made into another. That answers 400 like Litestar's own validation,
naming the field."""

import json
import re
from typing import Any

import msgspec
from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.exceptions import ValidationException

from roles.domain import Problem
from roles.services.errors import Invalid

MAX_DEPTH = 64  # objects and arrays inside each other; a job description needs far fewer
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
CHANGES = frozenset({"POST", "PUT", "PATCH"})


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def problems(body: bytes) -> list[Problem]:
    """What is wrong with a JSON body's shape; the rest is the decoder's to say."""
    depth = 0
    for bracket in _STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        depth += 1 if bracket in b"[{" else -1
        if depth > MAX_DEPTH:
            return [Problem("body", f"JSON nested deeper than {MAX_DEPTH} levels")]
    try:
        json.loads(body, object_pairs_hook=_no_duplicates)
    except _Duplicate as e:
        return [Problem(e.key, f"the key {e.key!r} appears twice in one object")]
    except (ValueError, RecursionError):
        pass  # not JSON at all: the decoder answers that, naming where
    return []


_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_decoders: dict[Any, msgspec.json.Decoder[Any] | None] = {}  # by route handler


def _decoder(request: Request[Any, Any, Any]) -> msgspec.json.Decoder[Any] | None:
    """The strict decoder of the handler's `data` type; None for a handler without one."""
    handler = request.route_handler
    if handler not in _decoders:
        data = handler.parsed_fn_signature.parameters.get("data")
        _decoders[handler] = (
            None if data is None else msgspec.json.Decoder(data.annotation, strict=True)
        )
    return _decoders[handler]


def wrong_types(body: bytes, decoder: msgspec.json.Decoder[Any]) -> list[dict[str, str]]:
    """Where the body's values are not of the type the handler takes, as Litestar's
    validation errors name them (`key`: the field's path, `substitutes[0].if_needed`)."""
    try:
        decoder.decode(body)
    except msgspec.ValidationError as e:
        found = _AT.match(str(e))
        assert found is not None  # the pattern matches any text
        path = (found.group("path") or "").lstrip(".")
        return [{"key": path or "body", "message": found.group("message"), "source": "body"}]
    except msgspec.DecodeError:
        pass  # not JSON: Litestar's decoder answers that as before
    return []


async def check(request: Request[Any, Any, Any]) -> None:
    """A `before_request` hook: Invalid (422) for a JSON body of a bad shape, 400 for a value
    of the wrong type. The body read here is kept for the handler."""
    if request.method not in CHANGES:
        return
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        return
    body = await request.body()
    found = await sync_to_thread(problems, body)  # off the event loop
    if found:
        raise Invalid(found)
    decoder = _decoder(request)
    wrong = [] if decoder is None else await sync_to_thread(wrong_types, body, decoder)
    if wrong:
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}", extra=wrong
        )
