"""Mobile-ID signing end to end against SK's stand-in: EC (P-256, P-384) and RSA SIMs produce
containers libdigidocpp validates, with the signer's roles; the verification code shown is the
phone's; every way a session can end badly ends with its error and no container."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sk_env
from sk_env import Environment, Person

from roles import sign
from roles.sign import mobileid, runtime, sk

Files = list[tuple[str, bytes, str]]
ROLES = ("Tutvunud ametijuhendiga",)
TEXT = "Ametijuhendiga tutvumine"


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Environment:
    return sk_env.shared(tmp_path_factory, pytestconfig)


@pytest.fixture
def client(env: Environment) -> Iterator[sk.MobileIdClient]:
    env.scenario()
    with sk.MobileIdClient(env.mobileid_settings()) as client:
        yield client


@pytest.fixture
def container(job_description: Files) -> bytes:
    return sign.make_container(job_description)


def kept(state: sk.MobileIdSigning) -> sk.MobileIdSigning:
    return sk.MobileIdSigning.from_bytes(state.to_bytes())


def start(client: sk.MobileIdClient, container: bytes, person: Person) -> sk.MobileIdSigning:
    assert person.phone is not None
    return sk.mobileid.start(
        client,
        container,
        phone=person.phone,
        personal_code=person.code,
        roles=ROLES,
        display_text=TEXT,
    )


@pytest.mark.parametrize(
    ("who", "method"),
    [
        ("mobileid_ec", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"),
        ("mobileid_p384", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"),
        ("mobileid_rsa", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
    ],
)
def test_a_mobile_id_signature_is_valid_and_carries_the_roles(
    env: Environment,
    client: sk.MobileIdClient,
    container: bytes,
    tmp_path: Path,
    who: str,
    method: str,
) -> None:
    person: Person = getattr(env, who)
    state = start(client, container, person)
    phone = env.phone(state.session_id)
    assert state.verification_code == phone["verification_code"]  # the page shows the phone's
    assert phone["display_text"] == TEXT

    result = sk.mobileid.poll(client, kept(state), wait=dt.timedelta(seconds=1))
    assert isinstance(result, sk.Signed)
    assert (result.signer_certificate, result.roles) == (person.der, ROLES)
    assert runtime.libdigidocpp_problems(result.container) == {"S0": []}
    [signature] = runtime.describe(result.container)
    assert signature["roles"] == list(ROLES)
    assert signature["method"] == method
    report = sign.verify(result.container)
    assert report.valid, report
    assert report.signatures[0].personal_code == person.code


def test_polling_waits_through_a_running_session(
    env: Environment, client: sk.MobileIdClient, container: bytes
) -> None:
    env.scenario(running_polls=3)
    state = start(client, container, env.mobileid_ec)
    seen = 0
    while isinstance(result := sk.mobileid.poll(client, kept(state)), sk.MobileIdSigning):
        assert result == state
        seen += 1
    assert seen == 3
    assert sign.verify(result.container).valid


@pytest.mark.parametrize(
    ("result", "code"),
    [
        ("USER_CANCELLED", sk.Code.REFUSED),
        ("TIMEOUT", sk.Code.TIMEOUT),
        ("NOT_MID_CLIENT", sk.Code.NOT_A_USER),
        ("PHONE_ABSENT", sk.Code.PHONE_UNREACHABLE),
        ("DELIVERY_ERROR", sk.Code.PHONE_UNREACHABLE),
        ("SIM_ERROR", sk.Code.SIM_ERROR),
        ("SIGNATURE_HASH_MISMATCH", sk.Code.SIM_ERROR),
        ("SOMETHING_NEW", sk.Code.PROTOCOL_ERROR),
    ],
)
def test_a_session_that_ends_badly_gives_its_error_and_no_container(
    env: Environment, client: sk.MobileIdClient, container: bytes, result: str, code: sk.Code
) -> None:
    env.scenario(signature_result=result, running_polls=1)
    state = start(client, container, env.mobileid_ec)
    assert sk.mobileid.poll(client, kept(state)) == state  # RUNNING first
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.poll(client, kept(state))
    assert (raised.value.code, raised.value.service, raised.value.detail) == (
        code,
        "mobile-id",
        result,
    )


@pytest.mark.parametrize("signer", ["mobileid_ec_other", "mobileid_rsa", "mobileid_p384"])
def test_a_signature_by_another_key_than_the_certificates_is_caught(
    env: Environment, client: sk.MobileIdClient, container: bytes, signer: str
) -> None:
    # Another P-256 key passes the algorithm check: then the value itself must not verify.
    env.scenario(sign_with=getattr(env, signer).code)
    state = start(client, container, env.mobileid_ec)
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.poll(client, state)
    assert raised.value.code == sk.Code.CERTIFICATE_MISMATCH


def test_someone_without_mobile_id_is_told_so_before_any_session(
    env: Environment, client: sk.MobileIdClient, container: bytes
) -> None:
    person = env.mobileid_ec
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.start(
            client,
            container,
            phone="+37200000999",
            personal_code=person.code,
            roles=ROLES,
            display_text=TEXT,
        )
    assert raised.value.code == sk.Code.NOT_A_USER
    assert "NOT_FOUND" in raised.value.detail


@pytest.mark.parametrize(
    ("phone", "code", "expected"),
    [
        ("5123 4567", None, sk.Code.INVALID_PHONE),  # no country code
        ("+372 abc", None, sk.Code.INVALID_PHONE),
        (None, "38001085719", sk.Code.INVALID_PERSONAL_CODE),
    ],
)
def test_mistyped_details_never_reach_sk(
    env: Environment,
    client: sk.MobileIdClient,
    container: bytes,
    phone: str | None,
    code: str | None,
    expected: sk.Code,
) -> None:
    before = env.requests()
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.start(
            client,
            container,
            phone=phone or "+37200000766",
            personal_code=code or env.mobileid_ec.code,
            roles=ROLES,
            display_text=TEXT,
        )
    assert raised.value.code == expected
    assert env.requests() == before


def test_a_phone_number_may_be_typed_with_spaces(
    env: Environment, client: sk.MobileIdClient, container: bytes
) -> None:
    state = sk.mobileid.start(
        client,
        container,
        phone="+372 0000 0766",
        personal_code=env.mobileid_ec.code,
        roles=ROLES,
        display_text=TEXT,
    )
    assert state.phone == "+37200000766"


def test_an_expired_session_is_refused_without_asking_sk(
    env: Environment, client: sk.MobileIdClient, container: bytes
) -> None:
    state = start(client, container, env.mobileid_ec)
    before = env.requests()
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.poll(client, state, now=state.expires + dt.timedelta(seconds=1))
    assert raised.value.code == sk.Code.EXPIRED
    assert env.requests() == before


def test_the_verification_code_follows_the_documented_example() -> None:
    # MID REST API 2.4.1: 6 bits from the start and 7 from the end of the hash.
    digest = bytes.fromhex("2f665f6a6999e0ef0752e00ec9f453adf59d8cb6")
    assert mobileid.verification_code(digest) == "1462"
    assert mobileid.verification_code(bytes(32)) == "0000"
    assert mobileid.verification_code(b"\xff" + bytes(30) + b"\xff") == "8191"


def test_display_texts_fit_the_phones_alphabet() -> None:
    assert mobileid.display_text("Ametijuhendiga tutvumine") == (
        "Ametijuhendiga tutvumine",
        "GSM-7",
    )
    # õ and š are not in GSM-7: UCS-2, at most 50 characters.
    text, kind = mobileid.display_text(
        "Sotsiaaltöötaja ametijuhendi kinnitamine, Võru vallavalitsus"
    )
    assert kind == "UCS-2" and len(text) == 50 and text.endswith("…")
    long_text, kind = mobileid.display_text("a" * 150)
    assert kind == "GSM-7" and len(long_text) == 100 and long_text.endswith("...")


def test_a_revoked_certificate_gives_no_signature(
    env: Environment, client: sk.MobileIdClient, container: bytes
) -> None:
    state = start(client, container, env.mobileid_revoked)
    with pytest.raises(sk.SkError) as raised:
        sk.mobileid.poll(client, state)
    assert raised.value.code == sk.Code.CERTIFICATE_REVOKED


def test_the_head_approves_by_smart_id_and_the_holder_acknowledges_by_mobile_id(
    env: Environment, client: sk.MobileIdClient, sealed: bytes, tmp_path: Path
) -> None:
    """The life of a job description: sealed by the municipality, approved by the head
    ("KINNITAN" and their position), acknowledged by the holder; every signature stays valid."""
    approval = ("KINNITAN", "Võru linnapea")
    with sk.SmartIdClient(env.smartid_settings(rsa_pss=False)) as smartid:
        state = sk.smartid.start_notification(
            smartid, sealed, env.smartid.code, roles=approval, display_text="Kinnitamine"
        )
        while not isinstance(result := sk.smartid.poll(smartid, state), sk.Signed):
            state = result
    approved = result.container
    acknowledged = start(client, approved, env.mobileid_ec)
    assert acknowledged.signature.base_sha256 == hashlib.sha256(approved).hexdigest()
    final = sk.mobileid.poll(client, acknowledged)
    assert isinstance(final, sk.Signed)

    problems = runtime.libdigidocpp_problems(final.container)
    assert all(not found for found in problems.values()), problems
    roles = [s["roles"] for s in runtime.describe(final.container)]
    assert roles == [[], list(approval), list(ROLES)]
    report = sign.verify(final.container)
    assert report.valid, report
    assert [s.personal_code for s in report.signatures] == [
        None,
        env.smartid.code,
        env.mobileid_ec.code,
    ]
