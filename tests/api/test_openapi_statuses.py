"""The OpenAPI document declares every status an operation can answer, and request bodies
that refuse unknown fields say so (`additionalProperties: false`)."""

from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from tests.conftest import make_app

_METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Litestar, dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'roles.db'}"
    app = make_app(url, "a-test-secret-of-enough-length-0123")
    with TestClient(app) as client:
        got = client.get("/schema/openapi.json")
        assert got.status_code == 200
        return app, got.json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in _METHODS
    ]


def test_every_operation_declares_the_statuses_it_can_answer(
    served: tuple[Litestar, dict[str, Any]],
) -> None:
    app, document = served
    operations = _operations(document)
    assert len(operations) > 80
    missing = []
    for method, path, operation in operations:
        expected = {"400", "401", "422", "503"}
        if "{" in path:
            expected |= {"404"}
        if method != "GET":
            expected |= {"403", "409"}
        if "requestBody" in operation or method in ("POST", "PUT", "PATCH"):
            expected |= {"413"}
        if method == "PUT":  # every replacement is conditional (If-Match)
            expected |= {"412", "428"}
        if gaps := expected - set(operation["responses"]):
            missing.append(f"{method} {path}: {sorted(gaps)}")
    assert not missing, missing
    # The app's own document object is the one served.
    assert app.openapi_schema.to_schema()["paths"].keys() == document["paths"].keys()


def test_a_body_check_refusal_on_an_operation_without_a_body_is_declared(
    served: tuple[Litestar, dict[str, Any]], database_url: str
) -> None:
    _, document = served
    assert "422" in document["paths"]["/api/auth/logout"]["post"]["responses"]
    with TestClient(make_app(database_url, "a-test-secret-of-enough-length-0123")) as client:
        answer = client.post(
            "/api/auth/logout",
            content=b'{"a": 1, "a": 2}',
            headers={"Content-Type": "application/json"},
        )
    assert answer.status_code in (401, 422)  # the body check or the caller, both declared


def _closed(app: Litestar) -> dict[str, bool]:
    """Each JSON body's Struct name: does it forbid unknown fields?"""
    found: dict[str, bool] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                data = handler.parsed_fn_signature.parameters.get("data")
                if data is None:
                    continue
                info = msgspec.inspect.type_info(data.annotation)
                while isinstance(info, msgspec.inspect.Metadata):
                    info = info.type
                if isinstance(info, msgspec.inspect.StructType):
                    found[info.cls.__name__] = info.forbid_unknown_fields
    return found


def test_request_bodies_that_refuse_unknown_fields_declare_no_additional_properties(
    served: tuple[Litestar, dict[str, Any]],
) -> None:
    app, document = served
    closed = _closed(app)
    assert sum(closed.values()) >= 15
    schemas = document["components"]["schemas"]
    checked = 0
    for method, path, operation in _operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None or "$ref" not in body["schema"]:
            continue
        schema = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]]
        name = schema.get("title")
        if closed.get(name):
            assert schema.get("additionalProperties") is False, f"{method} {path}: {name}"
            checked += 1
    assert checked > 20
    # Nested Structs too: a clause inside a job description.
    assert schemas["Clause"]["additionalProperties"] is False
    # The rules on a list's strings are declared (schemathesis sent `[""]`, answered 400).
    slug = schemas["Position"]["properties"]["substitutes_for"]["items"]
    assert slug["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    assert schemas["JobDescription"]["properties"]["systems"]["items"]["minLength"] == 1
    duties = schemas["SubstitutionRule"]["properties"]["duties"]["oneOf"]  # an optional list
    assert any(d.get("items", {}).get("minLength") == 1 for d in duties)
