"""Verification report of an ASiC-E container: the service's own checks (xades.py) and
libdigidocpp's verdict together; a signature is valid only when both find nothing wrong.

Per signature: a status (valid, valid with warnings, indeterminate, invalid — the words of
ETSI EN 319 102-1), the signer, personal or registry code, claimed roles, time, level and the
files it covers; reasons with codes, in Estonian and English. Every file of the container is
listed with the signatures covering it; a file added inside META-INF is named.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from roles.sign import level, runtime
from roles.sign.container import Container, ContainerError, read_container
from roles.sign.names import personal_code, registry_code, signer_name
from roles.sign.reasons import Reason, reason, worst
from roles.sign.trust import TrustAnchors
from roles.sign.xades import Findings, check_signature_document

VALID_STATUSES = ("valid", "valid-with-warnings")


class SignatureReport(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    status: str  # valid | valid-with-warnings | indeterminate | invalid
    valid: bool  # status is valid or valid-with-warnings
    signer: str | None
    personal_code: str | None  # a person's (Estonian isikukood)
    registry_code: str | None  # an e-seal's legal person (äriregistri kood)
    roles: list[str]  # claimed roles: "KINNITAN", "Tutvunud ametijuhendiga", a position
    signing_time: dt.datetime | None  # the timestamp's time; the claimed time without one
    profile: str  # XAdES-BASELINE-B / -T / -LT / -LTA
    level: str | None  # qualified-signature | qualified-seal | advanced-signature | advanced-seal
    level_et: str | None
    level_en: str | None
    covers: list[str]  # the data files this signature signs
    reasons: list[str]  # in English (what earlier versions reported)
    problems: list[Reason]  # the same with codes, severities and Estonian
    data_files_intact: bool


class DataFileReport(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    mimetype: str
    size: int
    intact: bool  # no signature found it changed
    signed_by: list[str]  # ids of the signatures covering it


class FileReport(msgspec.Struct, frozen=True, kw_only=True):
    """Every entry of the container, META-INF included."""

    name: str
    kind: str  # mimetype | manifest | signature | data | meta-inf-extra
    size: int
    signed_by: list[str]


class Report(msgspec.Struct, frozen=True, kw_only=True):
    valid: bool  # at least one signature, all of them valid
    status: str  # the worst of the signatures' and the container's own
    data_files: list[DataFileReport]
    files: list[FileReport]
    signatures: list[SignatureReport]
    reasons: list[str]  # about the container as a whole, in English
    problems: list[Reason]  # the same with codes and Estonian


def _trust(trust_dir: Path | None) -> TrustAnchors:
    if trust_dir is not None:
        return TrustAnchors.from_directory(trust_dir)
    return TrustAnchors(tuple(runtime.settings().certificates()))


def _signature_report(findings: Findings, verdicts: dict[str, list[str]] | None) -> SignatureReport:
    english = list(findings.reasons)
    library = None if verdicts is None else verdicts.get(findings.signature_id)
    if verdicts is None:
        if not english:
            english.append("libdigidocpp could not check this signature")
    elif library is None:
        english.append("libdigidocpp did not find this signature")
    elif library and not english:  # our own reasons say it better; add libdigidocpp's otherwise
        english.extend(f"libdigidocpp: {message}" for message in library)
    certificate = findings.certificate
    found = level.level(certificate) if certificate else None
    warnings = []
    if found in (level.ADVANCED_SIGNATURE, level.ADVANCED_SEAL):
        warnings.append(f"the signature is not a qualified one ({level.NAMES[found][1]})")
    problems = [reason(r) for r in english + warnings]
    status = worst(problems)
    return SignatureReport(
        id=findings.signature_id,
        status=status,
        valid=status in VALID_STATUSES,
        signer=signer_name(certificate) if certificate else None,
        personal_code=personal_code(certificate) if certificate else None,
        registry_code=registry_code(certificate) if certificate else None,
        roles=findings.roles,
        signing_time=findings.timestamp_time or findings.claimed_time,
        profile=findings.profile,
        level=found,
        level_et=level.NAMES[found][0] if found else None,
        level_en=level.NAMES[found][1] if found else None,
        covers=findings.covers,
        reasons=english + warnings,
        problems=problems,
        data_files_intact=not findings.changed_files,
    )


def _files(container: Container, signatures: list[SignatureReport]) -> list[FileReport]:
    from roles.sign.container import MANIFEST_PATH, SIGNATURE_PATH

    files = []
    for name, size in container.entries:
        kind = (
            "mimetype"
            if name == "mimetype"
            else "manifest"
            if name == MANIFEST_PATH
            else "signature"
            if SIGNATURE_PATH.fullmatch(name)
            else "meta-inf-extra"
            if name in container.other_meta
            else "data"
        )
        covering = [s.id for s in signatures if name in s.covers]
        files.append(FileReport(name=name, kind=kind, size=size, signed_by=covering))
    return files


def verify(container_bytes: bytes, *, trust_dir: Path | None = None) -> Report:
    """Raises ContainerError (with a code and Estonian and English words) when the bytes are
    not a readable ASiC-E container or fail the archive checks; anything readable, however
    hostile, gets a report."""
    container = read_container(container_bytes)
    trust = _trust(trust_dir)
    findings = [
        f
        for _, document in sorted(container.signatures.items())
        for f in check_signature_document(document, container, trust)
    ]
    english = [] if findings else ["the container has no signatures"]
    library: dict[str, list[str]] | None = None  # None: libdigidocpp did not check
    unreadable = [f for f in findings if f.signature_id == "?"]
    if findings and not unreadable:  # a signature file we refused to parse is not handed on
        try:
            library = runtime.libdigidocpp_problems(container_bytes)
        except ContainerError as refused:
            english.append(f"libdigidocpp: {refused.message_en}")
    signatures = [_signature_report(f, library) for f in findings]
    changed = {name for f in findings for name in f.changed_files}
    english += [
        f"'{name}' was added inside META-INF and is covered by no signature"
        for name in container.other_meta
    ]
    problems = [reason(r) for r in english]
    statuses = [s.status for s in signatures] + [worst(problems)]
    order = ["valid", "valid-with-warnings", "indeterminate", "invalid"]
    status = max(statuses, key=order.index)
    return Report(
        valid=status in VALID_STATUSES,
        status=status,
        data_files=[
            DataFileReport(
                name=f.name,
                mimetype=f.mimetype,
                size=len(f.content),
                intact=f.name not in changed,
                signed_by=[s.id for s in signatures if f.name in s.covers],
            )
            for f in container.data_files
        ],
        files=_files(container, signatures),
        signatures=signatures,
        reasons=english,
        problems=problems,
    )


__all__ = ["ContainerError", "DataFileReport", "FileReport", "Report", "SignatureReport", "verify"]
