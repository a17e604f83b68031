"""Signing with libdigidocpp (through pydigidoc), the library behind DigiDoc4.

libdigidocpp's configuration and trust store are process-wide and set once: `configure` is
called once per process (on first use, from `roles.config.settings()`, unless called before).
With a trust directory, libdigidocpp is given a trust list naming exactly its certificates;
without one, it uses its default, the EU list of trusted lists (fetched online).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pydigidoc as dd
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from roles.sign.container import make_container
from roles.sign.pending import PendingSignature
from roles.sign.trustlist import load_certificates, write_trust_list

PROFILE_LT = "time-stamp"  # libdigidocpp's name for XAdES LT with a signature timestamp
# A URL never fetched: libdigidocpp reads the list from its cache under the URL's file name.
_TRUST_LIST_URL = "https://127.0.0.1/roles-trust-list.xml"
_DIGEST_URIS = {
    "SHA-256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "SHA-384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "SHA-512": "http://www.w3.org/2001/04/xmlenc#sha512",
}
# RSASSA-PSS (RFC 6931), the scheme Smart-ID recommends; libdigidocpp signs with it when the
# signer's method names it, salt as long as the hash.
_PSS_URIS = {
    "SHA-256": "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
    "SHA-384": "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
    "SHA-512": "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
}
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "SHA-256": hashes.SHA256(),
    "SHA-384": hashes.SHA384(),
    "SHA-512": hashes.SHA512(),
}

Files = list[tuple[str, bytes, str]]


class SigningError(Exception):
    """Signing failed; the message says why (libdigidocpp's words where it refused)."""


class PendingSignatureExpired(SigningError):
    pass


@dataclass(frozen=True)
class EngineSettings:
    trust_dir: Path | None
    tsa_url: str | None
    ocsp_urls: tuple[tuple[str, str], ...] = ()  # (issuer CN, URL); otherwise from the AIA


_lock = threading.Lock()
_active: EngineSettings | None = None


def configure(
    trust_dir: Path | None = None,
    tsa_url: str | None = None,
    ocsp_urls: dict[str, str] | None = None,
) -> EngineSettings:
    """Sets libdigidocpp up for this process; again with the same settings is a no-op."""
    global _active
    wanted = EngineSettings(trust_dir, tsa_url, tuple(sorted((ocsp_urls or {}).items())))
    with _lock:
        if _active is not None:
            if _active != wanted:
                raise SigningError("libdigidocpp is already configured differently in this process")
            return _active
        work = Path(tempfile.mkdtemp(prefix="roles-digidoc-"))
        for schema in Path(dd._SCHEMA_DIR).iterdir():  # the configuration's xsd path is `work`
            shutil.copy(schema, work)
        conf = dd.DigiDocConf(str(work))
        conf.set_log_level(0)
        if trust_dir is not None:
            signer = write_trust_list(load_certificates(trust_dir), work / "roles-trust-list.xml")
            conf.set_tslurl(_TRUST_LIST_URL)
            conf.set_tslcert(signer)
            conf.set_tslonline_digest(False)
        if tsa_url:
            conf.set_tsurl(tsa_url)
        if ocsp_urls:
            urls = dd.StringMap()
            for issuer, url in ocsp_urls.items():
                urls[issuer] = url
            conf.set_ocspurls(urls)
        dd.Conf.init(conf.transfer())
        dd.initialize("roles")
        _active = wanted
        return wanted


def ensure_configured() -> EngineSettings:
    if _active is not None:
        return _active
    from roles.config import settings

    current = settings()
    return configure(current.trust_dir, current.tsa_url)


def _open(data: bytes, scratch: Path) -> dd.Container:
    path = scratch / "in.asice"
    path.write_bytes(data)
    try:
        return dd.Container.open(str(path))
    except RuntimeError as error:
        raise SigningError(f"cannot open the container: {error}") from error


def _save(container: dd.Container, scratch: Path) -> bytes:
    path = scratch / "out.asice"
    container.save(str(path))
    return path.read_bytes()


def _as_container(container_or_files: bytes | Files) -> bytes:
    if isinstance(container_or_files, bytes):
        return container_or_files
    return make_container(container_or_files)


def _libdigidocpp_error(error: RuntimeError) -> SigningError:
    return SigningError(" / ".join(line for line in str(error).splitlines() if line.strip()))


def seal(
    container_or_files: bytes | Files,
    p12_path: Path | None = None,
    password: str | None = None,
    *,
    roles: tuple[str, ...] = (),
) -> bytes:
    """Adds an e-seal (XAdES LT) made with the key and certificate of a PKCS#12 file; the
    file and password default to ROLES_ESEAL_P12 and ROLES_ESEAL_PASSWORD."""
    ensure_configured()
    if p12_path is None or password is None:
        from roles.config import settings

        p12_path = p12_path or settings().eseal_p12
        password = password if password is not None else settings().eseal_password
    if p12_path is None:
        raise SigningError("no e-seal configured (ROLES_ESEAL_P12)")
    data = _as_container(container_or_files)
    with tempfile.TemporaryDirectory(prefix="roles-sign-") as name:
        scratch = Path(name)
        try:
            signer = dd.PKCS12Signer(str(p12_path), password or "")
            signer.set_profile(PROFILE_LT)
            if roles:
                signer.set_signer_roles(dd.StringVector(list(roles)))
            container = _open(data, scratch)
            container.sign(signer)
            return _save(container, scratch)
        except RuntimeError as error:
            raise _libdigidocpp_error(error) from error


def hash_for(certificate_der: bytes) -> str:
    """The hash a key signs with: SHA-384 for P-384 (Estonian ID cards), SHA-512 for P-521."""
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size > 256:
        return "SHA-384" if key.curve.key_size <= 384 else "SHA-512"
    return "SHA-256"


def begin(
    container: bytes,
    signer_certificate_der: bytes,
    *,
    roles: tuple[str, ...] = (),
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = dt.timedelta(minutes=5),
    rsa_pss: bool = False,
) -> tuple[PendingSignature, bytes, str]:
    """Step one of the two-step flow (Web eID, Smart-ID, Mobile-ID): prepares a signature for
    the signer's certificate, with `roles` as its XAdES ClaimedRoles ("KINNITAN", a position).

    Returns the pending state to keep, the digest the client signs and its hash algorithm
    as Web eID names it (hashFunction). `rsa_pss` asks for an RSASSA-PSS value (Smart-ID)
    instead of PKCS#1 v1.5; it needs an RSA key."""
    ensure_configured()
    now = now or dt.datetime.now(dt.UTC)
    algorithm = hash_for(signer_certificate_der)
    if rsa_pss and not isinstance(
        x509.load_der_x509_certificate(signer_certificate_der).public_key(), rsa.RSAPublicKey
    ):
        raise SigningError("RSASSA-PSS needs an RSA key")
    with tempfile.TemporaryDirectory(prefix="roles-sign-") as name:
        scratch = Path(name)
        try:
            signer = dd.ExternalSigner(signer_certificate_der)
            signer.set_profile(PROFILE_LT)
            signer.set_method((_PSS_URIS if rsa_pss else _DIGEST_URIS)[algorithm])
            if roles:
                signer.set_signer_roles(dd.StringVector(list(roles)))
            opened = _open(container, scratch)
            signature = opened.prepare_signature(signer)
            digest = bytes(signature.data_to_sign())
            signature_id = str(signature.id())
            prepared = _save(opened, scratch)
        except RuntimeError as error:
            raise _libdigidocpp_error(error) from error
    pending = PendingSignature(
        container=prepared,
        signature_id=signature_id,
        profile=PROFILE_LT,
        digest=digest,
        algorithm=algorithm,
        signer_certificate=signer_certificate_der,
        base_sha256=hashlib.sha256(container).hexdigest(),
        created=now,
        expires=now + lifetime,
    )
    return pending, digest, algorithm


def finish(
    pending: PendingSignature, signature_value: bytes, *, now: dt.datetime | None = None
) -> bytes:
    """Step two: puts the client's signature value (raw r‖s for EC keys, PKCS#1 v1.5 or, when
    begun so, RSASSA-PSS for RSA) in, adds the timestamp and OCSP confirmation, returns the
    signed container."""
    if pending.is_expired(now):
        raise PendingSignatureExpired("the signature was not finished in time; start again")
    ensure_configured()
    with tempfile.TemporaryDirectory(prefix="roles-sign-") as name:
        scratch = Path(name)
        try:
            container = _open(pending.container, scratch)
            signature = next(
                (s for s in container.signatures() if s.id() == pending.signature_id), None
            )
            if signature is None:
                raise SigningError("the prepared signature is not in the pending container")
            # libdigidocpp takes any value and writes an invalid signature; refuse one instead.
            pss = str(signature.signature_method()) in _PSS_URIS.values()
            if not value_matches(
                pending.signer_certificate,
                pending.digest,
                pending.algorithm,
                signature_value,
                pss=pss,
            ):
                raise SigningError("the signature value does not match the digest and certificate")
            signature.set_signature_value(signature_value)
            signature.extend_signature_profile(pending.profile)
            return _save(container, scratch)
        except RuntimeError as error:
            raise _libdigidocpp_error(error) from error


def value_matches(
    certificate_der: bytes, digest: bytes, algorithm: str, value: bytes, *, pss: bool = False
) -> bool:
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    prehashed = utils.Prehashed(_HASHES[algorithm])
    if pss and not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            half = len(value) // 2
            if len(value) != 2 * ((key.curve.key_size + 7) // 8):
                return False
            der_value = utils.encode_dss_signature(
                int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big")
            )
            key.verify(der_value, digest, ec.ECDSA(prehashed))
        elif isinstance(key, rsa.RSAPublicKey) and pss:
            mgf = padding.MGF1(_HASHES[algorithm])
            key.verify(value, digest, padding.PSS(mgf, padding.PSS.DIGEST_LENGTH), prehashed)
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(value, digest, padding.PKCS1v15(), prehashed)
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def libdigidocpp_problems(container: bytes) -> dict[str, list[str]]:
    """libdigidocpp's own verdict: signature id -> its error messages (empty when valid)."""
    ensure_configured()
    with tempfile.TemporaryDirectory(prefix="roles-verify-") as name:
        opened = _open(container, Path(name))
        problems: dict[str, list[str]] = {}
        for signature in opened.signatures():
            try:
                signature.validate()
                problems[str(signature.id())] = []
            except RuntimeError as error:
                problems[str(signature.id())] = [
                    line.strip() for line in str(error).splitlines() if line.strip()
                ]
        return problems
