"""Smart-ID device links (RP API v3): the dynamic QR code and the Web2App link, and the check of
the callback a Web2App flow returns through.

A link carries an `authCode`, the HMAC-SHA256 under the session's secret of the link itself and
of what the session asks (scheme, protocol, digest, relying party, interactions, callback URL),
so nobody can change it on the way. It must be computed on the server (the secret never leaves
it); a QR code's link holds the seconds since the session began and is redrawn every second.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Literal

LinkType = Literal["QR", "Web2App", "App2App"]
SessionType = Literal["auth", "sign", "cert"]
VERSION = "1.0"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def auth_code(
    session_secret: str,
    *,
    scheme_name: str,
    signature_protocol: str,
    digest_or_challenge: str,
    relying_party_name: str,
    brokered_rp_name: str,
    interactions: str,
    initial_callback_url: str,
    unprotected_link: str,
) -> str:
    """BASE64URL(HMAC-SHA256(sessionSecret, authCodePayload)), the payload's fields joined by
    "|" (a certificate choice leaves protocol, digest and interactions empty)."""
    payload = "|".join(
        [
            scheme_name,
            signature_protocol,
            digest_or_challenge,
            base64.b64encode(relying_party_name.encode()).decode(),
            base64.b64encode(brokered_rp_name.encode()).decode() if brokered_rp_name else "",
            interactions,
            initial_callback_url,
            unprotected_link,
        ]
    ).encode()
    return _b64url(hmac.new(base64.b64decode(session_secret), payload, hashlib.sha256).digest())


def device_link(
    *,
    device_link_base: str,
    session_token: str,
    session_secret: str,
    session_type: SessionType,
    link_type: LinkType,
    scheme_name: str,
    relying_party_name: str,
    elapsed_seconds: int | None = None,
    lang: str = "est",
    signature_protocol: str = "",
    digest_or_challenge: str = "",
    interactions: str = "",
    initial_callback_url: str = "",
    brokered_rp_name: str = "",
) -> str:
    """The link to show: a QR code's (with `elapsed_seconds`) or a same-device one.

    Parameters go in SK's order, unencoded; a QR code's link is bound to no callback URL."""
    if link_type == "QR":
        if elapsed_seconds is None or elapsed_seconds < 0:
            raise ValueError("a QR code's link needs the seconds elapsed since the session began")
        elapsed = f"&elapsedSeconds={elapsed_seconds}"
        initial_callback_url = ""
    else:
        elapsed = ""
        if not initial_callback_url:
            raise ValueError(f"a {link_type} link needs the session's initial callback URL")
    unprotected = (
        f"{device_link_base}?deviceLinkType={link_type}{elapsed}&sessionToken={session_token}"
        f"&sessionType={session_type}&version={VERSION}&lang={lang}"
    )
    code = auth_code(
        session_secret,
        scheme_name=scheme_name,
        signature_protocol=signature_protocol,
        digest_or_challenge=digest_or_challenge,
        relying_party_name=relying_party_name,
        brokered_rp_name=brokered_rp_name,
        interactions=interactions,
        initial_callback_url=initial_callback_url,
        unprotected_link=unprotected,
    )
    return f"{unprotected}&authCode={code}"


def session_secret_digest(session_secret: str) -> str:
    """What a Web2App/App2App callback URL must carry as `sessionSecretDigest`."""
    return _b64url(hashlib.sha256(base64.b64decode(session_secret)).digest())


def callback_is_genuine(session_secret: str, received_digest: str) -> bool:
    return hmac.compare_digest(session_secret_digest(session_secret), received_digest)
