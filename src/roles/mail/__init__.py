"""E-mail: acknowledgement reminders, managers' weekly digests, HR's monthly summaries.

Pure of the database and the clock: the service fills plain structs, asks the schedule what is
due, keeps an outbox keyed by the keys below, and hands messages to a `Mailer`. Public API:

Messages (each returns a `Message`: subject, plain text and HTML in the recipient's language):
- `reminder(Reminder, key)`, `digest(Digest, key)`, `monthly_summary(MonthlySummary, key)`;
- `email_message(message, *, sender, sender_name=None, date) -> EmailMessage`: multipart
  text + HTML, `Message-ID` made of the outbox key (`message_id(key, domain)`: the same for every
  send of one key), `Auto-Submitted`, `Content-Language`, and for digests and summaries
  `List-Unsubscribe` (one click, RFC 8058): people may stop those, never the reminders.

Schedule and keys (pure):
- `reminder_number(since, today, first_after=3, every=7) -> int | None`: which reminder is due;
  `reminder_dates(...)`; `reminder_key(person, position, version, number)`;
- `digest_key(recipient, day)` (one a week), `summary_key(recipient, municipality, day)` (one a
  month); `retry_after(attempts) -> timedelta` (5 min doubling to 6 h).

Sending:
- `SmtpSettings.from_url("smtps://user:pw@host")` (see `_smtp` for the forms);
- `with Mailer(settings) as m: m.send(email)`; failures raise `TemporaryFailure` (retry later;
  `server_wide`: stop this run) or `PermanentFailure` (never retry this message).
"""

from roles.mail._messages import (
    Approved,
    DayRange,
    Digest,
    Message,
    MonthlySummary,
    Pending,
    Recipient,
    Reminder,
    Uncovered,
    Unqualified,
    VacantChain,
    digest,
    email_message,
    message_id,
    monthly_summary,
    reminder,
)
from roles.mail._schedule import (
    DEFAULT_EVERY,
    DEFAULT_FIRST_AFTER,
    digest_key,
    reminder_dates,
    reminder_key,
    reminder_number,
    retry_after,
    summary_key,
)
from roles.mail._smtp import (
    Mailer,
    MailError,
    PermanentFailure,
    Security,
    SmtpSettings,
    TemporaryFailure,
)

__all__ = [
    "DEFAULT_EVERY",
    "DEFAULT_FIRST_AFTER",
    "Approved",
    "DayRange",
    "Digest",
    "MailError",
    "Mailer",
    "Message",
    "MonthlySummary",
    "Pending",
    "PermanentFailure",
    "Recipient",
    "Reminder",
    "Security",
    "SmtpSettings",
    "TemporaryFailure",
    "Uncovered",
    "Unqualified",
    "VacantChain",
    "digest",
    "digest_key",
    "email_message",
    "message_id",
    "monthly_summary",
    "reminder",
    "reminder_dates",
    "reminder_key",
    "reminder_number",
    "retry_after",
    "summary_key",
]
