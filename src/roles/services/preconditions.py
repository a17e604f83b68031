"""ETags and If-Match: a change names the state it was made from, or it is refused.

`If-Match: *` ("whatever is there") is refused like a missing If-Match (428): it would let a
blind writer overwrite a change it never saw; an edit names the ETag it read.
"""

from typing import Any

from roles.services.errors import PreconditionRequired, Stale
from roles.services.snapshot import encoder, etag_of


def etag(value: Any) -> str:
    """The ETag of a value: a hash of its JSON."""
    return etag_of(encoder.encode(value))


def check_match(if_match: str | None, current: Any) -> None:
    """PreconditionRequired without If-Match or with `*`, Stale when it names another state."""
    if if_match is None:
        raise PreconditionRequired("send If-Match with the ETag you read")
    tags = [tag.strip() for tag in if_match.split(",")]
    if "*" in tags:
        raise PreconditionRequired("If-Match: * is not enough; send the ETag you read")
    now = etag(current)
    if now not in tags and ("W/" + now) not in tags:
        raise Stale("the resource changed since you read it; read it again")
