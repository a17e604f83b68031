"""The API tests' client and cheap password hashes, for the HR tests over the API."""

from ..api.conftest import _fast_hashes, api  # noqa: F401  (fixtures)
