"""The HTTP API: thin Litestar handlers over the store and the domain."""
