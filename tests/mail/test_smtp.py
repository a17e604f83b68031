"""Messages over a real SMTP server on loopback: what arrives, and how failures are sorted."""

import datetime as dt
import email
import email.policy
import ssl
from email.message import EmailMessage

import pytest

from roles import mail
from roles.mail import (
    Mailer,
    PermanentFailure,
    Recipient,
    Reminder,
    Security,
    SmtpSettings,
    TemporaryFailure,
)

from .conftest import Certificate, Server, free_port

# aiosmtpd's own warnings, raised in its server thread for each session: a deprecation when a
# login succeeds, and a caution it cannot avoid for TLS from the start (it takes it for plain).
pytestmark = [
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated"),
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]
SENT_AT = dt.datetime(2026, 7, 6, 7, 0, tzinfo=dt.UTC)
LINK = "https://roles.example.ee/me?d=voru-sts&v=1"


def _reminder(language: str = "et", address: str = "mari@example.ee") -> EmailMessage:
    data = Reminder(
        to=Recipient(name="Mari Maasikas", address=address, language=language),
        municipality="Võru linn",
        position="sotsiaalteenuste spetsialist",
        version=2,
        approved=dt.date(2026, 6, 29),
        waiting_since=dt.date(2026, 7, 1),
        number=1,
        link=LINK,
    )
    key = mail.reminder_key("voru-p01", "voru-sts", 2, 1)
    return mail.email_message(mail.reminder(data, key), sender="roles@voru.ee", date=SENT_AT)


def _parsed(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _url(server: Server, extra: str = "") -> str:
    return f"smtp://127.0.0.1:{server.port}?starttls=no{extra}"


@pytest.mark.parametrize(
    ("language", "greeting", "button"),
    [
        ("et", "Tere, Mari Maasikas!", "Ava oma ametijuhend"),
        ("en", "Dear Mari Maasikas,", "Open your job description"),
    ],
)
def test_a_reminder_arrives_with_both_parts_in_the_person_s_language(
    smtp_server: Server, language: str, greeting: str, button: str
) -> None:
    with Mailer(SmtpSettings.from_url(_url(smtp_server))) as mailer:
        mailer.send(_reminder(language))
    [envelope] = smtp_server.handler.received
    assert envelope.rcpt_tos == ["mari@example.ee"]
    got = _parsed(envelope.original_content)
    assert got["Content-Language"] == language
    assert got["Auto-Submitted"] == "auto-generated"
    text = got.get_body(("plain",))
    html = got.get_body(("html",))
    assert text is not None and html is not None
    plain, markup = text.get_content(), html.get_content()
    assert greeting in plain and LINK in plain
    assert f'href="{LINK.replace("&", "&amp;")}"' in markup and button in markup
    assert "sotsiaalteenuste spetsialist" in got["Subject"]


def test_a_resend_has_the_same_message_id(smtp_server: Server) -> None:
    with Mailer(SmtpSettings.from_url(_url(smtp_server))) as mailer:
        mailer.send(_reminder())
        mailer.send(_reminder())  # one connection, two messages
    first, second = (_parsed(e.original_content) for e in smtp_server.handler.received)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].endswith("@voru.ee>")
    assert first["Message-ID"] == mail.message_id("reminder/voru-p01/voru-sts/v2/1", "voru.ee")


def test_login_with_a_percent_encoded_password(smtp_server: Server) -> None:
    url = f"smtp://roles:p%40ss%3Aw%2Frd@127.0.0.1:{smtp_server.port}?starttls=no"
    with Mailer(SmtpSettings.from_url(url)) as mailer:
        mailer.send(_reminder())
    assert len(smtp_server.handler.received) == 1


def test_a_refused_login_is_temporary_and_stops_the_run(smtp_server: Server) -> None:
    url = f"smtp://roles:vale@127.0.0.1:{smtp_server.port}?starttls=no"
    with pytest.raises(TemporaryFailure) as caught, Mailer(SmtpSettings.from_url(url)) as mailer:
        mailer.send(_reminder())
    assert caught.value.server_wide and caught.value.code == 535
    assert smtp_server.handler.received == []


def test_a_server_that_is_down_is_a_temporary_failure() -> None:
    settings = SmtpSettings.from_url(f"smtp://127.0.0.1:{free_port()}?starttls=no&timeout=2")
    with pytest.raises(TemporaryFailure) as caught, Mailer(settings) as mailer:
        mailer.send(_reminder())
    assert caught.value.server_wide


