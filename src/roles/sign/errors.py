"""The signing library's exceptions."""

from __future__ import annotations


class SigningError(Exception):
    """Signing failed; the message says why (libdigidocpp's words where it refused)."""


class PendingSignatureExpired(SigningError):
    pass


class LibraryRefused(SigningError):
    """libdigidocpp refused the container or the operation; the message is its own."""
