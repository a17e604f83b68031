"""Limits on what a request body may be, checked before anything decodes it.

Litestar decodes a JSON body to plain Python before converting it to its type; msgspec's
decoder recurses once per level, so a body nested 100 000 levels deep raised RecursionError
(a 500). Every JSON body is measured first — its strings skipped, its brackets counted in C —
and one nested deeper than MAX_JSON_DEPTH is answered 400 naming the limit. Sizes are bounded
by Litestar's `request_max_body_size` (413).
"""

import re
from array import array
from itertools import accumulate
from typing import Any, Final

from litestar import Request
from litestar.exceptions import ClientException

# The deepest body the API takes: a job description with clauses nested as deep as the
# editor allows is under 30 levels; registry files stop at limits.MAX_FILE_DEPTH (24).
MAX_JSON_DEPTH: Final = 64

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_OTHERS = bytes(b for b in range(256) if b not in b"[{]}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def json_depth(body: bytes) -> int:
    """How deeply `body` nests arrays and objects (strings do not count)."""
    steps = _STRING.sub(b"", body).translate(_BRACKETS, _OTHERS)
    return max(accumulate(array("b", steps)), default=0)


async def check_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a JSON body nested deeper than MAX_JSON_DEPTH (400) before it is decoded."""
    if request.method not in _BODY_METHODS:
        return
    if "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()
    if body and json_depth(body) > MAX_JSON_DEPTH:
        raise ClientException(
            detail=f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels",
            extra=[{"path": "body", "message": f"at most {MAX_JSON_DEPTH} levels of nesting"}],
        )
