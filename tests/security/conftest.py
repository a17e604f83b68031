"""The API fixtures (a populated database, a client, a bearer token per user) for the
security tests."""

from ..api.conftest import _fast_hashes, api  # noqa: F401  (fixtures)
