"""Mobile-ID REST API (SK's MID REST): the signing certificate of a phone number and personal
code, a signature of a hash, the session's long-poll status, and the verification code.

Mobile-ID answers "not a client" and the like with HTTP 200 and a result code; HTTP errors mean
our request or registration is wrong, or SK's side failed.
"""

from __future__ import annotations

import base64
import re
from typing import Literal

import httpx
import msgspec

from roles.sign.sk_errors import Code, Language, SkError
from roles.sign.sk_http import Connection, JsonApi, decode

DISPLAY_TEXT_GSM7 = 100  # characters of GSM 03.38's alphabet (extension ones count twice)
DISPLAY_TEXT_UCS2 = 50
_LANGUAGES: dict[Language, str] = {"et": "EST", "en": "ENG"}
_HASH_TYPES = {"SHA-256": "SHA256", "SHA-384": "SHA384", "SHA-512": "SHA512"}
_PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
_SESSION = re.compile(r"[A-Za-z0-9-]{1,64}")
# GSM 03.38 default alphabet, and its extension table (each of those takes two places).
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = set("^{}\\[~]|€")


class MobileIdSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the service passes in for Mobile-ID."""

    connection: Connection  # base_url e.g. https://mid.sk.ee/mid-api


class _CertificateAnswer(msgspec.Struct, frozen=True):
    result: str
    cert: str | None = None


class _SessionId(msgspec.Struct, frozen=True):
    session_id: str = msgspec.field(name="sessionID")


class Signature(msgspec.Struct, frozen=True):
    value: str
    algorithm: str  # e.g. SHA256WithECEncryption, SHA256WithRSAEncryption


class SessionStatus(msgspec.Struct, frozen=True):
    state: str  # RUNNING or COMPLETE
    result: str | None = None
    signature: Signature | None = None


END_RESULTS: dict[str, Code] = {
    "TIMEOUT": Code.TIMEOUT,
    "NOT_MID_CLIENT": Code.NOT_A_USER,
    "USER_CANCELLED": Code.REFUSED,
    "SIGNATURE_HASH_MISMATCH": Code.SIM_ERROR,
    "PHONE_ABSENT": Code.PHONE_UNREACHABLE,
    "DELIVERY_ERROR": Code.PHONE_UNREACHABLE,
    "SIM_ERROR": Code.SIM_ERROR,
}


def verification_code(digest: bytes) -> str:
    """The 4-digit code of a hash: its first 6 bits, then its last 7, as a decimal number."""
    return f"{(digest[0] >> 2) << 7 | (digest[-1] & 0x7F):04d}"


def phone_number(text: str) -> str:
    """+3725123456 from what a person typed ("+372 5123 456"); the country code is required."""
    compact = re.sub(r"[\s-]", "", text)
    if not _PHONE.fullmatch(compact):
        raise SkError(Code.INVALID_PHONE, "mobile-id", repr(text))
    return compact


def display_text(text: str) -> tuple[str, Literal["GSM-7", "UCS-2"]]:
    """The text for the phone's screen and its format: GSM-7 when every character is in its
    alphabet (up to 100), else UCS-2 (up to 50: õ, š, ž are not in GSM-7); shortened to fit."""
    text = " ".join(text.split())
    if all(c in _GSM7 or c in _GSM7_EXTENSION for c in text):
        if _gsm7_length(text) <= DISPLAY_TEXT_GSM7:
            return text, "GSM-7"
        while _gsm7_length(text) > DISPLAY_TEXT_GSM7 - 3:
            text = text[:-1]
        return text.rstrip() + "...", "GSM-7"
    if len(text) <= DISPLAY_TEXT_UCS2:
        return text, "UCS-2"
    return text[: DISPLAY_TEXT_UCS2 - 1].rstrip() + "…", "UCS-2"


def _gsm7_length(text: str) -> int:
    return sum(2 if c in _GSM7_EXTENSION else 1 for c in text)


def raise_for_end_result(status: SessionStatus) -> None:
    if status.state != "COMPLETE" or status.result is None:
        raise SkError(Code.PROTOCOL_ERROR, "mobile-id", f"session is {status.state}")
    if status.result != "OK":
        raise SkError(
            END_RESULTS.get(status.result, Code.PROTOCOL_ERROR), "mobile-id", status.result
        )


class MobileIdClient:
    """The API's calls; every failure is an `SkError` (service "mobile-id")."""

    def __init__(self, settings: MobileIdSettings, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self._api = JsonApi(settings.connection, "mobile-id", http)

    def close(self) -> None:
        self._api.close()

    def __enter__(self) -> MobileIdClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _person(self, phone: str, personal_code: str) -> dict[str, str]:
        connection = self.settings.connection
        return {
            "relyingPartyUUID": connection.relying_party_uuid,
            "relyingPartyName": connection.relying_party_name,
            "phoneNumber": phone,
            "nationalIdentityNumber": personal_code,
        }

    def certificate(self, phone: str, personal_code: str) -> bytes:
        """The signing certificate (DER) of this phone number and personal code."""
        answer = self._api.post("certificate", self._person(phone, personal_code), {})
        found = decode(answer, _CertificateAnswer, "mobile-id")
        if found.result != "OK":
            raise SkError(Code.NOT_A_USER, "mobile-id", f"certificate: {found.result}")
        if not found.cert:
            raise SkError(Code.PROTOCOL_ERROR, "mobile-id", "OK without a certificate")
        try:
            return base64.b64decode(found.cert, validate=True)
        except ValueError:
            raise SkError(Code.PROTOCOL_ERROR, "mobile-id", "certificate not base64") from None

    def signature(
        self,
        phone: str,
        personal_code: str,
        digest: bytes,
        algorithm: str,
        text: str,
        lang: Language = "et",
    ) -> str:
        """Sends the hash to the phone; the session id. Show `verification_code(digest)`."""
        shown, text_format = display_text(text)
        body = {
            **self._person(phone, personal_code),
            "hash": base64.b64encode(digest).decode(),
            "hashType": _HASH_TYPES[algorithm],
            "language": _LANGUAGES[lang],
            "displayText": shown,
            "displayTextFormat": text_format,
        }
        answer = self._api.post("signature", body, {})
        session_id = decode(answer, _SessionId, "mobile-id").session_id
        if not _SESSION.fullmatch(session_id):
            raise SkError(Code.PROTOCOL_ERROR, "mobile-id", f"session id {session_id!r}")
        return session_id

    def session_status(self, session_id: str, wait_ms: int) -> SessionStatus:
        """The signing session's state, waiting up to `wait_ms` for it to end."""
        if not _SESSION.fullmatch(session_id):
            raise SkError(Code.PROTOCOL_ERROR, "mobile-id", f"session id {session_id!r}")
        wait_ms = min(max(wait_ms, 1000), 120_000)
        answer = self._api.poll(f"signature/session/{session_id}", wait_ms, {404: Code.EXPIRED})
        return decode(answer, SessionStatus, "mobile-id")
