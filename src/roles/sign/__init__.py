"""Signed job descriptions: ASiC-E containers with XAdES LTA signatures (e-seals per agency,
two-step signatures for Web eID, Smart-ID and Mobile-ID), and their verification. libdigidocpp
runs in worker processes; every container is checked by `roles.archive` before it is read.
The README's Signing section explains the engine and its production settings."""

from roles.sign.container import ContainerError, check_container, make_container, read_container
from roles.sign.engine import NotValid, begin, finish, seal
from roles.sign.errors import LibraryRefused, PendingSignatureExpired, SigningError
from roles.sign.pending import PendingSignature
from roles.sign.reasons import Reason, Severity
from roles.sign.runtime import configure, describe
from roles.sign.seals import Seal, SealError, load_seals, seal_for
from roles.sign.verify import DataFileReport, FileReport, Report, SignatureReport, verify
from roles.sign.worker import EngineCrashed, EngineTimeout

__all__ = [
    "ContainerError",
    "DataFileReport",
    "EngineCrashed",
    "EngineTimeout",
    "FileReport",
    "LibraryRefused",
    "NotValid",
    "PendingSignature",
    "PendingSignatureExpired",
    "Reason",
    "Report",
    "Seal",
    "SealError",
    "Severity",
    "SignatureReport",
    "SigningError",
    "begin",
    "check_container",
    "configure",
    "describe",
    "finish",
    "load_seals",
    "make_container",
    "read_container",
    "seal",
    "seal_for",
    "verify",
]
