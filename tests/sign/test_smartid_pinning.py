"""SK's APIs are reached only over pinned TLS: a server without a pinned key or certificate never
gets a byte of the request (no personal code or phone number leaks to a man in the middle), and
a connection without any pin, or over plain HTTP, is not made at all."""

from __future__ import annotations

import base64
import hashlib

import pytest
import sk_env
from sk_env import Environment

from roles.sign import sk, sk_http

CONTAINER = b"not looked at: the request fails before"


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Environment:
    return sk_env.shared(tmp_path_factory, pytestconfig)


def start(env: Environment, **connection: object) -> None:
    with sk.SmartIdClient(env.smartid_settings(**connection)) as client:
        sk.smartid.start_notification(
            client, CONTAINER, env.smartid.code, roles=(), display_text="x"
        )


def test_the_pinned_key_and_certificate_let_the_request_through(env: Environment) -> None:
    env.scenario()
    start(env)  # the CA and the server's key, as the other tests use it
    # SK's way: its published server certificate as the only trust anchor, no key pins.
    start(env, trusted_certificates=env.tls_server.pem().decode(), pinned_keys=())
    # A key pin on top of the system's CA store is another way; here the test CA stands in.
    start(env, trusted_certificates=env.tls_ca.pem().decode())


@pytest.mark.parametrize(
    "connection",
    [
        {"pinned_keys": (base64.b64encode(hashlib.sha256(b"another key").digest()).decode(),)},
        {"trusted_certificates": sk_env.pki.make_ca("Some other CA").pem().decode()},
        {"trusted_certificates": None},  # the system's CAs do not know the test CA
    ],
)
def test_a_server_that_is_not_pinned_gets_nothing(
    env: Environment, connection: dict[str, object]
) -> None:
    env.scenario()
    before = env.requests()
    with pytest.raises(sk.SkError) as raised:
        start(env, **connection)
    assert raised.value.code == sk.Code.SERVICE_UNAVAILABLE
    assert "certificate" in raised.value.detail or "pinned" in raised.value.detail
    assert env.requests() == before


def test_a_mobile_id_server_that_is_not_pinned_gets_nothing(env: Environment) -> None:
    env.scenario()
    before = env.requests()
    settings = env.mobileid_settings(pinned_keys=(sk.key_pin(env.tls_ca.der),))
    with sk.MobileIdClient(settings) as client, pytest.raises(sk.SkError) as raised:
        sk.mobileid.start(
            client,
            CONTAINER,
            phone=env.mobileid_ec.phone or "",
            personal_code=env.mobileid_ec.code,
            roles=(),
            display_text="x",
        )
    assert raised.value.code == sk.Code.SERVICE_UNAVAILABLE
    assert env.requests() == before


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"trusted_certificates": None, "pinned_keys": ()}, "must be pinned"),
        ({"base_url": "http://127.0.0.1:1/v3"}, "https://"),
        ({"pinned_keys": ("not base64!",)}, "not base64"),
        ({"trusted_certificates": "no PEM here"}, "no PEM"),
    ],
)
def test_an_unsafe_connection_is_refused_before_connecting(
    env: Environment, changes: dict[str, object], problem: str
) -> None:
    options = dict(changes)
    connection = env.connection(str(options.pop("base_url", env.smartid_url)), **options)
    assert any(problem in p for p in connection.problems())
    with pytest.raises(ValueError, match=problem):
        sk_http.client(connection)
