"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Handler:
    received: list[Any] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → reply

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"roles",
        b"p@ss:w/rd",
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    handler: Handler
    port: int


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    handler = Handler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        auth_require_tls=False,
        auth_required=False,
    )
    controller.start()
    try:
        yield Server(handler, port)
    finally:
        controller.stop()
