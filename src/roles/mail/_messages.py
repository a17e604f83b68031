"""The messages: acknowledgement reminder, managers' weekly digest, HR's monthly summary.

Each is built from a plain struct the service fills, in the recipient's language, as plain
text and HTML. Every value is escaped in the HTML part; nothing in the data can add markup or
headers (addresses and subjects are checked when the email is made, `email_message`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import msgspec

from roles.domain import dates

# --- what the service fills ---------------------------------------------------------------


class Recipient(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    address: str
    language: str = "et"  # "et" or "en"


class Reminder(msgspec.Struct, frozen=True, kw_only=True):
    """A job description waits for its holder's acknowledgement."""

    to: Recipient
    municipality: str  # "Võru linn"
    position: str  # the position's title
    version: int
    approved: dt.date | None  # when the version was approved
    waiting_since: dt.date
    number: int  # 1 = the first reminder
    link: str  # the person's page with the description and the acknowledge button


class DayRange(msgspec.Struct, frozen=True):
    first: dt.date
    last: dt.date


class Uncovered(msgspec.Struct, frozen=True, kw_only=True):
    position: str  # title
    unit: str
    days: list[DayRange]
    away: list[str] = []  # who is away then (names)


class VacantChain(msgspec.Struct, frozen=True, kw_only=True):
    position: str  # title
    unit: str
    chain: list[str] = []  # the substitute positions' titles, all vacant


class Unqualified(msgspec.Struct, frozen=True, kw_only=True):
    position: str  # the position acted for
    substitute: str  # who acts (name)
    missing: list[str] = []  # the requirements they do not meet, in the recipient's language


class Pending(msgspec.Struct, frozen=True, kw_only=True):
    person: str
    position: str
    since: dt.date


class Digest(msgspec.Struct, frozen=True, kw_only=True):
    """A manager's week: what needs attention in their units over the next four weeks."""

    to: Recipient
    units: list[str]
    first: dt.date
    last: dt.date
    uncovered: list[Uncovered] = []
    vacant_chains: list[VacantChain] = []
    unqualified: list[Unqualified] = []
    pending: list[Pending] = []
    link: str  # the coverage dashboard
    unsubscribe: str  # where to stop digests (reminders cannot be stopped)


class Approved(msgspec.Struct, frozen=True, kw_only=True):
    position: str
    version: int
    day: dt.date


class MonthlySummary(msgspec.Struct, frozen=True, kw_only=True):
    """HR's month for one municipality."""

    to: Recipient
    municipality: str
    month: dt.date  # any day of the month summed up
    positions: int
    vacant: int
    people: int
    absence_days: int  # person-days away in the month
    findings: dict[str, int] = {}  # coverage finding code → how many
    uncovered: list[Uncovered] = []  # in the month to come
    pending: list[Pending] = []
    approved: list[Approved] = []  # versions approved in the month
    link: str
    unsubscribe: str


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """One message ready to go; `key` is its outbox key (see `roles.mail` keys)."""

    key: str
    to: Recipient
    subject: str
    text: str
    html: str
    unsubscribe: str | None = None


# --- words --------------------------------------------------------------------------------

_FINDINGS = {
    "no-substitute": ("ametikohal pole asendajat", "positions without a substitute"),
    "abolished-substitute": ("asendaja ametikoht on kaotatud", "substitutes abolished"),
    "vacant-chain": ("asendusahel on täitmata", "vacant substitution chains"),
    "uncovered": ("katmata päevadega ametikohad", "positions with uncovered days"),
    "closed-loop": ("suletud asendusringid", "closed substitution loops"),
    "scope-gap": ("asendamata tööülesanded", "duties nobody covers"),
    "overloaded-substitute": ("ülekoormatud asendajad", "overloaded substitutes"),
    "unqualified-substitute": ("nõuetele mittevastavad asendajad", "unqualified substitutes"),
    "one-sided": ("ühepoolsed asendused", "one-sided substitutions"),
    "contradicting-text": (
        "ametijuhendi tekst ja register erinevad",
        "texts contradicting the registry",
    ),
}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _t(language: str, et: str, en: str) -> str:
    return et if language == "et" else en


def _day(day: dt.date, language: str) -> str:
    return dates.shown(day, language)


def _span(r: DayRange, language: str) -> str:
    if r.first == r.last:
        return _day(r.first, language)
    return f"{_day(r.first, language)}–{_day(r.last, language)}"


def _month(day: dt.date, language: str) -> str:
    if language == "et":
        return f"{dates.MONTHS[day.month - 1]} {day.year}"
    return f"{_MONTHS_EN[day.month - 1]} {day.year}"


