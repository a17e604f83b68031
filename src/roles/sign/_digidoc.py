"""Everything that touches libdigidocpp, run only inside a signing worker process
(`worker.py`): libdigidocpp holds the interpreter lock for as long as it works and keeps its
configuration per process, so the server itself never loads it.

Each operation takes and returns plain bytes and values (they cross a pipe)."""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pydigidoc as dd

from roles.sign.settings import EngineSettings
from roles.sign.trustlist import write_trust_list

# A URL never fetched: libdigidocpp reads the list from its cache under the URL's file name.
_TRUST_LIST_URL = "https://127.0.0.1/roles-trust-list.xml"


class DigidocError(Exception):
    """libdigidocpp refused; the message is its own, lines joined."""


def _error(error: RuntimeError) -> DigidocError:
    return DigidocError(" / ".join(line for line in str(error).splitlines() if line.strip()))


def configure(settings: EngineSettings) -> None:
    work = Path(tempfile.mkdtemp(prefix="roles-digidoc-"))
    for schema in Path(dd._SCHEMA_DIR).iterdir():  # the configuration's xsd path is `work`
        shutil.copy(schema, work)
    conf = dd.DigiDocConf(str(work))
    # libdigidocpp saves every setting into the user's ~/.digidocpp/digidocpp.conf and reads
    # that file back in every process: set each saved one, so none comes from elsewhere.
    conf.set_log_level(0)
    conf.set_tsurl(settings.tsa_url or "")
    conf.set_tslonline_digest(False)
    host, _, port = (settings.proxy or "").rpartition(":")
    conf.set_proxy_host(host)
    conf.set_proxy_port(port)
    conf.set_proxy_user("")
    conf.set_proxy_pass("")
    # Always our own list: without one libdigidocpp fetches the EU list of trusted lists.
    signer = write_trust_list(settings.certificates(), work / "roles-trust-list.xml")
    conf.set_tslurl(_TRUST_LIST_URL)
    conf.set_tslcert(signer)
    urls = dd.StringMap()
    for issuer, url in settings.ocsp_urls:
        urls[issuer] = url
    conf.set_ocspurls(urls)
    dd.Conf.init(conf.transfer())
    dd.initialize("roles")


def _scratch() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="roles-sign-")


def _open(data: bytes, scratch: Path) -> dd.Container:
    path = scratch / "in.asice"
    path.write_bytes(data)
    try:
        return dd.Container.open(str(path))
    except RuntimeError as error:
        raise _error(error) from error


def _save(container: dd.Container, scratch: Path) -> bytes:
    path = scratch / "out.asice"
    container.save(str(path))
    return path.read_bytes()


def _signer_options(signer: Any, profile: str, roles: tuple[str, ...]) -> None:
    signer.set_profile(profile)
    signer.set_enprofile(True)  # EN 319 132-1: SigningCertificateV2, SignerRoleV2
    if roles:
        signer.set_signer_roles(dd.StringVector(list(roles)))


def seal(data: bytes, p12: bytes, password: str, profile: str, roles: tuple[str, ...]) -> bytes:
    with _scratch() as name:
        scratch = Path(name)
        key = scratch / "seal.p12"
        key.touch(mode=0o600)
        key.write_bytes(p12)
        try:
            signer = dd.PKCS12Signer(str(key), password)
            _signer_options(signer, profile, roles)
            container = _open(data, scratch)
            container.sign(signer)
            return _save(container, scratch)
        except RuntimeError as error:
            raise _error(error) from error
        finally:
            key.unlink()


def prepare(
    data: bytes, certificate: bytes, method: str, profile: str, roles: tuple[str, ...]
) -> tuple[bytes, str, bytes]:
    """The container with a prepared signature, its id and the digest to sign."""
    with _scratch() as name:
        scratch = Path(name)
        try:
            signer = dd.ExternalSigner(certificate)
            _signer_options(signer, profile, roles)
            signer.set_method(method)
            opened = _open(data, scratch)
            signature = opened.prepare_signature(signer)
            digest = bytes(signature.data_to_sign())
            return _save(opened, scratch), str(signature.id()), digest
        except RuntimeError as error:
            raise _error(error) from error


def finalize(prepared: bytes, signature_id: str, value: bytes, profile: str) -> bytes:
    with _scratch() as name:
        scratch = Path(name)
        try:
            container = _open(prepared, scratch)
            signature = next((s for s in container.signatures() if s.id() == signature_id), None)
            if signature is None:
                raise DigidocError("the prepared signature is not in the pending container")
            signature.set_signature_value(value)
            signature.extend_signature_profile(profile)
            return _save(container, scratch)
        except RuntimeError as error:
            raise _error(error) from error


def problems(data: bytes) -> dict[str, list[str]]:
    """libdigidocpp's verdict: signature id -> its messages (empty when valid)."""
    with _scratch() as name:
        opened = _open(data, Path(name))
        found: dict[str, list[str]] = {}
        for signature in opened.signatures():
            try:
                signature.validate()
                found[str(signature.id())] = []
            except RuntimeError as error:
                found[str(signature.id())] = [
                    line.strip() for line in str(error).splitlines() if line.strip()
                ]
        return found


def describe(data: bytes) -> list[dict[str, Any]]:
    """What libdigidocpp reads in each signature (for tests and diagnostics)."""
    with _scratch() as name:
        opened = _open(data, Path(name))
        return [
            {
                "id": str(s.id()),
                "profile": str(s.profile()),
                "roles": [str(r) for r in s.signer_roles()],
                "method": str(s.signature_method()),
                "timestamp": str(s.time_stamp_time()),
                "archive_timestamp": str(s.archive_time_stamp_time()),
            }
            for s in opened.signatures()
        ]


def status() -> dict[str, Any]:
    return {"pid": os.getpid(), "address_space": resource.getrlimit(resource.RLIMIT_AS)[0]}


OPERATIONS = {
    "seal": seal,
    "prepare": prepare,
    "finalize": finalize,
    "problems": problems,
    "describe": describe,
    "status": status,
}
