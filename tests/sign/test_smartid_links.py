"""Smart-ID device links and codes against the worked examples of SK's RP API v3 documentation
(authCode calculation, callback URLs, interactions): the same inputs give the same outputs."""

from __future__ import annotations

import base64
import json

import pytest

from roles.sign import smartid, smartid_links

SECRET = "B98ODiVCebRedSwdTk51zFSaGYyHtY1H2A0ocAi3/Ps="
TOKEN = "wGIrqveE6AuGDATZKmR1mtAZ"
CHALLENGE = (
    "GYS+yoah6emAcVDNIajwSs6UB/M95XrDxMzXBUkwQJ9YFDipXXzGpPc7raWcuc2+TEoRc7WvIZ/7dU/iRXenYg=="
)
DIGEST = "FNZFFya5wGLv9b27fZngaWrOBqle4tGwxZuDFRBdPl1RQvxJsfoqvTbjafd+8BcehMOQGvak6zlP+F8tga4bfQ=="
INTERACTIONS = (
    "W3sidHlwZSI6ImNvbmZpcm1hdGlvbk1lc3NhZ2UiLCJkaXNwbGF5VGV4dDIwMCI6IkxvbmdlciBkZXNjcmlwdGlvbiBv"
    "ZiB0aGUgdHJhbnNhY3Rpb24gY29udGV4dCJ9LHsidHlwZSI6ImRpc3BsYXlUZXh0QW5kUElOIiwiZGlzcGxheVRleHQ2"
    "MCI6IlNob3J0IGRlc2NyaXB0aW9uIG9mIHRoZSB0cmFuc2FjdGlvbiBjb250ZXh0In1d"
)
CALLBACK = "https://rp.example.com/callback-url?value=RrKjjT4aggzu27YBddX1bQ"

# authCode examples 1–9: (link type, session type) -> the documented authCode.
DOCUMENTED = {
    ("Web2App", "auth"): "aegUh6gCKkXBJhhvtJqSTWB5_2W8TDQt5eZ7db6krv0",
    ("Web2App", "sign"): "R0iNcUp8nK1nqrcVFWerXUfWMSjwDOMC6MAHKrckaH8",
    ("Web2App", "cert"): "PI1qYa9_l6zR-v6Pkre6ycSm7S3BGiOQSe5OQlw4UJg",
    ("App2App", "auth"): "00NRcgi4Jk7WdIwgMPlyM8wRy9KMu4C_oQvd-N6PKoo",
    ("App2App", "sign"): "8QZ16rkBW_ffkq6osT7UH1DbUlF9gEOZevgj-A0VNbM",
    ("App2App", "cert"): "AtayuRPP3N59wXF8Cijwjt3pQ16knW2L-5VLDTRD_KU",
    ("QR", "auth"): "OY1eHaD4UYedrBwtqUbSkpa0w7ttm4FllPkCD_3wlE0",
    ("QR", "sign"): "5PZVhiNDTnt1MjLz8_YCjnNtR7p0iGevaL2G1ajfMco",
    ("QR", "cert"): "T5pDDPAjoMS0byqS-FoaWVjlubODXoCCF4XDB4HeYNo",
}


@pytest.mark.parametrize(("link_type", "session_type"), sorted(DOCUMENTED))
def test_device_links_carry_the_documented_auth_code(
    link_type: smartid_links.LinkType, session_type: smartid_links.SessionType
) -> None:
    what = {
        "auth": {"signature_protocol": "ACSP_V2", "digest_or_challenge": CHALLENGE},
        "sign": {"signature_protocol": "RAW_DIGEST_SIGNATURE", "digest_or_challenge": DIGEST},
        "cert": {},
    }[session_type]
    link = smartid_links.device_link(
        device_link_base="https://smart-id.com/device-link",
        session_token=TOKEN,
        session_secret=SECRET,
        session_type=session_type,
        link_type=link_type,
        scheme_name="smart-id",
        relying_party_name="DEMO",
        brokered_rp_name="Example RP",
        elapsed_seconds=22 if link_type == "QR" else None,
        lang="eng",
        interactions="" if session_type == "cert" else INTERACTIONS,
        initial_callback_url=CALLBACK,
        **what,  # type: ignore[arg-type]
    )
    elapsed = "&elapsedSeconds=22" if link_type == "QR" else ""
    assert link == (
        f"https://smart-id.com/device-link?deviceLinkType={link_type}{elapsed}"
        f"&sessionToken={TOKEN}&sessionType={session_type}&version=1.0&lang=eng"
        f"&authCode={DOCUMENTED[link_type, session_type]}"
    )


def test_a_qr_link_needs_its_elapsed_seconds_and_a_web2app_link_its_callback() -> None:
    common = {
        "device_link_base": "https://smart-id.com/device-link",
        "session_token": TOKEN,
        "session_secret": SECRET,
        "session_type": "cert",
        "scheme_name": "smart-id",
        "relying_party_name": "DEMO",
    }
    with pytest.raises(ValueError, match="seconds"):
        smartid_links.device_link(link_type="QR", **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="callback"):
        smartid_links.device_link(link_type="Web2App", **common)  # type: ignore[arg-type]


def test_the_callback_check_matches_the_documented_session_secret_digest() -> None:
    # Callback URLs page: sessionSecretDigest of the example session secret.
    documented = "U4CKK13H1XFiyBofev9asqrzIrY5_Gszi_nL_zDKkBc"
    assert smartid_links.session_secret_digest(SECRET) == documented
    assert smartid_links.callback_is_genuine(SECRET, documented)
    assert not smartid_links.callback_is_genuine(SECRET, documented[:-1] + "A")


def test_interactions_are_minified_json_in_order_of_preference() -> None:
    text = "Ametijuhendi kinnitamine: " + "sotsiaaltöötaja " * 20
    notification = json.loads(base64.b64decode(smartid.interactions("notification", text)))
    assert [i["type"] for i in notification] == [
        "confirmationMessageAndVerificationCodeChoice",
        "displayTextAndPIN",
    ]
    assert len(notification[0]["displayText200"]) == 200
    assert notification[0]["displayText200"].endswith("…")
    assert len(notification[1]["displayText60"]) <= 60
    assert b" " not in base64.b64decode(smartid.interactions("linked", "Kinnitan"))[:30]
    linked = json.loads(base64.b64decode(smartid.interactions("linked", "Kinnitan")))
    # The verification code choice is forbidden in a linked signature: no code is shown there.
    assert [i["type"] for i in linked] == ["confirmationMessage", "displayTextAndPIN"]
    assert linked[0]["displayText200"] == "Kinnitan"
