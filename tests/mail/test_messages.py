"""Message contents (both languages, escaping) and the reminder schedule."""

import datetime as dt

import msgspec
import pytest

from roles import mail
from roles.mail import (
    Approved,
    DayRange,
    Digest,
    MonthlySummary,
    Pending,
    Recipient,
    Uncovered,
    Unqualified,
    VacantChain,
)

SENT_AT = dt.datetime(2026, 7, 6, 7, 0, tzinfo=dt.UTC)
EVIL = '<script>alert("x")</script> & Co'


def _digest(language: str, **changes: object) -> Digest:
    fields: dict[str, object] = dict(
        to=Recipient(name="Juhan Juht", address="juhan@example.ee", language=language),
        units=["sotsiaaltööosakond"],
        first=dt.date(2026, 7, 6),
        last=dt.date(2026, 8, 2),
        uncovered=[
            Uncovered(
                position="sotsiaalteenuste spetsialist",
                unit="sotsiaaltööosakond",
                days=[DayRange(dt.date(2026, 7, 15), dt.date(2026, 7, 17))],
                away=["Mari Maasikas", "Kati Katsetaja"],
            )
        ],
        vacant_chains=[
            VacantChain(
                position="spetsialist",
                unit="laste heaolu teenistus",
                chain=["laste heaolu spetsialist"],
            )
        ],
        unqualified=[
            Unqualified(
                position="sotsiaaltöö peaspetsialist",
                substitute="Tiina Testija",
                missing=["kõrgharidus"],
            )
        ],
        pending=[
            Pending(
                person="Siim Simulatsioon",
                position="sotsiaalteenuste spetsialist",
                since=dt.date(2026, 6, 1),
            )
        ],
        link="https://roles.example.ee/coverage?u=1&v=2",
        unsubscribe="https://roles.example.ee/unsubscribe/abc",
    )
    fields.update(changes)
    return Digest(**fields)  # type: ignore[arg-type]


def test_the_digest_lists_what_needs_attention_in_estonian() -> None:
    message = mail.digest(_digest("et"), mail.digest_key("juhan", dt.date(2026, 7, 6)))
    assert message.key == "digest/juhan/2026-W28"
    assert message.subject == "Asendamise ülevaade 06.07.2026–02.08.2026"
    for words in (
        "Katmata ametikohad",
        "15.07.2026–17.07.2026",
        "eemal: Mari Maasikas, Kati Katsetaja",
        "Täitmata asendusahelad",
        "Tiina Testija asendab ametikohta „sotsiaaltöö peaspetsialist“ (kõrgharidus)",
        "Siim Simulatsioon, sotsiaalteenuste spetsialist: ootab alates 01.06.2026",
        "Loobu nendest kirjadest",
    ):
        assert words in message.text
        assert words.replace("„", "„") in message.html or words in message.html


def test_a_quiet_week_says_so_in_english() -> None:
    quiet = _digest("en", uncovered=[], vacant_chains=[], unqualified=[], pending=[])
    message = mail.digest(quiet, "k")
    assert "All is well" in message.text and "All is well" in message.html
    assert "Katmata" not in message.text


def test_everything_is_escaped_in_html() -> None:
    evil = _digest(
        "et",
        to=Recipient(name=EVIL, address="juhan@example.ee"),
        units=[EVIL],
        uncovered=[Uncovered(position=EVIL, unit=EVIL, days=[], away=[EVIL])],
        link='https://x.ee/"><script>',
    )
    message = mail.digest(evil, "k")
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html and "&quot;&gt;&lt;script&gt;" in message.html
    assert EVIL in message.text  # plain text carries it as written


def test_headers_cannot_be_injected() -> None:
    message = mail.digest(
        _digest("et", to=Recipient(name="x\r\nBcc: a@b.ee", address="juhan@example.ee")), "k"
    )
    with pytest.raises(ValueError, match="one line"):
        mail.email_message(message, sender="roles@voru.ee", date=SENT_AT)
    message = mail.digest(_digest("et", to=Recipient(name="x", address="no-at-sign")), "k")
    with pytest.raises(ValueError, match="address"):
        mail.email_message(message, sender="roles@voru.ee", date=SENT_AT)


def test_digests_can_be_stopped_in_one_click() -> None:
    email_ = mail.email_message(
        mail.digest(_digest("et"), "k"),
        sender="roles@voru.ee",
        sender_name="Võru ametijuhendid",
        date=SENT_AT,
    )
    assert email_["List-Unsubscribe"] == "<https://roles.example.ee/unsubscribe/abc>"
    assert email_["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Võru ametijuhendid" in str(email_["From"])


def test_the_monthly_summary() -> None:
    summary = MonthlySummary(
        to=Recipient(name="Helle HR", address="hr@voru.ee", language="en"),
        municipality="Võru linn",
        month=dt.date(2026, 7, 31),
        positions=6,
        vacant=1,
        people=8,
        absence_days=57,
        findings={"uncovered": 3, "no-substitute": 1},
        approved=[
            Approved(position="sotsiaalteenuste spetsialist", version=2, day=dt.date(2026, 7, 3))
        ],
        link="https://roles.example.ee/voru",
        unsubscribe="https://roles.example.ee/u/x",
    )
    message = mail.monthly_summary(summary, mail.summary_key("helle", "voru", summary.month))
    assert message.key == "summary/helle/voru/2026-07"
    assert message.subject == "Võru linn: monthly summary, July 2026"
    for words in (
        "positions: 6, of them vacant: 1",
        "days of absence: 57",
        "positions with uncovered days: 3",
        "positions without a substitute: 1",
        "sotsiaalteenuste spetsialist, version 2 (2026-07-03)",
    ):
        assert words in message.text and words in message.html
    estonian = msgspec.structs.replace(summary, to=Recipient(name="Helle", address="hr@voru.ee"))
    et = mail.monthly_summary(estonian, "k")
    assert et.subject == "Võru linn: kuu kokkuvõte, juuli 2026"


def test_reminders_follow_the_schedule() -> None:
    since = dt.date(2026, 7, 1)
    due = [mail.reminder_number(since, since + dt.timedelta(days=n)) for n in range(0, 18)]
    assert due == [None, None, None, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3]
    assert mail.reminder_dates(since, dt.date(2026, 7, 31)) == [
        dt.date(2026, 7, 4),
        dt.date(2026, 7, 11),
        dt.date(2026, 7, 18),
        dt.date(2026, 7, 25),
    ]
    assert mail.reminder_number(since, dt.date(2026, 7, 2), first_after=1, every=1) == 1
    # a missed fortnight sends only the latest reminder: its key is the one not sent yet
    assert mail.reminder_number(since, dt.date(2026, 7, 25)) == 4
    # a new approved version has its own key and its own start
    assert mail.reminder_key("p", "x", 2, 1) != mail.reminder_key("p", "x", 1, 1)
    with pytest.raises(ValueError):
        mail.reminder_number(since, since, every=0)


def test_retries_back_off_to_a_cap() -> None:
    waits = [mail.retry_after(n) for n in range(1, 10)]
    assert waits[:4] == [dt.timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert waits[-1] == dt.timedelta(hours=6)
    assert mail.retry_after(10_000) == dt.timedelta(hours=6)
