"""Reminders, digests and summaries through a real SMTP server on loopback: who gets which
message when, each once; an outage loses nothing; digests can be stopped, reminders not."""

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles import mail, registry, store
from roles.cli import main
from roles.domain import JobDescriptionStatus as Status
from roles.services import accounts, acknowledgements, mail_preferences, reminders
from roles.services.workspace import Workspace

from ..conftest import FIXTURES
from ..mail.conftest import Handler, free_port


class Smtp:
    """An aiosmtpd server that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def take(self) -> list[email.message.EmailMessage]:
        got = [
            email.message_from_bytes(e.original_content, policy=email.policy.default)
            for e in self.handler.received
        ]
        self.handler.received.clear()
        return got  # type: ignore[return-value]


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    server = Smtp()
    server.start()
    yield server
    server.stop()


def config(server: Smtp) -> reminders.MailConfig:
    return reminders.MailConfig(
        smtp=mail.SmtpSettings.from_url(f"smtp://127.0.0.1:{server.port}?starttls=no"),
        sender="roles@voru.ee",
        public_url="https://roles.voru.ee",
    )


EXAMPLE = registry.read(FIXTURES / "example.yaml")  # p-0001 holds voru-sts from 2024-02-01


def user(
    ws: Workspace, name: str, role: str, address: str, language: str = "et", **kw: object
) -> None:
    with ws.sessions() as session, session.begin():
        accounts.add_user(
            session,
            msgspec.convert(
                {"name": name, "password": "correct horse battery", "role": role, **kw},
                accounts.UserIn,
            ),
            "test",
        )
        mail_preferences.set_preferences(session, name, email=address, language=language)


@pytest.fixture
def ws(engine: Engine) -> Iterator[Workspace]:
    with store.sessions(engine)() as session:
        store.load_all(session, [("example.yaml", EXAMPLE)])
    w = Workspace(engine)
    yield w
    w.close()


def at(day: str, hour: int = 6) -> dict[str, object]:
    d = dt.date.fromisoformat(day)
    return {"today": d, "now": dt.datetime(d.year, d.month, d.day, hour, tzinfo=dt.UTC)}


def test_reminders_come_on_the_rhythm_stop_on_acknowledgement_and_restart(
    ws: Workspace, smtp: Smtp
) -> None:
    user(ws, "mari", "employee", "mari@voru.ee", person="p-0001")
    c = config(smtp)
    assert reminders.run(ws, c, **at("2024-02-03")).sent == []  # 2 days: not yet
    report = reminders.run(ws, c, **at("2024-02-04"))
    assert report.sent == ["reminder/p-0001/voru-sts/v1/1"]
    [m] = smtp.take()
    assert (
        m["To"] == "Mari Maasikas <mari@voru.ee>"
        or m["To"].addresses[0].addr_spec == "mari@voru.ee"
    )
    assert m["Content-Language"] == "et"
    assert "https://roles.voru.ee/me" in m.get_body(("plain",)).get_content()
    # Again the same day, and the days up to the next reminder: nothing new.
    for day in ("2024-02-04", "2024-02-05", "2024-02-10"):
        assert reminders.run(ws, c, **at(day, 9)).sent == []
    assert smtp.take() == []
    assert reminders.run(ws, c, **at("2024-02-11")).sent == ["reminder/p-0001/voru-sts/v1/2"]
    assert len(smtp.take()) == 1
    with ws.sessions() as session, session.begin():
        acknowledgements.add(
            session,
            "test",
            "voru",
            "p-0001",
            "voru-sts",
            1,
            b"docx",
            "session",
            dt.datetime(2024, 2, 12, tzinfo=dt.UTC),
        )
    assert reminders.run(ws, c, **at("2024-02-18")).sent == []
    assert reminders.run(ws, c, **at("2024-03-30")).sent == []
    assert smtp.take() == []
    # A new approved version asks again, counted from its approval.
    v1 = EXAMPLE.job_descriptions[0]
    assert v1.approval is not None
    v2 = msgspec.structs.replace(
        v1, version=2, approval=msgspec.structs.replace(v1.approval, date=dt.date(2024, 4, 1))
    )
    with ws.sessions() as session:
        store.load_all(
            session,
            [
                (
                    "x.yaml",
                    msgspec.structs.replace(
                        EXAMPLE,
                        job_descriptions=[
                            msgspec.structs.replace(v1, status=Status.SUPERSEDED),
                            v2,
                        ],
                    ),
                )
            ],
        )
    assert reminders.run(ws, c, **at("2024-04-03")).sent == []
    assert reminders.run(ws, c, **at("2024-04-04")).sent == ["reminder/p-0001/voru-sts/v2/1"]
    assert len(smtp.take()) == 1


def test_an_outage_is_retried_with_back_off_and_loses_nothing(ws: Workspace, smtp: Smtp) -> None:
    user(ws, "mari", "employee", "mari@voru.ee", person="p-0001")
    c = config(smtp)
    smtp.stop()
    first = reminders.run(ws, c, **at("2024-02-04"))
    assert first.queued == ["reminder/p-0001/voru-sts/v1/1"]
    assert first.sent == [] and first.deferred == first.queued and first.stopped
    smtp.start()
    # Not due again before the back-off (5 minutes after the first failure).
    soon = dt.datetime(2024, 2, 4, 6, 3, tzinfo=dt.UTC)
    assert reminders.run(ws, c, today=dt.date(2024, 2, 4), now=soon).sent == []
    assert smtp.take() == []
    later = dt.datetime(2024, 2, 4, 6, 6, tzinfo=dt.UTC)
    again = reminders.run(ws, c, today=dt.date(2024, 2, 4), now=later)
    assert again.sent == ["reminder/p-0001/voru-sts/v1/1"] and again.queued == []
    assert len(smtp.take()) == 1
    with ws.sessions() as session:
        [entry] = reminders.outbox(session)
    assert (entry.state, entry.attempts) == ("sent", 2)


def test_digests_go_to_managers_in_their_language_unless_they_opt_out(
    ws: Workspace, smtp: Smtp
) -> None:
    scope = [{"municipality": "voru", "unit": "voru-sotsiaal"}]
    user(ws, "juhan", "manager", "juhan@voru.ee", "en", units=scope)
    user(ws, "kalle", "manager", "kalle@voru.ee", units=scope)
    user(ws, "mari", "employee", "mari@voru.ee", person="p-0001")
    with ws.sessions() as session, session.begin():
        mail_preferences.set_preferences(session, "kalle", digests=False)
        # An employee's opt-out does not stop the reminders the law asks for.
        mail_preferences.set_preferences(session, "mari", digests=False)
    report = reminders.run(ws, config(smtp), **at("2024-02-05"))
    assert sorted(report.sent) == ["digest/juhan/2024-W06", "reminder/p-0001/voru-sts/v1/1"]
    got = {m["To"].addresses[0].addr_spec: m for m in smtp.take()}
    assert set(got) == {"juhan@voru.ee", "mari@voru.ee"}
    digest = got["juhan@voru.ee"]
    assert digest["Content-Language"] == "en"
    unsubscribe = str(digest["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://roles.voru.ee/mail/unsubscribe/")
    assert (
        "Mari" in digest.get_body(("plain",)).get_content()
        or "pending" in digest.get_body(("plain",)).get_content().lower()
    )
    # One a week: later the same week nothing; the one-click link stops them.
    assert reminders.run(ws, config(smtp), **at("2024-02-08")).sent == []
    token = unsubscribe.strip("<>").rsplit("/", 1)[1]
    with ws.sessions() as session, session.begin():
        mail_preferences.unsubscribe(session, token)
    assert reminders.run(ws, config(smtp), **at("2024-02-12")).sent == [
        "reminder/p-0001/voru-sts/v1/2"
    ]


def test_hr_gets_a_monthly_summary_once_a_month(ws: Workspace, smtp: Smtp) -> None:
    user(ws, "hr", "hr", "hr@voru.ee", municipalities=["voru"])
    assert reminders.run(ws, config(smtp), **at("2024-03-01")).sent == ["summary/hr/voru/2024-02"]
    [m] = smtp.take()
    assert "Võru linn" in m["Subject"]
    assert reminders.run(ws, config(smtp), **at("2024-03-20")).sent == []
    assert reminders.run(ws, config(smtp), **at("2024-04-02")).sent == ["summary/hr/voru/2024-03"]


def test_roles_remind_twice_sends_nothing_new(
    use_database: str, smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLES_SMTP_URL", f"smtp://127.0.0.1:{smtp.port}?starttls=no")
    monkeypatch.setenv("ROLES_MAIL_FROM", "roles@voru.ee")
    monkeypatch.setenv("ROLES_PUBLIC_URL", "https://roles.voru.ee")
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(FIXTURES / "example.yaml")]).exit_code == 0
    result = runner.invoke(
        main,
        ["user", "add", "mari", "--role", "employee", "--person", "p-0001"],
        input="correct horse battery\ncorrect horse battery\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["mail", "user", "mari", "--email", "mari@voru.ee"])
    assert result.exit_code == 0, result.output
    dry = runner.invoke(main, ["remind", "--dry-run", "--date", "2024-02-04"])
    assert dry.exit_code == 0, dry.output
    assert "would queue: reminder/p-0001/voru-sts/v1/1" in dry.output
    assert smtp.take() == []
    first = runner.invoke(main, ["remind", "--date", "2024-02-04"])
    assert first.exit_code == 0, first.output
    assert "queued 1, sent 1" in first.output
    second = runner.invoke(main, ["remind", "--date", "2024-02-04"])
    assert "queued 0, sent 0" in second.output
    assert len(smtp.take()) == 1
    bad = runner.invoke(main, ["mail", "user", "mari", "--email", "not an address"])
    assert bad.exit_code == 2 and "email" in bad.output


def test_the_server_sends_with_its_scheduler(
    database_url: str, smtp: Smtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from litestar.testing import TestClient

    from roles import config as roles_config
    from roles.server import create_app

    engine = store.create(database_url)
    store.upgrade(engine)
    with store.sessions(engine)() as session:
        store.load_all(session, [("example.yaml", EXAMPLE)])
    w = Workspace(engine)
    user(w, "mari", "employee", "mari@voru.ee", person="p-0001")
    w.close()
    settings = msgspec.structs.replace(
        roles_config.from_environment(),
        database_url=database_url,
        smtp_url=f"smtp://127.0.0.1:{smtp.port}?starttls=no",
        mail_from="roles@voru.ee",
        public_url="https://roles.voru.ee",
        mail_scheduler=True,
        mail_tick=0.05,
    )
    app = create_app(settings)
    with TestClient(app):
        deadline = time.monotonic() + 20
        while not smtp.handler.received and time.monotonic() < deadline:
            time.sleep(0.05)
        rounds = app.state.scheduler.rounds
        while app.state.scheduler.rounds < rounds + 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # later ticks send nothing again
    [m] = smtp.take()  # today's reminder of a description waiting since 2024
    assert m["To"].addresses[0].addr_spec == "mari@voru.ee"
    engine.dispose()


def test_serve_with_scheduler_wants_a_mail_server(
    use_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.delenv("ROLES_SMTP_URL", raising=False)
    monkeypatch.setenv("ROLES_MAIL_SCHEDULER", "")  # restored after; serve sets it
    result = CliRunner().invoke(main, ["serve", "--with-scheduler"])
    assert result.exit_code == 2 and "ROLES_SMTP_URL" in result.output
    assert os.environ.get("ROLES_MAIL_SCHEDULER") == "1"
