"""The one base of every request and response body the services take and give."""

import msgspec


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Every body: a misspelt key is an error, never ignored."""
