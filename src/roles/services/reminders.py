"""E-mail reminders, managers' weekly digests and HR's monthly summaries, through an outbox.

`run` does one round, as `roles remind` and the server's daily scheduler call it:

1. What is due is worked out from the registries and the acknowledgements (`due`): a reminder
   for each holder awaiting acknowledgement whose reminder number (`roles.mail.reminder_number`,
   with the municipality's rhythm, defaults 3 and 7 days) has come; a digest for each manager
   once an ISO week, when their units have something to report; a summary of the month before
   for each HR user once a month. Each message has its outbox key (`roles.mail` keys).
2. Keys not in the outbox yet are queued (`mail_outbox`, the key its primary key): a key is
   queued once, ever, so a rerun or a crash queues and sends nothing again.
3. Queued messages whose time has come are sent, one connection for the round. Each is claimed
   first (a compare-and-swap on `next_attempt_at`, so two rounds at once never both send one)
   and marked sent in its own transaction. A temporary failure waits `retry_after(attempts)`
   (5 minutes doubling to 6 hours); one of the whole server ends the round, keeping the rest
   queued; a permanent refusal is kept as failed, never retried.

Recipients are users with an address (services.mail_preferences): employees by their
`person`, managers by their unit scopes, HR by their municipality scopes; each message is in
the user's language. A person awaiting acknowledgement without an address is listed in the
report as unreachable, so HR can see whom mail does not reach.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.orm import Session

from roles import domain, mail
from roles.services import acknowledgements, digests, mail_preferences
from roles.services.access import system
from roles.services.errors import Invalid, Unavailable
from roles.services.workspace import Workspace
from roles.store import hr_tables as hr
from roles.store import tables as t
from roles.store.db import aware

_CALLER = system("mail")
_message = msgspec.json.Decoder(mail.Message)


class MailConfig(msgspec.Struct, frozen=True, kw_only=True):
    """What the service is told of the mail settings (`ROLES_SMTP_URL`, `ROLES_MAIL_FROM`,
    `ROLES_PUBLIC_URL`)."""

    smtp: mail.SmtpSettings | None
    sender: str
    public_url: str  # links in messages start with it: "https://roles.example.ee"
    sender_name: str | None = None


class Report(msgspec.Struct, kw_only=True):
    queued: list[str] = []  # keys queued this round (with --dry-run: that would be)
    sent: list[str] = []
    deferred: list[str] = []  # a temporary failure: tried again later
    failed: list[str] = []  # refused for good
    unreachable: list[str] = []  # "person/position": awaiting acknowledgement, no address
    stopped: str | None = None  # why sending stopped early (the server is down)


class Rhythm(msgspec.Struct, frozen=True):
    first_after: int = mail.DEFAULT_FIRST_AFTER
    every: int = mail.DEFAULT_EVERY


@dataclass(frozen=True)
class _User:
    id: int
    name: str
    role: str
    person: str | None
    email: str
    language: str
    digests: bool
    municipalities: frozenset[str]
    units: frozenset[tuple[str, str]]


# --- settings ------------------------------------------------------------------------------


def rhythm(session: Session, municipality: str) -> Rhythm:
    row = session.get(hr.ReminderSetting, municipality)
    return Rhythm() if row is None else Rhythm(row.first_after, row.every)


def set_rhythm(session: Session, municipality: str, first_after: int, every: int) -> Rhythm:
    """The municipality's reminder rhythm (in the caller's transaction); Invalid when out of
    range (first after 0–365 days, then every 1–365)."""
    problems = []
    if not 0 <= first_after <= 365:
        problems.append(domain.Problem("first_after", "must be 0–365 days"))
    if not 1 <= every <= 365:
        problems.append(domain.Problem("every", "must be 1–365 days"))
    if problems:
        raise Invalid(problems)
    row = session.get(hr.ReminderSetting, municipality)
    if row is None:
        session.add(hr.ReminderSetting(municipality_id=municipality, first_after=0, every=1))
        session.flush()
        row = session.get(hr.ReminderSetting, municipality)
        assert row is not None
    row.first_after, row.every = first_after, every
    session.flush()
    return Rhythm(first_after, every)


# --- what is due ---------------------------------------------------------------------------


def _users(session: Session) -> list[_User]:
    scopes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for user_id, mid, unit in session.execute(
        sa.select(t.UserScope.user_id, t.UserScope.municipality_id, t.UserScope.unit_id)
    ):
        scopes[user_id].append((mid, unit))
    out = []
    for u, p in session.execute(
        sa.select(t.User, hr.MailPreference)
        .join(hr.MailPreference, hr.MailPreference.user_id == t.User.id)
        .where(hr.MailPreference.email.is_not(None))
        .order_by(t.User.name)
    ):
        assert p.email is not None
        mine = scopes.get(u.id, [])
        out.append(
            _User(
                id=u.id,
                name=u.name,
                role=u.role,
                person=u.person_id,
                email=p.email,
                language=p.language,
                digests=p.digests,
                municipalities=frozenset(m for m, unit in mine if not unit),
                units=frozenset((m, unit) for m, unit in mine if unit),
            )
        )
    return out


def _to(u: _User) -> mail.Recipient:
    return mail.Recipient(name=u.name, address=u.email, language=u.language)


def due(
    ws: Workspace, config: MailConfig, today: dt.date, report: Report | None = None
) -> Iterator[tuple[str, mail.Message]]:
    """Every message due today as (municipality, message), queued or not; people awaiting
    acknowledgement without an address go to `report.unreachable`."""
    with ws.sessions() as session:
        users = _users(session)
        tokens = {
            u.id: mail_preferences.unsubscribe_token(session, u.id) for u in users if u.digests
        }
        session.commit()
        rhythms = {
            mid: rhythm(session, mid)
            for (mid,) in session.execute(sa.select(hr.ReminderSetting.municipality_id))
        }
    by_person: dict[str, list[_User]] = defaultdict(list)
    for u in users:
        if u.person:
            by_person[u.person].append(u)
    for snap in ws.all():
        r = rhythms.get(snap.id, Rhythm())
        pending = acknowledgements.pending(ws, _CALLER, snap.id, today=today).items
        for h in pending:
            number = mail.reminder_number(h.since, today, first_after=r.first_after, every=r.every)
            if number is None:
                continue
            reachable = by_person.get(h.person, [])
            if not reachable and report is not None:
                report.unreachable.append(f"{snap.id}/{h.person}/{h.position}")
            for u in reachable:
                key = mail.reminder_key(h.person, h.position, h.version, number)
                if len(reachable) > 1:
                    key += f"/{u.name}"
                yield (
                    snap.id,
                    mail.reminder(
                        mail.Reminder(
                            to=mail.Recipient(name=h.name, address=u.email, language=u.language),
                            municipality=snap.registry.municipality.name,
                            position=h.position_title,
                            version=h.version,
                            approved=h.approved,
                            waiting_since=h.since,
                            number=number,
                            link=digests.link(config.public_url, "/me"),
                        ),
                        key,
                    ),
                )
        for u in users:
            if not u.digests:
                continue
            unsubscribe = digests.link(config.public_url, f"/mail/unsubscribe/{tokens[u.id]}")
            if u.role == "manager":
                units = sorted(unit for m, unit in u.units if m == snap.id and unit in snap.units)
                if units:
                    d = digests.digest(
                        snap, pending, _to(u), units, today, config.public_url, unsubscribe
                    )
                    if d is not None:
                        yield snap.id, mail.digest(d, mail.digest_key(u.name, today))
            elif u.role == "hr" and snap.id in u.municipalities:
                month = today.replace(day=1) - dt.timedelta(days=1)  # the month that ended
                s = digests.summary(
                    snap, pending, _to(u), month, today, config.public_url, unsubscribe
                )
                yield snap.id, mail.monthly_summary(s, mail.summary_key(u.name, snap.id, month))


# --- the outbox ----------------------------------------------------------------------------


def _queued_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            session.scalars(
                sa.select(hr.MailOutbox.key).where(hr.MailOutbox.key.in_(keys[start : start + 500]))
            )
        )
    return found


def queue(ws: Workspace, messages: list[tuple[str, mail.Message]], now: dt.datetime) -> list[str]:
    """Queue the messages whose keys are not in the outbox yet; answers the keys queued."""
    queued: list[str] = []
    with ws.sessions() as session:
        known = _queued_keys(session, [m.key for _, m in messages])
        for municipality, m in messages:
            if m.key in known:
                continue
            known.add(m.key)
            row = hr.MailOutbox(
                key=m.key,
                kind=m.key.partition("/")[0],
                municipality_id=municipality,
                address=m.to.address,
                message=msgspec.json.encode(m).decode(),
                created_at=now,
                attempts=0,
                next_attempt_at=now,
                last_error=None,
                sent_at=None,
                failed=False,
            )
            try:
                with session.begin_nested():
                    session.add(row)
            except sqlalchemy.exc.IntegrityError:
                continue  # another round queued it meanwhile: theirs stands
            queued.append(m.key)
        session.commit()
    return queued


_LEASE = dt.timedelta(minutes=10)  # a claimed message is another round's again after this


def send_due(ws: Workspace, config: MailConfig, now: dt.datetime, report: Report) -> None:
    """Send the queued messages whose time has come (see the module doc)."""
    if config.smtp is None:
        raise Unavailable("mail is not configured: set ROLES_SMTP_URL")
    with ws.sessions() as session:
        waiting = list(
            session.execute(
                sa.select(hr.MailOutbox.key, hr.MailOutbox.next_attempt_at)
                .where(
                    hr.MailOutbox.sent_at.is_(None),
                    hr.MailOutbox.failed.is_(False),
                    hr.MailOutbox.next_attempt_at <= now,
                )
                .order_by(hr.MailOutbox.created_at, hr.MailOutbox.key)
            )
        )
    with mail.Mailer(config.smtp) as mailer, ws.sessions() as session:
        for key, at in waiting:
            claimed = session.execute(
                sa.update(hr.MailOutbox)
                .where(hr.MailOutbox.key == key, hr.MailOutbox.next_attempt_at == at)
                .where(hr.MailOutbox.sent_at.is_(None))
                .values(next_attempt_at=now + _LEASE)
            )
            session.commit()
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another round has it
            row = session.get(hr.MailOutbox, key)
            assert row is not None
            message = _message.decode(row.message)
            try:
                email = mail.email_message(
                    message, sender=config.sender, sender_name=config.sender_name, date=now
                )
                mailer.send(email)
            except mail.TemporaryFailure as e:
                row.attempts += 1
                row.next_attempt_at = now + mail.retry_after(row.attempts)
                row.last_error = str(e)
                session.commit()
                report.deferred.append(key)
                if e.server_wide:
                    # The rest stay queued as they were, due at the next round.
                    report.stopped = str(e)
                    return
                continue
            except (mail.PermanentFailure, ValueError) as e:
                row.attempts += 1
                row.failed = True
                row.last_error = str(e)
                session.commit()
                report.failed.append(key)
                continue
            row.attempts += 1
            row.sent_at = now
            row.last_error = None
            session.commit()
            report.sent.append(key)


def run(
    ws: Workspace,
    config: MailConfig,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> Report:
    """One round: queue what is due, send what is queued and due (see the module doc).
    With `dry_run`, nothing is written or sent: `queued` lists what would be queued."""
    now = now or dt.datetime.now(dt.UTC)
    today = today or now.date()
    report = Report()
    messages = list(due(ws, config, today, report))
    if dry_run:
        with ws.sessions() as session:
            known = _queued_keys(session, [m.key for _, m in messages])
        report.queued = [m.key for _, m in messages if m.key not in known]
        return report
    if config.smtp is None:
        raise Unavailable("mail is not configured: set ROLES_SMTP_URL")
    report.queued = queue(ws, messages, now)
    send_due(ws, config, now, report)
    return report


class OutboxEntry(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    address: str
    created_at: dt.datetime
    attempts: int
    state: str  # sent | failed | waiting
    next_attempt_at: dt.datetime | None
    last_error: str | None


def outbox(session: Session, limit: int = 100) -> list[OutboxEntry]:
    """The newest entries of the outbox, for `roles mail outbox` and HR's page."""
    rows = session.scalars(
        sa.select(hr.MailOutbox).order_by(hr.MailOutbox.created_at.desc()).limit(limit)
    )
    return [
        OutboxEntry(
            key=r.key,
            address=r.address,
            created_at=aware(r.created_at),
            attempts=r.attempts,
            state="sent" if r.sent_at else "failed" if r.failed else "waiting",
            next_attempt_at=None if r.sent_at or r.failed else aware(r.next_attempt_at),
            last_error=r.last_error,
        )
        for r in rows
    ]
