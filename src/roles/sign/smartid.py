"""Smart-ID relying-party API v3: the calls that signing needs, as SK documents them.

- certificate choice: by notification to a person named by their national identity number
  (`etsi/PNOEE-…`), or anonymous through a device link (QR code / Web2App, smartid_links.py);
- signature sessions: notification to a document number (SK answers the verification code to
  show), or the notification *linked* to a device-link certificate choice (no code to show);
- session status, a long poll of up to `timeoutMs`.

Signing is RAW_DIGEST_SIGNATURE: SK's app signs the digest libdigidocpp computed, RSASSA-PSS
(SK's recommendation) or PKCS#1 v1.5 (deprecated there, still accepted). Authentication
sessions, and the certificate of a document number known from one, are not here: the service
logs people in otherwise.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Literal

import httpx
import msgspec

from roles.sign.sk_errors import Code, SkError
from roles.sign.sk_http import Connection, JsonApi, decode

# Signatures here are qualified ones: Smart-ID Basic (ADVANCED) accounts cannot sign here.
CertificateLevel = Literal["QUALIFIED", "QSCD"]
HashAlgorithm = Literal["SHA-256", "SHA-384", "SHA-512"]
DISPLAY_TEXT_60 = 60
DISPLAY_TEXT_200 = 200
_SEGMENT = re.compile(r"[A-Za-z0-9-]{1,100}")  # session ids, document numbers, PNOEE-…


class SmartIdSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the service passes in for Smart-ID."""

    connection: Connection  # base_url e.g. https://rp-api.smart-id.com/v3
    scheme_name: str = "smart-id"  # "smart-id-demo" in SK's demo environment (device links)
    certificate_level: CertificateLevel = "QUALIFIED"
    # RSASSA-PSS is SK's recommendation; libdigidocpp (DigiDoc4) and our own verifier both
    # validate it. False asks for PKCS#1 v1.5.
    rsa_pss: bool = True


# --- answers (SK may add fields: unknown ones are ignored, as its documentation asks) --------


class DeviceLinkSession(msgspec.Struct, frozen=True):
    session_id: str = msgspec.field(name="sessionID")
    session_token: str = msgspec.field(name="sessionToken")
    session_secret: str = msgspec.field(name="sessionSecret")
    device_link_base: str = msgspec.field(name="deviceLinkBase")


class _SessionId(msgspec.Struct, frozen=True):
    session_id: str = msgspec.field(name="sessionID")


class VerificationCode(msgspec.Struct, frozen=True):
    type: str
    value: str


class NotificationSignature(msgspec.Struct, frozen=True):
    session_id: str = msgspec.field(name="sessionID")
    vc: VerificationCode


class Certificate(msgspec.Struct, frozen=True, rename="camel"):
    value: str  # base64 DER
    certificate_level: str


class Result(msgspec.Struct, frozen=True, rename="camel"):
    end_result: str
    document_number: str | None = None
    details: dict[str, str] | None = None


class MaskGeneration(msgspec.Struct, frozen=True, rename="camel"):
    algorithm: str
    parameters: dict[str, str] | None = None


class AlgorithmParameters(msgspec.Struct, frozen=True, rename="camel"):
    hash_algorithm: str | None = None
    mask_gen_algorithm: MaskGeneration | None = None
    salt_length: int | None = None
    trailer_field: str | None = None


class Signature(msgspec.Struct, frozen=True, rename="camel"):
    flow_type: str
    value: str | None = None  # absent in a certificate choice's answer
    signature_algorithm: str | None = None
    signature_algorithm_parameters: AlgorithmParameters | None = None


class SessionStatus(msgspec.Struct, frozen=True, rename="camel"):
    state: str  # RUNNING or COMPLETE
    result: Result | None = None
    signature_protocol: str | None = None
    signature: Signature | None = None
    cert: Certificate | None = None
    interaction_type_used: str | None = None


# --- end results --------------------------------------------------------------------------

END_RESULTS: dict[str, Code] = {
    "USER_REFUSED": Code.REFUSED,
    "USER_REFUSED_CERT_CHOICE": Code.REFUSED,
    "USER_REFUSED_INTERACTION": Code.REFUSED,
    "TIMEOUT": Code.TIMEOUT,
    "DOCUMENT_UNUSABLE": Code.ACCOUNT_UNUSABLE,
    "ACCOUNT_UNUSABLE": Code.ACCOUNT_UNUSABLE,
    "WRONG_VC": Code.WRONG_VC,
    "REQUIRED_INTERACTION_NOT_SUPPORTED_BY_APP": Code.APP_OUTDATED,
    "PROTOCOL_FAILURE": Code.PROTOCOL_ERROR,
    "EXPECTED_LINKED_SESSION": Code.PROTOCOL_ERROR,
    "SERVER_ERROR": Code.SERVICE_UNAVAILABLE,
}


def raise_for_end_result(status: SessionStatus) -> None:
    """Nothing for a COMPLETE session ending OK; the `SkError` of any other end."""
    if status.state != "COMPLETE" or status.result is None:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"session is {status.state}")
    end = status.result.end_result
    if end == "OK":
        return
    details = status.result.details or {}
    detail = f"{end} ({details['interaction']})" if "interaction" in details else end
    raise SkError(END_RESULTS.get(end, Code.PROTOCOL_ERROR), "smart-id", detail)


