"""What the OpenAPI document adds to what Litestar derives from the handlers.

Litestar documents each handler's `raises=`; the answers that come from elsewhere — the body
check before decoding (`bodies`), Litestar's own 400 and 413, the caller dependency (401, 403
for a change without the CSRF token), the database and the converter (503) — are declared here
once, for every operation, by `document(app)`. Request bodies decoded by Structs that forbid
unknown fields say so (`additionalProperties: false`), which Litestar leaves out.
"""

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Litestar, Request, Router
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute

from roles.api import bodies

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

# Why each status can come, whatever the handler.
EVERY: dict[int, str] = {
    400: "The request could not be read (a malformed body or parameter).",
    401: "No valid bearer token or session.",
    422: "The body or a parameter does not meet the rules (the body check names where).",
    503: "The database is read-only or unreachable, or the converter is busy; retry later.",
}
CHANGES: dict[int, str] = {
    403: "A change made with a session cookie without its CSRF token.",
    409: "The change conflicts with stored data.",
}
WITH_BODY: dict[int, str] = {413: "The body is larger than the service accepts."}
WITH_PATH: dict[int, str] = {404: "Nothing by that name in the caller's scope."}

_ERROR = Schema(
    type=OpenAPIType.OBJECT,
    required=["detail", "status_code"],
    properties={
        "status_code": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "extra": Schema(
            type=[OpenAPIType.NULL, OpenAPIType.OBJECT, OpenAPIType.ARRAY],
            additional_properties=Schema(),
        ),
    },
)


def _response(status: int, why: str) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=f"{HTTPStatus(status).phrase}: {why}",
        content={"application/json": OpenAPIMediaType(schema=_ERROR)},
    )


def _operations(app: Litestar) -> Iterator[tuple[str, Operation]]:
    for item in (app.openapi_schema.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            if operation is not None:
                yield method.upper(), operation


def _declare(operation: Operation, method: str) -> None:
    statuses = dict(EVERY)
    if method not in _SAFE:
        statuses |= CHANGES
    if operation.request_body is not None or method in bodies.CHANGES:
        statuses |= WITH_BODY  # the body check reads any JSON body sent with a change
    if any(getattr(p, "param_in", None) == "path" for p in operation.parameters or []):
        statuses |= WITH_PATH
    responses = operation.responses if operation.responses is not None else {}
    for status, why in statuses.items():
        responses.setdefault(str(status), _response(status, why))
    operation.responses = dict(sorted(responses.items()))


def _structs(annotation: Any) -> Iterator[msgspec.inspect.StructType]:
    """Every Struct a body of this type holds, itself and nested."""
    seen: set[type] = set()
    stack: list[msgspec.inspect.Type] = [msgspec.inspect.type_info(annotation)]
    while stack:
        node = stack.pop()
        if isinstance(node, msgspec.inspect.StructType):
            if node.cls in seen:
                continue
            seen.add(node.cls)
            yield node
            stack.extend(f.type for f in node.fields)
        elif isinstance(node, msgspec.inspect.Metadata):
            stack.append(node.type)
        elif isinstance(node, msgspec.inspect.UnionType):
            stack.extend(node.types)
        elif isinstance(node, msgspec.inspect.DictType):
            stack.extend((node.key_type, node.value_type))
        elif isinstance(
            node,
            msgspec.inspect.ListType
            | msgspec.inspect.SetType
            | msgspec.inspect.FrozenSetType
            | msgspec.inspect.VarTupleType,
        ):
            stack.append(node.item_type)
        elif isinstance(node, msgspec.inspect.TupleType):
            stack.extend(node.item_types)


def _closed_bodies(app: Litestar) -> dict[str, msgspec.inspect.StructType]:
    """The Structs in request bodies that refuse unknown fields, by name."""
    closed: dict[str, msgspec.inspect.StructType] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            data = handler.parsed_fn_signature.parameters.get("data")
            if data is None:
                continue
            try:
                structs = list(_structs(data.annotation))
            except TypeError:  # not a type msgspec describes (an upload form)
                continue
            closed |= {s.cls.__name__: s for s in structs if s.forbid_unknown_fields}
    return closed


def _item_rules(schema: Schema, field: msgspec.inspect.Field) -> None:
    """The rules on a list's strings (a pattern, a length), which Litestar leaves out."""
    kind = field.type
    if isinstance(kind, msgspec.inspect.UnionType):  # an optional list
        kind = next((t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType)), kind)
    if not isinstance(
        kind,
        msgspec.inspect.ListType
        | msgspec.inspect.SetType
        | msgspec.inspect.FrozenSetType
        | msgspec.inspect.VarTupleType,
    ) or not isinstance(kind.item_type, msgspec.inspect.StrType):
        return
    rules = kind.item_type
    prop = (schema.properties or {}).get(field.encode_name)
    arrays = [prop, *(prop.one_of or [])] if isinstance(prop, Schema) else []
    for array in arrays:
        items = array.items if isinstance(array, Schema) else None
        if isinstance(items, Schema) and items.type == OpenAPIType.STRING:
            items.pattern = items.pattern or rules.pattern
            if items.min_length is None:
                items.min_length = rules.min_length
            if items.max_length is None:
                items.max_length = rules.max_length


def _close(schemas: dict[str, Any], structs: dict[str, msgspec.inspect.StructType]) -> None:
    for key, schema in schemas.items():
        struct = structs.get(schema.title or key) if isinstance(schema, Schema) else None
        if struct is not None:
            schema.additional_properties = False
            for field in struct.fields:
                _item_rules(schema, field)


def document(app: Litestar) -> None:
    """Complete the app's OpenAPI document (once; before it is first served)."""
    if app.state.get("openapi_documented"):
        return
    app.state.openapi_documented = True
    openapi = app.openapi_schema
    for method, operation in _operations(app):
        _declare(operation, method)
    if openapi.components is not None and openapi.components.schemas:
        _close(openapi.components.schemas, _closed_bodies(app))


def _before(request: Request[Any, Any, Any]) -> None:
    document(request.app)


def schema_router() -> Router:
    """Where the document is served (`/schema`): it is completed on the first request, so
    building an app costs no schema generation."""
    return Router(
        "/schema",
        route_handlers=[],
        include_in_schema=False,
        dto=None,
        return_dto=None,
        before_request=_before,
    )
