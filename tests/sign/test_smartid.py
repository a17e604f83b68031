"""Smart-ID signing end to end against SK's stand-in: the notification and device-link flows
produce containers libdigidocpp validates, with the signer's roles; every way a session can
end badly ends with its error and no container."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import sk_env
from sk_env import Environment

from roles import sign
from roles.sign import runtime, sk, smartid_links

Files = list[tuple[str, bytes, str]]
PSS_SHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
PKCS1_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
APPROVAL = ("KINNITAN", "Viimsi vallavanem")
ACKNOWLEDGEMENT = ("Tutvunud ametijuhendiga",)
TEXT = "Ametijuhendi kinnitamine: sotsiaaltöötaja"


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Environment:
    return sk_env.shared(tmp_path_factory, pytestconfig)


@pytest.fixture
def client(env: Environment) -> Iterator[sk.SmartIdClient]:
    env.scenario()
    client = sk.SmartIdClient(env.smartid_settings())
    yield client
    client.close()


@pytest.fixture
def container(job_description: Files) -> bytes:
    return sign.make_container(job_description)


def kept(state: sk.SmartIdSigning) -> sk.SmartIdSigning:
    """What the service reads back from its database between two requests."""
    return sk.SmartIdSigning.from_bytes(state.to_bytes())


def step(client: sk.SmartIdClient, state: sk.SmartIdSigning) -> sk.SmartIdSigning:
    result = sk.smartid.poll(client, kept(state), wait=dt.timedelta(seconds=1))
    assert isinstance(result, sk.SmartIdSigning), "signed too early"
    return result


def last_step(client: sk.SmartIdClient, state: sk.SmartIdSigning) -> sk.Signed:
    result = sk.smartid.poll(client, kept(state), wait=dt.timedelta(seconds=1))
    assert isinstance(result, sk.Signed), f"still {result.phase}"
    return result


class Validated(NamedTuple):
    roles: list[str]
    method: str
    profile: str


def validated(container: bytes, tmp_path: Path) -> list[Validated]:
    """libdigidocpp's own verdict (in the engine's worker): every signature validates."""
    problems = runtime.libdigidocpp_problems(container)
    assert all(not found for found in problems.values()), problems
    return [
        Validated(list(s["roles"]), str(s["method"]), str(s["profile"]))
        for s in runtime.describe(container)
    ]


@pytest.mark.parametrize(("rsa_pss", "method"), [(True, PSS_SHA256), (False, PKCS1_SHA256)])
def test_the_notification_flow_signs_with_the_roles_and_shows_the_phones_code(
    env: Environment, container: bytes, tmp_path: Path, rsa_pss: bool, method: str
) -> None:
    client = sk.SmartIdClient(env.smartid_settings(rsa_pss=rsa_pss))
    state = sk.smartid.start_notification(
        client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
    )
    assert (state.flow, state.phase, state.verification_code) == (
        "notification",
        "certificate",
        None,
    )

    state = step(client, state)  # the certificate is chosen: the digest goes to the phone
    assert state.phase == "signature"
    phone = env.phone(state.session_id)
    assert state.verification_code is not None
    assert state.verification_code == phone["verification_code"]  # what the page shows
    assert phone["display_text"] == TEXT
    assert phone["interactions"][0]["type"] == ("confirmationMessageAndVerificationCodeChoice")

    signed = last_step(client, state)
    assert signed.signer_certificate == env.smartid.der
    assert signed.roles == APPROVAL
    [signature] = validated(signed.container, tmp_path)
    assert signature.roles == list(APPROVAL)
    assert signature.method == method
    assert signature.profile == "BES/time-stamp-archive"  # LTA: timestamps and OCSP
    if not rsa_pss:
        report = sign.verify(signed.container)
        assert report.valid, report
        assert report.signatures[0].personal_code == env.smartid.code
    client.close()


def test_the_services_verifier_accepts_an_rsa_pss_signature(
    env: Environment, container: bytes
) -> None:
    with sk.SmartIdClient(env.smartid_settings(rsa_pss=True)) as client:
        env.scenario()
        state = sk.smartid.start_notification(
            client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
        )
        signed = last_step(client, step(client, state))
    report = sign.verify(signed.container)
    assert report.valid, report


def test_the_device_link_flow_signs_after_the_qr_code_is_scanned(
    env: Environment, client: sk.SmartIdClient, container: bytes, tmp_path: Path
) -> None:
    settings = env.smartid_settings()
    state = sk.smartid.start_device_link(
        client,
        container,
        roles=ACKNOWLEDGEMENT,
        display_text="Ametijuhendiga tutvumine",
        expected_personal_code=env.smartid.code,
    )
    state = step(client, state)  # nobody has scanned it yet: the long poll ends RUNNING
    assert state.phase == "certificate"
    link = sk.smartid.link(state, settings)
    assert link.startswith(f"{sk_env.DEVICE_LINK_BASE}?deviceLinkType=QR&elapsedSeconds=")
    assert "sessionType=cert" in link and "lang=est" in link
    assert env.scan(link, env.smartid).status_code == 200  # the stand-in checked its authCode

    state = step(client, state)
    assert (state.phase, state.verification_code) == ("signature", None)  # linked: no code
    phone = env.phone(state.session_id)
    assert [i["type"] for i in phone["interactions"]] == [
        "confirmationMessage",
        "displayTextAndPIN",
    ]

    signed = last_step(client, state)
    [signature] = validated(signed.container, tmp_path)
    assert signature.roles == list(ACKNOWLEDGEMENT)


def test_a_web2app_link_is_accepted_and_its_callback_checked(
    env: Environment, client: sk.SmartIdClient, container: bytes
) -> None:
    callback = "https://roles.example.ee/allkiri/smart-id?id=abc"
    state = sk.smartid.start_device_link(
        client, container, roles=ACKNOWLEDGEMENT, display_text=TEXT, callback_url=callback
    )
    link = sk.smartid.link(state, env.smartid_settings(), link_type="Web2App", lang="en")
    assert "elapsedSeconds" not in link and "lang=eng" in link
    assert env.scan(link, env.smartid).status_code == 200
    tampered = link.replace("sessionType=cert", "sessionType=sign")
    assert env.scan(tampered, env.smartid).status_code == 400
    assert state.device_link is not None
    genuine = smartid_links.session_secret_digest(state.device_link.secret)
    assert sk.smartid.callback_is_genuine(state, genuine)
    assert not sk.smartid.callback_is_genuine(state, "forged")
    assert step(client, state).phase == "signature"


def test_polling_waits_through_running_sessions(
    env: Environment, client: sk.SmartIdClient, container: bytes, tmp_path: Path
) -> None:
    env.scenario(running_polls=2)
    state = sk.smartid.start_notification(
        client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
    )
    phases = []
    while not isinstance(result := sk.smartid.poll(client, kept(state)), sk.Signed):
        state = result
        phases.append(state.phase)
    assert phases == ["certificate", "certificate", "signature", "signature", "signature"]
    validated(result.container, tmp_path)


@pytest.mark.parametrize(
    ("script", "code"),
    [
        ({"certificate_result": "USER_REFUSED_CERT_CHOICE"}, sk.Code.REFUSED),
        ({"certificate_result": "USER_REFUSED"}, sk.Code.REFUSED),
        ({"signature_result": "USER_REFUSED"}, sk.Code.REFUSED),
        (
            {
                "signature_result": "USER_REFUSED_INTERACTION",
                "result_details": {"interaction": "confirmationMessageAndVerificationCodeChoice"},
            },
            sk.Code.REFUSED,
        ),
        ({"certificate_result": "TIMEOUT"}, sk.Code.TIMEOUT),
        ({"signature_result": "TIMEOUT"}, sk.Code.TIMEOUT),
        ({"signature_result": "WRONG_VC"}, sk.Code.WRONG_VC),
        ({"certificate_result": "DOCUMENT_UNUSABLE"}, sk.Code.ACCOUNT_UNUSABLE),
        ({"signature_result": "ACCOUNT_UNUSABLE"}, sk.Code.ACCOUNT_UNUSABLE),
        (
            {"signature_result": "REQUIRED_INTERACTION_NOT_SUPPORTED_BY_APP"},
            sk.Code.APP_OUTDATED,
        ),
        ({"signature_result": "PROTOCOL_FAILURE"}, sk.Code.PROTOCOL_ERROR),
        ({"signature_result": "EXPECTED_LINKED_SESSION"}, sk.Code.PROTOCOL_ERROR),
        ({"signature_result": "SERVER_ERROR"}, sk.Code.SERVICE_UNAVAILABLE),
        ({"signature_result": "SOMETHING_NEW"}, sk.Code.PROTOCOL_ERROR),
        ({"certificate_level": "ADVANCED"}, sk.Code.CERTIFICATE_NOT_QUALIFIED),
        ({"answer_cert_of": "other"}, sk.Code.CERTIFICATE_MISMATCH),
        ({"sign_with": "other"}, sk.Code.CERTIFICATE_MISMATCH),
    ],
)
def test_a_session_that_ends_badly_gives_its_error_and_no_container(
    env: Environment,
    client: sk.SmartIdClient,
    container: bytes,
    script: dict[str, object],
    code: sk.Code,
) -> None:
    script = {k: env.smartid_other.code if v == "other" else v for k, v in script.items()}
    env.scenario(**script)
    state = sk.smartid.start_notification(
        client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
    )
    with pytest.raises(sk.SkError) as raised:
        for _ in range(3):  # a failing session never comes out as Signed
            result = sk.smartid.poll(client, kept(state), wait=dt.timedelta(seconds=1))
            assert isinstance(result, sk.SmartIdSigning)
            state = result
    error = raised.value
    assert (error.code, error.service) == (code, "smart-id")
    assert error.message("et") and error.message("en") and "{" not in error.message("en")


def test_the_device_link_refuses_a_certificate_of_someone_else(
    env: Environment, client: sk.SmartIdClient, container: bytes
) -> None:
    state = sk.smartid.start_device_link(
        client,
        container,
        roles=APPROVAL,
        display_text=TEXT,
        expected_personal_code=env.smartid.code,
    )
    link = sk.smartid.link(state, env.smartid_settings())
    assert env.scan(link, env.smartid_other).status_code == 200
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.poll(client, state, wait=dt.timedelta(seconds=2))
    assert raised.value.code == sk.Code.WRONG_PERSON
    assert env.smartid_other.code in raised.value.detail


def test_someone_without_smart_id_and_a_mistyped_code_are_told_apart(
    env: Environment, client: sk.SmartIdClient, container: bytes
) -> None:
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.start_notification(
            client, container, "38001085718", roles=APPROVAL, display_text=TEXT
        )
    assert raised.value.code == sk.Code.NOT_A_USER
    before = env.requests()
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.start_notification(
            client, container, "38001085719", roles=APPROVAL, display_text=TEXT
        )
    assert raised.value.code == sk.Code.INVALID_PERSONAL_CODE
    assert env.requests() == before  # a mistyped code never reaches SK


def test_an_expired_certificate_and_an_expired_session_are_refused(
    env: Environment, client: sk.SmartIdClient, container: bytes
) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)  # the certificate ran out
    state = sk.smartid.start_notification(
        client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT, now=later
    )
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.poll(client, state, now=later)
    assert raised.value.code == sk.Code.CERTIFICATE_EXPIRED

    state = sk.smartid.start_notification(
        client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
    )
    before = env.requests()
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.poll(client, state, now=state.expires)
    assert raised.value.code == sk.Code.EXPIRED
    assert env.requests() == before


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (580, sk.Code.SERVICE_UNAVAILABLE),
        (503, sk.Code.SERVICE_UNAVAILABLE),
        (401, sk.Code.CONFIGURATION),
        (403, sk.Code.CONFIGURATION),
        (480, sk.Code.CONFIGURATION),
    ],
)
def test_http_failures_become_errors_a_person_understands(
    env: Environment, client: sk.SmartIdClient, container: bytes, status: int, code: sk.Code
) -> None:
    env.scenario(http_status=status)
    with pytest.raises(sk.SkError) as raised:
        sk.smartid.start_notification(
            client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
        )
    assert raised.value.code == code
    assert str(status) in raised.value.detail


def test_a_wrong_relying_party_is_a_configuration_error(env: Environment, container: bytes) -> None:
    env.scenario()
    settings = env.smartid_settings(relying_party_uuid="11111111-1111-4111-8111-111111111111")
    with sk.SmartIdClient(settings) as client, pytest.raises(sk.SkError) as raised:
        sk.smartid.start_notification(
            client, container, env.smartid.code, roles=APPROVAL, display_text=TEXT
        )
    assert raised.value.code == sk.Code.CONFIGURATION


def test_every_code_has_an_estonian_and_an_english_message() -> None:
    for code in sk.Code:
        for service in ("smart-id", "mobile-id"):
            error = sk.SkError(code, service)  # type: ignore[arg-type]
            et, en = error.message("et"), error.message("en")
            assert et and en and et != en and "{" not in et + en
    assert "Mobiil-ID" in sk.SkError(sk.Code.SERVICE_UNAVAILABLE, "mobile-id").message("et")