class _Body:
    """Plain text and HTML written side by side, so both say the same."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.text: list[str] = []
        self.html: list[str] = []

    def paragraph(self, text: str) -> None:
        self.text += [text, ""]
        self.html.append(f"<p>{html.escape(text)}</p>")

    def heading(self, text: str) -> None:
        self.text += [text, "-" * len(text)]
        self.html.append(
            f'<h2 style="font-size:1.1em;margin:1.2em 0 .4em">{html.escape(text)}</h2>'
        )

    def items(self, items: Sequence[str]) -> None:
        self.text += [f"- {item}" for item in items] + [""]
        self.html.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def link(self, label: str, url: str) -> None:
        self.text += [f"{label}: {url}", ""]
        self.html.append(
            f'<p><a href="{html.escape(url, quote=True)}">{html.escape(label)}</a></p>'
        )

    def footer(self, text: str, unsubscribe: str | None = None) -> None:
        self.text += ["-- ", text]
        lines = [html.escape(text)]
        if unsubscribe:
            label = _t(self.language, "Loobu nendest kirjadest", "Stop these messages")
            self.text.append(f"{label}: {unsubscribe}")
            lines.append(
                f'<a href="{html.escape(unsubscribe, quote=True)}">{html.escape(label)}</a>'
            )
        self.html.append('<hr><p style="color:#555;font-size:.9em">' + "<br>".join(lines) + "</p>")

    def done(self, title: str) -> tuple[str, str]:
        lang = "et" if self.language == "et" else "en"
        page = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>"
            '<body style="font-family:sans-serif;line-height:1.45;max-width:40em">'
            + "".join(self.html)
            + "</body></html>"
        )
        return "\n".join(self.text).rstrip() + "\n", page


def _footer_text(language: str) -> str:
    return _t(
        language,
        "Selle kirja saatis ametijuhendite register automaatselt.",
        "This message was sent automatically by the job-description registry.",
    )


# --- composing ----------------------------------------------------------------------------


def reminder(r: Reminder, key: str) -> Message:
    lang = r.to.language
    subject = _t(
        lang,
        f"Palun tutvu oma ametijuhendiga: {r.position}",
        f"Please acknowledge your job description: {r.position}",
    )
    body = _Body(lang)
    body.paragraph(_t(lang, f"Tere, {r.to.name}!", f"Dear {r.to.name},"))
    approved = f" ({_day(r.approved, lang)})" if r.approved else ""
    body.paragraph(
        _t(
            lang,
            f"{r.municipality} on kinnitanud ametikoha „{r.position}“ ametijuhendi, "
            f"versiooni {r.version}{approved}. See ootab sinu tutvumist alates "
            f"{_day(r.waiting_since, lang)}.",
            f"{r.municipality} has approved version {r.version}{approved} of the job "
            f"description of your position “{r.position}”. It has awaited your acknowledgement "
            f"since {_day(r.waiting_since, lang)}.",
        )
    )
    body.paragraph(
        _t(
            lang,
            "Palun loe see läbi ja kinnita, et oled sellega tutvunud (nupuga või digiallkirjaga).",
            "Please read it and confirm that you have "
            "(with the button, or by signing it digitally).",
        )
    )
    body.link(_t(lang, "Ava oma ametijuhend", "Open your job description"), r.link)
    if r.number > 1:
        body.paragraph(
            _t(lang, f"See on {r.number}. meeldetuletus.", f"This is reminder number {r.number}.")
        )
    body.footer(_footer_text(lang))
    text, page = body.done(subject)
    return Message(key=key, to=r.to, subject=subject, text=text, html=page)


def _uncovered_line(u: Uncovered, lang: str) -> str:
    days = ", ".join(_span(d, lang) for d in u.days)
    line = f"{u.position} ({u.unit}): {days}"
    if u.away:
        line += _t(lang, f"; eemal: {', '.join(u.away)}", f"; away: {', '.join(u.away)}")
    return line


def digest(d: Digest, key: str) -> Message:
    lang = d.to.language
    period = f"{_day(d.first, lang)}–{_day(d.last, lang)}"
    subject = _t(lang, f"Asendamise ülevaade {period}", f"Coverage digest {period}")
    body = _Body(lang)
    body.paragraph(_t(lang, f"Tere, {d.to.name}!", f"Dear {d.to.name},"))
    body.paragraph(
        _t(
            lang,
            f"Sinu üksused: {', '.join(d.units)}. Ülevaade ajavahemikust {period}.",
            f"Your units: {', '.join(d.units)}. The overview covers {period}.",
        )
    )
    empty = True
    if d.uncovered:
        empty = False
        body.heading(_t(lang, "Katmata ametikohad", "Positions nobody covers"))
        body.items([_uncovered_line(u, lang) for u in d.uncovered])
    if d.vacant_chains:
        empty = False
        body.heading(_t(lang, "Täitmata asendusahelad", "Vacant substitution chains"))
        body.items(
            [
                f"{v.position} ({v.unit})"
                + (
                    _t(lang, ": kõik asendajad on täitmata — ", ": every substitute is vacant — ")
                    + ", ".join(v.chain)
                    if v.chain
                    else ""
                )
                for v in d.vacant_chains
            ]
        )
    if d.unqualified:
        empty = False
        body.heading(_t(lang, "Nõuetele mittevastavad asendajad", "Unqualified substitutes"))
        body.items(
            [
                _t(
                    lang,
                    f"{u.substitute} asendab ametikohta „{u.position}“",
                    f"{u.substitute} acts for “{u.position}”",
                )
                + (f" ({'; '.join(u.missing)})" if u.missing else "")
                for u in d.unqualified
            ]
        )
    if d.pending:
        empty = False
        body.heading(_t(lang, "Tutvumata ametijuhendid", "Pending acknowledgements"))
        body.items(
            [
                _t(
                    lang,
                    f"{p.person}, {p.position}: ootab alates {_day(p.since, lang)}",
                    f"{p.person}, {p.position}: waiting since {_day(p.since, lang)}",
                )
                for p in d.pending
            ]
        )
    if empty:
        body.paragraph(
            _t(
                lang,
                "Kõik on korras: tähelepanu vajavat pole.",
                "All is well: nothing needs your attention.",
            )
        )
    body.link(_t(lang, "Ava asendamise töölaud", "Open the coverage dashboard"), d.link)
    body.footer(_footer_text(lang), d.unsubscribe)
    text, page = body.done(subject)
    return Message(
        key=key, to=d.to, subject=subject, text=text, html=page, unsubscribe=d.unsubscribe
    )


def monthly_summary(s: MonthlySummary, key: str) -> Message:
    lang = s.to.language
    month = _month(s.month, lang)
    subject = _t(
        lang,
        f"{s.municipality}: kuu kokkuvõte, {month}",
        f"{s.municipality}: monthly summary, {month}",
    )
    body = _Body(lang)
    body.paragraph(_t(lang, f"Tere, {s.to.name}!", f"Dear {s.to.name},"))
    body.items(
        [
            _t(
                lang,
                f"ametikohti: {s.positions}, neist täitmata {s.vacant}",
                f"positions: {s.positions}, of them vacant: {s.vacant}",
            ),
            _t(lang, f"töötajaid: {s.people}", f"people: {s.people}"),
            _t(lang, f"puudumispäevi: {s.absence_days}", f"days of absence: {s.absence_days}"),
        ]
    )
    if s.findings:
        body.heading(_t(lang, "Asendamise leiud", "Coverage findings"))
        body.items(
            [
                f"{_FINDINGS.get(code, (code, code))[0 if lang == 'et' else 1]}: {count}"
                for code, count in sorted(s.findings.items())
            ]
        )
    if s.uncovered:
        body.heading(_t(lang, "Katmata ametikohad järgmisel kuul", "Uncovered next month"))
        body.items([_uncovered_line(u, lang) for u in s.uncovered])
    if s.approved:
        body.heading(_t(lang, "Kinnitatud ametijuhendid", "Job descriptions approved"))
        body.items(
            [
                _t(
                    lang,
                    f"{a.position}, versioon {a.version} ({_day(a.day, lang)})",
                    f"{a.position}, version {a.version} ({_day(a.day, lang)})",
                )
                for a in s.approved
            ]
        )
    if s.pending:
        body.heading(_t(lang, "Tutvumata ametijuhendid", "Pending acknowledgements"))
        body.items(
            [
                _t(
                    lang,
                    f"{p.person}, {p.position}: ootab alates {_day(p.since, lang)}",
                    f"{p.person}, {p.position}: waiting since {_day(p.since, lang)}",
                )
                for p in s.pending
            ]
        )
    body.link(_t(lang, "Ava ülevaade", "Open the overview"), s.link)
    body.footer(_footer_text(lang), s.unsubscribe)
    text, page = body.done(subject)
    return Message(
        key=key, to=s.to, subject=subject, text=text, html=page, unsubscribe=s.unsubscribe
    )


# --- the email ----------------------------------------------------------------------------


def message_id(key: str, domain: str) -> str:
    """The same Message-ID for every send of one outbox key: a resend is recognisable."""
    digest_ = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest_}.roles@{domain}>"


def _one_line(value: str, what: str) -> str:
    if any(c in value for c in "\r\n\x00"):
        raise ValueError(f"{what} must be one line")
    return value


def email_message(
    message: Message, *, sender: str, sender_name: str | None = None, date: dt.datetime
) -> EmailMessage:
    """The message as an email: plain text and HTML alternatives, stable Message-ID.

    `sender` is the From address (its domain also names the Message-ID); `date` is when it is
    sent (an aware datetime). Raises ValueError for an address or subject with line breaks.
    """
    if date.tzinfo is None:
        raise ValueError("date must be an aware datetime")
    address = _one_line(message.to.address, "the recipient's address")
    if "@" not in address:
        raise ValueError(f"not an email address: {address!r}")
    _one_line(sender, "the sender's address")
    domain = sender.rpartition("@")[2] or "localhost"
    mail = EmailMessage()
    mail["From"] = formataddr((sender_name, sender)) if sender_name else sender
    mail["To"] = formataddr((_one_line(message.to.name, "the recipient's name"), address))
    mail["Subject"] = _one_line(message.subject, "the subject")
    mail["Date"] = format_datetime(date)
    mail["Message-ID"] = message_id(message.key, domain)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    if message.unsubscribe:
        mail["List-Unsubscribe"] = f"<{_one_line(message.unsubscribe, 'the unsubscribe link')}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    # After the parts: making the message multipart moves Content-* headers into its first part.
    mail["Content-Language"] = "et" if message.to.language == "et" else "en"
    return mail
