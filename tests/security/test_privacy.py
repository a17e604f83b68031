"""Privacy between people (issue 14, item 7): a role learns nothing outside its scope through
any path — substitutes it names, error paths, who acts, calendars, findings, pages."""

import re
from typing import Any

from ..api.conftest import Api

M = "/api/municipalities/tamme"
POS = f"{M}/positions/tamme-spets"  # in the manager's units; the employee holds it
FOREIGN_PEOPLE = {"tamme-p1", "tamme-p3"}  # not the employee's; p3 not the manager's either


def _with_substitute(position: str) -> Any:
    return lambda body: body | {"substitutes": [{"position": position}]}


def _problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (p["path"], p["message"].replace("tamme-haldur", "X").replace("tamme-nope", "X"))
        for p in body.get("problems", body.get("extra", []))
    )


def test_naming_a_foreign_position_answers_as_a_missing_one(api: Api) -> None:
    manager = api.as_("manager")
    foreign = manager.update(POS, _with_substitute("tamme-haldur"))
    missing = manager.update(POS, _with_substitute("tamme-nope"))
    assert (foreign.status_code, missing.status_code) == (422, 422)
    assert _problems(foreign.json()) == _problems(missing.json())
    # the registry is unchanged
    assert api.as_("hr").get(POS).json()["substitutes"] == [{"position": "tamme-juht"}]


def test_error_paths_reveal_no_index_into_the_registry(api: Api) -> None:
    got = api.as_("manager").update(POS, _with_substitute("tamme-nope"))
    assert got.status_code == 422
    text = got.text
    assert "positions[" not in text and "people[" not in text
    assert "substitutes[0].position" in text
    # HR sees the whole registry and keeps the registry file's paths
    got = api.as_("hr").update(POS, _with_substitute("tamme-nope"))
    assert re.search(r"positions\[\d+\]\.substitutes\[0\]\.position", got.text)


