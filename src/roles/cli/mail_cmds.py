"""`roles remind` (send the reminders, digests and summaries due) and `roles mail …` (users'
addresses and languages, a municipality's reminder rhythm, the outbox).

`roles remind` is made for cron or a systemd timer (README): it sends what is due and exits
0; 3 when the mail server cannot be reached (what was not sent stays queued and is retried
with back-off by the next run), 2 for bad settings.
"""

import datetime as dt

import click

from roles.cli.source import EXIT_UNAVAILABLE, fail, workspace
from roles.config import mail_config, settings
from roles.services import mail_preferences, reminders
from roles.services.errors import ServiceError

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _config() -> reminders.MailConfig:
    try:
        return mail_config(settings())
    except ValueError as e:
        raise click.UsageError(str(e)) from None


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="Only list what would be queued; send nothing.")
@click.option("--date", "day", type=DATE, default=None, help="As if today were this day.")
def remind(dry_run: bool, day: dt.datetime | None) -> None:
    """Send the acknowledgement reminders, weekly digests and monthly summaries that are due.

    Each message is sent once: a rerun sends nothing already sent. Mail goes through
    ROLES_SMTP_URL from ROLES_MAIL_FROM, with links to ROLES_PUBLIC_URL.
    """
    config = _config()
    try:
        with workspace() as ws:
            report = reminders.run(ws, config, today=day.date() if day else None, dry_run=dry_run)
    except ServiceError as e:
        fail(e)
    verb = "would queue" if dry_run else "queued"
    click.echo(
        f"{verb} {len(report.queued)}, sent {len(report.sent)}, "
        f"deferred {len(report.deferred)}, failed {len(report.failed)}"
    )
    for key in report.queued:
        click.echo(f"  {verb}: {key}")
    for key in report.failed:
        click.echo(f"  failed for good: {key}")
    for who in report.unreachable:
        click.echo(f"  no e-mail address: {who}")
    if report.stopped:
        click.echo(
            f"error: the mail server is out of reach ({report.stopped}); "
            "what was not sent is retried by the next run",
            err=True,
        )
        raise SystemExit(EXIT_UNAVAILABLE)


@click.group("mail")
def mail_group() -> None:
    """Mail settings: users' addresses and languages, reminder rhythm, the outbox."""


@mail_group.command("user")
@click.argument("name")
@click.option("--email", default=None, help="The user's e-mail address.")
@click.option("--no-email", is_flag=True, help="Remove the address: no mail to this user.")
@click.option("--language", type=click.Choice(["et", "en"]), default=None)
@click.option("--digests/--no-digests", default=None, help="Weekly digests, monthly summaries.")
def mail_user(
    name: str, email: str | None, no_email: bool, language: str | None, digests: bool | None
) -> None:
    """Show or change a user's e-mail address, language and digests (reminders of a job
    description to acknowledge cannot be stopped)."""
    try:
        with workspace() as ws, ws.sessions() as session, session.begin():
            p = mail_preferences.set_preferences(
                session,
                name,
                email=email,
                clear_email=no_email,
                language=language,
                digests=digests,
            )
    except ServiceError as e:
        fail(e)
    click.echo(
        f"{p.user}: {p.email or '(no address)'}, {p.language}, "
        f"digests {'on' if p.digests else 'off'}"
    )


@mail_group.command("rhythm")
@click.argument("municipality")
@click.option("--first-after", type=int, default=None, help="Days before the first reminder.")
@click.option("--every", type=int, default=None, help="Days between reminders after that.")
def mail_rhythm(municipality: str, first_after: int | None, every: int | None) -> None:
    """Show or set when a municipality's reminders come (defaults: after 3 days, every 7)."""
    try:
        with workspace() as ws:
            ws.require(municipality)
            with ws.sessions() as session, session.begin():
                r = reminders.rhythm(session, municipality)
                if first_after is not None or every is not None:
                    r = reminders.set_rhythm(
                        session,
                        municipality,
                        r.first_after if first_after is None else first_after,
                        r.every if every is None else every,
                    )
    except ServiceError as e:
        fail(e)
    click.echo(f"{municipality}: first reminder after {r.first_after} day(s), then every {r.every}")


@mail_group.command("outbox")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
def mail_outbox(limit: int) -> None:
    """The newest messages of the outbox: sent, waiting (with the next try) or failed."""
    with workspace() as ws, ws.sessions() as session:
        entries = reminders.outbox(session, limit)
    for e in entries:
        more = f", next try {e.next_attempt_at:%Y-%m-%d %H:%M}" if e.next_attempt_at else ""
        error = f" — {e.last_error}" if e.last_error else ""
        click.echo(f"{e.state:8} {e.key} → {e.address} ({e.attempts} tries{more}){error}")