def interactions(kind: Literal["notification", "linked"], text: str) -> str:
    """The `interactions` parameter: base64 of minified JSON, in order of preference.

    A notification asks the person to pick the code shown on our page among three; a linked
    signature shows no code (SK forbids the choice there). Texts longer than the app shows
    are shortened with an ellipsis."""
    long_text, short_text = _fit(text, DISPLAY_TEXT_200), _fit(text, DISPLAY_TEXT_60)
    first = (
        "confirmationMessageAndVerificationCodeChoice"
        if kind == "notification"
        else "confirmationMessage"
    )
    listed = [
        {"type": first, "displayText200": long_text},
        {"type": "displayTextAndPIN", "displayText60": short_text},
    ]
    return base64.b64encode(json.dumps(listed, separators=(",", ":")).encode()).decode()


def interaction_types(encoded: str) -> set[str]:
    return {item["type"] for item in json.loads(base64.b64decode(encoded))}


def _segment(value: str) -> str:
    """A value going into a URL path (some come from SK's answers): letters, digits, '-'."""
    if not _SEGMENT.fullmatch(value):
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"unexpected identifier {value!r}")
    return value


def _fit(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class SmartIdClient:
    """The API's calls; every failure is an `SkError` (service "smart-id")."""

    def __init__(self, settings: SmartIdSettings, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self._api = JsonApi(settings.connection, "smart-id", http)

    def close(self) -> None:
        self._api.close()

    def __enter__(self) -> SmartIdClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _party(self) -> dict[str, str]:
        connection = self.settings.connection
        return {
            "relyingPartyUUID": connection.relying_party_uuid,
            "relyingPartyName": connection.relying_party_name,
        }

    def certificate_choice_notification(self, semantics_identifier: str) -> str:
        """Asks the person (e.g. "PNOEE-38001085718") to choose a certificate; the session id."""
        body = {**self._party(), "certificateLevel": self.settings.certificate_level}
        answer = self._api.post(
            f"signature/certificate-choice/notification/etsi/{_segment(semantics_identifier)}",
            body,
            {404: Code.NOT_A_USER},
        )
        return decode(answer, _SessionId, "smart-id").session_id

    def certificate_choice_device_link(
        self, initial_callback_url: str | None = None
    ) -> DeviceLinkSession:
        """An anonymous certificate choice; whoever follows the device link chooses."""
        body: dict[str, object] = {
            **self._party(),
            "certificateLevel": self.settings.certificate_level,
        }
        if initial_callback_url:
            body["initialCallbackUrl"] = initial_callback_url
        answer = self._api.post(
            "signature/certificate-choice/device-link/anonymous", body, {404: Code.NOT_A_USER}
        )
        return decode(answer, DeviceLinkSession, "smart-id")

    def _signature_body(
        self, digest: bytes, algorithm: HashAlgorithm, encoded_interactions: str
    ) -> dict[str, object]:
        parameters: dict[str, object] = {"digest": base64.b64encode(digest).decode()}
        if self.settings.rsa_pss:
            parameters["signatureAlgorithm"] = "rsassa-pss"
            parameters["signatureAlgorithmParameters"] = {"hashAlgorithm": algorithm}
        else:
            parameters["signatureAlgorithm"] = pkcs1_name(algorithm)
        return {
            **self._party(),
            "certificateLevel": self.settings.certificate_level,
            "signatureProtocol": "RAW_DIGEST_SIGNATURE",
            "signatureProtocolParameters": parameters,
            "interactions": encoded_interactions,
        }

    def signature_notification(
        self,
        document_number: str,
        digest: bytes,
        algorithm: HashAlgorithm,
        encoded_interactions: str,
    ) -> NotificationSignature:
        """Sends the digest to the person's device; answers the session id and the code to
        show on our page."""
        answer = self._api.post(
            f"signature/notification/document/{_segment(document_number)}",
            self._signature_body(digest, algorithm, encoded_interactions),
            {404: Code.NOT_A_USER},
        )
        return decode(answer, NotificationSignature, "smart-id")

    def signature_linked(
        self,
        document_number: str,
        linked_session_id: str,
        digest: bytes,
        algorithm: HashAlgorithm,
        encoded_interactions: str,
    ) -> str:
        """The signature right after a device-link certificate choice, on the same device."""
        body = self._signature_body(digest, algorithm, encoded_interactions)
        body["linkedSessionID"] = linked_session_id
        answer = self._api.post(
            f"signature/notification/linked/{_segment(document_number)}",
            body,
            {404: Code.NOT_A_USER},
        )
        return decode(answer, _SessionId, "smart-id").session_id

    def session_status(self, session_id: str, wait_ms: int) -> SessionStatus:
        """The session's state, waiting up to `wait_ms` (1 000–120 000) for it to end."""
        wait_ms = min(max(wait_ms, 1000), 120_000)
        answer = self._api.poll(f"session/{_segment(session_id)}", wait_ms, {404: Code.EXPIRED})
        return decode(answer, SessionStatus, "smart-id")


def pkcs1_name(algorithm: str) -> str:
    return {
        "SHA-256": "sha256WithRSAEncryption",
        "SHA-384": "sha384WithRSAEncryption",
        "SHA-512": "sha512WithRSAEncryption",
    }[algorithm]
