"""Verification report of an ASiC-E container: the service's own checks (xades.py) and
libdigidocpp's verdict together; a signature is valid only when both find nothing wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from roles.sign import engine
from roles.sign.container import ContainerError, read_container
from roles.sign.names import personal_code, signer_name
from roles.sign.trust import TrustAnchors
from roles.sign.xades import Findings, check_signature_document


class SignatureReport(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    signer: str | None
    personal_code: str | None
    signing_time: dt.datetime | None  # the timestamp's time; the claimed time without one
    profile: str
    valid: bool
    reasons: list[str]
    data_files_intact: bool


class DataFileReport(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    mimetype: str
    size: int
    intact: bool  # no signature found it changed


class Report(msgspec.Struct, frozen=True, kw_only=True):
    valid: bool  # at least one signature, all of them valid
    data_files: list[DataFileReport]
    signatures: list[SignatureReport]
    reasons: list[str]  # about the container as a whole


def _trust(trust_dir: Path | None) -> TrustAnchors:
    directory = trust_dir or engine.ensure_configured().trust_dir
    return TrustAnchors.from_directory(directory) if directory else TrustAnchors(())


def _signature_report(findings: Findings, library: list[str] | None) -> SignatureReport:
    reasons = list(findings.reasons)
    if library is None:
        reasons.append("libdigidocpp did not find this signature")
    elif library and not reasons:  # our own reasons say it better; add libdigidocpp's otherwise
        reasons.extend(f"libdigidocpp: {message}" for message in library)
    certificate = findings.certificate
    return SignatureReport(
        id=findings.signature_id,
        signer=signer_name(certificate) if certificate else None,
        personal_code=personal_code(certificate) if certificate else None,
        signing_time=findings.timestamp_time or findings.claimed_time,
        profile=findings.profile,
        valid=not reasons,
        reasons=reasons,
        data_files_intact=not findings.changed_files,
    )


def verify(container_bytes: bytes, *, trust_dir: Path | None = None) -> Report:
    """Raises ContainerError when the bytes are not a readable ASiC-E container."""
    container = read_container(container_bytes)
    trust = _trust(trust_dir)
    findings = [
        f
        for _, document in sorted(container.signatures.items())
        for f in check_signature_document(document, container, trust)
    ]
    try:
        library = engine.libdigidocpp_problems(container_bytes)
    except engine.SigningError as error:
        raise ContainerError(str(error)) from error
    signatures = [_signature_report(f, library.get(f.signature_id)) for f in findings]
    changed = {name for f in findings for name in f.changed_files}
    reasons = [] if signatures else ["the container has no signatures"]
    return Report(
        valid=bool(signatures) and all(s.valid for s in signatures),
        data_files=[
            DataFileReport(
                name=f.name, mimetype=f.mimetype, size=len(f.content), intact=f.name not in changed
            )
            for f in container.data_files
        ],
        signatures=signatures,
        reasons=reasons,
    )
