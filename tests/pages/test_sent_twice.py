"""A form sent twice is saved once: without JavaScript nothing stops a double click or a reload
after the POST, and a second "new position" used to make `…-2` beside the first."""

import datetime as dt
import re
import threading
from typing import Any

import sqlalchemy as sa
from litestar.testing import TestClient

from roles.services import sendings
from roles.store.session_tables import FormSending

from . import test_server_side
from .forms import fields_of
from .test_corrections import _action, as_

client = test_server_side.client

M = "/m/tamme"
NEW_POSITION = {"title": "Noorsootöötaja", "unit": "tamme-sotsiaal", "seats": "1"}


def _filled(
    client: TestClient[Any], page: str, changes: dict[str, str]
) -> tuple[str, dict[str, str]]:
    got = client.get(page)
    assert got.status_code == 200, got.text
    fields = fields_of(got.text, "correction")
    assert fields.get(sendings.FIELD), "the form carries no one-time token"
    fields.update(changes)
    return _action(got.text, "correction"), fields


def _youth_workers(client: TestClient[Any]) -> list[str]:
    return sorted(
        set(
            re.findall(
                r"/m/tamme/positions/(tamme-noorsootootaja[-\w]*)",
                client.get(f"{M}/positions").text,
            )
        )
    )


def test_a_new_position_sent_twice_is_made_once_and_both_answers_lead_to_it(
    client: TestClient[Any],
) -> None:
    as_(client, "hr")
    target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
    first = client.post(target, data=fields, follow_redirects=False)
    second = client.post(target, data=fields, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text
    assert second.headers["location"] == first.headers["location"]
    assert _youth_workers(client) == ["tamme-noorsootootaja"]


def test_two_sendings_at_once_make_one_position(client: TestClient[Any]) -> None:
    as_(client, "hr")
    target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
    answers: list[Any] = []
    start = threading.Barrier(2)

    def send() -> None:
        start.wait()
        answers.append(client.post(target, data=fields, follow_redirects=False))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["location"] == answers[1].headers["location"]
    assert _youth_workers(client) == ["tamme-noorsootootaja"]


def test_the_same_form_opened_twice_makes_two_as_asked(client: TestClient[Any]) -> None:
    """Two positions of one title are common (three specialists): each form shown is its own."""
    as_(client, "hr")
    for _ in range(2):
        target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
        assert client.post(target, data=fields, follow_redirects=False).status_code == 303
    assert _youth_workers(client) == ["tamme-noorsootootaja", "tamme-noorsootootaja-2"]


def test_a_sending_refused_as_stale_gives_its_token_back(client: TestClient[Any]) -> None:
    as_(client, "hr")
    page = f"{M}/positions/tamme-spets/edit"
    target, mine = _filled(client, page, {"seats": "2"})
    _, theirs = _filled(client, page, {"seats": "3"})
    assert client.post(target, data=theirs, follow_redirects=False).status_code == 303
    stale = client.post(target, data=mine, follow_redirects=False)
    assert stale.status_code == 409
    # the form shown again carries the stored version's ETag; sent with the first page's
    # token (the back button), it is saved, not taken for a second sending of a saved form
    mine["_etag"] = fields_of(stale.text, "correction")["_etag"]
    again = client.post(target, data=mine, follow_redirects=False)
    assert again.status_code == 303, again.text


def test_one_person_s_token_is_nothing_to_another(client: TestClient[Any]) -> None:
    as_(client, "hr")
    target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
    assert client.post(target, data=fields, follow_redirects=False).status_code == 303
    as_(client, "admin")
    fields["_csrf"] = fields_of(client.get(f"{M}/positions/new").text, "correction")["_csrf"]
    assert client.post(target, data=fields, follow_redirects=False).status_code == 303
    assert _youth_workers(client) == ["tamme-noorsootootaja", "tamme-noorsootootaja-2"]


def test_back_changed_and_sent_again_is_a_new_change_not_a_repeat(
    client: TestClient[Any],
) -> None:
    """The browser's back button brings the first form again, token and all: what is sent
    with other values is what the person now asks for, never answered with the first page."""
    as_(client, "hr")
    target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
    first = client.post(target, data=fields, follow_redirects=False)
    again = client.post(target, data={**fields, "seats": "2"}, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] != first.headers["location"]
    assert _youth_workers(client) == ["tamme-noorsootootaja", "tamme-noorsootootaja-2"]


def test_a_first_sending_that_died_mid_change_does_not_hold_the_form_for_a_day(
    client: TestClient[Any],
) -> None:
    as_(client, "hr")
    target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
    assert client.post(target, data=fields, follow_redirects=False).status_code == 303
    # as if its worker had been killed before noting the answer, three minutes ago
    ws = client.app.state.workspace
    with ws.sessions() as session, session.begin():
        session.execute(
            sa.update(FormSending).values(
                done_url=None, sent_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
            )
        )
    again = client.post(target, data=fields, follow_redirects=False)
    assert again.status_code == 303, again.text  # not "still being saved" for a day


def test_a_token_the_page_never_wrote_is_no_token_at_all(client: TestClient[Any]) -> None:
    """Too long, empty or missing: the form is saved as sent, as before tokens (never a 500)."""
    as_(client, "hr")
    for token in ("x" * 10_000, "", None):
        target, fields = _filled(client, f"{M}/positions/new", NEW_POSITION)
        if token is None:
            del fields[sendings.FIELD]
        else:
            fields[sendings.FIELD] = token
        assert client.post(target, data=fields, follow_redirects=False).status_code == 303
    assert len(_youth_workers(client)) == 3
