"""The HTTP API: thin Litestar handlers translating to and from `roles.services`.

`router()` holds every route, `openapi()` describes them, `errors.HANDLERS` answers every
error in one JSON shape; `roles.server` puts them in the application.
"""

from roles.api.errors import HANDLERS
from roles.api.openapi import document
from roles.api.router import openapi, router

__all__ = ["HANDLERS", "document", "openapi", "router"]
