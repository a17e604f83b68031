"""Small pieces every controller shares: ETag responses, If-Match, paging parameters."""

from typing import Annotated, Any

from litestar import MediaType, Response
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, QueryParameter

from roles.api.access import Caller
from roles.api.services.workspace import Encoded, Workspace, encoder, etag_of

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


def tagged(value: Any, status_code: int = 200) -> Response[Any]:
    """The value as JSON with its ETag."""
    body = encoder.encode(value)
    return Response(
        body,
        status_code=status_code,
        media_type=MediaType.JSON,
        headers={"ETag": etag_of(body)},
    )


def tagged_bytes(encoded: Encoded) -> Response[Any]:
    return Response(encoded.body, media_type=MediaType.JSON, headers={"ETag": encoded.etag})


WS = NamedDependency[Workspace]  # the app's workspace
Me = NamedDependency[Caller]  # the authenticated caller (401 without one)
