"""What the one application layer put right: a unit means its whole subtree in the API as on
the dashboard, service errors keep the API's JSON shape, snapshot caches stay bounded."""

import datetime as dt

from sqlalchemy.engine import Engine

from roles import store
from roles.services import access, snapshot
from roles.services.caches import LRU
from roles.services.views import view

from .conftest import Api
from .factories import populate

M = "/api/municipalities"
JULY = {"from": "2026-07-01", "to": "2026-07-31"}


def test_the_calendar_of_a_unit_holds_the_units_below_it(api: Api) -> None:
    """The defect: the API took the unit alone, the dashboard its subtree."""
    hr = api.as_("hr")
    cal = hr.get(f"{M}/tamme/coverage/calendar", params={"unit": "tamme-sotsiaal", **JULY})
    assert cal.status_code == 200, cal.text
    # tamme-spets is in tamme-lastekaitse, below tamme-sotsiaal
    assert {c["position"] for c in cal.json()} == {"tamme-juht", "tamme-spets", "tamme-vaba"}
    leaf = hr.get(f"{M}/tamme/coverage/calendar", params={"unit": "tamme-lastekaitse", **JULY})
    assert {c["position"] for c in leaf.json()} == {"tamme-spets"}


def test_a_unit_the_caller_does_not_see_is_not_found(api: Api) -> None:
    r = api.as_("manager").get(
        f"{M}/tamme/coverage/calendar", params={"unit": "tamme-haldus", **JULY}
    )
    assert r.status_code == 404
    assert r.json() == {"status_code": 404, "detail": "no unit 'tamme-haldus'", "extra": []}


def test_service_errors_keep_the_json_shape_and_retry_after(api: Api) -> None:
    r = api.as_("hr").get(
        f"{M}/tamme/coverage/calendar", params={"from": "2026-07-01", "to": "2026-06-01"}
    )
    assert r.status_code == 422
    body = r.json()
    assert body["status_code"] == 422
    assert body["extra"] == [
        {
            "path": "to",
            "message": "must be on or after 'from', within 400 days",
            "code": "",
            "params": {},
        }
    ]


def test_snapshot_caches_are_bounded(engine: Engine) -> None:
    """A date range typed into a form, or a caller's view, never grows a cache without end."""
    populate(engine)
    with store.sessions(engine)() as session:
        registry = store.read_registry(session, "tamme")
    assert registry is not None
    snap = snapshot.Snapshot(1, registry)
    start = dt.date(2026, 1, 1)
    for day in range(snapshot.FINDINGS * 3):
        first = start + dt.timedelta(days=day)
        snap.findings(first, first + dt.timedelta(days=7))
    assert len(snap._findings) == snapshot.FINDINGS
    for n in range(snapshot.VIEWS + 5):
        caller = access.Caller(id=n, name=f"u{n}", role=access.Role.EMPLOYEE, person="tamme-p2")
        assert view(caller, snap) is not None
    assert len(snap.views) == snapshot.VIEWS


def test_an_lru_keeps_the_most_recently_used() -> None:
    cache: LRU[str, int] = LRU(2)
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 99) == 1  # kept, and now the most recent
    assert cache.get("c", lambda: 3) == 3  # b goes
    assert cache.get("b", lambda: 22) == 22
    assert cache.get("a", lambda: 111) == 111  # a went when b came back
    assert len(cache) == 2
