"""The access matrix: every role × every endpoint × own and foreign data.

Foreign data answers 404, exactly like absent data; nobody sees what their role does not allow.
"""

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import Api

M = "/api/municipalities"

# What each role may see as its own, and what is foreign to it.
OWN = {
    "admin": dict(m="kase", unit="kase-sotsiaal", pos="kase-spets", person="kase-p1"),
    "hr": dict(m="tamme", unit="tamme-haldus", pos="tamme-haldur", person="tamme-p3"),
    "manager": dict(m="tamme", unit="tamme-lastekaitse", pos="tamme-spets", person="tamme-p2"),
    "employee": dict(m="tamme", unit="tamme-lastekaitse", pos="tamme-spets", person="tamme-p2"),
}
FOREIGN = {
    "admin": [],
    "hr": [dict(m="kase", unit="kase-sotsiaal", pos="kase-spets", person="kase-p1")],
    "manager": [
        dict(m="tamme", unit="tamme-haldus", pos="tamme-haldur", person="tamme-p3"),
        dict(m="kase", unit="kase-sotsiaal", pos="kase-spets", person="kase-p1"),
    ],
    "employee": [
        dict(m="tamme", unit="tamme-sotsiaal", pos="tamme-juht", person="tamme-p1"),
        dict(m="kase", unit="kase-sotsiaal", pos="kase-spets", person="kase-p1"),
    ],
}

# Endpoint name → (method, url template, roles that may use it on their own data).
READS: dict[str, tuple[str, str, set[str]]] = {
    "municipality": ("GET", "{M}/{m}", {"admin", "hr", "manager", "employee"}),
    "agencies": ("GET", "{M}/{m}/agencies", {"admin", "hr", "manager", "employee"}),
    "unit": ("GET", "{M}/{m}/units/{unit}", {"admin", "hr", "manager", "employee"}),
    "positions": ("GET", "{M}/{m}/positions", {"admin", "hr", "manager", "employee"}),
    "position": ("GET", "{M}/{m}/positions/{pos}", {"admin", "hr", "manager", "employee"}),
    "person": ("GET", "{M}/{m}/people/{person}", {"admin", "hr", "manager", "employee"}),
    "assignments": (
        "GET",
        "{M}/{m}/people/{person}/assignments",
        {"admin", "hr", "manager", "employee"},
    ),
    "absences": ("GET", "{M}/{m}/people/{person}/absences", {"admin", "hr", "manager", "employee"}),
    "versions": ("GET", "{M}/{m}/positions/{pos}/versions", {"admin", "hr", "manager", "employee"}),
    "job-descriptions": ("GET", "{M}/{m}/job-descriptions", {"admin", "hr", "manager", "employee"}),
    "who-acts": (
        "GET",
        "{M}/{m}/coverage/who-acts?position={pos}",
        {"admin", "hr", "manager", "employee"},
    ),
    "calendar": (
        "GET",
        "{M}/{m}/coverage/calendar?unit={unit}",
        {"admin", "hr", "manager", "employee"},
    ),
    "findings": ("GET", "{M}/{m}/coverage/findings", {"admin", "hr", "manager", "employee"}),
    "audit": ("GET", "{M}/{m}/audit", {"admin", "hr"}),
    "users": ("GET", "/api/users", {"admin", "hr"}),  # HR: their managers and employees
    "all-audit": ("GET", "/api/audit", {"admin"}),
}


def _substitutes(body: dict[str, Any]) -> dict[str, Any]:
    return body | {"substitutes": []}


def _absence(body: dict[str, Any]) -> dict[str, Any]:
    return body | {"kind": "training"}


# Writes: (url template, change, roles that may make it on their own data).
WRITES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], set[str]]] = {
    "position substitutes": ("{M}/{m}/positions/{pos}", _substitutes, {"admin", "hr", "manager"}),
    "position title": (
        "{M}/{m}/positions/{pos}",
        lambda b: b | {"title": "uus nimetus"},
        {"admin", "hr"},
    ),
    "unit": ("{M}/{m}/units/{unit}", lambda b: b | {"name": "uus nimi"}, {"admin", "hr"}),
    "person": ("{M}/{m}/people/{person}", lambda b: b | {"name": "Uus Nimi"}, {"admin", "hr"}),
    "absence": ("{M}/{m}/people/{person}/absences/0", _absence, {"admin", "hr", "manager"}),
}


