"""Small pieces every controller shares: ETag responses, If-Match, paging parameters."""

from typing import Annotated, Any

from litestar import MediaType, Response
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, QueryParameter

from roles.services.access import Caller
from roles.services.auth import Client
from roles.services.documents import Download
from roles.services.snapshot import Encoded, encoder, etag_of
from roles.services.workspace import Committed, Workspace

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description="The ETag of the state you read; required on every change.",
    ),
]
PageNumber = Annotated[int, QueryParameter(ge=1, le=1_000_000, description="1-based page number")]
PerPage = Annotated[int, QueryParameter(ge=1, le=500, description="items per page")]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        description="The ETag you hold: answered 304 without a body while it is current.",
    ),
]


def tagged(value: Any, status_code: int = 200) -> Response[Any]:
    """The value as JSON with its ETag."""
    body = encoder.encode(value)
    return Response(
        body,
        status_code=status_code,
        media_type=MediaType.JSON,
        headers={"ETag": etag_of(body)},
    )


def tagged_bytes(encoded: Encoded, if_none_match: str | None = None) -> Response[Any]:
    """Pre-encoded JSON with its ETag; 304 without a body when the client has it already."""
    if if_none_match is not None and encoded.etag in if_none_match:
        return Response(b"", status_code=304, headers={"ETag": encoded.etag})
    return Response(encoded.body, media_type=MediaType.JSON, headers={"ETag": encoded.etag})


def download(found: Download, headers: dict[str, str] | None = None) -> Response[bytes]:
    """A file to save: its bytes, media type and name."""
    return Response(
        found.data,
        media_type=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{found.name}"', **(headers or {})},
    )


WS = NamedDependency[Workspace]  # the app's workspace
Me = NamedDependency[Caller]  # the authenticated caller (401 without one)
Now = NamedDependency[Committed]  # the revisions this request read first (`ws.committed`)


def client_of(request: Any) -> Client:
    """Where the request came from: the address uvicorn gives (it reads X-Forwarded-For only
    from the proxies `--forwarded-allow-ips` trusts) and the user agent."""
    host = request.client.host if request.client else "unknown"
    return Client(address=host, agent=request.headers.get("user-agent", "")[:300])