def test_starttls_is_required_unless_turned_off(smtp_server: Server) -> None:
    url = f"smtp://127.0.0.1:{smtp_server.port}"  # STARTTLS by default; this server has none
    with (
        pytest.raises(TemporaryFailure, match="STARTTLS") as caught,
        Mailer(SmtpSettings.from_url(url)) as mailer,
    ):
        mailer.send(_reminder())
    assert caught.value.server_wide
    assert smtp_server.handler.received == []


@pytest.mark.parametrize(
    ("reply", "failure", "server_wide"),
    [
        ("550 5.1.1 No such user", PermanentFailure, None),
        ("451 4.3.0 Try again later", TemporaryFailure, False),
    ],
)
def test_refused_recipients_are_sorted_by_the_reply_code(
    smtp_server: Server, reply: str, failure: type, server_wide: bool | None
) -> None:
    smtp_server.handler.refuse["gone@example.ee"] = reply
    with Mailer(SmtpSettings.from_url(_url(smtp_server))) as mailer:
        with pytest.raises(failure) as caught:
            mailer.send(_reminder(address="gone@example.ee"))
        assert caught.value.code == int(reply[:3])
        if server_wide is not None:
            assert caught.value.server_wide is server_wide
        mailer.send(_reminder())  # the connection still serves the next message
    assert [e.rcpt_tos for e in smtp_server.handler.received] == [["mari@example.ee"]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtps://u:p@mail.example.ee", ("mail.example.ee", 465, Security.TLS, "u", "p")),
        ("smtp://u:p%40x@mail.example.ee", ("mail.example.ee", 587, Security.STARTTLS, "u", "p@x")),
        ("smtp://mail.example.ee:2525", ("mail.example.ee", 2525, Security.STARTTLS, None, None)),
        ("smtp://127.0.0.1?starttls=no", ("127.0.0.1", 25, Security.NONE, None, None)),
        ("smtp://u:p@localhost:25?starttls=no", ("localhost", 25, Security.NONE, "u", "p")),
    ],
)
def test_settings_from_a_url(url: str, expected: tuple[object, ...]) -> None:
    s = SmtpSettings.from_url(url)
    assert (s.host, s.port, s.security, s.username, s.password) == expected


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://mail.example.ee", "smtp://"),
        ("smtp://", "names no server"),
        ("smtp://u:secret@mail.example.ee?starttls=no", "unencrypted"),
        ("smtps://mail.example.ee?starttls=yes", "TLS from the start"),
        ("smtp://mail.example.ee?tls=1", "unknown"),
        ("smtp://mail.example.ee?timeout=0", "timeout"),
        ("smtp://mail.example.ee:port", "port"),
        ("smtp://u:s%C3%A4lasona@mail.example.ee", "ASCII"),
    ],
)
def test_bad_urls_say_what_is_wrong_without_the_password(url: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as caught:
        SmtpSettings.from_url(url)
    assert "secret" not in str(caught.value)


def test_the_password_never_shows() -> None:
    s = SmtpSettings.from_url("smtps://roles:hunter2@mail.example.ee")
    assert "hunter2" not in repr(s) and "hunter2" not in str(s)


def test_login_over_tls_and_starttls(tls_server: Server, certificate: Certificate) -> None:
    scheme = "smtps" if tls_server.security == "tls" else "smtp"
    url = f"{scheme}://roles:p%40ss%3Aw%2Frd@127.0.0.1:{tls_server.port}?timeout=5"
    trusted = ssl.create_default_context(cafile=str(certificate.cert))
    with Mailer(SmtpSettings.from_url(url), ssl_context=trusted) as mailer:
        mailer.send(_reminder())
    [envelope] = tls_server.handler.received
    assert _parsed(envelope.original_content)["To"] == "Mari Maasikas <mari@example.ee>"


def test_a_certificate_nobody_vouches_for_is_refused(tls_server: Server) -> None:
    scheme = "smtps" if tls_server.security == "tls" else "smtp"
    url = f"{scheme}://roles:p%40ss%3Aw%2Frd@127.0.0.1:{tls_server.port}?timeout=5"
    with pytest.raises(TemporaryFailure) as caught, Mailer(SmtpSettings.from_url(url)) as mailer:
        mailer.send(_reminder())  # the system's trust store does not know the test certificate
    assert caught.value.server_wide
    assert tls_server.handler.received == []
