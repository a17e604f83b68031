"""Signing with Smart-ID and Mobile-ID, SK ID Solutions' relying-party APIs: the public face.

    client = sk.SmartIdClient(settings)              # settings: sk.SmartIdSettings
    state = sk.smartid.start_notification(client, container, "38001085718",
                                          roles=("KINNITAN", "vallavanem"), display_text=...)
    ... keep state.to_bytes() in the database; on each of the page's polls:
    result = sk.smartid.poll(client, sk.SmartIdSigning.from_bytes(kept))
    if isinstance(result, sk.Signed): store result.container, else keep result and show
    result.phase / result.verification_code

Mobile-ID is the same with `sk.mobileid.start(client, container, phone=..., personal_code=...)`
(its code to show is there from the start). A failure raises `sk.SkError`: show
`error.message(lang)`, log `error.detail`, forget the state.

Modules: smartid (RP API v3 client), smartid_links (device links), smartid_flow, mobileid
(MID REST client), mobileid_flow, sk_http (pinned HTTPS), sk_checks (certificates and values),
sk_flow (libdigidocpp's two steps), sk_errors (codes and messages).
"""

from roles.sign import mobileid_flow as mobileid
from roles.sign import smartid_flow as smartid
from roles.sign.mobileid import MobileIdClient, MobileIdSettings
from roles.sign.mobileid_flow import MobileIdSigning
from roles.sign.sk_errors import MESSAGES, Code, Language, SkError
from roles.sign.sk_flow import Signed
from roles.sign.sk_http import Connection, key_pin
from roles.sign.smartid import SmartIdClient, SmartIdSettings
from roles.sign.smartid_flow import SmartIdSigning

__all__ = [
    "MESSAGES",
    "Code",
    "Connection",
    "Language",
    "MobileIdClient",
    "MobileIdSettings",
    "MobileIdSigning",
    "Signed",
    "SkError",
    "SmartIdClient",
    "SmartIdSettings",
    "SmartIdSigning",
    "key_pin",
    "mobileid",
    "smartid",
]
