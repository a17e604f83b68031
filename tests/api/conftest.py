"""An API client per test on a populated database, on SQLite and PostgreSQL."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from roles.services import auth

from ..conftest import make_app
from .factories import populate


@pytest.fixture(autouse=True, scope="session")
def _fast_hashes() -> Iterator[None]:
    """Argon2 with the smallest cost: the tests check the logic, not the cost."""
    saved = auth.hasher
    auth.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth.hasher = saved


class Api:
    """A test client with a bearer token per user: `api.as_("hr").get(...)`."""

    def __init__(self, client: TestClient[Any], tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def as_(self, user: str) -> "Client":
        return Client(self.client, self.tokens[user])


class Client:
    def __init__(self, client: TestClient[Any], token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        headers = {**self.headers, **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", url, **kw)

    def delete(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", url, **kw)

    def update(self, url: str, change: Any) -> httpx.Response:
        """GET, change the JSON with `change(body) -> body`, PUT it back with If-Match."""
        got = self.get(url)
        assert got.status_code == 200, got.text
        return self.put(url, json=change(got.json()), headers={"If-Match": got.headers["etag"]})


SECRET = "test-secret-test-secret-test-secret"


@pytest.fixture
def api(engine: Engine, database_url: str) -> Iterator[Api]:
    tokens = populate(engine)
    app = make_app(database_url, SECRET)
    with TestClient(app) as client:
        yield Api(client, tokens)


@pytest.fixture
def two(engine: Engine, database_url: str) -> Iterator[tuple[Api, Api]]:
    """Two app instances on one database (as two workers or two servers), each with its own
    caches and connections."""
    tokens = populate(engine)
    with (
        TestClient(make_app(database_url, SECRET)) as a,
        TestClient(make_app(database_url, SECRET)) as b,
    ):
        yield Api(a, tokens), Api(b, tokens)
