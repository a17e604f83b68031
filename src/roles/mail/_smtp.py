"""Sending over SMTP, configured by one URL, with every failure sorted: retry, or give up.

    smtps://user:password@mail.example.ee        TLS from the start (port 465)
    smtp://user:password@mail.example.ee         STARTTLS, required (port 587)
    smtp://127.0.0.1:25?starttls=no              plain, for a relay on this machine only
    …?timeout=20                                 seconds to wait for the server (default 30)

User and password are percent-encoded in the URL. Credentials never travel unencrypted: plain
SMTP with a password is refused unless the server is on loopback.

`TemporaryFailure`: try again later (back-off: `retry_after`); `server_wide` says nothing will
go through until the server or our settings are fixed (down, refused login, no TLS, sender
refused), so a run stops there. `PermanentFailure`: this message will never be accepted (the
recipient does not exist, the content is refused): mark it failed, do not retry.
"""

from __future__ import annotations

import email.message
import ipaddress
import smtplib
import socket
import ssl
from enum import StrEnum
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

import msgspec


class Security(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


class SmtpSettings(msgspec.Struct, frozen=True, kw_only=True):
    host: str
    port: int
    security: Security
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never print the password
        user = f"{self.username}@" if self.username else ""
        return f"SmtpSettings({self.security} {user}{self.host}:{self.port})"

    __str__ = __repr__

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Settings from `ROLES_SMTP_URL`'s value; ValueError says what is wrong (no secrets)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise ValueError("the SMTP URL is malformed (a port must be a number)") from None
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(
                f"the SMTP URL must start with smtp:// or smtps://, not {parts.scheme}:"
            )
        if not parts.hostname:
            raise ValueError("the SMTP URL names no server")
        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = set(query) - {"starttls", "timeout"}
        if unknown:
            raise ValueError(f"unknown SMTP URL options: {', '.join(sorted(unknown))}")
        security = Security.TLS if parts.scheme == "smtps" else Security.STARTTLS
        if "starttls" in query:
            if parts.scheme == "smtps":
                raise ValueError("smtps:// is TLS from the start; starttls does not apply")
            flag = query["starttls"][-1].lower()
            if flag not in ("yes", "no", "true", "false", "1", "0"):
                raise ValueError("starttls must be yes or no")
            if flag in ("no", "false", "0"):
                security = Security.NONE
        timeout = 30.0
        if "timeout" in query:
            try:
                timeout = float(query["timeout"][-1])
            except ValueError:
                raise ValueError("timeout must be a number of seconds") from None
            if not 1 <= timeout <= 300:
                raise ValueError("timeout must be 1–300 seconds")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        if not (username or "").isascii() or not (password or "").isascii():
            # smtplib sends AUTH in ASCII; a letter beyond it would fail at every login.
            raise ValueError("the SMTP user name and password must be ASCII")
        if security is Security.NONE and password and not _loopback(parts.hostname):
            raise ValueError(
                "refusing to send a password unencrypted: use smtps:// or STARTTLS for a server "
                "that is not on this machine"
            )
        default = {Security.TLS: 465, Security.STARTTLS: 587, Security.NONE: 25}[security]
        return cls(
            host=parts.hostname,
            port=port or default,
            security=security,
            username=username,
            password=password,
            timeout=timeout,
        )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MailError(Exception):
    """A message that did not go; `code` is the server's reply code when it gave one."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class TemporaryFailure(MailError):
    def __init__(self, message: str, code: int | None = None, *, server_wide: bool) -> None:
        super().__init__(message, code)
        self.server_wide = server_wide


class PermanentFailure(MailError):
    pass


def _reply(code: int, text: bytes | str, what: str) -> MailError:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    message = f"{what}: {code} {said}".strip()
    if 400 <= code < 500:
        return TemporaryFailure(message, code, server_wide=False)
    return PermanentFailure(message, code)


class Mailer:
    """One connection, opened on the first message, for many messages; use as a context."""

    def __init__(self, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None):
        self.settings = settings
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp: smtplib.SMTP
        try:
            if s.security is Security.TLS:
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self.ssl_context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                smtp.ehlo()
                if s.security is Security.STARTTLS:
                    if not smtp.has_extn("starttls"):
                        raise TemporaryFailure("the server offers no STARTTLS", server_wide=True)
                    smtp.starttls(context=self.ssl_context)
                    smtp.ehlo()
                if s.username:
                    if not smtp.has_extn("auth"):
                        raise TemporaryFailure(
                            "the server offers no login (AUTH)", server_wide=True
                        )
                    smtp.login(s.username, s.password or "")
            except BaseException:
                smtp.close()
                raise
        except smtplib.SMTPAuthenticationError as e:
            raise TemporaryFailure(
                f"the server refused the login: {e.smtp_code}", e.smtp_code, server_wide=True
            ) from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as e:
            raise TemporaryFailure(
                f"cannot reach {s.host}:{s.port}: {_why(e)}", server_wide=True
            ) from None
        return smtp

    def send(self, message: email.message.EmailMessage) -> None:
        """Hand one message to the server; raises TemporaryFailure or PermanentFailure."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            # Recipients refused while others accepted come back here; each message has one.
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            first = next(iter(e.recipients.values()))
            if all(code >= 500 for code in codes):
                raise PermanentFailure(
                    f"recipient refused: {first[0]} {first[1]!r}", first[0]
                ) from None
            raise TemporaryFailure(
                f"recipient deferred: {first[0]}", first[0], server_wide=False
            ) from None
        except smtplib.SMTPSenderRefused as e:
            self.close()
            raise TemporaryFailure(
                f"the server refused the sender: {e.smtp_code}", e.smtp_code, server_wide=True
            ) from None
        except smtplib.SMTPResponseException as e:
            error = _reply(e.smtp_code, e.smtp_error, "the server refused the message")
            if e.smtp_code == 421:  # service closing: the connection is gone
                self.close()
                error = TemporaryFailure(str(error), 421, server_wide=True)
            raise error from None
        except (smtplib.SMTPException, OSError) as e:
            self.close()
            raise TemporaryFailure(f"the connection failed: {_why(e)}", server_wide=True) from None


def _why(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
