"""Signed job descriptions: ASiC-E containers with XAdES LT signatures (e-seal and Web eID),
and their verification. The README's Signing section explains the engine and its production
settings."""

from roles.sign.container import ContainerError, make_container, read_container
from roles.sign.engine import (
    PendingSignatureExpired,
    SigningError,
    begin,
    configure,
    finish,
    seal,
)
from roles.sign.pending import PendingSignature
from roles.sign.verify import DataFileReport, Report, SignatureReport, verify

__all__ = [
    "ContainerError",
    "DataFileReport",
    "PendingSignature",
    "PendingSignatureExpired",
    "Report",
    "SignatureReport",
    "SigningError",
    "begin",
    "configure",
    "finish",
    "make_container",
    "read_container",
    "seal",
    "verify",
]
