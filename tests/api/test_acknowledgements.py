"""Acknowledgements: holders acknowledge each approved version; HR and managers see who has
not, per unit; `roles acknowledgements` prints the same."""

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from click.testing import CliRunner

from roles.cli import main

from .conftest import Api

M = "/api/municipalities/tamme"
V = f"{M}/positions/tamme-spets/versions"
PENDING = f"{M}/acknowledgements/pending"
APPROVAL = {"by": "Tamme vallavanem", "date": "2026-01-15", "directive": "1-2/3"}


def pending_people(report: dict[str, Any]) -> list[tuple[str, str, str, int, str]]:
    return [
        (u["unit"], h["person"], h["position"], h["version"], h["since"])
        for u in report["units"]
        for h in u["holders"]
    ]


def approve_new_version(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.post(V).status_code == 201
    etag = hr.get(f"{V}/2").headers["etag"]
    r = hr.post(f"{V}/2/approve", json=APPROVAL, headers={"If-Match": etag})
    assert r.status_code == 200, r.text


def test_acknowledgement_workflow_across_two_versions(
    api: Api, use_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hr, manager, employee = api.as_("hr"), api.as_("manager"), api.as_("employee")
    today = dt.date.today()

    # Both holders of a position with an approved description are pending, per unit, since the
    # approval (10 Jan 2024), which is later than either one's start.
    report = hr.get(PENDING).json()
    assert pending_people(report) == [
        ("tamme-lastekaitse", "tamme-p2", "tamme-spets", 1, "2024-01-10"),
        ("tamme-sotsiaal", "tamme-p1", "tamme-juht", 1, "2024-01-10"),
    ]
    assert report["total"] == 2 and report["as_of"] == today.isoformat()
    assert report["units"][0]["holders"][0]["days"] == (today - dt.date(2024, 1, 10)).days
    assert report["units"][0]["name"] == "lastekaitse"

    # The employee acknowledges v1 with their token: person, version, the DOCX's hash, time.
    docx = employee.get(f"{V}/1/document.docx")
    assert docx.status_code == 200
    r = employee.post(f"{V}/1/acknowledgements")
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["person"] == "tamme-p2" and first["version"] == 1
    assert first["method"] == "session"
    assert first["document_sha256"] == hashlib.sha256(docx.content).hexdigest()
    # Again: idempotent, the first one answered.
    again = employee.post(f"{V}/1/acknowledgements")
    assert again.status_code == 200 and again.json() == first
    assert [a["id"] for a in hr.get(f"{V}/1/acknowledgements").json()] == [first["id"]]
    assert pending_people(hr.get(PENDING).json()) == [
        ("tamme-sotsiaal", "tamme-p1", "tamme-juht", 1, "2024-01-10")
    ]

    # A new approved version asks again; the superseded one can no longer be acknowledged.
    approve_new_version(api)
    assert pending_people(hr.get(PENDING).json()) == [
        ("tamme-lastekaitse", "tamme-p2", "tamme-spets", 2, "2026-01-15"),
        ("tamme-sotsiaal", "tamme-p1", "tamme-juht", 1, "2024-01-10"),
    ]
    r = employee.post(f"{V}/1/acknowledgements")
    assert r.status_code == 409 and "acknowledge version 2" in r.json()["detail"]
    r = employee.post(f"{V}/2/acknowledgements")
    assert r.status_code == 201 and r.json()["version"] == 2

    # HR and the manager (sotsiaalosakond and the units below it) see the same list.
    expected = [("tamme-sotsiaal", "tamme-p1", "tamme-juht", 1, "2024-01-10")]
    assert pending_people(hr.get(PENDING).json()) == expected
    assert pending_people(manager.get(PENDING).json()) == expected
    only_child = manager.get(PENDING, params={"unit": "tamme-lastekaitse"}).json()
    assert only_child["total"] == 0 and only_child["units"] == []
    assert manager.get(PENDING, params={"unit": "tamme-haldus"}).status_code == 404
    assert api.as_("hr-kase").get(PENDING).status_code == 404

    # Append-only, and in the audit log.
    assert employee.delete(f"{V}/2/acknowledgements").status_code == 405
    audit = hr.get(f"{M}/audit", params={"kind": "acknowledgement"}).json()["items"]
    assert [(e["entity_id"], e["action"], e["actor"]) for e in audit] == [
        ("tamme-spets/v2/tamme-p2", "acknowledge", "employee"),
        ("tamme-spets/v1/tamme-p2", "acknowledge", "employee"),
    ]

    # The command prints the same.
    result = CliRunner().invoke(main, ["acknowledgements", "--municipality", "tamme"])
    assert result.exit_code == 0, result.output
    assert "tamme: 1 pending acknowledgement(s)" in result.output
    assert "sotsiaalosakond (tamme-sotsiaal): 1" in result.output
    assert "Jüri Õun (tamme-p1) — osakonna juhataja (tamme-juht) v1" in result.output
    assert "since 2024-01-10" in result.output
    as_json = CliRunner().invoke(
        main, ["acknowledgements", "--municipality", "tamme", "--format", "json"]
    )
    assert as_json.exit_code == 0
    assert pending_people(json.loads(as_json.output)) == expected
    unknown = CliRunner().invoke(main, ["acknowledgements", "--municipality", "nowhere"])
    assert unknown.exit_code == 2


def test_employees_acknowledge_only_their_own_position(api: Api) -> None:
    employee = api.as_("employee")
    others = [
        f"{M}/positions/tamme-juht/versions/1/acknowledgements",  # a colleague's position
        "/api/municipalities/kase/positions/kase-spets/versions/1/acknowledgements",
        f"{V}/7/acknowledgements",  # no such version
    ]
    for url in others:
        assert employee.post(url).status_code == 404, url
    # HR holds no position: nothing to acknowledge.
    r = api.as_("hr").post(f"{V}/1/acknowledgements")
    assert r.status_code == 404 and "hold no position" in r.json()["detail"]
    # An employee sees only their own entry in the lists.
    assert [p[1] for p in pending_people(employee.get(PENDING).json())] == ["tamme-p2"]
    assert employee.post(f"{V}/1/acknowledgements").status_code == 201
    assert [a["person"] for a in employee.get(f"{V}/1/acknowledgements").json()] == ["tamme-p2"]
    assert employee.get(f"{M}/positions/tamme-juht/versions/1/acknowledgements").status_code == 404
