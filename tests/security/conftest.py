"""The API fixtures of tests/api, for the security tests."""

from ..api.conftest import _fast_hashes, api

__all__ = ["_fast_hashes", "api"]
