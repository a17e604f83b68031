"""Where a user's mail goes: their e-mail address, language and whether they take digests.

Account fields, not registry keys: an address belongs to a login, and HR may keep registries
in files without anyone's address in them. An employee gets reminders at the address of the
user whose `person` they are; managers get their weekly digest, HR their monthly summary.
Digests and summaries can be stopped (here, or by the one-click link in each of them);
acknowledgement reminders cannot: the law asks the employee to acknowledge.
"""

import re
import secrets

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.services.errors import Invalid, NotFound
from roles.store import hr_tables as hr
from roles.store import tables as t

LANGUAGES = ("et", "en")
# One address, no display name, no spaces or line breaks: enough for SMTP, checked again when
# the message is made (roles.mail.email_message).
_ADDRESS = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z0-9-]{2,63}$")


class MailPreferences(msgspec.Struct, frozen=True, kw_only=True):
    user: str
    email: str | None
    language: str
    digests: bool


def _row(session: Session, user: t.User) -> hr.MailPreference:
    row = session.get(hr.MailPreference, user.id)
    if row is None:
        row = hr.MailPreference(
            user_id=user.id,
            email=None,
            language="et",
            digests=True,
            unsubscribe_token=secrets.token_urlsafe(24),
        )
        session.add(row)
    return row


def _user(session: Session, name: str) -> t.User:
    user = session.scalars(sa.select(t.User).where(t.User.name == name)).first()
    if user is None:
        raise NotFound(f"no user {name!r}")
    return user


def get(session: Session, name: str) -> MailPreferences:
    user = _user(session, name)
    row = session.get(hr.MailPreference, user.id)
    if row is None:
        return MailPreferences(user=name, email=None, language="et", digests=True)
    return MailPreferences(user=name, email=row.email, language=row.language, digests=row.digests)


def set_preferences(
    session: Session,
    name: str,
    *,
    email: str | None = None,
    clear_email: bool = False,
    language: str | None = None,
    digests: bool | None = None,
) -> MailPreferences:
    """Change what is given (in the caller's transaction); Invalid names a bad value."""
    problems: list[domain.Problem] = []
    if email is not None and not _ADDRESS.fullmatch(email.strip()):
        problems.append(domain.Problem("email", f"not an e-mail address: {email!r}"))
    if language is not None and language not in LANGUAGES:
        problems.append(domain.Problem("language", "must be et or en"))
    if problems:
        raise Invalid(problems)
    row = _row(session, _user(session, name))
    if email is not None:
        row.email = email.strip()
    if clear_email:
        row.email = None
    if language is not None:
        row.language = language
    if digests is not None:
        row.digests = digests
    session.flush()
    return get(session, name)


def unsubscribe_token(session: Session, user_id: int) -> str:
    """The user's token for the one-click link that stops digests (made on first use)."""
    row = session.get(hr.MailPreference, user_id)
    if row is None:
        raise NotFound("no mail preferences")
    if row.unsubscribe_token is None:
        row.unsubscribe_token = secrets.token_urlsafe(24)
        session.flush()
    return row.unsubscribe_token


def unsubscribe(session: Session, token: str) -> None:
    """Stop digests and summaries for whoever holds `token`; NotFound for an unknown token."""
    if not 16 <= len(token) <= 64:
        raise NotFound("no such link")
    row = session.scalars(
        sa.select(hr.MailPreference).where(hr.MailPreference.unsubscribe_token == token)
    ).first()
    if row is None:
        raise NotFound("no such link")
    row.digests = False
    session.flush()
