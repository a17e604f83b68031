"""The half-done signature of the two-step (Web eID) flow, kept by the service between steps."""

from __future__ import annotations

import datetime as dt

import msgspec


class PendingSignature(msgspec.Struct, frozen=True, kw_only=True):
    """Everything `finish` needs; encode with `to_bytes` to keep it in the database.

    `container` is the container with the prepared signature (no value yet) inside;
    `base_sha256` identifies the container it was begun on, so a caller can notice that someone
    else signed in the meantime and start again instead of dropping that signature.
    """

    container: bytes
    signature_id: str
    profile: str
    digest: bytes
    algorithm: str  # the hash the client signs with, as Web eID names it: SHA-256, SHA-384…
    signer_certificate: bytes
    base_sha256: str
    created: dt.datetime
    expires: dt.datetime
    pss: bool = False  # the value is RSASSA-PSS (Smart-ID), not PKCS#1 v1.5

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or dt.datetime.now(dt.UTC)) >= self.expires

    def to_bytes(self) -> bytes:
        return msgspec.msgpack.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> PendingSignature:
        return msgspec.msgpack.decode(data, type=cls)