@pytest.mark.parametrize("role", ["admin", "hr", "manager", "employee"])
def test_the_matrix(api: Api, role: str) -> None:
    me = api.as_(role)
    wrong: list[str] = []
    for name, (method, template, allowed) in READS.items():
        url = template.format(M=M, **OWN[role])
        status = me.request(method, url).status_code
        expected = 200 if role in allowed else 404
        if status != expected:
            wrong.append(f"own {name}: {status}, expected {expected}")
        if "{" in template[3:]:  # endpoints of one municipality's data
            for foreign in FOREIGN[role]:
                entity = any(k in template for k in ("{unit}", "{pos}", "{person}"))
                if not entity and foreign["m"] == OWN[role]["m"]:
                    continue  # the municipality itself is theirs
                url = template.format(M=M, **foreign)
                status = me.request(method, url).status_code
                if status != 404:
                    wrong.append(f"foreign {name} {url}: {status}, expected 404")
    for name, (template, change, allowed) in WRITES.items():
        url = template.format(M=M, **OWN[role])
        got = me.get(url)
        if got.status_code != 200:
            # Employees cannot read others' absences; nothing to write then.
            if role in allowed:
                wrong.append(f"own write {name}: cannot read it ({got.status_code})")
            continue
        status = me.put(
            url, json=change(got.json()), headers={"If-Match": got.headers["etag"]}
        ).status_code
        expected = 200 if role in allowed else 404
        if name == "position title" and role == "manager":
            expected = 422  # managers see the position but may change only its substitutes
        if status != expected:
            wrong.append(f"own write {name}: {status}, expected {expected}")
        for foreign in FOREIGN[role]:
            url = template.format(M=M, **foreign)
            status = me.put(url, json={}, headers={"If-Match": "*"}).status_code
            if status not in (400, 404):  # a body error may come first; never 200/412/422
                wrong.append(f"foreign write {name} {url}: {status}")
            if status == 400:
                admin_sees = api.as_("admin").get(url)
                if admin_sees.status_code == 404:
                    continue  # it does not exist at all
                body = change(admin_sees.json())
                status = me.put(url, json=body, headers={"If-Match": "*"}).status_code
                if status != 404:
                    wrong.append(f"foreign write {name} {url}: {status}, expected 404")
    assert wrong == []


def test_nobody_anonymous(api: Api) -> None:
    for _, template, _ in READS.values():
        url = template.format(M=M, **OWN["hr"])
        assert api.client.get(url).status_code == 401, url
    assert api.client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_private_fields(api: Api) -> None:
    hr = api.as_("hr").get(f"{M}/tamme/people/tamme-p2").json()
    assert hr["personal_code"] and hr["absences"]
    manager = api.as_("manager").get(f"{M}/tamme/people/tamme-p2").json()
    assert "personal_code" not in manager and manager["absences"]
    employee = api.as_("employee").get(f"{M}/tamme/people/tamme-p2").json()
    assert employee["personal_code"] == hr["personal_code"]
    # The employee's list of people holds only themselves.
    people = api.as_("employee").get(f"{M}/tamme/people").json()
    assert [p["id"] for p in people["items"]] == ["tamme-p2"]
    people = api.as_("manager").get(f"{M}/tamme/people").json()
    assert {p["id"] for p in people["items"]} == {"tamme-p1", "tamme-p2"}
    assert all("personal_code" not in p for p in people["items"])


def test_employees_see_approved_versions_of_their_own_position_only(api: Api) -> None:
    hr = api.as_("hr")
    hr.post(f"{M}/tamme/positions/tamme-spets/versions")  # a draft
    employee = api.as_("employee")
    versions = employee.get(f"{M}/tamme/positions/tamme-spets/versions").json()
    assert [v["status"] for v in versions] == ["approved"]
    assert employee.get(f"{M}/tamme/positions/tamme-spets/versions/2").status_code == 404
    assert employee.get(f"{M}/tamme/positions/tamme-juht/versions/1").status_code == 404
    assert employee.post(f"{M}/tamme/positions/tamme-spets/versions").status_code == 404