def test_rules_already_there_stay_editable_by_the_manager(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.update(POS, _with_substitute("tamme-haldur")).status_code == 200
    keep = api.as_("manager").update(POS, lambda b: b)
    assert keep.status_code == 200, keep.text


def _absent_in_august(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.update(POS, _with_substitute("tamme-haldur")).status_code == 200
    absence = {"from": "2026-08-01", "to": "2026-08-10", "kind": "vacation"}
    got = hr.post(f"{M}/people/tamme-p2/absences", json=absence)
    assert got.status_code in (200, 201), got.text


def _named(calendar: list[dict[str, Any]]) -> set[str]:
    return {s["acting"].get("person") for c in calendar for s in c["segments"]} - {None}


def test_calendars_name_nobody_whose_absences_the_caller_may_not_see(api: Api) -> None:
    _absent_in_august(api)
    query = {"from": "2026-07-25", "to": "2026-08-31"}
    hr = api.as_("hr").get(f"{M}/coverage/calendar", params=query).json()
    assert "tamme-p3" in _named(hr)  # the holder of tamme-haldur acts while p2 is away
    manager = api.as_("manager").get(f"{M}/coverage/calendar", params=query)
    assert manager.status_code == 200
    assert not _named(manager.json()) & {"tamme-p3"}
    employee = api.as_("employee").get(f"{M}/coverage/calendar", params=query)
    assert employee.status_code == 200
    assert _named(employee.json()) <= {"tamme-p2"}
    # the substitute's run is one run for the manager: p3's own days do not show through it
    spets = next(c for c in manager.json() if c["position"] == "tamme-spets")
    runs = [(s["first"], s["last"], s["acting"]["status"]) for s in spets["segments"]]
    assert ("2026-08-06", "2026-08-10", "substitute") in runs or any(
        r[2] == "substitute" and r[0] <= "2026-08-06" and r[1] >= "2026-08-10" for r in runs
    )


def test_who_acts_names_nobody_outside_the_scope(api: Api) -> None:
    _absent_in_august(api)
    params = {"position": "tamme-spets", "day": "2026-08-08"}
    hr = api.as_("hr").get(f"{M}/coverage/who-acts", params=params).json()
    assert hr["person"] == "tamme-p3"
    for role in ("manager", "employee"):
        got = api.as_(role).get(f"{M}/coverage/who-acts", params=params)
        assert got.status_code == 200
        shown = got.json()
        assert shown["status"] == "substitute", role
        assert (shown["person"], shown["via"], shown["depth"]) == (None, None, None), role


def test_position_page_names_nobody_outside_the_scope(api: Api) -> None:
    _absent_in_august(api)
    hr = api.as_("hr").get(POS).json()
    assert hr["id"] == "tamme-spets"
    # the page's who-acts is for today; the name of a foreign holder never appears on it
    page = api.client.get("/m/tamme/positions/tamme-spets", headers=api.as_("employee").headers)
    assert "Ülle Öö" not in page.text


def test_findings_and_coverage_of_foreign_positions(api: Api) -> None:
    for role in ("manager", "employee"):
        me = api.as_(role)
        found = me.get(f"{M}/coverage/findings", params={"from": "2026-07-01", "to": "2026-08-31"})
        assert found.status_code == 200
        mine = {"manager": {"tamme-juht", "tamme-spets", "tamme-vaba"}, "employee": {"tamme-spets"}}
        assert {f["position"] for f in found.json()} <= mine[role]
        asked = me.get(f"{M}/coverage/who-acts", params={"position": "tamme-haldur"})
        assert asked.status_code == 404
        unit = me.get(f"{M}/coverage/calendar", params={"unit": "tamme-haldus"})
        assert unit.status_code == 404


def _page(api: Api, user: str, path: str) -> str:
    from .test_accounts_sessions import login, with_cookie

    cookies, _ = login(api, user)
    got = with_cookie(api, cookies, "GET", path)
    assert got.status_code == 200, got.text[:300]
    return str(got.text)


def _loop_through_another_unit(api: Api) -> None:
    """tamme-vaba (the manager's) and tamme-haldur (another unit's) substitute only for each
    other; a fifth position of that unit, tamme-kassa, names tamme-haldur too."""
    hr = api.as_("hr")
    assert hr.update(f"{M}/positions/tamme-vaba", _with_substitute("tamme-haldur")).status_code
    assert hr.update(f"{M}/positions/tamme-haldur", _with_substitute("tamme-vaba")).status_code


def test_findings_name_no_position_or_person_outside_the_scope(api: Api) -> None:
    """A finding about a position the manager sees may involve positions elsewhere (a loop,
    a chain, the positions a substitute covers): those are named only generically, by the
    API and on the pages alike. Positions the manager's own positions name stay named."""
    _loop_through_another_unit(api)
    hr = api.as_("hr").get(f"{M}/coverage/findings").json()
    loop = [f for f in hr if f["code"] == "closed-loop" and f["position"] == "tamme-vaba"]
    assert loop and "tamme-haldur" in loop[0]["message_en"]  # HR sees everything
    assert "haldusjuht" in _page(api, "hr", "/m/tamme/coverage")
    # tamme-haldur is named by tamme-vaba's own rule: the manager reads it on tamme-vaba
    shown = api.as_("manager").get(f"{M}/coverage/findings").json()
    [mine] = [f for f in shown if f["code"] == "closed-loop" and f["position"] == "tamme-vaba"]
    assert "tamme-haldur" in mine["positions"]
    # …but not the rules of tamme-haldur: a position named only there is not named
    hr_api = api.as_("hr")
    assert (
        hr_api.update(
            f"{M}/positions/tamme-haldur",
            lambda b: b | {"substitutes": [{"position": "tamme-juht"}], "reports_to": None},
        ).status_code
        == 200
    )
    assert hr_api.update(f"{M}/positions/tamme-vaba", _with_substitute("tamme-juht")).status_code
    overloaded = {"id": "tamme-kassa", "title": "kassapidaja", "unit": "tamme-haldus",
                  "substitutes": [{"position": "tamme-juht"}]}  # fmt: skip
    assert hr_api.post(f"{M}/positions", json=overloaded).status_code == 201
    shown = api.as_("manager").get(f"{M}/coverage/findings").json()
    [load] = [f for f in shown if f["code"] == "overloaded-substitute"]
    assert load["position"] == "tamme-juht"
    text = str(load)
    for foreign in ("tamme-haldur", "tamme-kassa"):
        assert foreign not in text, load
    assert "another unit" in load["message_en"] and "teise üksuse" in load["message_et"]
    page = _page(api, "manager", "/m/tamme/coverage")
    assert "kassapidaja" not in page and "haldusjuht" not in page
    assert "teise üksuse ametikoht" in page


def test_a_managers_digest_names_no_position_outside_the_units() -> None:
    """The weekly digest says a vacant chain as the manager's pages do: the chain's positions
    in other units that the manager's own rules do not name are not named."""
    import datetime as dt

    import msgspec

    from roles import domain, mail
    from roles.services import digests
    from roles.services.snapshot import Snapshot

    from ..api.factories import tamme

    registry = tamme()
    rule = domain.SubstitutionRule
    positions = [
        msgspec.structs.replace(p, substitutes=[rule(position="tamme-x")])
        if p.id == "tamme-vaba"
        else p
        for p in registry.positions
    ] + [
        domain.Position(id="tamme-x", title="ehitusnõunik", unit="tamme-haldus",
                        substitutes=[rule(position="tamme-y")]),
        domain.Position(id="tamme-y", title="varahaldur", unit="tamme-haldus"),
    ]  # fmt: skip
    snap = Snapshot(1, msgspec.structs.replace(registry, positions=positions))
    to = mail.Recipient(name="Juhan", address="j@example.ee", language="et")
    found = digests.digest(
        snap, [], to, ["tamme-sotsiaal"], dt.date(2026, 9, 1), "http://x", "http://x/u"
    )
    assert found is not None
    [chain] = [c for c in found.vacant_chains if c.position == "sotsiaaltöötaja"]
    assert chain.chain == ["ehitusnõunik", "teise üksuse ametikoht"]
